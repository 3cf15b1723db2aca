using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Erp.Abstractions.Tests.Support;

/// <summary>Journal builders for the tests.</summary>
internal static class Journals
{
    public static readonly JournalDimensions E1 = new() { LegalEntity = new LegalEntityId("E1"), Facility = new FacilityId("F1"), CostCenter = "C100", Payer = new PayerId("P1"), PayerClass = "commercial" };

    public static readonly JournalDimensions E2 = new() { LegalEntity = new LegalEntityId("E2"), CostCenter = "C200" };

    public static Money Usd(decimal amount) => new(amount, CurrencyCode.USD);

    public static JournalEntry Entry(string key, params JournalLine[] lines) => new()
    {
        EventId = "J-" + key,
        Source = new SourceReference { Format = SourceFormat.X12, InterchangeControlNumber = "000000001", FileName = "remit.835" },
        LegalEntity = new LegalEntityId("E1"),
        IdempotencyKey = key,
        EntryDate = new DateOnly(2024, 1, 5),
        SourceEventIds = ["x12-835:1"],
        RuleSetVersion = "v1",
        Description = "835 claim payment",
        Lines = lines,
    };

    /// <summary>A journal of <paramref name="pairs"/> debit/credit pairs, as the posting engine writes them.</summary>
    public static JournalEntry Pairs(string key, int pairs, JournalDimensions? dimensions = null)
    {
        var lines = new List<JournalLine>();
        for (var i = 1; i <= pairs; i++)
        {
            var amount = Usd(i * 10.25m);
            lines.Add(JournalLine.DebitOf(AccountRole.CashClearing, amount, dimensions ?? E1) with { Memo = "CLP04" });
            lines.Add(JournalLine.CreditOf(AccountRole.PayerAr, amount, dimensions ?? E1) with { Memo = "CLP04" });
        }

        return Entry(key, [.. lines]);
    }
}
