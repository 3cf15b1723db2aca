using HealthFinance.Idempotency.DeadLetters;
using HealthFinance.Idempotency.Lifecycle;
using HealthFinance.Idempotency.Outbox;
using HealthFinance.Idempotency.Parking;

namespace HealthFinance.Idempotency;

/// <summary>The stores of one unit of work: their changes commit together or not at all.</summary>
/// <remarks>
/// Disposing a transaction that was not committed rolls it back. A transaction is used by one caller at a time.
/// The typical unit is one input: record its keys, move its claim, park or release, and enqueue its postings; a
/// crash before <see cref="CommitAsync"/> leaves no trace, so the input is processed again on restart.
/// </remarks>
public interface IStateTransaction : IAsyncDisposable
{
    /// <summary>The idempotency store, inside this transaction.</summary>
    IIdempotencyStore Idempotency { get; }

    /// <summary>The claim lifecycle store, inside this transaction.</summary>
    IClaimLifecycleStore Lifecycle { get; }

    /// <summary>The parking store, inside this transaction.</summary>
    IParkingStore Parking { get; }

    /// <summary>The dead-letter store, inside this transaction.</summary>
    IDeadLetterStore DeadLetters { get; }

    /// <summary>The outbox, inside this transaction.</summary>
    IOutboxStore Outbox { get; }

    /// <summary>The kept claim payments, inside this transaction.</summary>
    IClaimPaymentStore Payments { get; }

    /// <summary>Commits every change made through this transaction.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the changes are durable.</returns>
    /// <exception cref="InvalidOperationException">The transaction was already committed or disposed.</exception>
    ValueTask CommitAsync(CancellationToken cancellationToken = default);
}

/// <summary>How many rows <see cref="IStateStore.PurgeAsync"/> removed or cleared.</summary>
/// <param name="PayloadsCleared">Dead-letter, parked and outbox payloads erased because they outlived the payload retention.</param>
/// <param name="HistoryDeleted">Claim history entries, kept claim payments, closed dead letters and finished outbox messages deleted because they outlived the history retention.</param>
/// <param name="KeysDeleted">Idempotency entries deleted because they outlived the key retention.</param>
public sealed record PurgeReport(long PayloadsCleared, long HistoryDeleted, long KeysDeleted);

/// <summary>
/// The suite's durable state: idempotency, claim lifecycle, parking, dead letters, outbox and kept claim payments, over one database.
/// </summary>
/// <remarks>
/// The store properties each run their operations in a transaction of their own; use
/// <see cref="BeginTransactionAsync"/> to change several stores atomically. Implementations are thread-safe, use
/// the <see cref="TimeProvider"/> from their options for every timestamp, and encrypt payloads at rest.
/// </remarks>
public interface IStateStore
{
    /// <summary>The idempotency store.</summary>
    IIdempotencyStore Idempotency { get; }

    /// <summary>The claim lifecycle store.</summary>
    IClaimLifecycleStore Lifecycle { get; }

    /// <summary>The parking store.</summary>
    IParkingStore Parking { get; }

    /// <summary>The dead-letter store.</summary>
    IDeadLetterStore DeadLetters { get; }

    /// <summary>The outbox.</summary>
    IOutboxStore Outbox { get; }

    /// <summary>The claim payments kept for later reversals.</summary>
    IClaimPaymentStore Payments { get; }

    /// <summary>Creates the schema or migrates it to the current version; safe to run from several processes at once.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the schema is current.</returns>
    ValueTask MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>Starts a unit of work over every store.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The transaction.</returns>
    ValueTask<IStateTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default);

    /// <summary>Applies the retention settings of <see cref="StateStoreOptions.Retention"/>.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>What was purged.</returns>
    ValueTask<PurgeReport> PurgeAsync(CancellationToken cancellationToken = default);
}
