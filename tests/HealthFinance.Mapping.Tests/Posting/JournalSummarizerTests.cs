using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using HealthFinance.Mapping.Posting;
using static HealthFinance.Mapping.Tests.TestRules;

namespace HealthFinance.Mapping.Tests.Posting;

public sealed class JournalSummarizerTests
{
    [Fact]
    public void Summarize_TwoRemittancesOfOneDay_RollsUpPerRoleAndDimensions_AndKeepsTheDetail()
    {
        var first = Engine.Post(Remit("0001", 300m, [Claim("PCN1", "1", 500m, 300m, 50m, "ICN1", Cas("CO", "45", 150m), Cas("PR", "1", 50m))]));
        var second = Engine.Post(Remit("0002", 200m, [Claim("PCN2", "1", 250m, 200m, null, "ICN2", Cas("CO", "45", 50m))]));
        var details = first.Journals.Concat(second.Journals).ToList();

        var summary = JournalSummarizer.Summarize(details);

        var journal = Assert.Single(summary.Journals);
        Assert.Equal(
            [
                (JournalSide.Debit, "cash-clearing", 500m),
                (JournalSide.Credit, "payer-ar", 500m),
                (JournalSide.Debit, "contractual-allowance", 200m),
                (JournalSide.Credit, "payer-ar", 200m),
                (JournalSide.Debit, "patient-ar", 50m),
                (JournalSide.Credit, "payer-ar", 50m),
            ],
            journal.Lines.Select(l => (l.Side, l.Role.Value, l.Amount.Amount)));
        Assert.All(journal.Lines, l => Assert.Null(l.References.ClaimId));
        Assert.Equal(details.Sum(d => d.Lines.Count), summary.SubLedger.Count);
        Assert.Equal(["PCN1", "PCN1", "PCN1", "PCN1", "PCN1", "PCN1", "PCN2", "PCN2", "PCN2", "PCN2"], summary.SubLedger.Select(e => e.Line.References.ClaimId));
        Assert.Equal([1, 2, 3, 4], summary.SubLedger.Skip(6).Select(e => e.SummaryLineNumber));
        Assert.Equal("contractual", journal.Lines[2].Dimensions.AdjustmentCategory);
        journal.ToJournalEntry();
    }

    [Property(MaxTest = 150)]
    public Property Summarize_GeneratedRemittances_BalancesAndTiesOutToTheDetail(PositiveInt seed)
    {
        var details = new[] { seed.Get, seed.Get + 1, seed.Get + 2 }
            .SelectMany(s => Engine.Post(PostingEngineProperties.GenerateRemittance(s)).Journals)
            .ToList();

        var summary = JournalSummarizer.Summarize(details);
        var again = JournalSummarizer.Summarize(details);

        var balanced = summary.Journals.All(j => j.Lines.Sum(l => l.Debit) == j.Lines.Sum(l => l.Credit));
        var tiesOut = summary.Journals.All(j => j.Lines.All(l =>
            summary.SubLedger.Where(e => e.SummaryJournalId == j.JournalId && e.SummaryLineNumber == l.LineNumber).Sum(e => e.Line.Amount.Amount) == l.Amount.Amount));
        var complete = summary.SubLedger.Count == details.Sum(d => d.Lines.Count);
        var deterministic = summary.Journals.SequenceEqual(again.Journals);
        return balanced.Label("balanced").And(tiesOut.Label("ties out")).And(complete.Label("complete")).And(deterministic.Label("deterministic"));
    }

    [Fact]
    public void Summarize_Null_Throws() => Assert.Throws<ArgumentNullException>(() => JournalSummarizer.Summarize(null!));
}
