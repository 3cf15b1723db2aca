using System.Diagnostics.CodeAnalysis;
using HealthFinance.Idempotency.DeadLetters;
using HealthFinance.Idempotency.Lifecycle;
using HealthFinance.Idempotency.Outbox;
using HealthFinance.Idempotency.Parking;
using HealthFinance.Idempotency.Protection;

namespace HealthFinance.Idempotency.InMemory;

/// <summary>
/// A complete, thread-safe <see cref="IStateStore"/> held in memory, for tests and single-process hosts. Nothing
/// survives the process.
/// </summary>
/// <remarks>
/// <para>It behaves as the durable stores do: timestamps come from <see cref="StateStoreOptions.TimeProvider"/>,
/// payloads are encrypted with <see cref="AesGcmPayloadProtector"/> (bound to their row's key) so key ids and
/// purges read the same, and retention applies on <see cref="PurgeAsync"/>.</para>
/// <para>One lock serialises the store: a transaction holds it from <see cref="BeginTransactionAsync"/> until it
/// is committed or disposed, and each call through the store properties takes it for that call alone. Inside a
/// transaction use the transaction's stores; a call through the store properties waits until the transaction
/// ends.</para>
/// </remarks>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "The semaphore is only awaited and released; it never creates the wait handle that disposal would free.")]
public sealed class InMemoryStateStore : IStateStore, IMemoryExecutor
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly MemoryState _state;

    /// <summary>Creates an empty store.</summary>
    /// <param name="options">The options; validated, and copied so that later changes to them have no effect.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="System.ComponentModel.DataAnnotations.ValidationException">The options are not usable; the message lists every problem.</exception>
    public InMemoryStateStore(StateStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureValid();
        _state = new MemoryState(options);
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

    /// <summary>Does nothing: memory has no schema.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A completed task.</returns>
    public ValueTask MigrateAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    /// <remarks>Waits for the transaction in progress, if any, to end.</remarks>
    public async ValueTask<IStateTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new InMemoryTransaction(_state, _lock);
    }

    /// <inheritdoc/>
    public ValueTask<PurgeReport> PurgeAsync(CancellationToken cancellationToken = default)
        => ((IMemoryExecutor)this).RunAsync(0, static (s, _) => s.Purge(), cancellationToken);

    /// <inheritdoc/>
    async ValueTask<TResult> IMemoryExecutor.RunAsync<TArg, TResult>(TArg argument, Func<MemoryState, TArg, TResult> operation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var result = _state.Execute(argument, operation);
            _state.Commit();
            return result;
        }
        finally
        {
            _lock.Release();
        }
    }
}
