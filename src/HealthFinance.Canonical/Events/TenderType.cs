using System.Text.Json.Serialization;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.Canonical.Events;

/// <summary>How a patient payment or refund moves money.</summary>
[JsonConverter(typeof(CanonicalEnumConverter<TenderType>))]
public enum TenderType
{
    /// <summary>Credit or debit card. JSON <c>card</c>.</summary>
    Card = 0,

    /// <summary>ACH / bank transfer. JSON <c>ach</c>.</summary>
    Ach = 1,

    /// <summary>Cash. JSON <c>cash</c>.</summary>
    Cash = 2,

    /// <summary>Paper check. JSON <c>check</c>.</summary>
    Check = 3,

    /// <summary>Any other tender. JSON <c>other</c>.</summary>
    Other = 4,
}
