using HealthFinance.Idempotency.DeadLetters;
using HealthFinance.Idempotency.Lifecycle;
using HealthFinance.Idempotency.Outbox;
using HealthFinance.Idempotency.Parking;

namespace HealthFinance.Idempotency.InMemory;

/// <summary>
/// A unit of work over an <see cref="InMemoryStateStore"/>: holds the store's lock from begin to commit or dispose;
/// its changes apply at once and are undone, newest first, when it is disposed without a commit.
/// </summary>
internal sealed class InMemoryTransaction : IStateTransaction, IMemoryExecutor
{
    private const int Active = 0;
    private const int Committed = 1;
    private const int Disposed = 2;

    private readonly MemoryState _state;
    private readonly SemaphoreSlim _lock;
    private int _phase;

    /// <summary>Starts the transaction; the caller has acquired <paramref name="storeLock"/> for it.</summary>
    /// <param name="state">The store's state.</param>
    /// <param name="storeLock">The store's lock, released when the transaction ends.</param>
    public InMemoryTransaction(MemoryState state, SemaphoreSlim storeLock)
    {
        _state = state;
        _lock = storeLock;
        Idempotency = new MemoryIdempotencyStore(this);
        Lifecycle = new MemoryClaimLifecycleStore(this);
        Parking = new MemoryParkingStore(this);
        DeadLetters = new MemoryDeadLetterStore(this);
        Outbox = new MemoryOutboxStore(this);
        Payments = new MemoryClaimPaymentStore(this);
    }

    /// <inheritdoc/>
    public IIdempotencyStore Idempotency { get; }

    /// <inheritdoc/>
    public IClaimLifecycleStore Lifecycle { get; }

    /// <inheritdoc/>
    public IParkingStore Parking { get; }

    /// <inheritdoc/>
    public IDeadLetterStore DeadLetters { get; }

    /// <inheritdoc/>
    public IOutboxStore Outbox { get; }

    /// <inheritdoc/>
    public IClaimPaymentStore Payments { get; }

    /// <inheritdoc/>
    public ValueTask CommitAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EnsureActive();
        _state.Commit();
        _phase = Committed;
        _lock.Release();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _phase, Disposed) == Active)
        {
            _state.Rollback();
            _lock.Release();
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    ValueTask<TResult> IMemoryExecutor.RunAsync<TArg, TResult>(TArg argument, Func<MemoryState, TArg, TResult> operation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EnsureActive();
        return ValueTask.FromResult(_state.Execute(argument, operation));
    }

    private void EnsureActive()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _phase) == Disposed, this);
        if (_phase == Committed)
        {
            throw new InvalidOperationException("The transaction is committed; begin a new one for further changes.");
        }
    }
}
