using HealthFinance.Idempotency.DeadLetters;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Idempotency.Outbox;
using Xunit;

namespace HealthFinance.Idempotency.Conformance;

/// <content>Argument validation and cancellation.</content>
public abstract partial class StateStoreConformanceTests
{
    [Fact]
    public async Task Stores_NullArguments_ThrowArgumentNullException()
    {
        var lease = new OutboxLease(Key("journal", "j-1"), "jsonl", "journal+json", default, 1, "token", Start);
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await Store.Idempotency.TryRecordAsync(null!, Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await Store.Idempotency.TryRecordManyAsync(null!, Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await Store.Lifecycle.ApplyAsync(null!, Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await Store.Lifecycle.FindAsync(null!, Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await Store.Parking.ParkAsync(null!, Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await Store.DeadLetters.AddAsync(null!, Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await Store.DeadLetters.GetAsync(null!, Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await Store.DeadLetters.ListAsync(null!, Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await Store.DeadLetters.ReadPayloadAsync(null!, Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await Store.DeadLetters.ResolveAsync(null!, DeadLetterStatus.Discarded, Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await Store.Outbox.EnqueueAsync(null!, Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await Store.Outbox.LeaseAsync(null!, 1, LeaseTime, cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await Store.Outbox.CompleteAsync(null!, null, Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await Store.Outbox.FailAsync(null!, "reason", null, Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await Store.Outbox.FailAsync(lease, null!, null, Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await new DeadLetterReplayer(Store.DeadLetters).ReplayAsync(null!, (_, _, _) => ValueTask.FromResult(true), Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await new DeadLetterReplayer(Store.DeadLetters).ReplayAsync("dl-1", null!, Ct));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task Stores_LimitsNotPositive_ThrowArgumentOutOfRangeException(int limit)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Store.Parking.ListAsync(limit, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Store.DeadLetters.ListAsync(new DeadLetterQuery(Limit: limit), Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Store.Outbox.LeaseAsync("worker-1", limit, LeaseTime, cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Store.Outbox.LeaseAsync("worker-1", 1, TimeSpan.FromSeconds(limit), cancellationToken: Ct));
    }

    [Fact]
    public async Task Stores_InvalidArguments_ChangeNothing()
    {
        await Store.Outbox.EnqueueAsync(Message("j-1"), Ct);
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.Outbox.LeaseAsync("worker-1", 0, LeaseTime, cancellationToken: Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.DeadLetters.ResolveAsync("dl-1", DeadLetterStatus.Open, Ct));

        Assert.Equal(1, Assert.Single(await Store.Outbox.LeaseAsync("worker-1", 1, LeaseTime, cancellationToken: Ct)).Attempt);
    }

    [Fact]
    public async Task Stores_CancelledToken_ThrowOperationCanceledException()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var token = cancelled.Token;
        var keys = EventKeys.Of(Key("remittance", "cancelled"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Store.Idempotency.TryRecordAsync(Record(keys), token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Store.BeginTransactionAsync(token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Store.Outbox.LeaseAsync("worker-1", 1, LeaseTime, cancellationToken: token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Store.PurgeAsync(token));
        await using (var tx = await Store.BeginTransactionAsync(Ct))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await tx.Idempotency.TryRecordAsync(Record(keys), token));
            await tx.CommitAsync(Ct);
        }

        Assert.Null(await Store.Idempotency.FindAsync(keys.Primary, Ct));
    }
}
