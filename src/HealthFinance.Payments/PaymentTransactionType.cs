namespace HealthFinance.Payments;

/// <summary>The kind of a feed transaction (the <c>type</c> column or property).</summary>
public enum PaymentTransactionType
{
    /// <summary>A payment by the patient (<c>payment</c>); read as a <see cref="HealthFinance.Canonical.Events.PatientPaymentReceived"/>.</summary>
    Payment = 0,

    /// <summary>A refund to the patient (<c>refund</c>); read as a <see cref="HealthFinance.Canonical.Events.RefundIssued"/>.</summary>
    Refund = 1,
}
