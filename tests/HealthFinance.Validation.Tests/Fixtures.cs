using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using HealthFinance.Mapping.Posting;
using HealthFinance.Mapping.Rules;

namespace HealthFinance.Validation.Tests;

/// <summary>The test rule set (shared with the mapping tests) and event builders.</summary>
internal static class Fixtures
{
    public static RuleSetCatalog Catalog { get; } = Load();

    public static PostingEngine Engine { get; } = new(Catalog);

    public static PostingValidator Validator { get; } = new(Catalog);

    private static RuleSetCatalog Load()
    {
        var files = new[] { "e1-core.json", "e1-reference.json", "e1-2025.json" }.Select(f => Path.Combine(AppContext.BaseDirectory, "TestData", f));
        var result = RuleSetLoader.LoadFiles(files);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
        return result.Catalog!;
    }

    public static Money Usd(decimal amount) => new(amount, CurrencyCode.USD);

    public static ClaimAdjustment Cas(AdjustmentGroupCode group, string reason, decimal amount) => new() { Group = group, ReasonCode = reason, Amount = Usd(amount) };

    public static ClaimPayment Claim(string pcn, string status, decimal charge, decimal paid, params ClaimAdjustment[] adjustments) => new()
    {
        ClaimId = new PatientControlNumber(pcn),
        Status = new ClaimStatusCode(status),
        TotalCharge = Usd(charge),
        Paid = Usd(paid),
        PayerClaimControlNumber = new PayerClaimControlNumber("ICN-" + pcn),
        ClaimFilingIndicator = "12",
        Adjustments = adjustments,
    };

    public static RemittanceReceived Remit(string st02, decimal bpr02, DateOnly date, params ClaimPayment[] claims) => new()
    {
        EventId = "835-" + st02,
        Source = new SourceReference { Format = SourceFormat.X12, InterchangeControlNumber = "000000009", GroupControlNumber = "9", TransactionSetControlNumber = st02 },
        Payer = new PayerId("P1"),
        PayeeTaxId = new TaxId("999999999"),
        Payment = new RemittancePayment
        {
            HandlingCode = PaymentHandlingCode.PaymentAccompaniesRemittance,
            Amount = Usd(bpr02),
            CreditDebit = CreditDebitIndicator.Credit,
            Method = RemittancePaymentMethod.Ach,
            PaymentDate = date,
            TraceNumber = "TRN" + st02,
        },
        Claims = claims,
    };

    public static ChargeCaptured Charge(string facility, decimal amount, string procedure = "99213") => new()
    {
        EventId = "dft-" + facility,
        Source = new SourceReference { Format = SourceFormat.Hl7v2, MessageControlId = "MSG-" + facility },
        Account = new PatientAccountNumber("A-1"),
        Facility = new FacilityId(facility),
        Lines =
        [
            new ChargeLine { Code = new ChargeCode { CodeSet = ChargeCodeSet.Cpt, Code = procedure }, Units = 1m, Amount = Usd(amount), ServiceDate = new DateOnly(2024, 6, 1) },
        ],
    };

    public static ClaimSubmitted Submitted(string pcn, decimal total, DateOnly date) => new()
    {
        EventId = "837-" + pcn,
        Source = new SourceReference { Format = SourceFormat.X12, InterchangeControlNumber = "5", GroupControlNumber = "5", TransactionSetControlNumber = pcn },
        ClaimId = new PatientControlNumber(pcn),
        ClaimType = ClaimType.Professional,
        TotalCharge = Usd(total),
        Payer = new PayerId("P1"),
        BillingProvider = new Npi("1234567893"),
        ClaimFilingIndicator = "12",
        OccurredAt = new DateTimeOffset(date.Year, date.Month, date.Day, 0, 0, 0, TimeSpan.Zero),
        Lines = [new ClaimLine { LineNumber = 1, Procedure = new ChargeCode { CodeSet = ChargeCodeSet.Cpt, Code = "99213" }, Units = 1m, Charge = Usd(total), ServiceDate = date }],
    };

    public static PostingDecision Run(CanonicalEvent e, ClaimPaymentHistory? history = null, ISet<string>? keys = null)
        => Validator.Decide(e, Engine.Post(e, history), keys);
}
