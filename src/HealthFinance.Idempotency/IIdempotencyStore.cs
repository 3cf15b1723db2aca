using HealthFinance.Idempotency.Keys;

namespace HealthFinance.Idempotency;

/// <summary>What became of one business input.</summary>
public enum ProcessingStatus
{
    /// <summary>Taken in; the outcome is not final yet (e.g. postings waiting in the outbox).</summary>
    Accepted = 0,

    /// <summary>Its postings were delivered.</summary>
    Posted = 1,

    /// <summary>Nothing to post (e.g. a status report that only moves the claim lifecycle).</summary>
    NoPosting = 2,

    /// <summary>Waiting for an event not yet seen.</summary>
    Parked = 3,

    /// <summary>Could not be processed; held in the dead-letter store.</summary>
    DeadLettered = 4,
}

/// <summary>A request to record one input's keys with its outcome.</summary>
/// <param name="Keys">The input's keys.</param>
/// <param name="EventType">The canonical event type (e.g. <c>remittance</c>), for operators.</param>
/// <param name="Status">The outcome.</param>
/// <param name="Detail">A short, non-identifying note (e.g. the journal ids or a dead-letter id).</param>
public sealed record IdempotencyRecord(EventKeys Keys, string EventType, ProcessingStatus Status, string? Detail = null);

/// <summary>An input recorded in the store.</summary>
/// <param name="Key">Its primary key.</param>
/// <param name="EventType">The canonical event type.</param>
/// <param name="Status">The outcome last recorded.</param>
/// <param name="Detail">The note last recorded.</param>
/// <param name="RecordedAt">When it was first recorded.</param>
/// <param name="UpdatedAt">When its outcome last changed.</param>
public sealed record IdempotencyEntry(IdempotencyKey Key, string EventType, ProcessingStatus Status, string? Detail, DateTimeOffset RecordedAt, DateTimeOffset UpdatedAt);

/// <summary>The result of <see cref="IIdempotencyStore.TryRecordAsync"/>.</summary>
/// <param name="Recorded"><see langword="true"/> when the input was new and is now recorded; <see langword="false"/> for a duplicate.</param>
/// <param name="Entry">The recorded entry: the new one, or for a duplicate the earlier input's entry (found by any of the keys).</param>
public readonly record struct RecordResult(bool Recorded, IdempotencyEntry Entry)
{
    /// <summary><see langword="true"/> when the input was seen before.</summary>
    public bool IsDuplicate => !Recorded;
}

/// <summary>
/// Remembers which inputs were processed, so that the same input (under any of its keys) is processed once.
/// </summary>
/// <remarks>
/// Record-if-absent is atomic: when several workers record overlapping keys at once, exactly one of them gets
/// <see cref="RecordResult.Recorded"/>; the others see the duplicate. Used inside an <see cref="IStateTransaction"/>,
/// the record commits or rolls back with the transaction's other changes.
/// </remarks>
public interface IIdempotencyStore
{
    /// <summary>Records an input's keys with its outcome unless any of its keys was recorded before.</summary>
    /// <param name="record">The input.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether it was recorded, and the entry.</returns>
    ValueTask<RecordResult> TryRecordAsync(IdempotencyRecord record, CancellationToken cancellationToken = default);

    /// <summary>Records many inputs in one round trip, each as <see cref="TryRecordAsync"/> would, in order (a later input that repeats an earlier one's key is a duplicate of it).</summary>
    /// <param name="records">The inputs.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>One result per input, in order.</returns>
    ValueTask<IReadOnlyList<RecordResult>> TryRecordManyAsync(IReadOnlyList<IdempotencyRecord> records, CancellationToken cancellationToken = default);

    /// <summary>Finds the input recorded under a key (primary or alias).</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The entry, or <see langword="null"/> when the key is unknown.</returns>
    ValueTask<IdempotencyEntry?> FindAsync(IdempotencyKey key, CancellationToken cancellationToken = default);

    /// <summary>Changes the outcome of a recorded input (e.g. parked, later posted).</summary>
    /// <param name="key">The input's primary key.</param>
    /// <param name="status">The new outcome.</param>
    /// <param name="detail">The new note.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when the input was found.</returns>
    ValueTask<bool> SetOutcomeAsync(IdempotencyKey key, ProcessingStatus status, string? detail, CancellationToken cancellationToken = default);
}
