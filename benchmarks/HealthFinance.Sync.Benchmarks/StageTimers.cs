using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using HealthFinance.Erp;
using HealthFinance.Idempotency;
using HealthFinance.Idempotency.DeadLetters;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Idempotency.Lifecycle;
using HealthFinance.Idempotency.Outbox;
using HealthFinance.Idempotency.Parking;

namespace HealthFinance.Sync.Benchmarks;

/// <summary>Call counts and elapsed time per operation, from any thread.</summary>
internal sealed class StageTimers
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public IEnumerable<(string Name, long Calls, TimeSpan Elapsed)> Rows
        => _entries.OrderByDescending(static e => e.Value.Ticks).Select(static e => (e.Key, e.Value.Calls, Stopwatch.GetElapsedTime(0, e.Value.Ticks)));

    public TimeSpan Total(string prefix)
        => Stopwatch.GetElapsedTime(0, _entries.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(static e => e.Value.Ticks));

    public void Add(string name, long started)
    {
        var entry = _entries.GetOrAdd(name, static _ => new Entry());
        Interlocked.Increment(ref entry.Calls);
        Interlocked.Add(ref entry.Ticks, Stopwatch.GetTimestamp() - started);
    }

    public async ValueTask<T> Time<T>(string name, Func<ValueTask<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await call().ConfigureAwait(false);
        }
        finally
        {
            Add(name, started);
        }
    }

    public async ValueTask Time(string name, Func<ValueTask> call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await call().ConfigureAwait(false);
        }
        finally
        {
            Add(name, started);
        }
    }

    public string Format(string title, TimeSpan wall)
    {
        var lines = new List<string> { title, "| operation | calls | time | share of wall |", "|---|---:|---:|---:|" };
        foreach (var (name, calls, elapsed) in Rows)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"| {name} | {calls:N0} | {elapsed.TotalSeconds:N2} s | {elapsed / wall:P0} |"));
        }

        return string.Join(Environment.NewLine, lines);
    }

    private sealed class Entry
    {
#pragma warning disable SA1401, CA1051 // Interlocked needs fields.
        public long Calls;
        public long Ticks;
#pragma warning restore SA1401, CA1051
    }
}

/// <summary>An <see cref="IStateStore"/> that times every call of the store it wraps (names start with <c>state.</c>).</summary>
internal sealed class TimedStateStore(IStateStore inner, StageTimers timers) : IStateStore
{
    public IIdempotencyStore Idempotency { get; } = new TimedIdempotency(inner.Idempotency, timers, "state.idempotency.");

    public IClaimLifecycleStore Lifecycle { get; } = new TimedLifecycle(inner.Lifecycle, timers, "state.lifecycle.");

    public IParkingStore Parking { get; } = new TimedParking(inner.Parking, timers, "state.parking.");

    public IDeadLetterStore DeadLetters { get; } = new TimedDeadLetters(inner.DeadLetters, timers, "state.dead-letters.");

    public IOutboxStore Outbox { get; } = new TimedOutbox(inner.Outbox, timers, "state.outbox.");

    public IClaimPaymentStore Payments { get; } = new TimedPayments(inner.Payments, timers, "state.payments.");

    public ValueTask MigrateAsync(CancellationToken cancellationToken = default) => timers.Time("state.migrate", () => inner.MigrateAsync(cancellationToken));

