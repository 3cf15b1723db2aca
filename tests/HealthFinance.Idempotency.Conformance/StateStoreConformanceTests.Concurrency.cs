using HealthFinance.Idempotency.Keys;
using HealthFinance.Idempotency.Lifecycle;
using HealthFinance.Idempotency.Outbox;
using Xunit;

namespace HealthFinance.Idempotency.Conformance;

/// <content>Concurrency: workers racing for the same keys, claim and messages.</content>
public abstract partial class StateStoreConformanceTests
{
    private const int Workers = 8;

    [Fact]
    public async Task TryRecord_EightParallelWorkersWithTheSameKeys_RecordExactlyOnce()
    {
        for (var round = 0; round < 5; round++)
        {
            var keys = EventKeys.Of(Key("remittance", $"race-{round}"), Key("remittance-envelope", $"race-{round}"));

            var results = await RunTogetherAsync(Workers, worker => Store.Idempotency.TryRecordAsync(Record(keys, detail: $"worker {worker}"), Ct).AsTask());

            var winner = Assert.Single(results, r => r.Recorded);
            Assert.All(results, r => Assert.Equal(winner.Entry, r.Entry));
            Assert.Equal(winner.Entry, await Store.Idempotency.FindAsync(keys.Aliases[0], Ct));
        }
    }

    [Fact]
    public async Task TryRecord_EightParallelWorkersSharingOnlyAnAlias_RecordExactlyOnce()
    {
        var shared = Key("remittance-envelope", "shared-envelope");

        var results = await RunTogetherAsync(Workers, worker => Store.Idempotency.TryRecordAsync(Record(EventKeys.Of(Key("remittance", $"business-{worker}"), shared), detail: $"worker {worker}"), Ct).AsTask());

        var winner = Assert.Single(results, r => r.Recorded);
        Assert.All(results, r => Assert.Equal(winner.Entry, r.Entry));
        Assert.Equal(winner.Entry, await Store.Idempotency.FindAsync(shared, Ct));
        for (var worker = 0; worker < Workers; worker++)
        {
            var business = Key("remittance", $"business-{worker}");
            Assert.Equal(business == winner.Entry.Key ? winner.Entry : null, await Store.Idempotency.FindAsync(business, Ct));
        }
    }

    [Fact]
    public async Task TryRecordMany_ParallelOverlappingBatches_RecordEachKeyOnce()
    {
        var results = await RunTogetherAsync(4, worker => Store.Idempotency.TryRecordManyAsync(
            Enumerable.Range(0, 10).Select(i => Record(EventKeys.Of(Key("claim-payment", $"cp-{(i + (worker * 3)) % 16}")), detail: $"worker {worker}")).ToList(),
            Ct).AsTask());

        var recorded = results.SelectMany(r => r).Where(r => r.Recorded).Select(r => r.Entry.Key).ToList();
        Assert.Equal(recorded.Distinct().Count(), recorded.Count);
        var distinctInputs = Enumerable.Range(0, 4).SelectMany(w => Enumerable.Range(0, 10).Select(i => (i + (w * 3)) % 16)).Distinct().Count();
        Assert.Equal(distinctInputs, recorded.Count);
    }

    [Fact]
    public async Task Apply_FourParallelTransitionsOfOneClaim_AllLand()
    {
        var claim = Claim();
        await Store.Lifecycle.ApplyAsync(Transition(claim, ClaimState.Submitted, "837-1"), Ct);

        var results = await RunTogetherAsync(4, worker => Store.Lifecycle.ApplyAsync(Transition(claim, ClaimState.Corrected, $"837-correction-{worker}", amount: 100m + worker), Ct).AsTask());

        Assert.All(results, r => Assert.Equal(TransitionOutcome.Applied, r.Outcome));
        Assert.Equal(new[] { 2, 3, 4, 5 }, results.Select(r => r.Claim!.Version).Order());
        Assert.Equal(ClaimState.Submitted, Assert.Single(results, r => r.Claim!.Version == 2).From);
        Assert.All(results.Where(r => r.Claim!.Version > 2), r => Assert.Equal(ClaimState.Corrected, r.From));
        var record = await Store.Lifecycle.FindAsync(new ClaimLookup(claim.ClaimId, claim.Payer), Ct);
        Assert.Equal(5, record?.Version);
        Assert.Equal(ClaimState.Corrected, record?.State);
        var history = await Store.Lifecycle.GetHistoryAsync(claim, Ct);
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, history.Select(h => h.Version));
        Assert.Equal(Enumerable.Range(0, 4).Select(w => Key("cause", $"837-correction-{w}")).Order(), history.Skip(1).Select(h => h.CausedBy).Order());
    }

    [Fact]
    public async Task Lease_TwoWorkersConcurrently_NeverGetTheSameMessage()
    {
        for (var i = 0; i < 30; i++)
        {
            await Store.Outbox.EnqueueAsync(Message($"j-{i:D2}"), Ct);
        }

        var taken = await RunTogetherAsync(2, async worker =>
        {
            var mine = new List<OutboxLease>();
            while (true)
            {
                var leases = await Store.Outbox.LeaseAsync($"worker-{worker}", 3, TimeSpan.FromMinutes(5), cancellationToken: Ct);
                if (leases.Count == 0)
                {
                    return mine;
                }

                mine.AddRange(leases);
            }
        });

        var all = taken.SelectMany(t => t).ToList();
        Assert.Equal(30, all.Count);
        Assert.Equal(30, all.Select(l => l.Key).Distinct().Count());
        Assert.All(all, l => Assert.Equal(1, l.Attempt));
        Assert.Equal(all.Count, all.Select(l => l.LeaseToken).Distinct().Count());
    }

    [Fact]
    public async Task Transactions_InParallel_AllCommitWithoutLosingChanges()
    {
        await RunTogetherAsync(4, async worker =>
        {
            await using var tx = await Store.BeginTransactionAsync(Ct);
            await tx.Idempotency.TryRecordAsync(Record(EventKeys.Of(Key("remittance", $"unit-{worker}"))), Ct);
            await tx.Outbox.EnqueueAsync(Message($"unit-{worker}"), Ct);
            await tx.CommitAsync(Ct);
            return worker;
        });

        Assert.Equal(4, await Store.Outbox.CountAsync(OutboxStatus.Pending, Ct));
        for (var worker = 0; worker < 4; worker++)
        {
            Assert.NotNull(await Store.Idempotency.FindAsync(Key("remittance", $"unit-{worker}"), Ct));
        }
    }

    // Starts the workers on the thread pool and releases them at once, so that their calls overlap.
    private static async Task<T[]> RunTogetherAsync<T>(int count, Func<int, Task<T>> work)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, count).Select(worker => Task.Run(async () =>
        {
            await start.Task;
            return await work(worker);
        }, Ct)).ToList();
        start.SetResult();
        return await Task.WhenAll(tasks);
    }
}
