using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Idempotency.Conformance;

/// <summary>Canonical events for state store tests (synthetic data, never PHI).</summary>
public static class StateTestEvents
{
    /// <summary>The payment date of <see cref="Remittance"/> unless another is given.</summary>
    public static readonly DateOnly PaymentDate = new(2026, 3, 2);

    /// <summary>A remittance read from an X12 835 with a full envelope.</summary>
    /// <param name="eventId">The event id.</param>
    /// <param name="isa">ISA13.</param>
    /// <param name="gs">GS06.</param>
    /// <param name="st">ST02.</param>
    /// <param name="payer">The payer id.</param>
    /// <param name="trace">TRN02.</param>
    /// <param name="amount">BPR02 in USD.</param>
    /// <param name="creditDebit">BPR03.</param>
    /// <param name="paymentDate">BPR16; <see cref="PaymentDate"/> when <see langword="null"/>.</param>
    /// <param name="claims">The claim payments.</param>
    /// <returns>The remittance.</returns>
    public static RemittanceReceived Remittance(
        string eventId = "835-000000101-0001",
        string? isa = "000000101",
        string? gs = "101",
        string? st = "0001",
        string payer = "PAYER-A",
        string trace = "EFT-1001",
        decimal amount = 150.00m,
        CreditDebitIndicator creditDebit = CreditDebitIndicator.Credit,
        DateOnly? paymentDate = null,
        params ClaimPayment[] claims) => new()
        {
            EventId = eventId,
            Source = new SourceReference { Format = SourceFormat.X12, InterchangeControlNumber = isa, GroupControlNumber = gs, TransactionSetControlNumber = st, Position = "ST*" + st, FileName = "era.835" },
            Payer = new PayerId(payer),
            PayerName = "ACME HEALTH PLAN",
            PayeeTaxId = new TaxId("999999999"),
            PayeeName = "GENERAL CLINIC",
            Payment = new RemittancePayment
            {
                HandlingCode = PaymentHandlingCode.RemittanceOnly,
                Amount = new Money(amount, CurrencyCode.USD),
                CreditDebit = creditDebit,
                Method = RemittancePaymentMethod.Ach,
                PaymentDate = paymentDate ?? PaymentDate,
                TraceNumber = trace,
            },
            Claims = claims,
        };

    /// <summary>A claim payment (835 CLP).</summary>
    /// <param name="claimId">CLP01.</param>
    /// <param name="status">CLP02.</param>
    /// <param name="charge">CLP03 in USD.</param>
    /// <param name="paid">CLP04 in USD.</param>
    /// <param name="pccn">CLP07.</param>
    /// <returns>The claim payment.</returns>
    public static ClaimPayment ClaimPayment(string claimId, string status, decimal charge, decimal paid, string? pccn) => new()
    {
        ClaimId = new PatientControlNumber(claimId),
        Status = new ClaimStatusCode(status),
        TotalCharge = new Money(charge, CurrencyCode.USD),
        Paid = new Money(paid, CurrencyCode.USD),
        PayerClaimControlNumber = pccn is null ? null : new PayerClaimControlNumber(pccn),
        ClaimFilingIndicator = "12",
    };
}
