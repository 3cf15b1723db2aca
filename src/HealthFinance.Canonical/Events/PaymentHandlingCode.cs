using System.Text.Json.Serialization;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.Canonical.Events;

/// <summary>The 835 BPR01 transaction handling code.</summary>
[JsonConverter(typeof(CanonicalEnumConverter<PaymentHandlingCode>))]
public enum PaymentHandlingCode
{
    /// <summary><c>C</c>: payment accompanies the remittance advice.</summary>
    [JsonStringEnumMemberName("C")]
    PaymentAccompaniesRemittance = 0,

    /// <summary><c>D</c>: make payment only.</summary>
    [JsonStringEnumMemberName("D")]
    PaymentOnly = 1,

    /// <summary><c>H</c>: notification only, no payment (BPR04 is NON).</summary>
    [JsonStringEnumMemberName("H")]
    NotificationOnly = 2,

    /// <summary><c>I</c>: remittance information only; the payment travels separately and must be reassociated.</summary>
    [JsonStringEnumMemberName("I")]
    RemittanceOnly = 3,

    /// <summary><c>P</c>: prenotification of future transfers; nothing to post.</summary>
    [JsonStringEnumMemberName("P")]
    Prenotification = 4,

    /// <summary><c>U</c>: split payment and remittance.</summary>
    [JsonStringEnumMemberName("U")]
    SplitPaymentAndRemittance = 5,

    /// <summary><c>X</c>: handling party's option to split payment and remittance.</summary>
    [JsonStringEnumMemberName("X")]
    HandlingPartyOption = 6,
}
