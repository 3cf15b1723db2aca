using System.Text.Json.Serialization;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.Canonical.Events;

/// <summary>The kind of claim, which selects the 837 implementation guide.</summary>
[JsonConverter(typeof(CanonicalEnumConverter<ClaimType>))]
public enum ClaimType
{
    /// <summary>837P (005010X222A1). JSON <c>professional</c>.</summary>
    Professional = 0,

    /// <summary>837I (005010X223A2). JSON <c>institutional</c>.</summary>
    Institutional = 1,

    /// <summary>837D (005010X224A2). JSON <c>dental</c>.</summary>
    Dental = 2,
}