    public async ValueTask<IStateTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default)
        => new TimedTransaction(await timers.Time("state.tx.begin", () => inner.BeginTransactionAsync(cancellationToken)).ConfigureAwait(false), timers);

    public ValueTask<PurgeReport> PurgeAsync(CancellationToken cancellationToken = default) => inner.PurgeAsync(cancellationToken);

    private sealed class TimedTransaction(IStateTransaction tx, StageTimers timers) : IStateTransaction
    {
        public IIdempotencyStore Idempotency { get; } = new TimedIdempotency(tx.Idempotency, timers, "state.tx.idempotency.");

        public IClaimLifecycleStore Lifecycle { get; } = new TimedLifecycle(tx.Lifecycle, timers, "state.tx.lifecycle.");

        public IParkingStore Parking { get; } = new TimedParking(tx.Parking, timers, "state.tx.parking.");

        public IDeadLetterStore DeadLetters { get; } = new TimedDeadLetters(tx.DeadLetters, timers, "state.tx.dead-letters.");

        public IOutboxStore Outbox { get; } = new TimedOutbox(tx.Outbox, timers, "state.tx.outbox.");

        public IClaimPaymentStore Payments { get; } = new TimedPayments(tx.Payments, timers, "state.tx.payments.");

        public ValueTask CommitAsync(CancellationToken cancellationToken = default) => timers.Time("state.tx.commit", () => tx.CommitAsync(cancellationToken));

        public ValueTask DisposeAsync() => timers.Time("state.tx.dispose", tx.DisposeAsync);
    }

    private sealed class TimedIdempotency(IIdempotencyStore inner, StageTimers t, string p) : IIdempotencyStore
    {
        public ValueTask<RecordResult> TryRecordAsync(IdempotencyRecord record, CancellationToken cancellationToken = default) => t.Time(p + "record", () => inner.TryRecordAsync(record, cancellationToken));

        public ValueTask<IReadOnlyList<RecordResult>> TryRecordManyAsync(IReadOnlyList<IdempotencyRecord> records, CancellationToken cancellationToken = default) => t.Time(p + "record-many", () => inner.TryRecordManyAsync(records, cancellationToken));

        public ValueTask<IdempotencyEntry?> FindAsync(IdempotencyKey key, CancellationToken cancellationToken = default) => t.Time(p + "find", () => inner.FindAsync(key, cancellationToken));

        public ValueTask<bool> SetOutcomeAsync(IdempotencyKey key, ProcessingStatus status, string? detail, CancellationToken cancellationToken = default) => t.Time(p + "set-outcome", () => inner.SetOutcomeAsync(key, status, detail, cancellationToken));
    }

    private sealed class TimedLifecycle(IClaimLifecycleStore inner, StageTimers t, string p) : IClaimLifecycleStore
    {
        public ValueTask<TransitionResult> ApplyAsync(ClaimTransition transition, CancellationToken cancellationToken = default) => t.Time(p + "apply", () => inner.ApplyAsync(transition, cancellationToken));

        public ValueTask<ClaimRecord?> FindAsync(ClaimLookup lookup, CancellationToken cancellationToken = default) => t.Time(p + "find", () => inner.FindAsync(lookup, cancellationToken));

        public ValueTask<IReadOnlyList<ClaimHistoryEntry>> GetHistoryAsync(ClaimKey claim, CancellationToken cancellationToken = default) => t.Time(p + "history", () => inner.GetHistoryAsync(claim, cancellationToken));
    }

    private sealed class TimedPayments(IClaimPaymentStore inner, StageTimers t, string p) : IClaimPaymentStore
    {
        public ValueTask<bool> KeepAsync(ClaimPaymentRecord payment, CancellationToken cancellationToken = default) => t.Time(p + "keep", () => inner.KeepAsync(payment, cancellationToken));

        public ValueTask<IReadOnlyList<KeptClaimPayment>> FindAsync(ClaimKey claim, CancellationToken cancellationToken = default) => t.Time(p + "find", () => inner.FindAsync(claim, cancellationToken));

        public ValueTask<bool> ForgetAsync(IdempotencyKey paymentKey, CancellationToken cancellationToken = default) => t.Time(p + "forget", () => inner.ForgetAsync(paymentKey, cancellationToken));
    }

    private sealed class TimedParking(IParkingStore inner, StageTimers t, string p) : IParkingStore
    {
        public ValueTask<bool> ParkAsync(ParkRequest request, CancellationToken cancellationToken = default) => t.Time(p + "park", () => inner.ParkAsync(request, cancellationToken));

        public ValueTask<IReadOnlyList<ParkedInput>> ReleaseAsync(IdempotencyKey waitingFor, CancellationToken cancellationToken = default) => t.Time(p + "release", () => inner.ReleaseAsync(waitingFor, cancellationToken));

        public ValueTask<IReadOnlyList<ParkedInput>> ListAsync(int limit = 100, CancellationToken cancellationToken = default) => t.Time(p + "list", () => inner.ListAsync(limit, cancellationToken));

        public ValueTask<int> ExpireAsync(CancellationToken cancellationToken = default) => t.Time(p + "expire", () => inner.ExpireAsync(cancellationToken));
    }

    private sealed class TimedDeadLetters(IDeadLetterStore inner, StageTimers t, string p) : IDeadLetterStore
    {
        public ValueTask<DeadLetter> AddAsync(DeadLetterRequest request, CancellationToken cancellationToken = default) => t.Time(p + "add", () => inner.AddAsync(request, cancellationToken));

        public ValueTask<DeadLetter?> GetAsync(string id, CancellationToken cancellationToken = default) => t.Time(p + "get", () => inner.GetAsync(id, cancellationToken));

        public ValueTask<IReadOnlyList<DeadLetter>> ListAsync(DeadLetterQuery query, CancellationToken cancellationToken = default) => t.Time(p + "list", () => inner.ListAsync(query, cancellationToken));

        public ValueTask<ReadOnlyMemory<byte>?> ReadPayloadAsync(string id, CancellationToken cancellationToken = default) => t.Time(p + "payload", () => inner.ReadPayloadAsync(id, cancellationToken));

        public ValueTask<bool> ResolveAsync(string id, DeadLetterStatus status, CancellationToken cancellationToken = default) => t.Time(p + "resolve", () => inner.ResolveAsync(id, status, cancellationToken));
    }

    private sealed class TimedOutbox(IOutboxStore inner, StageTimers t, string p) : IOutboxStore
    {
        public ValueTask<bool> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken = default) => t.Time(p + "enqueue", () => inner.EnqueueAsync(message, cancellationToken));

        public ValueTask<IReadOnlyList<OutboxLease>> LeaseAsync(string workerId, int maxCount, TimeSpan leaseDuration, string? destination = null, CancellationToken cancellationToken = default) => t.Time(p + "lease", () => inner.LeaseAsync(workerId, maxCount, leaseDuration, destination, cancellationToken));

        public ValueTask<bool> CompleteAsync(OutboxLease lease, string? externalReference, CancellationToken cancellationToken = default) => t.Time(p + "complete", () => inner.CompleteAsync(lease, externalReference, cancellationToken));

        public ValueTask<bool> FailAsync(OutboxLease lease, string reason, DateTimeOffset? retryAt, CancellationToken cancellationToken = default) => t.Time(p + "fail", () => inner.FailAsync(lease, reason, retryAt, cancellationToken));

        public ValueTask<OutboxEntry?> GetAsync(IdempotencyKey key, CancellationToken cancellationToken = default) => t.Time(p + "get", () => inner.GetAsync(key, cancellationToken));

        public ValueTask<long> CountAsync(OutboxStatus status, CancellationToken cancellationToken = default) => t.Time(p + "count", () => inner.CountAsync(status, cancellationToken));
    }
}

