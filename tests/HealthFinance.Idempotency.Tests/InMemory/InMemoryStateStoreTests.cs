using System.ComponentModel.DataAnnotations;
using HealthFinance.Idempotency.InMemory;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Idempotency.Outbox;
using HealthFinance.Idempotency.Protection;
using Microsoft.Extensions.Time.Testing;

namespace HealthFinance.Idempotency.Tests.InMemory;

/// <summary>What only the in-memory store shows: its lock, its copy of the options, and keys kept for ever by default.</summary>
public sealed class InMemoryStateStoreTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StateStoreOptions Options(FakeTimeProvider time)
    {
        var options = new StateStoreOptions { TimeProvider = time, CurrentPayloadKeyId = "k1" };
        options.PayloadKeys["k1"] = PayloadKeyRing.NewKey();
        return options;
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsListingEveryProblem()
    {
        var options = new StateStoreOptions { ParkingExpiry = TimeSpan.Zero };

        var ex = Assert.Throws<ValidationException>(() => new InMemoryStateStore(options));

        Assert.Contains("ParkingExpiry must be positive.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("PayloadKeys must hold at least one key", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => new InMemoryStateStore(null!));
    }

    [Fact]
    public async Task Constructor_CopiesTheOptions_SoLaterChangesHaveNoEffect()
    {
        var time = new FakeTimeProvider(Start);
        var options = Options(time);
        var store = new InMemoryStateStore(options);
        options.ParkingExpiry = TimeSpan.FromDays(1);
        options.CurrentPayloadKeyId = "missing";

        await store.Parking.ParkAsync(new Parking.ParkRequest(IdempotencyKey.Derive("remittance", "r"), "remittance", IdempotencyKey.Derive("wait-claim", "w"), "waiting", "body"u8.ToArray(), BusinessContext.None), Ct);
        var letter = await store.DeadLetters.AddAsync(new DeadLetters.DeadLetterRequest(IdempotencyKey.Derive("remittance", "d"), null, "bad", default, BusinessContext.None, "body"u8.ToArray(), "x12"), Ct);

        Assert.Equal(Start.AddDays(14), Assert.Single(await store.Parking.ListAsync(cancellationToken: Ct)).ExpiresAt);
        Assert.Equal("k1", letter.PayloadKeyId);
    }

    [Fact]
    public async Task Purge_WithoutKeyRetention_KeepsKeysForEver()
    {
        var time = new FakeTimeProvider(Start);
        var store = new InMemoryStateStore(Options(time));
        var keys = EventKeys.Of(IdempotencyKey.Derive("remittance", "kept"));
        await store.Idempotency.TryRecordAsync(new IdempotencyRecord(keys, "remittance", ProcessingStatus.Posted), Ct);
        time.Advance(TimeSpan.FromDays(3650));

        Assert.Equal(new PurgeReport(0, 0, 0), await store.PurgeAsync(Ct));

        Assert.True((await store.Idempotency.TryRecordAsync(new IdempotencyRecord(keys, "remittance", ProcessingStatus.Posted), Ct)).IsDuplicate);
    }

    [Fact]
    public async Task StoreCalls_WaitForTheOpenTransaction_AndSeeItsCommittedChanges()
    {
        var store = new InMemoryStateStore(Options(new FakeTimeProvider(Start)));
        var keys = EventKeys.Of(IdempotencyKey.Derive("remittance", "serialised"));
        var tx = await store.BeginTransactionAsync(Ct);
        await tx.Idempotency.TryRecordAsync(new IdempotencyRecord(keys, "remittance", ProcessingStatus.Accepted), Ct);

        var waiting = store.Idempotency.TryRecordAsync(new IdempotencyRecord(keys, "remittance", ProcessingStatus.Accepted), Ct).AsTask();
        var nextTransaction = store.BeginTransactionAsync(Ct).AsTask();
        await Task.Delay(50, Ct);
        Assert.False(waiting.IsCompleted);
        Assert.False(nextTransaction.IsCompleted);

        await tx.CommitAsync(Ct);

        Assert.True((await waiting).IsDuplicate);
        await using var next = await nextTransaction;
        Assert.NotNull(await next.Idempotency.FindAsync(keys.Primary, Ct));
    }

    [Fact]
    public async Task BeginTransaction_CancelledWhileWaiting_ThrowsAndLeavesTheStoreUsable()
    {
        var store = new InMemoryStateStore(Options(new FakeTimeProvider(Start)));
        var tx = await store.BeginTransactionAsync(Ct);
        using var cancel = new CancellationTokenSource();

        var waiting = store.BeginTransactionAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        await tx.DisposeAsync();
        Assert.True(await store.Outbox.EnqueueAsync(new OutboxMessage(IdempotencyKey.Derive("journal", "j"), "jsonl", "journal+json", "{}"u8.ToArray()), Ct));
    }

    [Fact]
    public async Task TryRecordMany_OneInvalidInput_RejectsTheWholeBatch()
    {
        var store = new InMemoryStateStore(Options(new FakeTimeProvider(Start)));
        var good = new IdempotencyRecord(EventKeys.Of(IdempotencyKey.Derive("remittance", "good")), "remittance", ProcessingStatus.Accepted);
        var bad = new IdempotencyRecord(new EventKeys(IdempotencyKey.Derive("remittance", "bad"), [default]), "remittance", ProcessingStatus.Accepted);

        await Assert.ThrowsAsync<ArgumentException>(async () => await store.Idempotency.TryRecordManyAsync([good, bad], Ct));

        Assert.Null(await store.Idempotency.FindAsync(good.Keys.Primary, Ct));
    }

    [Fact]
    public void Execute_OperationThatThrowsAfterAChange_UndoesItsChangesOnly()
    {
        var state = new MemoryState(Options(new FakeTimeProvider(Start)));
        var kept = new IdempotencyRecord(EventKeys.Of(IdempotencyKey.Derive("remittance", "kept")), "remittance", ProcessingStatus.Accepted);
        var undone = new IdempotencyRecord(EventKeys.Of(IdempotencyKey.Derive("remittance", "undone")), "remittance", ProcessingStatus.Accepted);
        state.Execute(kept, static (s, r) => s.TryRecord(r));

        Assert.Throws<InvalidOperationException>(() => state.Execute(undone, static (s, r) =>
        {
            s.TryRecord(r);
            return s.Enqueue(new OutboxMessage(IdempotencyKey.Derive("journal", "j"), "jsonl", "journal+json", "{}"u8.ToArray())) ? throw new InvalidOperationException("failed after two changes") : false;
        }));

        Assert.NotNull(state.FindEntry(kept.Keys.Primary));
        Assert.Null(state.FindEntry(undone.Keys.Primary));
        Assert.Null(state.GetOutboxEntry(IdempotencyKey.Derive("journal", "j")));
        state.Rollback();
        Assert.Null(state.FindEntry(kept.Keys.Primary));
    }
}
