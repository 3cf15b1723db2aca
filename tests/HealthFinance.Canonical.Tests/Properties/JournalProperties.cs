using FsCheck.Xunit;
using HealthFinance.Canonical.Events;
using HealthFinance.Canonical.Tests.Support;

namespace HealthFinance.Canonical.Tests.Properties;

public sealed class JournalProperties
{
    private static JournalEntry Build(EquatableArray<JournalLine> lines) => new()
    {
        EventId = "je-1",
        Source = new SourceReference { Format = SourceFormat.Manual },
        IdempotencyKey = "key-1",
        EntryDate = new DateOnly(2024, 1, 5),
        Lines = lines,
    };

    [Property(Arbitrary = [typeof(CanonicalArbitraries)])]
    public void Ctor_BalancedLines_Constructs(BalancedLines balanced)
    {
        var entry = Build(balanced.Lines);
        Assert.Equal(balanced.Lines, entry.Lines);
        foreach (var group in entry.Lines.GroupBy(l => (l.Amount.Currency, l.Dimensions.LegalEntity)))
        {
            Assert.Equal(group.Sum(l => l.Debit.Amount), group.Sum(l => l.Credit.Amount));
        }
    }

    [Property(Arbitrary = [typeof(CanonicalArbitraries)])]
    public void Ctor_OneLinePerturbed_ThrowsUnbalanced(BalancedLines balanced, byte indexSeed, byte deltaSeed)
    {
        var lines = balanced.Lines.AsImmutableArray();
        var index = indexSeed % lines.Length;
        var delta = (deltaSeed + 1) / 100m;
        var perturbed = lines.SetItem(index, lines[index] with { Amount = lines[index].Amount + new Money(delta, lines[index].Amount.Currency) });

        var ex = Assert.Throws<UnbalancedJournalException>(() => Build(perturbed));
        Assert.Equal(CanonicalErrorCodes.UnbalancedJournal, ex.ErrorCode);
        Assert.Equal(lines[index].Amount.Currency, ex.Currency);
        Assert.Equal(lines[index].Dimensions.LegalEntity, ex.LegalEntity);
        Assert.Equal(delta, Math.Abs(ex.TotalDebit - ex.TotalCredit));
    }

    [Property(Arbitrary = [typeof(CanonicalArbitraries)])]
    public void Ctor_LineMovedToOtherLegalEntity_ThrowsUnbalanced(BalancedLines balanced, byte indexSeed)
    {
        var lines = balanced.Lines.AsImmutableArray();
        var index = indexSeed % lines.Length;
        var moved = lines.SetItem(index, lines[index] with { Dimensions = lines[index].Dimensions with { LegalEntity = new LegalEntityId("ELSEWHERE") } });
        Assert.Throws<UnbalancedJournalException>(() => Build(moved));
    }
}
