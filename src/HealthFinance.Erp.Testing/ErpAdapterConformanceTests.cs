using HealthFinance.Canonical.Events;
using Xunit;

namespace HealthFinance.Erp.Testing;

/// <summary>
/// The behaviour every <see cref="IErpAdapter"/> must show. Derive a test class, create your adapter in
/// <see cref="CreateAdapter"/>, read back what the ERP holds in <see cref="ReadHeldJournalsAsync"/>, and make the
/// failure hooks fail the adapter's next post; every test here then runs against your adapter.
/// </summary>
/// <remarks>
/// <para>Proven: balanced journals are accepted with distinct documents and held once; journals above the line
/// limit are held as balanced parts within it; the same key posted twice is held once; after an ambiguous failure
/// the journal can be looked up and a resubmission does not post it again; transient and permanent failures are
/// classified as such; a journal the ERP refuses is rejected with a code and nothing of it is held.</para>
/// <para>The kit's journals (<see cref="ErpConformanceJournals"/>) use legal entity <c>E1</c>, USD and the roles in
/// <see cref="ErpConformanceJournals.Roles"/>: configure the adapter under test to place them. A failure hook left
/// as it is skips the tests that need it, with the reason.</para>
/// </remarks>
public abstract class ErpAdapterConformanceTests
{
    /// <summary>The test's cancellation token.</summary>
    protected static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    /// <summary>Creates a fresh adapter over an empty ledger (each test calls it once).</summary>
    /// <param name="settings">What the test would like the adapter to declare.</param>
    /// <returns>The adapter under test.</returns>
    protected abstract IErpAdapter CreateAdapter(ErpConformanceSettings settings);

    /// <summary>Reads back every document the ERP holds for the adapter, with the key each carries.</summary>
    /// <param name="adapter">The adapter from <see cref="CreateAdapter"/>.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The documents.</returns>
    protected abstract Task<IReadOnlyList<ErpHeldJournal>> ReadHeldJournalsAsync(IErpAdapter adapter, CancellationToken cancellationToken);

    /// <summary>Makes the adapter's next post commit and then fail ambiguously (a timeout or lost connection after the ERP committed).</summary>
    /// <param name="adapter">The adapter from <see cref="CreateAdapter"/>.</param>
    protected virtual void InjectAmbiguousFailure(IErpAdapter adapter) => Assert.Skip("The adapter's test cannot inject an ambiguous failure.");

    /// <summary>Makes the adapter's next post fail transiently without committing.</summary>
    /// <param name="adapter">The adapter from <see cref="CreateAdapter"/>.</param>
    protected virtual void InjectTransientFailure(IErpAdapter adapter) => Assert.Skip("The adapter's test cannot inject a transient failure.");

    /// <summary>Makes the adapter's next post fail permanently.</summary>
    /// <param name="adapter">The adapter from <see cref="CreateAdapter"/>.</param>
    protected virtual void InjectPermanentFailure(IErpAdapter adapter) => Assert.Skip("The adapter's test cannot inject a permanent failure.");

    /// <summary>A balanced journal the ERP refuses (e.g. a role the mapping does not place), or <see langword="null"/> when there is none.</summary>
    /// <param name="idempotencyKey">Its key.</param>
    /// <returns>The journal, or <see langword="null"/> to skip the rejection test.</returns>
    protected virtual JournalEntry? CreateRejectedJournal(string idempotencyKey) => null;

    /// <summary>The journals the kit posts; override only to adapt them to an ERP (they must stay balanced debit/credit pairs).</summary>
    /// <param name="idempotencyKey">The key.</param>
    /// <param name="pairs">How many debit/credit pairs.</param>
    /// <returns>The journal.</returns>
    protected virtual JournalEntry CreateJournal(string idempotencyKey, int pairs) => ErpConformanceJournals.Pairs(idempotencyKey, pairs);

