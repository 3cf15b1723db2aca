using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using HealthFinance.Idempotency.DeadLetters;
using HealthFinance.Idempotency.Lifecycle;
using HealthFinance.Idempotency.Outbox;
using HealthFinance.Idempotency.Parking;

namespace HealthFinance.Idempotency.Relational;

/// <summary>
/// A state store over a relational database through ADO.NET: every store's logic and SQL, written once; a provider
/// supplies the <see cref="SqlDialect"/> and how connections are opened and transactions begun.
/// </summary>
/// <remarks>
/// <para><b>Sessions.</b> The store keeps a small pool of open connections, each with the statements it has prepared
/// (every statement is prepared once per connection and reused with new parameter values). An operation takes a
/// connection, runs in a transaction of its own and returns the connection; an error discards it.</para>
/// <para><b>Retries.</b> An operation outside <see cref="BeginTransactionAsync"/> that fails with an error the
/// dialect calls transient (a deadlock, a serialisation failure), or whose connection broke before its commit began,
/// runs again in a new transaction, a few times, after a short random pause. Inside a transaction, errors are the
/// caller's: the transaction can then only be disposed.</para>
/// <para><b>Schema.</b> <see cref="MigrateAsync"/> creates or upgrades the tables. Call it once at start-up before the
/// stores are used; it is safe to run from several processes at once.</para>
/// <para>Dispose the store to close its connections.</para>
/// </remarks>
public abstract class RelationalStateStore : IStateStore, IAsyncDisposable, IDisposable
{
    private const int MaxAttempts = 8;

    private readonly RelationalContext _context;
    private readonly ConcurrentStack<RelationalSession> _idle = new();
    private readonly SqlStatement _readVersion;
    private readonly SqlStatement _writeVersion;
    private int _idleCount;
    private int _disposed;

    /// <summary>Creates the store; no connection is opened until the first operation.</summary>
    /// <param name="options">The options; checked with <see cref="StateStoreOptions.EnsureValid"/>.</param>
    /// <param name="dialect">The database's dialect.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="System.ComponentModel.DataAnnotations.ValidationException">The options are not usable.</exception>
    protected RelationalStateStore(StateStoreOptions options, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dialect);
        options.EnsureValid();
        Dialect = dialect;
        _context = new RelationalContext(options, dialect);
        IdempotencyOperations = dialect.IndexesKeysInBulk ? new LoggedKeyIdempotencyOperations(_context) : new IdempotencyOperations(_context);
        LifecycleOperations = new LifecycleOperations(_context);
        DeadLetterOperations = new DeadLetterOperations(_context);
        ParkingOperations = new ParkingOperations(_context, DeadLetterOperations);
        OutboxOperations = new OutboxOperations(_context);
        ClaimPaymentOperations = new ClaimPaymentOperations(_context);
        _readVersion = _context.Catalog.Add("SELECT COALESCE(MAX(version), 0) FROM {hf_schema_version}");
        _writeVersion = _context.Catalog.Add(
            "INSERT INTO {hf_schema_version} (version, applied_at) VALUES (@version, @now)",
            SqlParameterSpec.Int32("version"),
            SqlParameterSpec.Int64("now"));

