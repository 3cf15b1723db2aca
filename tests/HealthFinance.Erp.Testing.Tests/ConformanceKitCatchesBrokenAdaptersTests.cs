namespace HealthFinance.Erp.Testing.Tests;

/// <summary>Adapters that break the contract in one way each: the kit's matching test must fail on them.</summary>
public sealed class ConformanceKitCatchesBrokenAdaptersTests
{
    private sealed class Kit(Func<IErpAdapter> create, Func<IErpAdapter, IReadOnlyList<ErpHeldJournal>> read, ErpFaultKind? ambiguous = null, ErpFaultKind? transient = null)
        : ErpAdapterConformanceTests
    {
        protected override IErpAdapter CreateAdapter(ErpConformanceSettings settings) => create();

        protected override Task<IReadOnlyList<ErpHeldJournal>> ReadHeldJournalsAsync(IErpAdapter adapter, CancellationToken cancellationToken) => Task.FromResult(read(adapter));

        protected override void InjectAmbiguousFailure(IErpAdapter adapter) => Inner(adapter).FailNextPost(ambiguous ?? ErpFaultKind.AmbiguousAfterCommit);

        protected override void InjectTransientFailure(IErpAdapter adapter) => Inner(adapter).FailNextPost(transient ?? ErpFaultKind.Transient);

        private static InMemoryErpAdapter Inner(IErpAdapter adapter) => adapter is Wrapper w ? w.Inner : (InMemoryErpAdapter)adapter;
    }

    // Forwards to an in-memory ERP, changing one answer.
    private sealed class Wrapper(InMemoryErpAdapter inner, ErpCapabilities? capabilities = null, Func<string, ErpLookupResult?>? lookup = null, Func<ErpBatch, IReadOnlyList<ErpAcknowledgment>, IReadOnlyList<ErpAcknowledgment>>? acks = null) : IErpAdapter
    {
        public InMemoryErpAdapter Inner => inner;

        public string Name => "broken";

        public ErpCapabilities Capabilities => capabilities ?? inner.Capabilities;

        public async Task<IReadOnlyList<ErpAcknowledgment>> PostAsync(ErpBatch batch, CancellationToken cancellationToken)
        {
            var result = await inner.PostAsync(batch, cancellationToken);
            return acks is null ? result : acks(batch, result);
        }

        public async Task<ErpLookupResult> LookupAsync(string idempotencyKey, CancellationToken cancellationToken)
            => lookup?.Invoke(idempotencyKey) ?? await inner.LookupAsync(idempotencyKey, cancellationToken);
    }

    private static IReadOnlyList<ErpHeldJournal> Read(IErpAdapter adapter) => Held.Of(adapter is Wrapper w ? w.Inner : adapter).Result;

    [Fact]
    public async Task LookupThatNeverFinds_FailsTheAmbiguousFailureTest()
    {
        var kit = new Kit(() => new Wrapper(new InMemoryErpAdapter(), lookup: _ => ErpLookupResult.NotFound), Read);

        await Assert.ThrowsAnyAsync<Exception>(kit.LookupAsync_AfterAnAmbiguousFailure_FindsTheJournal_AndResubmittingHoldsItOnce);
        await Assert.ThrowsAnyAsync<Exception>(kit.Poster_AmbiguousFailureDuringARun_HoldsEveryJournalExactlyOnce);
    }

    [Fact]
    public async Task AdapterClaimingNativeIdempotencyItLacks_FailsTheResubmissionTests()
    {
        var kit = new Kit(() => new Wrapper(new InMemoryErpAdapter(), capabilities: new ErpCapabilities { NativeIdempotency = true }), Read);

        await Assert.ThrowsAnyAsync<Exception>(kit.PostAsync_SameKeyTwice_WithNativeIdempotency_IsAcceptedWithTheEarlierDocument);
        await Assert.ThrowsAnyAsync<Exception>(kit.Poster_SameJournalPostedTwice_IsHeldOnce);
    }

    [Fact]
    public async Task TransientFailureThatCommitted_FailsTheTransientTest()
    {
        var kit = new Kit(() => new InMemoryErpAdapter(), Read, transient: ErpFaultKind.AmbiguousAfterCommit);

        await Assert.ThrowsAnyAsync<Exception>(kit.PostAsync_TransientFailure_IsTransient_HoldsNothing_ThenPostsOnce);
    }

    [Fact]
    public async Task AdapterDroppingAnAcknowledgment_FailsTheBatchTest()
    {
        var kit = new Kit(() => new Wrapper(new InMemoryErpAdapter(), acks: (_, a) => a.Skip(1).ToList()), Read);

        await Assert.ThrowsAnyAsync<Exception>(kit.PostAsync_BalancedJournals_AreAcceptedWithDistinctDocuments_AndHeldOnce);
    }

    [Fact]
    public async Task AdapterIgnoringItsLineLimit_FailsTheSplitTest()
    {
        // Declares four lines but the ERP holds each journal whole: the poster's parts are never what the ERP holds.
        var kit = new Kit(
            () => new Wrapper(new InMemoryErpAdapter(), capabilities: new ErpCapabilities { SupportsLookup = true, MaxLinesPerJournal = 4 }),
            adapter => Read(adapter).GroupBy(h => h.IdempotencyKey.Split('#')[0]).Select(g => new ErpHeldJournal(g.Key, g.First().DocumentId, g.SelectMany(h => h.Lines).ToList())).ToList());

        await Assert.ThrowsAnyAsync<Exception>(kit.Poster_JournalAboveTheLineLimit_IsHeldAsBalancedPartsWithinTheLimit);
    }

    [Fact]
    public async Task WellBehavedAdapter_PassesTheSameTests()
    {
        var kit = new Kit(() => new InMemoryErpAdapter(new ErpCapabilities { SupportsLookup = true, MaxLinesPerJournal = 4 }), Read);

        await kit.LookupAsync_AfterAnAmbiguousFailure_FindsTheJournal_AndResubmittingHoldsItOnce();
        await kit.Poster_AmbiguousFailureDuringARun_HoldsEveryJournalExactlyOnce();
        await kit.Poster_JournalAboveTheLineLimit_IsHeldAsBalancedPartsWithinTheLimit();
        await kit.PostAsync_TransientFailure_IsTransient_HoldsNothing_ThenPostsOnce();
        await kit.PostAsync_BalancedJournals_AreAcceptedWithDistinctDocuments_AndHeldOnce();
    }
}