    /// <summary>A poster over the adapter that retries at once, looking up before its first submission.</summary>
    /// <param name="adapter">The adapter.</param>
    /// <returns>The poster.</returns>
    protected virtual ErpPoster CreatePoster(IErpAdapter adapter)
        => new(adapter, new ErpPosterOptions { MaxAttempts = 5, RetryDelay = _ => TimeSpan.Zero, LookupBeforeFirstAttempt = adapter.Capabilities.SupportsLookup });

    /// <summary>The adapter names itself and declares usable limits.</summary>
    [Fact]
    public void Capabilities_AreCoherent()
    {
        var adapter = CreateAdapter(new ErpConformanceSettings());

        Assert.False(string.IsNullOrWhiteSpace(adapter.Name));
        Assert.NotNull(adapter.Capabilities);
        Assert.True(adapter.Capabilities.MaxLinesPerJournal >= 2);
        Assert.True(adapter.Capabilities.MaxJournalsPerBatch >= 1);
    }

    /// <summary>Balanced journals are accepted, one acknowledgment each with a distinct document, and held once each with their lines.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task PostAsync_BalancedJournals_AreAcceptedWithDistinctDocuments_AndHeldOnce()
    {
        var adapter = CreateAdapter(new ErpConformanceSettings());
        var journals = new[] { CreateJournal("conf-a", 1), CreateJournal("conf-b", 2), CreateJournal("conf-c", 3) }
            .Where(j => j.Lines.Count <= adapter.Capabilities.MaxLinesPerJournal)
            .Take(adapter.Capabilities.MaxJournalsPerBatch)
            .ToList();

        var acks = await adapter.PostAsync(new ErpBatch(journals.Select(j => new ErpJournal(j))), CancellationToken);

        Assert.Equal(journals.Count, acks.Count);
        Assert.Equal(journals.Select(j => j.IdempotencyKey).Order(StringComparer.Ordinal), acks.Select(a => a.IdempotencyKey).Order(StringComparer.Ordinal));
        Assert.All(acks, a => Assert.Equal(ErpAcknowledgmentStatus.Accepted, a.Status));
        Assert.All(acks, a => Assert.False(string.IsNullOrWhiteSpace(a.DocumentId)));
        Assert.Equal(acks.Count, acks.Select(a => a.DocumentId).Distinct(StringComparer.Ordinal).Count());
        var held = await ReadHeldJournalsAsync(adapter, CancellationToken);
        foreach (var journal in journals)
        {
            var document = Assert.Single(held, h => h.IdempotencyKey == journal.IdempotencyKey);
            Assert.Equal(acks.Single(a => a.IdempotencyKey == journal.IdempotencyKey).DocumentId, document.DocumentId);
            AssertSameAmounts(journal.Lines, document.Lines);
        }
    }

    /// <summary>A journal above the line limit, posted through <see cref="ErpPoster"/>, is held as balanced parts within the limit.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Poster_JournalAboveTheLineLimit_IsHeldAsBalancedPartsWithinTheLimit()
    {
        var adapter = CreateAdapter(new ErpConformanceSettings { MaxLinesPerJournal = 4 });
        var limit = adapter.Capabilities.MaxLinesPerJournal;
        if (limit > 2000)
        {
            Assert.Skip("The adapter takes journals of any length, so nothing is split.");
        }

        var journal = CreateJournal("conf-long", (limit / 2) + 2);

        var outcome = await CreatePoster(adapter).PostAsync(journal, CancellationToken);

        Assert.Equal(ErpJournalStatus.Posted, outcome.Status);
        Assert.True(outcome.Parts.Count >= 2);
        Assert.Equal(PostingStatus.Accepted, outcome.Acknowledgment?.Status);
        var held = await ReadHeldJournalsAsync(adapter, CancellationToken);
        var parts = outcome.Parts.Select(p => Assert.Single(held, h => h.IdempotencyKey == p.Journal.IdempotencyKey)).ToList();
        Assert.All(parts, p => Assert.True(p.Lines.Count <= limit, $"{p.IdempotencyKey} holds {p.Lines.Count} lines; the limit is {limit}."));
        Assert.All(parts, p => AssertBalanced(p));
        AssertSameAmounts(journal.Lines, parts.SelectMany(p => p.Lines).ToList());
    }

