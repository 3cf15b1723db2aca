using HealthFinance.Idempotency.DeadLetters;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Idempotency.Lifecycle;
using HealthFinance.Idempotency.Outbox;
using HealthFinance.Idempotency.Parking;

namespace HealthFinance.Idempotency.InMemory;

/// <summary>The in-memory idempotency store: checks arguments, then runs on its executor.</summary>
/// <param name="executor">The store (one transaction per call) or a caller's transaction.</param>
internal sealed class MemoryIdempotencyStore(IMemoryExecutor executor) : IIdempotencyStore
{
    /// <inheritdoc/>
    public ValueTask<RecordResult> TryRecordAsync(IdempotencyRecord record, CancellationToken cancellationToken = default)
    {
        StoreArguments.Record(record, nameof(record));
        return executor.RunAsync(record, static (s, r) => s.TryRecord(r), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<RecordResult>> TryRecordManyAsync(IReadOnlyList<IdempotencyRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            StoreArguments.Record(record, nameof(records));
        }

        return executor.RunAsync(records, static (s, r) => s.TryRecordMany(r), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<IdempotencyEntry?> FindAsync(IdempotencyKey key, CancellationToken cancellationToken = default)
    {
        StoreArguments.Key(key, nameof(key));
        return executor.RunAsync(key, static (s, k) => s.FindEntry(k), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<bool> SetOutcomeAsync(IdempotencyKey key, ProcessingStatus status, string? detail, CancellationToken cancellationToken = default)
    {
        StoreArguments.Key(key, nameof(key));
        StoreArguments.Defined(status, nameof(status));
        return executor.RunAsync((key, status, detail), static (s, a) => s.SetOutcome(a.key, a.status, a.detail), cancellationToken);
    }
}

/// <summary>The in-memory claim lifecycle store.</summary>
/// <param name="executor">The store or a caller's transaction.</param>
internal sealed class MemoryClaimLifecycleStore(IMemoryExecutor executor) : IClaimLifecycleStore
{
    /// <inheritdoc/>
    public ValueTask<TransitionResult> ApplyAsync(ClaimTransition transition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transition);
        Claim(transition.Claim, nameof(transition));
        StoreArguments.Key(transition.CausedBy, nameof(transition));
        StoreArguments.Defined(transition.To, nameof(transition));
        return executor.RunAsync(transition, static (s, t) => s.Apply(t), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<ClaimRecord?> FindAsync(ClaimLookup lookup, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        if (lookup.ClaimId == default)
        {
            throw new ArgumentException("The claim id is empty.", nameof(lookup));
        }

        return executor.RunAsync(lookup, static (s, l) => s.FindClaim(l), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<ClaimHistoryEntry>> GetHistoryAsync(ClaimKey claim, CancellationToken cancellationToken = default)
    {
        Claim(claim, nameof(claim));
        return executor.RunAsync(claim, static (s, c) => s.GetHistory(c), cancellationToken);
    }

    private static void Claim(ClaimKey claim, string paramName)
    {
        if (claim.Payer == default || claim.ClaimId == default)
        {
            throw new ArgumentException("The claim key needs a payer and a claim id.", paramName);
        }
    }
}

/// <summary>The in-memory parking store.</summary>
/// <param name="executor">The store or a caller's transaction.</param>
internal sealed class MemoryParkingStore(IMemoryExecutor executor) : IParkingStore
{
    /// <inheritdoc/>
    public ValueTask<bool> ParkAsync(ParkRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        StoreArguments.Key(request.InputKey, nameof(request));
        StoreArguments.Key(request.WaitingFor, nameof(request));
        ArgumentNullException.ThrowIfNull(request.EventType, nameof(request));
        ArgumentNullException.ThrowIfNull(request.Reason, nameof(request));
        ArgumentNullException.ThrowIfNull(request.Context, nameof(request));
        if (request.Expiry is { } expiry && expiry <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(request), expiry, "The expiry must be positive.");
        }

        return executor.RunAsync(request, static (s, r) => s.Park(r), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<ParkedInput>> ReleaseAsync(IdempotencyKey waitingFor, CancellationToken cancellationToken = default)
    {
        StoreArguments.Key(waitingFor, nameof(waitingFor));
        return executor.RunAsync(waitingFor, static (s, w) => s.Release(w), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<ParkedInput>> ListAsync(int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return executor.RunAsync(limit, static (s, l) => s.ListParked(l), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<int> ExpireAsync(CancellationToken cancellationToken = default)
        => executor.RunAsync(0, static (s, _) => s.Expire(), cancellationToken);
}

/// <summary>The in-memory dead-letter store.</summary>
/// <param name="executor">The store or a caller's transaction.</param>
internal sealed class MemoryDeadLetterStore(IMemoryExecutor executor) : IDeadLetterStore
{
    /// <inheritdoc/>
    public ValueTask<DeadLetter> AddAsync(DeadLetterRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        StoreArguments.Key(request.InputKey, nameof(request));
        ArgumentNullException.ThrowIfNull(request.Reason, nameof(request));
        ArgumentNullException.ThrowIfNull(request.Context, nameof(request));
        ArgumentNullException.ThrowIfNull(request.PayloadType, nameof(request));
        return executor.RunAsync(request, static (s, r) => s.AddDeadLetter(r), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<DeadLetter?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return executor.RunAsync(id, static (s, i) => s.GetDeadLetter(i), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<DeadLetter>> ListAsync(DeadLetterQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit, nameof(query));
        if (query.Status is { } status)
        {
            StoreArguments.Defined(status, nameof(query));
        }

        return executor.RunAsync(query, static (s, q) => s.ListDeadLetters(q), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<ReadOnlyMemory<byte>?> ReadPayloadAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return executor.RunAsync(id, static (s, i) => s.ReadDeadLetterPayload(i), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<bool> ResolveAsync(string id, DeadLetterStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (status == DeadLetterStatus.Open)
        {
            throw new ArgumentException("A dead letter is resolved as Replayed or Discarded, not Open.", nameof(status));
        }

        StoreArguments.Defined(status, nameof(status));
        return executor.RunAsync((id, status), static (s, a) => s.Resolve(a.id, a.status), cancellationToken);
    }
}

/// <summary>The in-memory outbox.</summary>
/// <param name="executor">The store or a caller's transaction.</param>
internal sealed class MemoryOutboxStore(IMemoryExecutor executor) : IOutboxStore
{
    /// <inheritdoc/>
    public ValueTask<bool> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        StoreArguments.Key(message.Key, nameof(message));
        ArgumentNullException.ThrowIfNull(message.Destination, nameof(message));
        ArgumentNullException.ThrowIfNull(message.PayloadType, nameof(message));
        return executor.RunAsync(message, static (s, m) => s.Enqueue(m), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<OutboxLease>> LeaseAsync(string workerId, int maxCount, TimeSpan leaseDuration, string? destination = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workerId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);
        return executor.RunAsync((workerId, maxCount, leaseDuration, destination), static (s, a) => s.Lease(a.workerId, a.maxCount, a.leaseDuration, a.destination), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<bool> CompleteAsync(OutboxLease lease, string? externalReference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return executor.RunAsync((lease, externalReference), static (s, a) => s.Complete(a.lease, a.externalReference), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<bool> FailAsync(OutboxLease lease, string reason, DateTimeOffset? retryAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(reason);
        return executor.RunAsync((lease, reason, retryAt), static (s, a) => s.Fail(a.lease, a.reason, a.retryAt), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<OutboxEntry?> GetAsync(IdempotencyKey key, CancellationToken cancellationToken = default)
    {
        StoreArguments.Key(key, nameof(key));
        return executor.RunAsync(key, static (s, k) => s.GetOutboxEntry(k), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<long> CountAsync(OutboxStatus status, CancellationToken cancellationToken = default)
    {
        StoreArguments.Defined(status, nameof(status));
        return executor.RunAsync(status, static (s, st) => s.CountOutbox(st), cancellationToken);
    }
}

/// <summary>The in-memory claim payment store.</summary>
/// <param name="executor">The store or a caller's transaction.</param>
internal sealed class MemoryClaimPaymentStore(IMemoryExecutor executor) : IClaimPaymentStore
{
    /// <inheritdoc/>
    public ValueTask<bool> KeepAsync(ClaimPaymentRecord payment, CancellationToken cancellationToken = default)
    {
        Relational.RelationalArguments.Payment(payment, nameof(payment));
        return executor.RunAsync(payment, static (s, p) => s.KeepPayment(p), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<KeptClaimPayment>> FindAsync(ClaimKey claim, CancellationToken cancellationToken = default)
    {
        Relational.RelationalArguments.Claim(claim, nameof(claim));
        return executor.RunAsync(claim, static (s, c) => s.FindPayments(c), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<bool> ForgetAsync(IdempotencyKey paymentKey, CancellationToken cancellationToken = default)
    {
        StoreArguments.Key(paymentKey, nameof(paymentKey));
        return executor.RunAsync(paymentKey, static (s, k) => s.ForgetPayment(k), cancellationToken);
    }
}
