using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using static HealthFinance.Erp.Abstractions.Tests.Support.Journals;

namespace HealthFinance.Erp.Abstractions.Tests;

/// <summary>A journal made of balanced blocks (a debit and the credits that settle it) in random order, and a line limit.</summary>
public sealed record SplitCase(JournalEntry Journal, int Limit, int LargestBlock);

/// <summary>A journal of lines in any order (balanced overall per legal entity and currency) and a line limit.</summary>
public sealed record ShuffledCase(JournalEntry Journal, int Limit);

public static class SplitArbitraries
{
    private static readonly JournalDimensions[] Entities = [E1, E2, new() { LegalEntity = new LegalEntityId("E3") }, JournalDimensions.None];

    private static Gen<JournalLine[]> Block =>
        from currency in Gen.Elements(CurrencyCode.USD, CurrencyCode.EUR)
        from dims in Gen.Elements(Entities)
        from cents in Gen.Choose(1, 1_000_000)
        from credits in Gen.Choose(1, 4)
        from debitFirst in Gen.Elements(true, false)
        select BlockOf(new Money(cents / 100m, currency), credits, dims, debitFirst);

    private static JournalLine[] BlockOf(Money amount, int credits, JournalDimensions dims, bool debitFirst)
    {
        var lines = new List<JournalLine>();
        var remaining = amount;
        for (var i = 1; i < credits && remaining.Amount > 0.01m; i++)
        {
            var part = new Money(Math.Round(remaining.Amount / 2m, 2, MidpointRounding.ToZero), amount.Currency);
            if (part.Amount == 0m)
            {
                break;
            }

            lines.Add(JournalLine.CreditOf(AccountRole.PayerAr, part, dims));
            remaining -= part;
        }

        lines.Add(JournalLine.CreditOf(AccountRole.PayerAr, remaining, dims));
        var debit = JournalLine.DebitOf(AccountRole.CashClearing, amount, dims);
        return debitFirst ? [debit, .. lines] : [.. lines, debit];
    }

    public static Arbitrary<SplitCase> Blocks() => Arb.From(
        from blocks in Gen.NonEmptyListOf(Block)
        from extra in Gen.Choose(0, 6)
        let largest = blocks.Max(b => b.Length)
        select new SplitCase(Entry("key-1", [.. blocks.SelectMany(b => b)]), largest + extra, largest));

    public static Arbitrary<ShuffledCase> Shuffled() => Arb.From(
        from blocks in Gen.NonEmptyListOf(Block)
        from lines in Gen.Shuffle(blocks.SelectMany(b => b))
        from limit in Gen.Choose(2, 8)
        select new ShuffledCase(Entry("key-1", lines), limit));
}

public sealed class ErpJournalSplitterProperties
{
    [Property(Arbitrary = [typeof(SplitArbitraries)])]
    public void Split_BlocksWithinTheLimit_EveryPartBalancesFitsAndTheUnionIsTheOriginal(SplitCase c)
    {
        var parts = ErpJournalSplitter.Split(c.Journal, c.Limit);

        AssertParts(c.Journal, c.Limit, parts);
        Assert.Equal(MinimumParts(c.Journal, c.Limit), parts.Count);
    }

    [Property(Arbitrary = [typeof(SplitArbitraries)])]
    public void Split_AnyLineOrder_SplitsCorrectlyOrRefusesOnlyWhenNoCutExists(ShuffledCase c)
    {
        var minimum = MinimumParts(c.Journal, c.Limit);
        if (minimum is null)
        {
            var ex = Assert.Throws<ErpException>(() => ErpJournalSplitter.Split(c.Journal, c.Limit));
            Assert.Equal(ErpErrorCodes.JournalCannotBeSplit, ex.ErrorCode);
            return;
        }

        var parts = ErpJournalSplitter.Split(c.Journal, c.Limit);
        AssertParts(c.Journal, c.Limit, parts);
        Assert.Equal(minimum, parts.Count);
    }

    [Property]
    public void Split_EnginePairs_AlwaysSplitForAnyLimitOfTwoOrMore(PositiveInt pairs, PositiveInt limitSeed)
    {
        var journal = Pairs("key-1", pairs.Get % 40 + 1);
        var limit = limitSeed.Get % 10 + 2;

        AssertParts(journal, limit, ErpJournalSplitter.Split(journal, limit));
    }

    private static void AssertParts(JournalEntry journal, int limit, IReadOnlyList<ErpJournal> parts)
    {
        // Lines preserved in order; the union of the parts is the original.
        Assert.Equal(journal.Lines.AsImmutableArray(), parts.SelectMany(p => p.Entry.Lines).ToArray());
        var index = 0;
        foreach (var part in parts)
        {
            Assert.True(part.Entry.Lines.Count <= limit, $"part of {part.Entry.Lines.Count} lines over limit {limit}");
            Assert.Equal(index, part.FirstLineIndex);
            index += part.Entry.Lines.Count;
            foreach (var group in part.Entry.Lines.GroupBy(l => (l.Amount.Currency, l.Dimensions.LegalEntity)))
            {
                Assert.Equal(group.Where(l => l.Side == JournalSide.Debit).Sum(l => l.Amount.Amount), group.Where(l => l.Side == JournalSide.Credit).Sum(l => l.Amount.Amount));
            }

            Assert.Equal(journal.IdempotencyKey, part.SourceIdempotencyKey);
            Assert.Equal(journal.EntryDate, part.Entry.EntryDate);
        }

        Assert.Equal(parts.Count, parts.Select(p => p.IdempotencyKey).Distinct(StringComparer.Ordinal).Count());
        if (parts.Count > 1)
        {
            Assert.Equal(parts.Select((_, i) => $"{journal.IdempotencyKey}#{i + 1}/{parts.Count}"), parts.Select(p => p.IdempotencyKey));
        }
    }

    // The fewest parts any sequence of balanced cuts within the limit gives (dynamic programming); null when none exists.
    private static int? MinimumParts(JournalEntry journal, int limit)
    {
        var lines = journal.Lines;
        var balancedAt = new List<int> { 0 };
        var running = new Dictionary<(CurrencyCode, LegalEntityId?), decimal>();
        for (var i = 0; i < lines.Count; i++)
        {
            var key = (lines[i].Amount.Currency, lines[i].Dimensions.LegalEntity);
            running[key] = running.GetValueOrDefault(key) + (lines[i].Side == JournalSide.Debit ? lines[i].Amount.Amount : -lines[i].Amount.Amount);
            if (running.Values.All(v => v == 0m))
            {
                balancedAt.Add(i + 1);
            }
        }

        var best = new int?[balancedAt.Count];
        best[0] = 0;
        for (var j = 1; j < balancedAt.Count; j++)
        {
            for (var i = 0; i < j; i++)
            {
                if (best[i] is { } b && balancedAt[j] - balancedAt[i] <= limit && (best[j] is null || b + 1 < best[j]))
                {
                    best[j] = b + 1;
                }
            }
        }

        return best[^1];
    }
}