    /// <summary>An adapter whose ERP deduplicates by key accepts a resubmitted key with its earlier document and holds it once.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task PostAsync_SameKeyTwice_WithNativeIdempotency_IsAcceptedWithTheEarlierDocument()
    {
        var adapter = CreateAdapter(new ErpConformanceSettings());
        if (!adapter.Capabilities.NativeIdempotency)
        {
            Assert.Skip("The adapter does not declare native idempotency; ErpPoster guards resubmissions by lookup instead.");
        }

        var journal = new ErpJournal(CreateJournal("conf-twice", 2));

        var first = Assert.Single(await adapter.PostAsync(new ErpBatch([journal]), CancellationToken));
        var second = Assert.Single(await adapter.PostAsync(new ErpBatch([journal]), CancellationToken));

        Assert.Equal(ErpAcknowledgmentStatus.Accepted, second.Status);
        Assert.Equal(first.DocumentId, second.DocumentId);
        Assert.True(second.IsDuplicate);
        Assert.Single(await ReadHeldJournalsAsync(adapter, CancellationToken), h => h.IdempotencyKey == "conf-twice");
    }

    /// <summary>The same journal posted twice through <see cref="ErpPoster"/> is held once.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Poster_SameJournalPostedTwice_IsHeldOnce()
    {
        var adapter = CreateAdapter(new ErpConformanceSettings());
        if (!adapter.Capabilities.SupportsLookup && !adapter.Capabilities.NativeIdempotency)
        {
            Assert.Skip("The adapter can neither look postings up nor deduplicate them; exactly-once then rests on the host's idempotency store.");
        }

        var journal = CreateJournal("conf-again", 1);
        var poster = CreatePoster(adapter);

        var first = await poster.PostAsync(journal, CancellationToken);
        var second = await poster.PostAsync(journal, CancellationToken);

        Assert.Equal(ErpJournalStatus.Posted, first.Status);
        Assert.Equal(ErpJournalStatus.Posted, second.Status);
        Assert.Equal(first.Parts[0].DocumentId, second.Parts[0].DocumentId);
        Assert.Single(await ReadHeldJournalsAsync(adapter, CancellationToken), h => h.IdempotencyKey == "conf-again");
    }

    /// <summary>After an ambiguous failure the journal the ERP committed can be looked up, and posting it again does not hold it twice.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task LookupAsync_AfterAnAmbiguousFailure_FindsTheJournal_AndResubmittingHoldsItOnce()
    {
        var adapter = CreateAdapter(new ErpConformanceSettings());
        var journal = CreateJournal("conf-ambiguous", 2);
        InjectAmbiguousFailure(adapter);

        var ex = await Assert.ThrowsAnyAsync<ErpException>(() => adapter.PostAsync(new ErpBatch([new ErpJournal(journal)]), CancellationToken));

        Assert.True(ex.IsTransient, $"{ex.ErrorCode} should be transient.");
        Assert.True(ex.IsAmbiguous, $"{ex.ErrorCode} should be ambiguous.");
        var lookup = await adapter.LookupAsync(journal.IdempotencyKey, CancellationToken);
        if (!adapter.Capabilities.SupportsLookup)
        {
            Assert.Equal(ErpLookupStatus.Unsupported, lookup.Status);
            return;
        }

        Assert.Equal(ErpLookupStatus.Found, lookup.Status);
        Assert.False(string.IsNullOrWhiteSpace(lookup.DocumentId));
        var outcome = await CreatePoster(adapter).PostAsync(journal, CancellationToken);
        Assert.Equal(ErpJournalStatus.Posted, outcome.Status);
        Assert.Equal(lookup.DocumentId, outcome.Parts[0].DocumentId);
        var held = Assert.Single(await ReadHeldJournalsAsync(adapter, CancellationToken), h => h.IdempotencyKey == journal.IdempotencyKey);
        Assert.Equal(lookup.DocumentId, held.DocumentId);
    }

