using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Erp.FileExport.Tests.Support;

/// <summary>The journals of the golden files: an 835 claim payment, a PLB interest line with an account code and a memo that needs quoting, and a second legal entity.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Now = new(2024, 1, 6, 9, 30, 0, TimeSpan.Zero);

    private static readonly SourceReference Source = new()
    {
        Format = SourceFormat.X12,
        InterchangeControlNumber = "000000905",
        GroupControlNumber = "905",
        TransactionSetControlNumber = "0001",
        Position = "ST*0001",
        FileName = "remit-20240105.835",
    };

    private static Money Usd(decimal amount) => new(amount, CurrencyCode.USD);

    public static JournalEntry ClaimPayment()
    {
        var dims = new JournalDimensions { LegalEntity = new LegalEntityId("E1"), Facility = new FacilityId("F1"), CostCenter = "C100", ServiceLine = "primary-care", Payer = new PayerId("P1"), PayerClass = "commercial" };
        var adjustment = dims with { AdjustmentCategory = "contractual", AdjustmentReason = "CO-45" };
        var refs = new JournalLineReferences { ClaimId = new PatientControlNumber("PCN1"), PayerClaimControlNumber = new PayerClaimControlNumber("ICN1"), TraceNumber = "EFT0001" };
        return new JournalEntry
        {
            EventId = "J-0f1e2d3c4b5a69788796a5b4c3d2e1f0",
            Source = Source,
            CorrelationId = new CorrelationId("corr-1"),
            LegalEntity = new LegalEntityId("E1"),
            IdempotencyKey = "X12:000000905:905:0001@ST*0001|CLP|PCN1|ICN1|1",
            EntryDate = new DateOnly(2024, 1, 5),
            SourceEventIds = ["x12-835:000000905:905:0001:EFT0001"],
            RuleSetVersion = "riverbend-2024.1",
            Description = "835 claim payment",
            Lines =
            [
                JournalLine.DebitOf(AccountRole.CashClearing, Usd(300.00m), dims) with { Memo = "CLP04", References = refs },
                JournalLine.CreditOf(AccountRole.PayerAr, Usd(300.00m), dims) with { Memo = "CLP04", References = refs },
                JournalLine.DebitOf(AccountRole.ContractualAllowance, Usd(150.00m), adjustment) with { Memo = "CO-45", References = refs },
                JournalLine.CreditOf(AccountRole.PayerAr, Usd(150.00m), adjustment) with { Memo = "CO-45", References = refs },
                JournalLine.DebitOf(AccountRole.PatientAr, Usd(50.00m), dims) with { Memo = "PR-1", References = refs with { PatientAccount = new PatientAccountNumber("ACCT9") } },
                JournalLine.CreditOf(AccountRole.PayerAr, Usd(50.00m), dims) with { Memo = "PR-1", References = refs },
            ],
        };
    }

    public static JournalEntry Interest()
    {
        var dims = new JournalDimensions { LegalEntity = new LegalEntityId("E1"), Payer = new PayerId("P1"), ProviderAdjustmentReason = "L6" };
        var refs = new JournalLineReferences { TraceNumber = "EFT0001", ProviderAdjustmentReference = "PCN9 ICN9" };
        return new JournalEntry
        {
            EventId = "J-1a2b3c4d5e6f708192a3b4c5d6e7f801",
            Source = Source,
            LegalEntity = new LegalEntityId("E1"),
            IdempotencyKey = "X12:000000905:905:0001@ST*0001|PLB|PRV1|L6|1",
            EntryDate = new DateOnly(2024, 1, 5),
            SourceEventIds = ["x12-835:000000905:905:0001:EFT0001"],
            RuleSetVersion = "riverbend-2024.1",
            Description = "835 provider adjustment",
            Lines =
            [
                JournalLine.DebitOf(AccountRole.CashClearing, Usd(5.25m), dims) with { Memo = "PLB L6", References = refs },
                JournalLine.CreditOf(AccountRole.InterestIncome, Usd(5.25m), dims) with { AccountCode = "49000", Memo = "PLB L6, \"prompt-pay\" interest", References = refs },
            ],
        };
    }

    public static JournalEntry SecondEntity()
    {
        var dims = new JournalDimensions { LegalEntity = new LegalEntityId("E2"), PayerClass = "medicare", AdjustmentReason = "CO-253" };
        return new JournalEntry
        {
            EventId = "J-2b3c4d5e6f708192a3b4c5d6e7f80912",
            Source = Source with { TransactionSetControlNumber = "0002", Position = "ST*0002" },
            LegalEntity = new LegalEntityId("E2"),
            IdempotencyKey = "X12:000000905:905:0002@ST*0002|CLP|PCN7|ICN7|1",
            EntryDate = new DateOnly(2024, 1, 5),
            SourceEventIds = ["x12-835:000000905:905:0002:EFT0002"],
            RuleSetVersion = "riverbend-2024.1",
            Description = "835 claim payment",
            Lines =
            [
                JournalLine.DebitOf(AccountRole.ContractualAllowance, Usd(12.5m), dims) with { Memo = "CO-253 sequestration", References = new JournalLineReferences { ClaimId = new PatientControlNumber("PCN7"), ReversedJournalId = "J-0000" } },
                JournalLine.CreditOf(AccountRole.PayerAr, Usd(12.5m), dims) with { Memo = "CO-253 sequestration" },
            ],
        };
    }

    public static IReadOnlyList<JournalEntry> All() => [ClaimPayment(), Interest(), SecondEntity()];
}
