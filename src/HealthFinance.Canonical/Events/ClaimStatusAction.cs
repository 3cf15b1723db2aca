using System.Text.Json.Serialization;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.Canonical.Events;

/// <summary>The 277CA STC03 action: whether the claim entered the payer's adjudication system.</summary>
[JsonConverter(typeof(CanonicalEnumConverter<ClaimStatusAction>))]
public enum ClaimStatusAction
{
    /// <summary>Accepted for adjudication (STC03 <c>WQ</c>). JSON <c>accepted</c>.</summary>
    Accepted = 0,

    /// <summary>Rejected, never entered adjudication (STC03 <c>U</c>). JSON <c>rejected</c>.</summary>
    Rejected = 1,

    /// <summary>No action code, or one that is neither accepted nor rejected. JSON <c>unspecified</c>.</summary>
    Unspecified = 2,
}
