using System.Text;
using HealthFinance.Idempotency.Outbox;
using Xunit;

namespace HealthFinance.Idempotency.Conformance;

/// <content>Outbox: enqueue, leases, completion, failure.</content>
public abstract partial class StateStoreConformanceTests
{
    private static readonly TimeSpan LeaseTime = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Enqueue_NewKey_IsPendingAndDueNow()
    {
        Assert.True(await Store.Outbox.EnqueueAsync(Message("j-1"), Ct));

        Assert.Equal(new OutboxEntry(Key("journal", "j-1"), "jsonl", OutboxStatus.Pending, 0, null, null, Start, Start, null), await Store.Outbox.GetAsync(Key("journal", "j-1"), Ct));
        Assert.Equal(1, await Store.Outbox.CountAsync(OutboxStatus.Pending, Ct));
        Assert.Equal(0, await Store.Outbox.CountAsync(OutboxStatus.Delivered, Ct));
        Assert.Equal(0, await Store.Outbox.CountAsync(OutboxStatus.Failed, Ct));
        Assert.Null(await Store.Outbox.GetAsync(Key("journal", "unknown"), Ct));
    }

    [Fact]
    public async Task Enqueue_SameKeyAgain_ReturnsFalse_WhetherPendingOrDelivered()
    {
        await Store.Outbox.EnqueueAsync(Message("j-1", payload: "first"), Ct);
        Assert.False(await Store.Outbox.EnqueueAsync(Message("j-1", "http", "second"), Ct));
        var lease = Assert.Single(await Store.Outbox.LeaseAsync("worker-1", 10, LeaseTime, cancellationToken: Ct));
        await Store.Outbox.CompleteAsync(lease, "ERP-1", Ct);

        Assert.False(await Store.Outbox.EnqueueAsync(Message("j-1", payload: "third"), Ct));

        Assert.Equal("first", Encoding.UTF8.GetString(lease.Payload.Span));
        Assert.Equal(OutboxStatus.Delivered, (await Store.Outbox.GetAsync(Key("journal", "j-1"), Ct))?.Status);
        Assert.Empty(await Store.Outbox.LeaseAsync("worker-1", 10, LeaseTime, cancellationToken: Ct));
    }

    [Fact]
    public async Task Lease_ThenComplete_DeliversTheMessage()
    {
        await Store.Outbox.EnqueueAsync(Message("j-1", payload: "{\"lines\":2}"), Ct);
        Time.Advance(TimeSpan.FromSeconds(10));
        var leasedAt = Start.AddSeconds(10);

        var lease = Assert.Single(await Store.Outbox.LeaseAsync("worker-1", 10, LeaseTime, cancellationToken: Ct));

        Assert.Equal(Key("journal", "j-1"), lease.Key);
        Assert.Equal("jsonl", lease.Destination);
        Assert.Equal("journal+json", lease.PayloadType);
        Assert.Equal("{\"lines\":2}", Encoding.UTF8.GetString(lease.Payload.Span));
        Assert.Equal(1, lease.Attempt);
        Assert.Equal(leasedAt + LeaseTime, lease.LeaseExpiresAt);
        Assert.False(string.IsNullOrWhiteSpace(lease.LeaseToken));
        Assert.Empty(await Store.Outbox.LeaseAsync("worker-2", 10, LeaseTime, cancellationToken: Ct));
        Assert.Equal(new OutboxEntry(lease.Key, "jsonl", OutboxStatus.Pending, 1, null, null, Start, Start, null), await Store.Outbox.GetAsync(lease.Key, Ct));

        Time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(await Store.Outbox.CompleteAsync(lease, "ERP-DOC-42", Ct));

        Assert.Equal(new OutboxEntry(lease.Key, "jsonl", OutboxStatus.Delivered, 1, "ERP-DOC-42", null, Start, Start, Start.AddSeconds(30)), await Store.Outbox.GetAsync(lease.Key, Ct));
        Assert.Equal(0, await Store.Outbox.CountAsync(OutboxStatus.Pending, Ct));
        Assert.Equal(1, await Store.Outbox.CountAsync(OutboxStatus.Delivered, Ct));
        Assert.False(await Store.Outbox.CompleteAsync(lease, "ERP-DOC-43", Ct));
        Assert.False(await Store.Outbox.FailAsync(lease, "late failure", null, Ct));
        Time.Advance(LeaseTime * 2);
        Assert.Empty(await Store.Outbox.LeaseAsync("worker-2", 10, LeaseTime, cancellationToken: Ct));
    }

    [Fact]
    public async Task Lease_TakesOldestFirst_UpToMaxCount_AndFiltersByDestination()
    {
        await Store.Outbox.EnqueueAsync(Message("a", "jsonl"), Ct);
        Time.Advance(TimeSpan.FromSeconds(1));
        await Store.Outbox.EnqueueAsync(Message("b", "http"), Ct);
        Time.Advance(TimeSpan.FromSeconds(1));
        await Store.Outbox.EnqueueAsync(Message("d", "jsonl"), Ct);
        await Store.Outbox.EnqueueAsync(Message("c", "jsonl"), Ct);
        await Store.Outbox.EnqueueAsync(Message("e", "jsonl"), Ct);

        var jsonl = await Store.Outbox.LeaseAsync("worker-1", 3, LeaseTime, "jsonl", Ct);
        var rest = await Store.Outbox.LeaseAsync("worker-2", 10, LeaseTime, cancellationToken: Ct);

        Assert.Equal(new[] { Key("journal", "a"), Key("journal", "d"), Key("journal", "c") }, jsonl.Select(l => l.Key));
        Assert.Equal(new[] { Key("journal", "b"), Key("journal", "e") }, rest.Select(l => l.Key));
        Assert.Empty(await Store.Outbox.LeaseAsync("worker-3", 10, LeaseTime, "http", Ct));
    }

