using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using HealthFinance.Erp.Abstractions.Tests.Support;
using static HealthFinance.Erp.Abstractions.Tests.Support.Journals;

namespace HealthFinance.Erp.Abstractions.Tests;

public sealed class ErpJournalSplitterTests
{
    [Fact]
    public void Split_WithinTheLimit_ReturnsTheWholeJournalWithItsOwnKey()
    {
        var journal = Pairs("k", 3);

        var parts = ErpJournalSplitter.Split(journal, 6);

        var part = Assert.Single(parts);
        Assert.Same(journal, part.Entry);
        Assert.Equal("k", part.IdempotencyKey);
        Assert.Equal("k", part.SourceIdempotencyKey);
        Assert.False(part.IsPart);
        Assert.Equal((1, 1, 0), (part.PartNumber, part.PartCount, part.FirstLineIndex));
    }

    [Fact]
    public void Split_PairsWithLimitTwo_GivesOnePartPerPair_WithDerivedKeysAndEventIds()
    {
        var journal = Pairs("k", 3);

        var parts = ErpJournalSplitter.Split(journal, 2);

        Assert.Equal(["k#1/3", "k#2/3", "k#3/3"], parts.Select(p => p.IdempotencyKey));
        Assert.Equal(["J-k#1/3", "J-k#2/3", "J-k#3/3"], parts.Select(p => p.Entry.EventId));
        Assert.Equal([0, 2, 4], parts.Select(p => p.FirstLineIndex));
        Assert.All(parts, p => Assert.Equal("k", p.SourceIdempotencyKey));
        Assert.All(parts, p => Assert.Equal(journal.Description, p.Entry.Description));
        Assert.All(parts, p => Assert.Equal(journal.SourceEventIds, p.Entry.SourceEventIds));
    }

    [Fact]
    public void Split_CutsAtTheLatestBalancedPointWithinTheLimit()
    {
        // Balanced after lines 3, 5 and 7: with a limit of 5 the cuts are after line 5 and at the end.
        var journal = Entry(
            "k",
            JournalLine.DebitOf(AccountRole.CashClearing, Usd(100m), E1),
            JournalLine.CreditOf(AccountRole.PayerAr, Usd(60m), E1),
            JournalLine.CreditOf(AccountRole.PayerAr, Usd(40m), E1),
            JournalLine.DebitOf(AccountRole.ContractualAllowance, Usd(5m), E1),
            JournalLine.CreditOf(AccountRole.PayerAr, Usd(5m), E1),
            JournalLine.DebitOf(AccountRole.PatientAr, Usd(1m), E1),
            JournalLine.CreditOf(AccountRole.PayerAr, Usd(1m), E1));

        var parts = ErpJournalSplitter.Split(journal, 5);

        Assert.Equal([5, 2], parts.Select(p => p.Entry.Lines.Count));
        Assert.Equal([0, 5], parts.Select(p => p.FirstLineIndex));
    }

    [Fact]
    public void Split_BalancesPerLegalEntityAndCurrency_NotOverall()
    {
        // Lines 1-2 balance overall but not per legal entity; the first cut can only come after line 4.
        var eur = new Money(3m, CurrencyCode.EUR);
        var journal = Entry(
            "k",
            JournalLine.DebitOf(AccountRole.Cash, Usd(10m), E1),
            JournalLine.CreditOf(AccountRole.CashClearing, Usd(10m), E2),
            JournalLine.DebitOf(AccountRole.Cash, Usd(10m), E2),
            JournalLine.CreditOf(AccountRole.CashClearing, Usd(10m), E1),
            JournalLine.DebitOf(AccountRole.Cash, eur, E1),
            JournalLine.CreditOf(AccountRole.CashClearing, eur, E1));

        var parts = ErpJournalSplitter.Split(journal, 4);

        Assert.Equal([4, 2], parts.Select(p => p.Entry.Lines.Count));
    }

    [Fact]
    public void Split_NoBalancedCutWithinTheLimit_ThrowsPermanentErp0001()
    {
        var journal = Entry(
            "k",
            JournalLine.DebitOf(AccountRole.CashClearing, Usd(1m), E1),
            JournalLine.DebitOf(AccountRole.CashClearing, Usd(1m), E1),
            JournalLine.DebitOf(AccountRole.CashClearing, Usd(1m), E1),
            JournalLine.CreditOf(AccountRole.PayerAr, Usd(3m), E1));

        var ex = Assert.Throws<ErpException>(() => ErpJournalSplitter.Split(journal, 3));

        Assert.Equal(ErpErrorCodes.JournalCannotBeSplit, ex.ErrorCode);
        Assert.False(ex.IsTransient);
        Assert.Contains("J-k", ex.Message, StringComparison.Ordinal);
        Assert.Contains("lines 1 to 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_LimitBelowTwo_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ErpJournalSplitter.Split(Pairs("k", 1), 1));
        Assert.Throws<ArgumentNullException>(() => ErpJournalSplitter.Split(null!, 2));
    }

    [Fact]
    public void Split_SameJournalTwice_GivesEqualParts()
    {
        var journal = Pairs("k", 7);

        Assert.Equal(ErpJournalSplitter.Split(journal, 4).Select(p => p.Entry), ErpJournalSplitter.Split(journal, 4).Select(p => p.Entry));
    }

    [Fact]
    public void SplitAll_KeepsInputOrder()
    {
        var parts = ErpJournalSplitter.SplitAll([Pairs("a", 2), Pairs("b", 1)], 2);

        Assert.Equal(["a#1/2", "a#2/2", "b"], parts.Select(p => p.IdempotencyKey));
    }
}