/// <summary>An <see cref="IErpAdapter"/> that times the adapter it wraps (names start with <c>erp.</c>).</summary>
internal sealed class TimedErpAdapter(IErpAdapter inner, StageTimers timers) : IErpAdapter
{
    public string Name => inner.Name;

    public ErpCapabilities Capabilities => inner.Capabilities;

    public async Task<IReadOnlyList<ErpAcknowledgment>> PostAsync(ErpBatch batch, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await inner.PostAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            timers.Add("erp.post", started);
        }
    }

    public async Task<ErpLookupResult> LookupAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await inner.LookupAsync(idempotencyKey, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            timers.Add("erp.lookup", started);
        }
    }
}

/// <summary>An ERP that accepts every journal at once and keeps nothing: the pipeline without an export.</summary>
internal sealed class NullErpAdapter : IErpAdapter
{
    public string Name => "null";

    public ErpCapabilities Capabilities { get; } = ErpCapabilities.Unlimited with { NativeIdempotency = true };

    public Task<IReadOnlyList<ErpAcknowledgment>> PostAsync(ErpBatch batch, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<ErpAcknowledgment>>([.. batch.Journals.Select(static j => ErpAcknowledgment.Accepted(j.IdempotencyKey, j.IdempotencyKey))]);

    public Task<ErpLookupResult> LookupAsync(string idempotencyKey, CancellationToken cancellationToken) => Task.FromResult(ErpLookupResult.NotFound);
}