    /// <summary>A key never posted is not found (or lookup is declared unsupported).</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task LookupAsync_KeyNeverPosted_IsNotFound()
    {
        var adapter = CreateAdapter(new ErpConformanceSettings());
        await adapter.PostAsync(new ErpBatch([new ErpJournal(CreateJournal("conf-present", 1))]), CancellationToken);

        var result = await adapter.LookupAsync("conf-absent", CancellationToken);

        Assert.Equal(adapter.Capabilities.SupportsLookup ? ErpLookupStatus.NotFound : ErpLookupStatus.Unsupported, result.Status);
        if (adapter.Capabilities.SupportsLookup)
        {
            Assert.Equal(ErpLookupStatus.Found, (await adapter.LookupAsync("conf-present", CancellationToken)).Status);
        }
    }

    /// <summary>A transient failure is classified transient and unambiguous, leaves nothing held, and the journal posts once when sent again.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task PostAsync_TransientFailure_IsTransient_HoldsNothing_ThenPostsOnce()
    {
        var adapter = CreateAdapter(new ErpConformanceSettings());
        var journal = new ErpJournal(CreateJournal("conf-transient", 1));
        InjectTransientFailure(adapter);

        try
        {
            var acks = await adapter.PostAsync(new ErpBatch([journal]), CancellationToken);
            Assert.All(acks, a => Assert.Equal(ErpAcknowledgmentStatus.TransientFailure, a.Status));
        }
        catch (ErpException ex)
        {
            Assert.True(ex.IsTransient, $"{ex.ErrorCode} should be transient.");
            Assert.False(ex.IsAmbiguous, $"{ex.ErrorCode}: nothing was committed, so the failure is not ambiguous.");
        }

        Assert.DoesNotContain(await ReadHeldJournalsAsync(adapter, CancellationToken), h => h.IdempotencyKey == journal.IdempotencyKey);
        if (adapter.Capabilities.SupportsLookup)
        {
            Assert.Equal(ErpLookupStatus.NotFound, (await adapter.LookupAsync(journal.IdempotencyKey, CancellationToken)).Status);
        }

        var retry = Assert.Single(await adapter.PostAsync(new ErpBatch([journal]), CancellationToken));
        Assert.Equal(ErpAcknowledgmentStatus.Accepted, retry.Status);
        Assert.Single(await ReadHeldJournalsAsync(adapter, CancellationToken), h => h.IdempotencyKey == journal.IdempotencyKey);
    }

    /// <summary>A permanent failure is not classified transient and leaves nothing held.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task PostAsync_PermanentFailure_IsNotTransient_AndHoldsNothing()
    {
        var adapter = CreateAdapter(new ErpConformanceSettings());
        var journal = new ErpJournal(CreateJournal("conf-permanent", 1));
        InjectPermanentFailure(adapter);

        try
        {
            var acks = await adapter.PostAsync(new ErpBatch([journal]), CancellationToken);
            Assert.All(acks, a => Assert.Equal(ErpAcknowledgmentStatus.Rejected, a.Status));
        }
        catch (ErpException ex)
        {
            Assert.False(ex.IsTransient, $"{ex.ErrorCode} should be permanent.");
            Assert.False(ex.IsAmbiguous);
        }

        Assert.DoesNotContain(await ReadHeldJournalsAsync(adapter, CancellationToken), h => h.IdempotencyKey == journal.IdempotencyKey);
    }

