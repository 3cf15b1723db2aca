using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HealthFinance.Erp.Abstractions.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static HealthFinance.Erp.Abstractions.Tests.Support.Journals;

namespace HealthFinance.Erp.Abstractions.Tests.Posting;

/// <summary>A fault schedule for posts and lookups, journal sizes, and adapter limits.</summary>
public sealed record FaultSchedule(Fault[] PostFaults, Fault[] LookupFaults, int[] PairsPerJournal, int MaxLines, int MaxBatch);

public static class FaultArbitraries
{
    public static Arbitrary<FaultSchedule> Schedule() => Arb.From(
        from count in Gen.Choose(0, 8)
        from posts in Gen.ArrayOf(Gen.Elements(Fault.None, Fault.Transient, Fault.AmbiguousBeforeCommit, Fault.AmbiguousAfterCommit, Fault.DropLastAcknowledgment), count)
        from lookups in Gen.ArrayOf(Gen.Elements(Fault.None, Fault.Transient), 4)
        from sizes in Gen.NonEmptyListOf(Gen.Choose(1, 6))
        from maxLines in Gen.Choose(2, 9)
        from maxBatch in Gen.Choose(1, 5)
        select new FaultSchedule(posts, lookups, [.. sizes.Take(8)], maxLines, maxBatch));
}

public sealed class ErpPosterProperties
{
    [Property(Arbitrary = [typeof(FaultArbitraries)], MaxTest = 200)]
    public void Post_AnyFaultSchedule_WithLookup_EveryJournalPostsExactlyOnce(FaultSchedule schedule)
    {
        var erp = new FakeErp { Capabilities = new() { SupportsLookup = true, MaxLinesPerJournal = schedule.MaxLines, MaxJournalsPerBatch = schedule.MaxBatch } };
        foreach (var f in schedule.PostFaults)
        {
            erp.PostFaults.Enqueue(f);
        }

        foreach (var f in schedule.LookupFaults)
        {
            erp.LookupFaults.Enqueue(f);
        }

        var journals = schedule.PairsPerJournal.Select((n, i) => Pairs("j" + i, n)).ToList();
        var poster = new ErpPoster(erp, new ErpPosterOptions { MaxAttempts = 30, RetryDelay = _ => TimeSpan.Zero }, new FakeTimeProvider());

        var report = poster.PostAsync(journals, TestContext.Current.CancellationToken).GetAwaiter().GetResult();

        Assert.True(report.AllPosted, string.Join("; ", report.Journals.SelectMany(j => j.Parts).Select(p => $"{p.Journal.IdempotencyKey}:{p.Status}:{p.Code}")));
        Assert.All(erp.Commits.Values, c => Assert.Equal(1, c));
        var expectedKeys = journals.SelectMany(j => ErpJournalSplitter.Split(j, schedule.MaxLines)).Select(p => p.IdempotencyKey).Order(StringComparer.Ordinal);
        Assert.Equal(expectedKeys, erp.Commits.Keys.Order(StringComparer.Ordinal));
        Assert.All(erp.Batches, b => Assert.True(b.Journals.Count <= schedule.MaxBatch));
        Assert.All(erp.Documents, d => Assert.True(d.Entry.Lines.Count <= schedule.MaxLines));
        Assert.Equal(journals.Count, report.Acknowledgments.Count());
    }

    [Property(Arbitrary = [typeof(FaultArbitraries)], MaxTest = 200)]
    public void Post_AnyFaultSchedule_WithoutLookup_NothingPostsTwice_AndEveryUnpostedJournalIsFailedOrInDoubt(FaultSchedule schedule)
    {
        var erp = new FakeErp { Capabilities = new() { SupportsLookup = false, MaxLinesPerJournal = schedule.MaxLines, MaxJournalsPerBatch = schedule.MaxBatch } };
        foreach (var f in schedule.PostFaults)
        {
            erp.PostFaults.Enqueue(f);
        }

        var journals = schedule.PairsPerJournal.Select((n, i) => Pairs("j" + i, n)).ToList();
        var poster = new ErpPoster(erp, new ErpPosterOptions { MaxAttempts = 30, RetryDelay = _ => TimeSpan.Zero }, new FakeTimeProvider());

        var report = poster.PostAsync(journals, TestContext.Current.CancellationToken).GetAwaiter().GetResult();

        Assert.All(erp.Commits.Values, c => Assert.Equal(1, c));
        foreach (var part in report.Journals.SelectMany(j => j.Parts))
        {
            Assert.Equal(part.Status == ErpPartStatus.Posted, erp.Commits.ContainsKey(part.Journal.IdempotencyKey) && part.Status != ErpPartStatus.InDoubt);
            Assert.Contains(part.Status, new[] { ErpPartStatus.Posted, ErpPartStatus.InDoubt });
        }
    }
}
