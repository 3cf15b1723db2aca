using HealthFinance.Idempotency.DeadLetters;
using HealthFinance.Idempotency.Lifecycle;
using HealthFinance.Idempotency.Outbox;
using HealthFinance.Idempotency.Parking;

namespace HealthFinance.Idempotency.Relational;

/// <summary>
/// A unit of work of a <see cref="RelationalStateStore"/>: one connection and one database transaction, shared by
/// every store it exposes. After an operation fails part-way, the transaction can only be disposed (rolled back), so
/// that a half-done operation is never committed.
/// </summary>
internal sealed class RelationalStateTransaction : IStateTransaction, ISessionScope
{
    private readonly RelationalStateStore _store;
    private readonly RelationalSession _session;
    private bool _completed;
    private bool _faulted;

    public RelationalStateTransaction(RelationalStateStore store, RelationalSession session)
    {
        _store = store;
        _session = session;
        Idempotency = new RelationalIdempotencyStore(this, store.IdempotencyOperations);
        Lifecycle = new RelationalClaimLifecycleStore(this, store.LifecycleOperations);
        Parking = new RelationalParkingStore(this, store.ParkingOperations);
        DeadLetters = new RelationalDeadLetterStore(this, store.DeadLetterOperations);
        Outbox = new RelationalOutboxStore(this, store.OutboxOperations);
        Payments = new RelationalClaimPaymentStore(this, store.ClaimPaymentOperations);
    }

    public IIdempotencyStore Idempotency { get; }

    public IClaimLifecycleStore Lifecycle { get; }

    public IParkingStore Parking { get; }

    public IDeadLetterStore DeadLetters { get; }

    public IOutboxStore Outbox { get; }

    public IClaimPaymentStore Payments { get; }

    public async ValueTask<TResult> RunAsync<TState, TResult>(TState state, Func<RelationalSession, TState, CancellationToken, ValueTask<TResult>> work, bool readOnly, CancellationToken cancellationToken)
    {
        EnsureUsable();

        // Cancelled before it starts, the operation changes nothing: the transaction stays usable.
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await work(_session, state, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _faulted = true;
            throw;
        }
    }

    public async ValueTask CommitAsync(CancellationToken cancellationToken = default)
    {
        EnsureUsable();
        try
        {
            await _session.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _faulted = true;
            throw;
        }

        _completed = true;
        await _store.ReturnAsync(_session).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        if (_faulted)
        {
            await _session.DisposeAsync().ConfigureAwait(false);
            return;
        }

        try
        {
            await _session.RollbackAsync().ConfigureAwait(false);
        }
        catch
        {
            await _session.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await _store.ReturnAsync(_session).ConfigureAwait(false);
    }

    private void EnsureUsable()
    {
        if (_completed)
        {
            throw new InvalidOperationException("The transaction was already committed or disposed.");
        }

        if (_faulted)
        {
            throw new InvalidOperationException("An earlier operation of this transaction failed; dispose it to roll back.");
        }
    }
}