    /// <summary>A journal the ERP refuses is rejected with a code and a reason, nothing of it is held, and the rest of its batch posts.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task PostAsync_JournalTheErpRefuses_IsRejectedWithACode_AndTheRestOfTheBatchPosts()
    {
        var refused = CreateRejectedJournal("conf-refused");
        if (refused is null)
        {
            Assert.Skip("The adapter's test names no journal its ERP refuses.");
        }

        var adapter = CreateAdapter(new ErpConformanceSettings());
        if (adapter.Capabilities.MaxJournalsPerBatch < 2)
        {
            Assert.Skip("The adapter takes one journal per batch.");
        }

        var good = CreateJournal("conf-good", 1);

        var acks = await adapter.PostAsync(new ErpBatch([new ErpJournal(refused), new ErpJournal(good)]), CancellationToken);

        var rejected = Assert.Single(acks, a => a.IdempotencyKey == "conf-refused");
        Assert.Equal(ErpAcknowledgmentStatus.Rejected, rejected.Status);
        Assert.False(string.IsNullOrWhiteSpace(rejected.Code));
        Assert.False(string.IsNullOrWhiteSpace(rejected.Reason));
        Assert.Equal(ErpAcknowledgmentStatus.Accepted, Assert.Single(acks, a => a.IdempotencyKey == "conf-good").Status);
        var held = await ReadHeldJournalsAsync(adapter, CancellationToken);
        Assert.DoesNotContain(held, h => h.IdempotencyKey == "conf-refused");
        Assert.Single(held, h => h.IdempotencyKey == "conf-good");
    }

    /// <summary>Through <see cref="ErpPoster"/>, an ambiguous failure in the middle of a run still leaves every journal held exactly once.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Poster_AmbiguousFailureDuringARun_HoldsEveryJournalExactlyOnce()
    {
        var adapter = CreateAdapter(new ErpConformanceSettings());
        var journals = Enumerable.Range(1, 5).Select(i => CreateJournal($"conf-run-{i}", 1)).ToList();
        var poster = new ErpPoster(adapter, new ErpPosterOptions { MaxAttempts = 5, RetryDelay = _ => TimeSpan.Zero });
        InjectAmbiguousFailure(adapter);

        var report = await poster.PostAsync(journals, CancellationToken);

        var held = await ReadHeldJournalsAsync(adapter, CancellationToken);
        foreach (var journal in journals)
        {
            Assert.True(held.Count(h => h.IdempotencyKey == journal.IdempotencyKey) <= 1, $"{journal.IdempotencyKey} is held twice.");
        }

        if (adapter.Capabilities.SupportsLookup || adapter.Capabilities.NativeIdempotency)
        {
            Assert.True(report.AllPosted, string.Join("; ", report.Journals.Select(j => $"{j.Journal.IdempotencyKey}: {j.Status}")));
            Assert.All(journals, j => Assert.Single(held, h => h.IdempotencyKey == j.IdempotencyKey));
        }
        else
        {
            Assert.All(report.Journals, j => Assert.Contains(j.Status, new[] { ErpJournalStatus.Posted, ErpJournalStatus.InDoubt }));
        }
    }

    private static void AssertBalanced(ErpHeldJournal journal)
    {
        foreach (var group in journal.Lines.GroupBy(l => (l.Amount.Currency, l.LegalEntity)))
        {
            var debit = group.Where(l => l.Side == JournalSide.Debit).Sum(l => l.Amount.Amount);
            var credit = group.Where(l => l.Side == JournalSide.Credit).Sum(l => l.Amount.Amount);
            Assert.True(debit == credit, $"{journal.IdempotencyKey} is held unbalanced in {group.Key.Currency}: debits {debit}, credits {credit}.");
        }
    }

    private static void AssertSameAmounts(IReadOnlyList<JournalLine> expected, IReadOnlyList<ErpHeldLine> held)
    {
        Assert.Equal(
            expected.Select(l => (l.Side, l.Amount.Amount, l.Amount.Currency.Value)),
            held.Select(l => (l.Side, l.Amount.Amount, l.Amount.Currency.Value)));
    }
}