        var scope = new AutoCommitScope(this);
        Idempotency = new RelationalIdempotencyStore(scope, IdempotencyOperations);
        Lifecycle = new RelationalClaimLifecycleStore(scope, LifecycleOperations);
        Parking = new RelationalParkingStore(scope, ParkingOperations);
        DeadLetters = new RelationalDeadLetterStore(scope, DeadLetterOperations);
        Outbox = new RelationalOutboxStore(scope, OutboxOperations);
        Payments = new RelationalClaimPaymentStore(scope, ClaimPaymentOperations);
    }

    /// <summary>The database's dialect.</summary>
    public SqlDialect Dialect { get; }

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

    internal IIdempotencyOperations IdempotencyOperations { get; }

    internal LifecycleOperations LifecycleOperations { get; }

    internal ParkingOperations ParkingOperations { get; }

    internal DeadLetterOperations DeadLetterOperations { get; }

    internal OutboxOperations OutboxOperations { get; }

    internal ClaimPaymentOperations ClaimPaymentOperations { get; }

    /// <summary>How many idle connections the store keeps open for reuse; by default twice the processor count, at least 4.</summary>
    protected virtual int MaxIdleSessions => Math.Max(4, Environment.ProcessorCount * 2);

    /// <summary>
    /// Whether the provider's asynchronous command methods complete synchronously anyway (an in-process database):
    /// the store then calls the synchronous ones and saves a task per statement. <see langword="false"/> by default.
    /// </summary>
    protected internal virtual bool CommandsCompleteSynchronously => false;

    /// <inheritdoc/>
    public async ValueTask MigrateAsync(CancellationToken cancellationToken = default)
        => await new AutoCommitScope(this).RunAsync(this, static (session, store, ct) => store.MigrateCoreAsync(session, ct), readOnly: false, cancellationToken).ConfigureAwait(false);

    /// <summary>Reads the schema version the database is at (0 before the first migration), creating the empty version table when it is absent.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The version.</returns>
    public async ValueTask<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default)
        => await new AutoCommitScope(this).RunAsync(
            this,
            static async (session, store, ct) =>
            {
                await store.Dialect.AcquireMigrationLockAsync(session.Connection, session.Transaction!, ct).ConfigureAwait(false);
                foreach (var statement in store.Dialect.SchemaVersionTableStatements)
                {
                    await session.ExecuteOnceAsync(statement, ct).ConfigureAwait(false);
                }

                var command = await session.CommandAsync(store._readVersion, ct).ConfigureAwait(false);
                return Convert.ToInt32(await session.ExecuteScalarAsync(command, ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
            },
            readOnly: false,
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async ValueTask<IStateTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default)
    {
        var session = await RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await session.BeginAsync(readOnly: false, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new RelationalStateTransaction(this, session);
    }

    /// <inheritdoc/>
    public ValueTask<PurgeReport> PurgeAsync(CancellationToken cancellationToken = default)
        => new AutoCommitScope(this).RunAsync(this, static (session, store, ct) => store.PurgeCoreAsync(session, ct), readOnly: false, cancellationToken);

    /// <summary>Closes the store's idle connections; operations started afterwards fail.</summary>
    /// <returns>A task that completes when the connections are closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await DisposeAsyncCore().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Closes the store's idle connections; operations started afterwards fail.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Opens a connection to the database, ready for statements (session settings applied).</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The open connection; the store disposes it.</returns>
    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Begins a transaction. A write transaction must keep concurrent writers from losing each other's changes
    /// together with the dialect's row locks; by default <see cref="IsolationLevel.ReadCommitted"/>.
    /// </summary>
    /// <param name="connection">The open connection.</param>
    /// <param name="readsOnly"><see langword="true"/> when the transaction only reads.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The transaction.</returns>
    protected internal virtual async ValueTask<DbTransaction> BeginDbTransactionAsync(DbConnection connection, bool readsOnly, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The transaction the provider's commands and batches are bound to while <paramref name="transaction"/> is open:
    /// the transaction itself by default, or <see langword="null"/> for a transaction the provider's connection does
    /// not track (one begun and ended with statements of the store's own).
    /// </summary>
    /// <param name="transaction">A transaction from <see cref="BeginDbTransactionAsync"/>.</param>
    /// <returns>The transaction to set on commands.</returns>
    protected internal virtual DbTransaction? CommandTransaction(DbTransaction transaction) => transaction;

    /// <summary>Closes the idle connections.</summary>
    /// <param name="disposing"><see langword="true"/> when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && disposing)
        {
            while (_idle.TryPop(out var session))
            {
                session.Dispose();
            }
        }
    }

    /// <summary>Closes the idle connections.</summary>
    /// <returns>A task that completes when they are closed.</returns>
    protected virtual async ValueTask DisposeAsyncCore()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            while (_idle.TryPop(out var session))
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Takes an idle session or opens a new one.</summary>
    internal async ValueTask<RelationalSession> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_idle.TryPop(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            return idle;
        }

        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return new RelationalSession(this, connection, _context.Catalog.Count);
    }

    /// <summary>Closes every idle session (after a connection failure, when they are likely broken too).</summary>
    internal async ValueTask CloseIdleSessionsAsync()
    {
        while (_idle.TryPop(out var session))
        {
            Interlocked.Decrement(ref _idleCount);
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Keeps a session with no open transaction for reuse, or closes it when enough are idle.</summary>
    internal async ValueTask ReturnAsync(RelationalSession session)
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            if (Interlocked.Increment(ref _idleCount) <= MaxIdleSessions)
            {
                _idle.Push(session);

                // A dispose that ran meanwhile may have missed this session: close whatever is idle now.
                if (Volatile.Read(ref _disposed) != 0)
                {
                    while (_idle.TryPop(out var late))
                    {
                        await late.DisposeAsync().ConfigureAwait(false);
                    }
                }

                return;
            }

            Interlocked.Decrement(ref _idleCount);
        }

        await session.DisposeAsync().ConfigureAwait(false);
    }

    private async ValueTask<bool> MigrateCoreAsync(RelationalSession session, CancellationToken cancellationToken)
    {
        await Dialect.AcquireMigrationLockAsync(session.Connection, session.Transaction!, cancellationToken).ConfigureAwait(false);
        foreach (var statement in Dialect.SchemaVersionTableStatements)
        {
            await session.ExecuteOnceAsync(statement, cancellationToken).ConfigureAwait(false);
        }

        var read = await session.CommandAsync(_readVersion, cancellationToken).ConfigureAwait(false);
        var current = Convert.ToInt32(await session.ExecuteScalarAsync(read, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        if (current > Dialect.CurrentVersion)
        {
            throw new InvalidOperationException($"The database schema is at version {current}, newer than this store's {Dialect.CurrentVersion}; upgrade the package.");
        }

        foreach (var migration in Dialect.Migrations)
        {
            if (migration.Version <= current)
            {
                continue;
            }

            foreach (var statement in migration.Statements)
            {
                await session.ExecuteOnceAsync(statement, cancellationToken).ConfigureAwait(false);
            }

            var write = await session.CommandAsync(_writeVersion, cancellationToken).ConfigureAwait(false);
            ParameterWriter.Bind(write, migration.Version, _context.Now());
            await session.ExecuteNonQueryAsync(write, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    // Deletions first, so that a row deleted for its age is not also counted as a cleared payload.
    private async ValueTask<PurgeReport> PurgeCoreAsync(RelationalSession session, CancellationToken cancellationToken)
    {
        var now = _context.Now();
        var historyCutoff = RelationalContext.Cutoff(now, _context.HistoryRetention);
        var history = await LifecycleOperations.PurgeAsync(session, historyCutoff, cancellationToken).ConfigureAwait(false)
            + await DeadLetterOperations.PurgeClosedAsync(session, historyCutoff, cancellationToken).ConfigureAwait(false)
            + await OutboxOperations.PurgeFinishedAsync(session, historyCutoff, cancellationToken).ConfigureAwait(false)
            + await ClaimPaymentOperations.PurgeAsync(session, historyCutoff, cancellationToken).ConfigureAwait(false);

        var payloadCutoff = RelationalContext.Cutoff(now, _context.PayloadRetention);
        var payloads = await DeadLetterOperations.PurgePayloadsAsync(session, payloadCutoff, cancellationToken).ConfigureAwait(false)
            + await ParkingOperations.PurgePayloadsAsync(session, payloadCutoff, cancellationToken).ConfigureAwait(false)
            + await OutboxOperations.PurgePayloadsAsync(session, payloadCutoff, cancellationToken).ConfigureAwait(false);

        var keys = _context.KeyRetention is { } keyRetention
            ? await IdempotencyOperations.PurgeAsync(session, RelationalContext.Cutoff(now, keyRetention), cancellationToken).ConfigureAwait(false)
            : 0;
        return new PurgeReport(payloads, history, keys);
    }

    /// <summary>Runs each operation in a transaction of its own, committed at its end and retried on a transient error.</summary>
    private sealed class AutoCommitScope : ISessionScope
    {
        private readonly RelationalStateStore _store;

        public AutoCommitScope(RelationalStateStore store) => _store = store;

        public async ValueTask<TResult> RunAsync<TState, TResult>(TState state, Func<RelationalSession, TState, CancellationToken, ValueTask<TResult>> work, bool readOnly, CancellationToken cancellationToken)
        {
            for (var attempt = 1; ; attempt++)
            {
                RelationalSession? session = null;
                var committing = false;
                TResult result;
                try
                {
                    session = await _store.RentAsync(cancellationToken).ConfigureAwait(false);
                    await session.BeginAsync(readOnly, cancellationToken).ConfigureAwait(false);
                    result = await work(session, state, cancellationToken).ConfigureAwait(false);
                    committing = true;
                    await session.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    if (session is not null)
                    {
                        await session.DisposeAsync().ConfigureAwait(false);
                    }

                    // A connection that broke before the commit began committed nothing; whether a commit that was
                    // under way took effect is unknown, so that error goes to the caller.
                    var broken = !committing && _store.Dialect.IsConnectionFailure(ex);
                    if (broken)
                    {
                        await _store.CloseIdleSessionsAsync().ConfigureAwait(false);
                    }

                    if (attempt >= MaxAttempts || cancellationToken.IsCancellationRequested || !(broken || _store.Dialect.IsTransient(ex)))
                    {
                        throw;
                    }

                    // A short random pause, growing with each attempt, so that colliding writers do not collide again.
                    await Task.Delay(TimeSpan.FromMilliseconds((attempt * 5) + RandomNumberGenerator.GetInt32(0, 10 * attempt)), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                await _store.ReturnAsync(session).ConfigureAwait(false);
                return result;
            }
        }
    }
}
