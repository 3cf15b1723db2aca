using HealthFinance.Canonical.Events;
using HealthFinance.Erp.Http.Tests.Support;
using HealthFinance.Erp.Testing;

namespace HealthFinance.Erp.Http.Tests;

/// <summary>
/// Hundreds of journals posted through <see cref="ErpPoster"/> and the HTTP adapter to an ERP that does not
/// deduplicate, under a seeded random schedule of faults: every journal ends in the ledger exactly once.
/// </summary>
public sealed class ExactlyOnceUnderFaultsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheFakeErp_PostsTheSameKeyTwice_WhenResubmittedBlindly()
    {
        await using var host = await HttpErpTestHost.StartAsync();
        var batch = HttpErpTestHost.Batch(HttpErpTestHost.Journal("twice"));

        await host.Adapter.PostAsync(batch, Ct);
        await host.Adapter.PostAsync(batch, Ct);

        Assert.Equal(2, host.Erp.Ledger.Count(e => e.IdempotencyKey == "twice"));
    }

    /// <summary>
    /// A delivery attempted again (the outbox leases a message a second time after an attempt that posted part of it)
    /// resumes: journals the ERP holds are found by lookup and not submitted again, the others are posted, and an ERP
    /// that does not deduplicate ends with each key once.
    /// </summary>
    [Fact]
    public async Task ResumeAsync_JournalsPostedBefore_AreFoundNotResubmitted_TheOthersPost()
    {
        await using var host = await HttpErpTestHost.StartAsync();
        var poster = new ErpPoster(host.Adapter, new ErpPosterOptions());
        var first = Enumerable.Range(1, 3).Select(i => ErpConformanceJournals.Pairs($"resume:{i}", 1)).ToList();
        await poster.PostAsync(first, Ct);

        var again = first.Append(ErpConformanceJournals.Pairs("resume:4", 2)).ToList();
        var report = await poster.ResumeAsync(again, Ct);

        Assert.All(report.Journals, j => Assert.Equal(ErpJournalStatus.Posted, j.Status));
        Assert.Equal([true, true, true, false], report.Journals.Select(j => j.Parts.All(p => p.FoundByLookup)));
        Assert.Equal(["resume:1", "resume:2", "resume:3", "resume:4"], host.Erp.Ledger.Select(e => e.IdempotencyKey).Order(StringComparer.Ordinal));

        // Submitted blindly instead, the same journals would post twice (the fake ERP does not deduplicate).
        await poster.PostAsync(first.Take(1), Ct);
        Assert.Equal(2, host.Erp.Ledger.Count(e => e.IdempotencyKey == "resume:1"));
    }

    [Theory]
    [InlineData(20240105)]
    [InlineData(835)]
    public async Task PostingHundredsOfJournals_UnderASeededFaultSchedule_PostsEveryJournalExactlyOnce(int seed)
    {
        await using var host = await HttpErpTestHost.StartAsync(o =>
        {
            o.AttemptTimeout = TimeSpan.FromMilliseconds(300);
            o.TotalTimeout = TimeSpan.FromSeconds(10);
            o.MaxRetryAttempts = 3;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            o.MaxJournalsPerBatch = 5;
            o.MaxLinesPerJournal = 6;
            o.CircuitBreakerMinimumThroughput = 10;
            o.CircuitBreakerFailureRatio = 0.6;
            o.CircuitBreakerSamplingDuration = TimeSpan.FromSeconds(2);
            o.CircuitBreakerBreakDuration = TimeSpan.FromSeconds(0.5);
            o.TokenRefreshMargin = TimeSpan.FromMilliseconds(300);
        });
        var erp = host.Erp;

        // Tokens expire during the run: replaced before expiry, or after a 401 when a request races the expiry.
        erp.TokenLifetime = TimeSpan.FromSeconds(2);
        var postFaults = new Random(seed);
        var lookupFaults = new Random(seed + 1);
        erp.PostFaultSchedule = _ => PostFault(postFaults);
        erp.LookupFaultSchedule = _ => LookupFault(lookupFaults);

        // 300 journals of 1 to 4 debit/credit pairs; those of 4 pairs (8 lines) are split into two parts of at most 6 lines.
        var journals = Enumerable.Range(1, 300).Select(i => ErpConformanceJournals.Pairs($"x12-835:{seed}:{i:D4}", 1 + (i % 4))).ToList();
        var options = new ErpPosterOptions { MaxAttempts = 6, RetryDelay = round => TimeSpan.FromMilliseconds(20 * round) };
        var poster = new ErpPoster(host.Adapter, options);

        // A host posts again later what ended Failed, looking every part up first (a part of a Failed journal may be
        // posted already); nothing may end InDoubt.
        var resumer = new ErpPoster(host.Adapter, new ErpPosterOptions { MaxAttempts = 6, RetryDelay = options.RetryDelay, LookupBeforeFirstAttempt = true });
        var outcomes = new Dictionary<string, ErpJournalOutcome>(StringComparer.Ordinal);
        var open = journals;
        var passes = 0;
        for (var pass = 1; open.Count > 0 && pass <= 5; pass++)
        {
            passes = pass;
            var report = await (pass == 1 ? poster : resumer).PostAsync(open, Ct);
            Assert.DoesNotContain(report.Journals, j => j.Status is ErpJournalStatus.InDoubt or ErpJournalStatus.Rejected or ErpJournalStatus.PartiallyPosted);
            foreach (var outcome in report.Journals)
            {
                outcomes[outcome.Journal.IdempotencyKey] = outcome;
            }

            open = report.Journals.Where(j => j.Status == ErpJournalStatus.Failed).Select(j => j.Journal).ToList();
        }

        Assert.Empty(open);
        Assert.All(journals, j => Assert.Equal(ErpJournalStatus.Posted, outcomes[j.IdempotencyKey].Status));

        // Exactly once: every part key is in the ledger once, with its amounts, and nothing else is.
        var ledger = erp.Ledger;
        var parts = outcomes.Values.SelectMany(o => o.Parts).ToList();
        Assert.Equal(journals.Count + journals.Count(j => j.Lines.Count > 6), parts.Count);
        var byKey = ledger.GroupBy(e => e.IdempotencyKey).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Empty(byKey.Where(g => g.Value.Count > 1).Select(g => g.Key));
        Assert.Equal(parts.Select(p => p.Journal.IdempotencyKey).Order(StringComparer.Ordinal), byKey.Keys.Order(StringComparer.Ordinal));
        foreach (var part in parts)
        {
            var entry = Assert.Single(byKey[part.Journal.IdempotencyKey]);
            Assert.Equal(part.DocumentId, entry.DocumentId);
            Assert.Equal(
                part.Journal.Entry.Lines.Select(l => (l.Side, l.Amount)),
                entry.Lines.Select(l => (l.Side, l.Amount)));
        }

        foreach (var journal in journals)
        {
            var held = outcomes[journal.IdempotencyKey].Parts.SelectMany(p => byKey[p.Journal.IdempotencyKey][0].Lines).ToList();
            Assert.Equal(journal.Lines.Select(l => (l.Side, l.Amount)), held.Select(l => (l.Side, l.Amount)));
        }

        var injected = erp.Injected;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"seed {seed}: {passes} pass(es), {parts.Count} parts, {erp.Posts} posts, {erp.Lookups} lookups, {erp.TokenRequests.Count} tokens, "
            + $"{parts.Count(p => p.FoundByLookup)} found by lookup, circuit opened {host.Logs.Entries.Count(e => e.EventId.Name == "CircuitOpened")} time(s); faults: "
            + string.Join(", ", injected.OrderBy(i => i.Key).Select(i => $"{i.Key} {i.Value}")));

        // The schedule did what it is there for: commits whose answer was lost, found by lookup instead of posted again.
        Assert.True(injected.GetValueOrDefault(FaultKind.CommitThenAbort) > 0, "No connection was dropped after a commit.");
        Assert.True(injected.GetValueOrDefault(FaultKind.StatusAfterCommit) > 0, "No 500 followed a commit.");
        Assert.True(injected.GetValueOrDefault(FaultKind.CommitThenSlow) > 0, "No answer came after the timeout.");
        Assert.True(injected.GetValueOrDefault(FaultKind.StatusBeforeCommit) > 0, "No request was refused with 429, 503 or 500.");
        Assert.True(parts.Count(p => p.FoundByLookup) >= injected.GetValueOrDefault(FaultKind.CommitThenAbort), "Fewer journals were found by lookup than commits lost their answer.");
        Assert.Contains(parts, p => p.Submissions > 1);
        Assert.True(erp.TokenRequests.Count > 1, "No token was replaced during the run.");
    }

    // Per post: about 45 % of requests fail, in every way the adapter must tell apart.
    private static ErpFault PostFault(Random random) => random.Next(100) switch
    {
        < 8 => ErpFault.Fail(500),
        < 16 => ErpFault.CommitThenFail(500),
        < 24 => ErpFault.Fail(429, "0"),
        < 25 => ErpFault.Fail(429, "1"),
        < 29 => ErpFault.Fail(503, "0"),
        < 36 => ErpFault.CommitThenAbort,
        < 40 => ErpFault.CommitThenSlow(TimeSpan.FromSeconds(3)),
        < 42 => ErpFault.Hang,
        < 44 => ErpFault.Unauthorized,
        < 45 => ErpFault.CommitThenAnswerFirstOnly,
        _ => ErpFault.None,
    };

    // Per lookup: about 15 % fail.
    private static ErpFault LookupFault(Random random) => random.Next(100) switch
    {
        < 6 => ErpFault.Fail(500),
        < 10 => ErpFault.Fail(429, "0"),
        < 13 => ErpFault.CommitThenAbort,
        < 15 => ErpFault.CommitThenSlow(TimeSpan.FromSeconds(3)),
        _ => ErpFault.None,
    };
}
