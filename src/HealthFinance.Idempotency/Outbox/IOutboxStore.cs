using HealthFinance.Idempotency.Keys;

namespace HealthFinance.Idempotency.Outbox;

/// <summary>A posting intent to deliver to an ERP.</summary>
/// <param name="Key">Its idempotency key (e.g. the journal's); the outbox holds each key once.</param>
/// <param name="Destination">The adapter it goes to (e.g. <c>jsonl</c>, <c>http</c>).</param>
/// <param name="PayloadType">What the payload is (e.g. <c>journal+json</c>).</param>
/// <param name="Payload">The intent; encrypted at rest.</param>
public sealed record OutboxMessage(IdempotencyKey Key, string Destination, string PayloadType, ReadOnlyMemory<byte> Payload);

/// <summary>Where an outbox message stands.</summary>
public enum OutboxStatus
{
    /// <summary>Waiting for delivery (possibly leased by a worker).</summary>
    Pending = 0,

    /// <summary>Delivered; the ERP acknowledged it.</summary>
    Delivered = 1,

    /// <summary>Failed permanently (the ERP rejected it).</summary>
    Failed = 2,
}

/// <summary>A message leased to one worker for delivery.</summary>
/// <param name="Key">The message's key.</param>
/// <param name="Destination">Its destination.</param>
/// <param name="PayloadType">What the payload is.</param>
/// <param name="Payload">The decrypted payload.</param>
/// <param name="Attempt">This delivery attempt's number (1 for the first).</param>
/// <param name="LeaseToken">Proves the lease; completing with a lost lease fails.</param>
/// <param name="LeaseExpiresAt">When another worker may take the message over.</param>
public sealed record OutboxLease(IdempotencyKey Key, string Destination, string PayloadType, ReadOnlyMemory<byte> Payload, int Attempt, string LeaseToken, DateTimeOffset LeaseExpiresAt);

/// <summary>An outbox message's state.</summary>
/// <param name="Key">Its key.</param>
/// <param name="Destination">Its destination.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Attempts">Delivery attempts so far.</param>
/// <param name="ExternalReference">The ERP's document id once delivered.</param>
/// <param name="LastError">The last delivery error.</param>
/// <param name="CreatedAt">When it was enqueued.</param>
/// <param name="NextAttemptAt">When it may next be leased.</param>
/// <param name="CompletedAt">When it was delivered or failed.</param>
public sealed record OutboxEntry(IdempotencyKey Key, string Destination, OutboxStatus Status, int Attempts, string? ExternalReference, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? CompletedAt);

/// <summary>
/// Posting intents written in the same transaction as the state change that caused them, then leased to delivery
/// workers. Delivery is at least once; the ERP adapter's idempotency makes the effect exactly once.
/// </summary>
/// <remarks>
/// A lease expires after its duration, so the messages of a worker that died are taken over by another; a worker
/// whose lease was taken over cannot complete the message.
/// </remarks>
public interface IOutboxStore
{
    /// <summary>Adds a message unless its key is already in the outbox.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when added; <see langword="false"/> when the key was there.</returns>
    ValueTask<bool> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken = default);

    /// <summary>Leases pending messages that are due and not leased by a live worker, oldest first.</summary>
    /// <param name="workerId">The worker taking them, for diagnosis.</param>
    /// <param name="maxCount">The most to lease.</param>
    /// <param name="leaseDuration">How long the worker holds them.</param>
    /// <param name="destination">Only this destination; <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The leased messages; empty when none is due.</returns>
    ValueTask<IReadOnlyList<OutboxLease>> LeaseAsync(string workerId, int maxCount, TimeSpan leaseDuration, string? destination = null, CancellationToken cancellationToken = default);

    /// <summary>Marks a leased message delivered.</summary>
    /// <param name="lease">The lease.</param>
    /// <param name="externalReference">The ERP's document id, when it gave one.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when the lease was still held.</returns>
    ValueTask<bool> CompleteAsync(OutboxLease lease, string? externalReference, CancellationToken cancellationToken = default);

    /// <summary>Records a failed delivery: retried at <paramref name="retryAt"/>, or failed permanently when it is <see langword="null"/>.</summary>
    /// <param name="lease">The lease.</param>
    /// <param name="reason">The error, for operators (no patient data).</param>
    /// <param name="retryAt">When to try again; <see langword="null"/> for a permanent failure.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when the lease was still held.</returns>
    ValueTask<bool> FailAsync(OutboxLease lease, string reason, DateTimeOffset? retryAt, CancellationToken cancellationToken = default);

    /// <summary>Finds a message by key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Its state, or <see langword="null"/>.</returns>
    ValueTask<OutboxEntry?> GetAsync(IdempotencyKey key, CancellationToken cancellationToken = default);

    /// <summary>Counts messages in a status.</summary>
    /// <param name="status">The status.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The count.</returns>
    ValueTask<long> CountAsync(OutboxStatus status, CancellationToken cancellationToken = default);
}
