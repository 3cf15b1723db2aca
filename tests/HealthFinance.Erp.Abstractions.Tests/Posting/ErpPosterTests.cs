using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;
using HealthFinance.Erp.Abstractions.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static HealthFinance.Erp.Abstractions.Tests.Support.Journals;

namespace HealthFinance.Erp.Abstractions.Tests.Posting;

public sealed class ErpPosterTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 5, 8, 0, 0, TimeSpan.Zero);

    private static ErpPoster Poster(FakeErp erp, Action<ErpPosterOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new ErpPosterOptions { RetryDelay = _ => TimeSpan.Zero };
        configure?.Invoke(options);
        return new ErpPoster(erp, options, time ?? new FakeTimeProvider(Start));
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Post_AllAccepted_AcknowledgesEachJournalWithItsDocument()
    {
        var erp = new FakeErp();

        var report = await Poster(erp).PostAsync([Pairs("a", 1), Pairs("b", 2)], Token);

        Assert.True(report.AllPosted);
        Assert.Equal(["post:a,b"], erp.Calls);
        var acks = report.Acknowledgments.ToList();
        Assert.Equal(["a", "b"], acks.Select(a => a.IdempotencyKey));
        Assert.Equal(["DOC-1", "DOC-2"], acks.Select(a => a.ErpDocumentId));
        Assert.All(acks, a => Assert.Equal(PostingStatus.Accepted, a.Status));
        Assert.Equal("ack:J-a", acks[0].EventId);
        Assert.Equal(Start, acks[0].ReceivedAt);
        Assert.Equal(new LegalEntityId("E1"), acks[0].LegalEntity);
        Assert.Equal(Pairs("a", 1).Source, acks[0].Source);
        Assert.Equal(DiagnosticSeverity.Information, Assert.Single(acks[0].Messages).Severity);
    }

    [Fact]
    public async Task Post_AboveTheLineLimit_PostsBalancedPartsAndAcknowledgesTheJournalOnce()
    {
        var erp = new FakeErp { Capabilities = new() { MaxLinesPerJournal = 4, SupportsLookup = true } };

        var outcome = await Poster(erp).PostAsync(Pairs("a", 5), Token);

        Assert.Equal(ErpJournalStatus.Posted, outcome.Status);
        Assert.Equal(["a#1/3", "a#2/3", "a#3/3"], erp.Documents.Select(d => d.Key));
        Assert.Equal([4, 4, 2], erp.Documents.Select(d => d.Entry.Lines.Count));
        Assert.Equal("DOC-1,DOC-2,DOC-3", outcome.Acknowledgment!.ErpDocumentId);
        Assert.Equal("a", outcome.Acknowledgment.IdempotencyKey);
        Assert.Equal(3, outcome.Acknowledgment.Messages.Count);
        Assert.Contains("Part 2/3 (lines 5-8) posted as DOC-2", outcome.Acknowledgment.Messages[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_MoreJournalsThanABatchHolds_SendsSeveralBatches()
    {
        var erp = new FakeErp { Capabilities = new() { MaxJournalsPerBatch = 2 } };

        var report = await Poster(erp).PostAsync([Pairs("a", 1), Pairs("b", 1), Pairs("c", 1)], Token);

        Assert.True(report.AllPosted);
        Assert.Equal(["post:a,b", "post:c"], erp.Calls);
    }

    [Fact]
    public async Task Post_AmbiguousFailureAfterCommit_LooksUpAndNeverResubmits()
    {
        var erp = new FakeErp();
        erp.PostFaults.Enqueue(Fault.AmbiguousAfterCommit);

        var report = await Poster(erp).PostAsync([Pairs("a", 1), Pairs("b", 1)], Token);

        Assert.True(report.AllPosted);
        Assert.Equal(["post:a,b", "lookup:a", "lookup:b"], erp.Calls);
        Assert.All(erp.Commits.Values, c => Assert.Equal(1, c));
        var part = report.Journals[0].Parts[0];
        Assert.True(part.FoundByLookup);
        Assert.Equal(1, part.Submissions);
        Assert.Equal("DOC-1", report.Journals[0].Acknowledgment!.ErpDocumentId);
        Assert.Contains("was already posted", report.Journals[0].Acknowledgment!.Messages[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_AmbiguousFailureBeforeCommit_LooksUpThenResubmits()
    {
        var erp = new FakeErp();
        erp.PostFaults.Enqueue(Fault.AmbiguousBeforeCommit);

        var report = await Poster(erp).PostAsync([Pairs("a", 1)], Token);

        Assert.True(report.AllPosted);
        Assert.Equal(["post:a", "lookup:a", "post:a"], erp.Calls);
        Assert.Equal(2, report.Journals[0].Parts[0].Submissions);
        Assert.False(report.Journals[0].Parts[0].FoundByLookup);
    }

    [Fact]
    public async Task Post_TransientFailure_LooksUpBeforeResubmitting()
    {
        var erp = new FakeErp();
        erp.PostFaults.Enqueue(Fault.Transient);

        var report = await Poster(erp).PostAsync([Pairs("a", 1)], Token);

        Assert.True(report.AllPosted);
        Assert.Equal(["post:a", "lookup:a", "post:a"], erp.Calls);
    }

    [Fact]
    public async Task Post_AmbiguousFailure_AdapterWithoutLookup_IsInDoubtAndNotResubmitted()
    {
        var erp = new FakeErp { Capabilities = new() { SupportsLookup = false } };
        erp.PostFaults.Enqueue(Fault.AmbiguousAfterCommit);

        var outcome = await Poster(erp).PostAsync(Pairs("a", 1), Token);

        Assert.Equal(ErpJournalStatus.InDoubt, outcome.Status);
        Assert.Null(outcome.Acknowledgment);
        Assert.Equal(["post:a"], erp.Calls);
        Assert.Equal(1, erp.Commits["a"]);
        Assert.Equal(ErpErrorCodes.OutcomeInDoubt, outcome.Parts[0].Code);
        Assert.Contains(ErpErrorCodes.OutcomeUnknown, outcome.Parts[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_AmbiguousFailure_NativeIdempotencyWithoutLookup_ResubmitsAndTheErpDeduplicates()
    {
        var erp = new FakeErp { Capabilities = new() { SupportsLookup = false, NativeIdempotency = true } };
        erp.PostFaults.Enqueue(Fault.AmbiguousAfterCommit);

        var outcome = await Poster(erp).PostAsync(Pairs("a", 1), Token);

        Assert.Equal(ErpJournalStatus.Posted, outcome.Status);
        Assert.Equal(["post:a", "post:a"], erp.Calls);
        Assert.Equal(1, erp.Commits["a"]);
        Assert.True(outcome.Parts[0].IsDuplicate);
    }

    [Fact]
    public async Task Post_TransientFailure_AdapterWithoutLookup_Resubmits()
    {
        var erp = new FakeErp { Capabilities = new() { SupportsLookup = false } };
        erp.PostFaults.Enqueue(Fault.Transient);

        var outcome = await Poster(erp).PostAsync(Pairs("a", 1), Token);

        Assert.Equal(ErpJournalStatus.Posted, outcome.Status);
        Assert.Equal(["post:a", "post:a"], erp.Calls);
    }

    [Fact]
    public async Task Post_PermanentFailure_FailsWithoutRetrying()
    {
        var erp = new FakeErp();
        erp.PostFaults.Enqueue(Fault.Permanent);

        var outcome = await Poster(erp).PostAsync(Pairs("a", 1), Token);

        Assert.Equal(ErpJournalStatus.Failed, outcome.Status);
        Assert.Equal(ErpErrorCodes.RequestRefused, outcome.Parts[0].Code);
        Assert.Equal(["post:a"], erp.Calls);
        Assert.Null(outcome.Acknowledgment);
    }

    [Fact]
    public async Task Post_RejectedJournal_IsAcknowledgedRejectedWithTheErpCode()
    {
        var erp = new FakeErp { Verdict = j => ErpAcknowledgment.Rejected(j.IdempotencyKey, "GL-0042", "Period closed.") };

        var outcome = await Poster(erp).PostAsync(Pairs("a", 1), Token);

        Assert.Equal(ErpJournalStatus.Rejected, outcome.Status);
        Assert.Equal(["post:a"], erp.Calls);
        var ack = outcome.Acknowledgment!;
        Assert.Equal(PostingStatus.Rejected, ack.Status);
        Assert.Null(ack.ErpDocumentId);
        var message = Assert.Single(ack.Messages);
        Assert.Equal((DiagnosticSeverity.Error, "GL-0042"), (message.Severity, message.Code));
        Assert.Contains("Period closed.", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_OnePartRejected_IsPartiallyAccepted()
    {
        var erp = new FakeErp
        {
            Capabilities = new() { MaxLinesPerJournal = 2, SupportsLookup = true },
            Verdict = j => j.PartNumber == 2 ? ErpAcknowledgment.Rejected(j.IdempotencyKey, "GL-1", "Invalid account.") : null,
        };

        var outcome = await Poster(erp).PostAsync(Pairs("a", 3), Token);

        Assert.Equal(ErpJournalStatus.PartiallyPosted, outcome.Status);
        Assert.Equal(PostingStatus.PartiallyAccepted, outcome.Acknowledgment!.Status);
        Assert.Equal("DOC-1,DOC-2", outcome.Acknowledgment.ErpDocumentId);
        Assert.Equal([ErpPartStatus.Posted, ErpPartStatus.Rejected, ErpPartStatus.Posted], outcome.Parts.Select(p => p.Status));
    }

    [Fact]
    public async Task Post_TransientAcknowledgmentForOneJournal_RetriesOnlyThatJournal()
    {
        var calls = 0;
        var erp = new FakeErp { Verdict = j => j.IdempotencyKey == "b" && calls++ == 0 ? ErpAcknowledgment.TransientFailure("b", "Locked.") : null };

        var report = await Poster(erp).PostAsync([Pairs("a", 1), Pairs("b", 1)], Token);

        Assert.True(report.AllPosted);
        Assert.Equal(["post:a,b", "lookup:b", "post:b"], erp.Calls);
    }

    [Fact]
    public async Task Post_StillTransientAfterEveryRound_FailsWithErp0042AndNoAcknowledgment()
    {
        var erp = new FakeErp { Capabilities = new() { SupportsLookup = false } };
        for (var i = 0; i < 3; i++)
        {
            erp.PostFaults.Enqueue(Fault.Transient);
        }

        var outcome = await Poster(erp, o => o.MaxAttempts = 3).PostAsync(Pairs("a", 1), Token);

        Assert.Equal(ErpJournalStatus.Failed, outcome.Status);
        Assert.Equal(ErpErrorCodes.AttemptsExhausted, outcome.Parts[0].Code);
        Assert.Contains(ErpErrorCodes.Unavailable, outcome.Parts[0].Reason, StringComparison.Ordinal);
        Assert.Equal(3, outcome.Parts[0].Submissions);
        Assert.Null(outcome.Acknowledgment);
        Assert.Empty(erp.Documents);
    }

    [Fact]
    public async Task Post_AmbiguousAndLookupKeepsFailing_EndsInDoubt()
    {
        var erp = new FakeErp();
        erp.PostFaults.Enqueue(Fault.AmbiguousBeforeCommit);
        erp.LookupFaults.Enqueue(Fault.Transient);
        erp.LookupFaults.Enqueue(Fault.Transient);

        var outcome = await Poster(erp, o => o.MaxAttempts = 3).PostAsync(Pairs("a", 1), Token);

        Assert.Equal(ErpJournalStatus.InDoubt, outcome.Status);
        Assert.Equal(["post:a", "lookup:a", "lookup:a"], erp.Calls);
        Assert.Equal(ErpErrorCodes.OutcomeInDoubt, outcome.Parts[0].Code);
    }

    [Fact]
    public async Task Post_LookupFailsTransientlyOnce_IsRetriedNextRoundBeforeAnyResubmission()
    {
        var erp = new FakeErp();
        erp.PostFaults.Enqueue(Fault.AmbiguousAfterCommit);
        erp.LookupFaults.Enqueue(Fault.Transient);

        var outcome = await Poster(erp).PostAsync(Pairs("a", 1), Token);

        Assert.Equal(ErpJournalStatus.Posted, outcome.Status);
        Assert.Equal(["post:a", "lookup:a", "lookup:a"], erp.Calls);
        Assert.Equal(1, erp.Commits["a"]);
    }

    [Fact]
    public async Task Post_LookupRefusedAfterAmbiguousFailure_EndsInDoubt()
    {
        var erp = new FakeErp();
        erp.PostFaults.Enqueue(Fault.AmbiguousBeforeCommit);
        erp.LookupFaults.Enqueue(Fault.Permanent);

        var outcome = await Poster(erp).PostAsync(Pairs("a", 1), Token);

        Assert.Equal(ErpJournalStatus.InDoubt, outcome.Status);
        Assert.Equal(ErpErrorCodes.RequestRefused, outcome.Parts[0].Code);
        Assert.Equal(["post:a", "lookup:a"], erp.Calls);
    }

    [Fact]
    public async Task Post_MissingAcknowledgment_IsTreatedAsAmbiguous()
    {
        var erp = new FakeErp();
        erp.PostFaults.Enqueue(Fault.DropLastAcknowledgment);

        var report = await Poster(erp).PostAsync([Pairs("a", 1), Pairs("b", 1)], Token);

        Assert.True(report.AllPosted);
        Assert.Equal(["post:a,b", "lookup:b"], erp.Calls);
        Assert.True(report.Journals[1].Parts[0].FoundByLookup);
        Assert.All(erp.Commits.Values, c => Assert.Equal(1, c));
    }

    [Fact]
    public async Task Post_SameKeyTwice_PostsOnceAndReportsBoth()
    {
        var erp = new FakeErp();

        var report = await Poster(erp).PostAsync([Pairs("a", 1), Pairs("a", 1)], Token);

        Assert.Equal(2, report.Journals.Count);
        Assert.Same(report.Journals[0], report.Journals[1]);
        Assert.Equal(["post:a"], erp.Calls);
    }

    [Fact]
    public async Task Post_JournalThatCannotBeSplit_IsRejectedWithErp0001_OthersPost()
    {
        var erp = new FakeErp { Capabilities = new() { MaxLinesPerJournal = 2 } };
        var unsplittable = Entry(
            "x",
            JournalLine.DebitOf(AccountRole.CashClearing, Usd(1m), E1),
            JournalLine.DebitOf(AccountRole.CashClearing, Usd(1m), E1),
            JournalLine.CreditOf(AccountRole.PayerAr, Usd(2m), E1));

        var report = await Poster(erp).PostAsync([unsplittable, Pairs("a", 1)], Token);

        Assert.Equal([ErpJournalStatus.Rejected, ErpJournalStatus.Posted], report.Journals.Select(j => j.Status));
        Assert.Equal(ErpErrorCodes.JournalCannotBeSplit, report.Journals[0].Code);
        Assert.Empty(report.Journals[0].Parts);
        Assert.Equal(ErpErrorCodes.JournalCannotBeSplit, Assert.Single(report.Journals[0].Acknowledgment!.Messages).Code);
        Assert.Equal(["post:a"], erp.Calls);
    }

    [Fact]
    public async Task Post_LookupBeforeFirstAttempt_SkipsWhatTheErpAlreadyHolds()
    {
        var erp = new FakeErp();
        await Poster(erp).PostAsync(Pairs("a", 1), Token);
        erp.Calls.Clear();

        var report = await Poster(erp, o => o.LookupBeforeFirstAttempt = true).PostAsync([Pairs("a", 1), Pairs("b", 1)], Token);

        Assert.True(report.AllPosted);
        Assert.Equal(["lookup:a", "lookup:b", "post:b"], erp.Calls);
        Assert.Equal(1, erp.Commits["a"]);
    }

    [Fact]
    public async Task Post_RateLimit_PacesEveryCall()
    {
        var time = new FakeTimeProvider(Start);
        var erp = new FakeErp { Capabilities = new() { MaxJournalsPerBatch = 1, MaxRequestsPerSecond = 2 } };
        var stamps = new List<DateTimeOffset>();
        erp.Verdict = j =>
        {
            stamps.Add(time.GetUtcNow());
            return null;
        };

        var posting = Poster(erp, time: time).PostAsync([Pairs("a", 1), Pairs("b", 1), Pairs("c", 1)], Token);
        while (!posting.IsCompleted)
        {
            await Task.Delay(5, Token);
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.True((await posting).AllPosted);
        Assert.Equal(3, stamps.Count);
        Assert.True(stamps[1] - stamps[0] >= TimeSpan.FromMilliseconds(500), $"{stamps[1] - stamps[0]}");
        Assert.True(stamps[2] - stamps[1] >= TimeSpan.FromMilliseconds(500), $"{stamps[2] - stamps[1]}");
    }

    [Fact]
    public async Task Post_WaitsBetweenRounds_AsTheOptionsSay()
    {
        var time = new FakeTimeProvider(Start);
        var erp = new FakeErp { Capabilities = new() { SupportsLookup = false } };
        erp.PostFaults.Enqueue(Fault.Transient);
        erp.PostFaults.Enqueue(Fault.Transient);
        var stamps = new List<DateTimeOffset>();
        erp.Verdict = j =>
        {
            stamps.Add(time.GetUtcNow());
            return null;
        };
        var options = new ErpPosterOptions { InitialDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(3) };

        var posting = new ErpPoster(erp, options, time).PostAsync(Pairs("a", 1), Token);
        while (!posting.IsCompleted)
        {
            await Task.Delay(5, Token);
            time.Advance(TimeSpan.FromMilliseconds(500));
        }

        Assert.Equal(ErpJournalStatus.Posted, (await posting).Status);
        var waited = Assert.Single(stamps) - Start;
        Assert.True(waited >= TimeSpan.FromSeconds(5) && waited < TimeSpan.FromSeconds(6), waited.ToString());
    }

    [Fact]
    public async Task Post_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        var erp = new FakeErp { Capabilities = new() { SupportsLookup = false } };
        erp.PostFaults.Enqueue(Fault.Transient);
        var poster = new ErpPoster(erp, new ErpPosterOptions { InitialDelay = TimeSpan.FromHours(1), MaxDelay = TimeSpan.FromHours(1) }, new FakeTimeProvider(Start));

        var posting = poster.PostAsync(Pairs("a", 1), cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => posting);
    }

    [Fact]
    public void Ctor_InvalidOptions_ThrowsListingEveryProblem()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ErpPoster(new FakeErp(), new ErpPosterOptions { MaxAttempts = 0, InitialDelay = TimeSpan.FromSeconds(-1) }));

        Assert.Contains("MaxAttempts", ex.Message, StringComparison.Ordinal);
        Assert.Contains("InitialDelay", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => new ErpPoster(null!));
    }

    [Fact]
    public void Options_DelayDoublesUpToTheMaximum_OrComesFromTheDelegate()
    {
        var options = new ErpPosterOptions { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(5) };

        Assert.Equal([1, 2, 4, 5, 5], Enumerable.Range(1, 5).Select(r => options.DelayAfter(r).TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(5), options.DelayAfter(200));
        options.RetryDelay = r => TimeSpan.FromSeconds(-r);
        Assert.Equal(TimeSpan.Zero, options.DelayAfter(1));
    }
}
