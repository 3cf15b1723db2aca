using HealthFinance.Canonical.Events;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.Canonical.Tests;

/// <summary>Runs the code of src/HealthFinance.Canonical/README.md so the sample cannot rot.</summary>
public sealed class ReadmeSampleTests
{
    [Fact]
    public void ReadmeSample_JournalRoundTrip_Works()
    {
        var usd = CurrencyCode.USD;
        var journal = new JournalEntry
        {
            EventId = "je-0001",
            Source = new SourceReference { Format = SourceFormat.X12, InterchangeControlNumber = "000000905", TransactionSetControlNumber = "0001" },
            IdempotencyKey = "000000905/905/0001/PCN1/ICN1/1",
            EntryDate = new DateOnly(2024, 1, 5),
            Lines =
            [
                JournalLine.DebitOf(AccountRole.CashClearing, new Money(300.00m, usd)),
                JournalLine.CreditOf(AccountRole.PayerAr, new Money(300.00m, usd)),
            ],
        };

        string line = CanonicalJson.Serialize(journal);
        CanonicalEvent back = CanonicalJson.Deserialize(line);

        Assert.StartsWith("{\"type\":\"journalEntry\",\"schemaVersion\":1,", line);
        Assert.Equal(journal, back);
        Assert.Equal(new Money(300.00m, usd), new Money(300.004m, usd).Round(2, MidpointRounding.ToEven));
    }
}
