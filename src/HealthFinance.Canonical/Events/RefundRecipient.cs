using System.Text.Json.Serialization;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.Canonical.Events;

/// <summary>Who receives a refund.</summary>
[JsonConverter(typeof(CanonicalEnumConverter<RefundRecipient>))]
public enum RefundRecipient
{
    /// <summary>The patient or guarantor. JSON <c>patient</c>.</summary>
    Patient = 0,

    /// <summary>A payer (overpayment returned). JSON <c>payer</c>.</summary>
    Payer = 1,
}
