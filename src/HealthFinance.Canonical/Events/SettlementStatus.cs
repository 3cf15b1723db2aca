using System.Text.Json.Serialization;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.Canonical.Events;

/// <summary>The settlement state of a patient payment at the gateway or bank.</summary>
[JsonConverter(typeof(CanonicalEnumConverter<SettlementStatus>))]
public enum SettlementStatus
{
    /// <summary>Authorized or captured, not yet settled. JSON <c>pending</c>.</summary>
    Pending = 0,

    /// <summary>Funds settled. JSON <c>settled</c>.</summary>
    Settled = 1,

    /// <summary>Declined, returned or charged back. JSON <c>failed</c>.</summary>
    Failed = 2,

    /// <summary>Voided before settlement. JSON <c>voided</c>.</summary>
    Voided = 3,
}
