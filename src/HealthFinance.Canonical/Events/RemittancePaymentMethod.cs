using System.Text.Json.Serialization;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.Canonical.Events;

/// <summary>The 835 BPR04 payment method.</summary>
[JsonConverter(typeof(CanonicalEnumConverter<RemittancePaymentMethod>))]
public enum RemittancePaymentMethod
{
    /// <summary><c>ACH</c>: automated clearing house (EFT).</summary>
    [JsonStringEnumMemberName("ACH")]
    Ach = 0,

    /// <summary><c>CHK</c>: check.</summary>
    [JsonStringEnumMemberName("CHK")]
    Check = 1,

    /// <summary><c>NON</c>: non-payment data (no funds move).</summary>
    [JsonStringEnumMemberName("NON")]
    NonPayment = 2,

    /// <summary><c>FWT</c>: federal reserve funds/wire transfer.</summary>
    [JsonStringEnumMemberName("FWT")]
    FedWire = 3,

    /// <summary><c>BOP</c>: financial institution option / business-owned payment.</summary>
    [JsonStringEnumMemberName("BOP")]
    BusinessOwnedPayment = 4,
}
