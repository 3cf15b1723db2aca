using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using HealthFinance.Mapping.Posting;

namespace HealthFinance.Mapping.Tests.Posting;

public sealed class JournalDraftTests
{
    private static JournalDraft Draft(PostingReferences references) => new()
    {
        JournalId = "J-1",
        IdempotencyKey = "X12:1:1:0001|CLP|PCN1",
        AccountingDate = new DateOnly(2024, 1, 5),
        LegalEntity = "E1",
        Currency = CurrencyCode.USD,
        RuleSetVersion = "v1",
        SourceEventId = "x12-835:1",
        Source = new SourceReference { Format = SourceFormat.X12, InterchangeControlNumber = "1" },
        Description = "835 claim payment",
        Lines =
        [
            new PostingLine
            {
                LineNumber = 1,
                Side = JournalSide.Debit,
                Role = AccountRole.ContractualAllowance,
                Account = "4100",
                Amount = new Money(150.00m, CurrencyCode.USD),
                Dimensions = new PostingDimensions { LegalEntity = "E1", Payer = "P1", AdjustmentCategory = "contractual", AdjustmentReason = "CO-45", ProviderAdjustmentReason = "L6" },
                References = references,
                Memo = "CO-45",
            },
            new PostingLine
            {
                LineNumber = 2,
                Side = JournalSide.Credit,
                Role = AccountRole.PayerAr,
                Amount = new Money(150.00m, CurrencyCode.USD),
                Dimensions = new PostingDimensions { LegalEntity = "E1" },
                Memo = "CO-45",
            },
        ],
    };

    [Fact]
    public void ToJournalEntry_KeepsEveryReferenceAndAdjustmentDimension()
    {
        var entry = Draft(new PostingReferences
        {
            ClaimId = "PCN1",
            PayerClaimControlNumber = "ICN1",
            PatientAccount = "ACCT1",
            TraceNumber = "EFT0001",
            ProviderAdjustmentReference = "PCN9 ICN9",
            ReversedJournalId = "J-0",
        }).ToJournalEntry();

        var line = entry.Lines[0];
        Assert.Equal(new JournalLineReferences
        {
            ClaimId = new PatientControlNumber("PCN1"),
            PayerClaimControlNumber = new PayerClaimControlNumber("ICN1"),
            PatientAccount = new PatientAccountNumber("ACCT1"),
            TraceNumber = "EFT0001",
            ProviderAdjustmentReference = "PCN9 ICN9",
            ReversedJournalId = "J-0",
        }, line.References);
        Assert.Equal("contractual", line.Dimensions.AdjustmentCategory);
        Assert.Equal("CO-45", line.Dimensions.AdjustmentReason);
        Assert.Equal("L6", line.Dimensions.ProviderAdjustmentReason);
        Assert.Null(line.Dimensions.ClaimId);
        Assert.Equal("4100", line.AccountCode);
        Assert.Null(entry.Lines[1].References);
        Assert.Equal("J-1", entry.EventId);
        Assert.Equal(["x12-835:1"], entry.SourceEventIds);
    }

    [Fact]
    public void ToJournalEntry_NoReferences_LeavesReferencesNull()
    {
        var entry = Draft(PostingReferences.None).ToJournalEntry();

        Assert.All(entry.Lines, l => Assert.Null(l.References));
    }
}
