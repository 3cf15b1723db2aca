using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using HealthFinance.Idempotency.Relational;
using Microsoft.Data.Sqlite;

namespace HealthFinance.Idempotency.Sqlite;

/// <summary>
/// The state store in one SQLite file: zero set-up, shared safely by every thread of a process and by several
/// processes on one machine.
/// </summary>
/// <remarks>
/// <para>The file is in WAL mode: readers never block the writer nor each other. Writes are serialised by SQLite's
/// single write lock, taken at the start of each write transaction (<c>BEGIN IMMEDIATE</c>); a connection that finds
/// it held waits up to <see cref="SqliteStateStoreOptions.BusyTimeout"/>. Keep transactions from
/// <see cref="RelationalStateStore.BeginTransactionAsync"/> short: they hold the write lock until they end, and an
/// operation of the store itself started meanwhile (outside the transaction) waits for it, on a thread-pool thread.
/// Past the busy timeout the operation fails with a <see cref="SqliteException"/> (<c>SQLITE_BUSY</c>).</para>
/// <para>Durability follows <see cref="SqliteStateStoreOptions.Synchronous"/>: <see cref="SqliteSynchronousMode.Normal"/>
/// (the default) survives a process crash but may lose the last commits to a power loss;
/// <see cref="SqliteSynchronousMode.Full"/> syncs every commit.</para>
/// <para>Call <see cref="RelationalStateStore.MigrateAsync"/> once at start-up; dispose the store to close the file.</para>
/// </remarks>
public sealed class SqliteStateStore : RelationalStateStore
{
    // 32 MiB of page cache per connection (SQLite's default is 2 MiB): the key tables are b-trees of random hashes,
    // and inserting into them is several times faster when their inner pages stay cached.
    private const string CacheSizePragma = "PRAGMA cache_size = -32768";

    // Statement journals (the undo log of one multi-row statement, e.g. a chunk of a batch's keys) and temporary
    // tables stay in memory: on disk, every page a statement changes is written twice more.
    private const string TempStorePragma = "PRAGMA temp_store = MEMORY";

    // The write-ahead log is copied back into the database (a checkpoint, by the connection whose commit takes it past
    // this many pages) at about 40 MiB rather than SQLite's 4 MiB: a page written by many commits in between is copied
    // once: several times fewer writes when inputs land on random pages of the key table. Past 64 MiB, the log
    // file is cut back when it starts over. Durability is unchanged: a checkpoint only moves committed pages.
    private const string CheckpointPragma = "PRAGMA wal_autocheckpoint = 10000";
    private const string LogSizeLimitPragma = "PRAGMA journal_size_limit = 67108864";

    private readonly string _connectionString;
    private readonly int _busyTimeoutMilliseconds;
    private readonly string _busyTimeoutPragma;
    private readonly string _synchronousPragma;

    /// <summary>Creates the store over the file named in the options (created when absent); nothing is opened until the first operation.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="System.ComponentModel.DataAnnotations.ValidationException">The options are not usable; the message lists every problem.</exception>
    public SqliteStateStore(SqliteStateStoreOptions options)
        : base(options, SqliteDialect.Instance)
    {
        var path = System.IO.Path.GetFullPath(options.Path!);
        if (System.IO.Path.GetDirectoryName(path) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        Path = path;
        Synchronous = options.Synchronous;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,

            // The store keeps its own connections open with their prepared statements; a closed one is really closed.
            Pooling = false,
            // Microsoft.Data.Sqlite retries a busy statement itself until this many seconds have passed; the wait is
            // SQLite's busy timeout below, so this stays at its minimum.
            DefaultTimeout = 1,
        }.ToString();
        _busyTimeoutMilliseconds = (int)options.BusyTimeout.TotalMilliseconds;
        _busyTimeoutPragma = "PRAGMA busy_timeout = " + _busyTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture);
        _synchronousPragma = options.Synchronous == SqliteSynchronousMode.Full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL";
    }

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    /// <summary>The durability mode in use.</summary>
    public SqliteSynchronousMode Synchronous { get; }

    /// <summary>
    /// At most 4 idle connections: SQLite admits one writer at a time, so more connections only serve concurrent
    /// readers, and each holds up to 32 MiB of page cache.
    /// </summary>
    protected override int MaxIdleSessions => 4;

    /// <summary>Microsoft.Data.Sqlite runs in-process and its asynchronous methods complete synchronously: the store calls the synchronous ones.</summary>
    protected override bool CommandsCompleteSynchronously => true;

    /// <inheritdoc/>
    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteStoreConnection(_connectionString, _busyTimeoutMilliseconds);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // The busy timeout first: switching a new file to WAL waits for other processes doing the same.
            await ExecuteAsync(connection, _busyTimeoutPragma, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, "PRAGMA journal_mode = WAL", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, _synchronousPragma, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, CacheSizePragma, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, TempStorePragma, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, CheckpointPragma, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, LogSizeLimitPragma, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Begins a transaction: deferred when it only reads (a consistent snapshot, no lock), otherwise
    /// <c>BEGIN IMMEDIATE</c>, which takes the write lock at once. When the lock is free the transaction begins on the
    /// caller's thread without waiting; when another connection holds it, waiting blocks a thread (SQLite has no
    /// asynchronous wait), so the write transaction then begins on a thread-pool thread: the caller's thread is never
    /// held, even by a lock its own open transaction holds.
    /// </summary>
    /// <param name="connection">The open connection.</param>
    /// <param name="readsOnly"><see langword="true"/> when the transaction only reads.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The transaction.</returns>
    protected override async ValueTask<DbTransaction> BeginDbTransactionAsync(DbConnection connection, bool readsOnly, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        cancellationToken.ThrowIfCancellationRequested();
        var sqlite = (SqliteStoreConnection)connection;
        if (readsOnly)
        {
            return sqlite.BeginRead();
        }

        return sqlite.TryBeginWrite()
            ?? await Task.Run(sqlite.BeginWrite, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// No transaction is set on commands: the store's connections begin and end transactions with statements of their
    /// own, which Microsoft.Data.Sqlite does not track, and every statement runs in the open one.
    /// </summary>
    /// <param name="transaction">The open transaction.</param>
    /// <returns><see langword="null"/>.</returns>
    protected override DbTransaction? CommandTransaction(DbTransaction transaction) => null;

    [SuppressMessage("Security", "CA2100:Review SQL queries for security vulnerabilities", Justification = "PRAGMA statements take no parameters; the text is a constant or built from a validated integer option.")]
    private static async ValueTask ExecuteAsync(SqliteConnection connection, string pragma, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = pragma;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
