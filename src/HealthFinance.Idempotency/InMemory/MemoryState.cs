using System.Collections.Immutable;
using System.Text;
using HealthFinance.Idempotency.DeadLetters;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Idempotency.Lifecycle;
using HealthFinance.Idempotency.Outbox;
using HealthFinance.Idempotency.Parking;
using HealthFinance.Idempotency.Protection;

namespace HealthFinance.Idempotency.InMemory;

/// <summary>
/// The rows of an <see cref="InMemoryStateStore"/> and the operations on them. Not thread-safe: the store's lock
/// admits one caller at a time, and every change is recorded in an undo log until <see cref="Commit"/>.
/// </summary>
internal sealed partial class MemoryState
{
    private readonly UndoLog _undo = new();
    private readonly TimeProvider _time;
    private readonly AesGcmPayloadProtector _protector;
    private readonly TimeSpan _parkingExpiry;
    private readonly TimeSpan _payloadRetention;
    private readonly TimeSpan _historyRetention;
    private readonly TimeSpan? _keyRetention;
    private long _sequence;

    /// <summary>Creates an empty state from validated options, copying the settings it uses.</summary>
    /// <param name="options">The options.</param>
    public MemoryState(StateStoreOptions options)
    {
        _time = options.TimeProvider;
        _protector = new AesGcmPayloadProtector(options);
        _parkingExpiry = options.ParkingExpiry;
        _payloadRetention = options.Retention.PayloadRetention;
        _historyRetention = options.Retention.HistoryRetention;
        _keyRetention = options.Retention.KeyRetention;

        _keys = new(new Dictionary<IdempotencyKey, IdempotencyKey>(), _undo);
        _entries = new(new Dictionary<IdempotencyKey, IdempotencyRow>(), _undo);
        _claims = new(new Dictionary<ClaimKey, ClaimRow>(), _undo);
        _claimsById = new(new Dictionary<Canonical.PatientControlNumber, ImmutableArray<ClaimKey>>(), _undo);
        _claimsByPccn = new(new Dictionary<Canonical.PayerClaimControlNumber, ImmutableArray<ClaimKey>>(), _undo);
        _parked = new(new Dictionary<IdempotencyKey, ParkedRow>(), _undo);
        _deadLetters = new(new SortedDictionary<string, DeadLetterRow>(StringComparer.Ordinal), _undo);
        _outbox = new(new Dictionary<IdempotencyKey, OutboxRow>(), _undo);
        _pendingOutbox = new(new Dictionary<IdempotencyKey, OutboxRow>(), _undo);
        _payments = new(new Dictionary<IdempotencyKey, ClaimPaymentRow>(), _undo);
        _paymentsByClaim = new(new Dictionary<ClaimKey, System.Collections.Immutable.ImmutableArray<IdempotencyKey>>(), _undo);
    }

    private DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Runs one operation atomically: when it throws, its changes are undone before the exception leaves.</summary>
    /// <typeparam name="TArg">The argument type.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="argument">The argument.</param>
    /// <param name="operation">The operation.</param>
    /// <returns>Its result.</returns>
    public TResult Execute<TArg, TResult>(TArg argument, Func<MemoryState, TArg, TResult> operation)
    {
        var savepoint = _undo.Count;
        try
        {
            return operation(this, argument);
        }
        catch
        {
            _undo.RollbackTo(savepoint);
            throw;
        }
    }

    /// <summary>Keeps every change made since the last commit or rollback.</summary>
    public void Commit() => _undo.Clear();

    /// <summary>Undoes every change made since the last commit, newest first.</summary>
    public void Rollback() => _undo.RollbackTo(0);

    /// <summary>Applies the retention settings.</summary>
    /// <returns>What was purged.</returns>
    public PurgeReport Purge()
    {
        var now = Now;
        var payloadCutoff = Cutoff(now, _payloadRetention);
        var historyCutoff = Cutoff(now, _historyRetention);

        // Deletions first, so that a row deleted for its age is not also counted as a cleared payload.
        long history = 0;
        foreach (var row in _claims.Values.ToList())
        {
            var kept = row.History.RemoveAll(h => h.At < historyCutoff);
            if (kept.Count != row.History.Count)
            {
                history += row.History.Count - kept.Count;
                _claims.Set(row.Record.Claim, row with { History = kept });
            }
        }

        foreach (var row in _deadLetters.Values.Where(r => r.Letter.Status != DeadLetterStatus.Open && r.Letter.ResolvedAt < historyCutoff).ToList())
        {
            _deadLetters.Remove(row.Letter.Id);
            history++;
        }

        foreach (var row in _outbox.Values.Where(r => r.Entry.Status != OutboxStatus.Pending && r.Entry.CompletedAt < historyCutoff).ToList())
        {
            _outbox.Remove(row.Entry.Key);
            history++;
        }

        history += PurgePayments(historyCutoff);

        long payloads = 0;
        foreach (var row in _deadLetters.Values.Where(r => r.Payload is not null && r.Letter.LastFailureAt < payloadCutoff).ToList())
        {
            _deadLetters.Set(row.Letter.Id, new DeadLetterRow(row.Letter with { PayloadKeyId = null }, null));
            payloads++;
        }

        foreach (var row in _parked.Values.Where(r => r.Payload is not null && r.Input.ParkedAt < payloadCutoff).ToList())
        {
            _parked.Set(row.Input.InputKey, row with { Payload = null });
            payloads++;
        }

        // A pending message keeps its payload whatever its age: it has yet to be delivered.
        foreach (var row in _outbox.Values.Where(r => r.Payload is not null && r.Entry.Status != OutboxStatus.Pending && r.Entry.CreatedAt < payloadCutoff).ToList())
        {
            SetOutbox(row with { Payload = null });
            payloads++;
        }

        long keys = 0;
        if (_keyRetention is { } keyRetention)
        {
            var keyCutoff = Cutoff(now, keyRetention);
            foreach (var row in _entries.Values.Where(r => r.Entry.UpdatedAt < keyCutoff).ToList())
            {
                foreach (var key in row.Keys)
                {
                    _keys.Remove(key);
                }

                _entries.Remove(row.Entry.Key);
                keys++;
            }
        }

        return new PurgeReport(payloads, history, keys);
    }

    private static DateTimeOffset Cutoff(DateTimeOffset now, TimeSpan retention)
        => retention >= now - DateTimeOffset.MinValue ? DateTimeOffset.MinValue : now - retention;

    private static byte[] AssociatedData(IdempotencyKey rowKey) => Encoding.UTF8.GetBytes(rowKey.Value);

    private long NextSequence() => ++_sequence;

    private byte[] Protect(ReadOnlyMemory<byte> payload, IdempotencyKey rowKey) => _protector.Protect(payload.Span, AssociatedData(rowKey));

    private byte[] Unprotect(byte[] payload, IdempotencyKey rowKey) => _protector.Unprotect(payload, AssociatedData(rowKey));
}