    [Fact]
    public async Task Lease_Expired_IsTakenOverByAnotherWorker_AndTheFirstWorkerCannotFinish()
    {
        await Store.Outbox.EnqueueAsync(Message("j-1"), Ct);
        var first = Assert.Single(await Store.Outbox.LeaseAsync("worker-1", 10, LeaseTime, cancellationToken: Ct));
        Time.Advance(LeaseTime - TimeSpan.FromSeconds(1));
        Assert.Empty(await Store.Outbox.LeaseAsync("worker-2", 10, LeaseTime, cancellationToken: Ct));
        Time.Advance(TimeSpan.FromSeconds(2));

        var second = Assert.Single(await Store.Outbox.LeaseAsync("worker-2", 10, LeaseTime, cancellationToken: Ct));

        Assert.Equal(2, second.Attempt);
        Assert.NotEqual(first.LeaseToken, second.LeaseToken);
        Assert.Equal(Start + LeaseTime + TimeSpan.FromSeconds(1) + LeaseTime, second.LeaseExpiresAt);
        Assert.False(await Store.Outbox.CompleteAsync(first, "ERP-1", Ct));
        Assert.False(await Store.Outbox.FailAsync(first, "timeout", null, Ct));
        Assert.True(await Store.Outbox.CompleteAsync(second, "ERP-2", Ct));
        var entry = await Store.Outbox.GetAsync(first.Key, Ct);
        Assert.Equal(OutboxStatus.Delivered, entry?.Status);
        Assert.Equal("ERP-2", entry?.ExternalReference);
        Assert.Equal(2, entry?.Attempts);
    }

    [Fact]
    public async Task Complete_AfterTheLeaseExpiredButNobodyTookItOver_Succeeds()
    {
        await Store.Outbox.EnqueueAsync(Message("j-1"), Ct);
        var lease = Assert.Single(await Store.Outbox.LeaseAsync("worker-1", 10, LeaseTime, cancellationToken: Ct));
        Time.Advance(LeaseTime * 3);

        Assert.True(await Store.Outbox.CompleteAsync(lease, null, Ct));

        Assert.Equal(new OutboxEntry(lease.Key, "jsonl", OutboxStatus.Delivered, 1, null, null, Start, Start, Start + (LeaseTime * 3)), await Store.Outbox.GetAsync(lease.Key, Ct));
    }

    [Fact]
    public async Task Fail_WithRetry_StaysPendingUntilTheRetryTime_ThenIsLeasedAsAttemptTwo()
    {
        await Store.Outbox.EnqueueAsync(Message("j-1", payload: "retry me"), Ct);
        var first = Assert.Single(await Store.Outbox.LeaseAsync("worker-1", 10, LeaseTime, cancellationToken: Ct));
        var retryAt = Start.AddMinutes(10);

        Assert.True(await Store.Outbox.FailAsync(first, "HTTP 503", retryAt, Ct));

        Assert.Equal(new OutboxEntry(first.Key, "jsonl", OutboxStatus.Pending, 1, null, "HTTP 503", Start, retryAt, null), await Store.Outbox.GetAsync(first.Key, Ct));
        Assert.False(await Store.Outbox.CompleteAsync(first, "ERP-1", Ct));
        Assert.Empty(await Store.Outbox.LeaseAsync("worker-1", 10, LeaseTime, cancellationToken: Ct));
        Time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        Assert.Empty(await Store.Outbox.LeaseAsync("worker-1", 10, LeaseTime, cancellationToken: Ct));
        Time.Advance(TimeSpan.FromSeconds(1));

        var second = Assert.Single(await Store.Outbox.LeaseAsync("worker-2", 10, LeaseTime, cancellationToken: Ct));

        Assert.Equal(2, second.Attempt);
        Assert.Equal("retry me", Encoding.UTF8.GetString(second.Payload.Span));
        Assert.True(await Store.Outbox.CompleteAsync(second, "ERP-7", Ct));
        Assert.Equal(new OutboxEntry(first.Key, "jsonl", OutboxStatus.Delivered, 2, "ERP-7", "HTTP 503", Start, retryAt, retryAt), await Store.Outbox.GetAsync(first.Key, Ct));
        Assert.Equal(1, await Store.Outbox.CountAsync(OutboxStatus.Delivered, Ct));
    }

    [Fact]
    public async Task Fail_Permanently_MarksTheMessageFailed()
    {
        await Store.Outbox.EnqueueAsync(Message("j-1"), Ct);
        await Store.Outbox.EnqueueAsync(Message("j-2"), Ct);
        var lease = (await Store.Outbox.LeaseAsync("worker-1", 1, LeaseTime, cancellationToken: Ct))[0];
        Time.Advance(TimeSpan.FromSeconds(3));

        Assert.True(await Store.Outbox.FailAsync(lease, "ERP rejected: account closed", null, Ct));

        Assert.Equal(new OutboxEntry(lease.Key, "jsonl", OutboxStatus.Failed, 1, null, "ERP rejected: account closed", Start, Start, Start.AddSeconds(3)), await Store.Outbox.GetAsync(lease.Key, Ct));
        Assert.False(await Store.Outbox.FailAsync(lease, "again", null, Ct));
        Assert.False(await Store.Outbox.CompleteAsync(lease, "ERP-1", Ct));
        Assert.Equal(1, await Store.Outbox.CountAsync(OutboxStatus.Failed, Ct));
        Assert.Equal(1, await Store.Outbox.CountAsync(OutboxStatus.Pending, Ct));
        Assert.Equal(Key("journal", "j-2"), Assert.Single(await Store.Outbox.LeaseAsync("worker-1", 10, LeaseTime, cancellationToken: Ct)).Key);
    }
}
