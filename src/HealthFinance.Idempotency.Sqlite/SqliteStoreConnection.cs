using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace HealthFinance.Idempotency.Sqlite;

/// <summary>
/// A connection of a <see cref="SqliteStateStore"/>: it begins and ends its transactions itself, with statements
/// prepared once, so that a write transaction begins on the caller's thread when the write lock is free.
/// </summary>
/// <remarks>
/// Microsoft.Data.Sqlite begins a transaction with a statement prepared anew each time and, when the database is
/// busy, retries it with pauses of 150 ms on the calling thread. Here <c>BEGIN IMMEDIATE</c> is first tried without
/// waiting; only when another connection holds the write lock does the store wait for it, on a thread-pool thread,
/// up to the busy timeout. The transactions are unknown to Microsoft.Data.Sqlite, so commands run with no
/// <see cref="SqliteCommand.Transaction"/> set (the store sets none).
/// </remarks>
internal sealed class SqliteStoreConnection : SqliteConnection
{
    private readonly int _busyTimeoutMilliseconds;
    private sqlite3_stmt? _beginImmediate;
    private sqlite3_stmt? _beginDeferred;
    private sqlite3_stmt? _commit;
    private sqlite3_stmt? _rollback;

    public SqliteStoreConnection(string connectionString, int busyTimeoutMilliseconds)
        : base(connectionString)
        => _busyTimeoutMilliseconds = busyTimeoutMilliseconds;

    private sqlite3 Db => Handle ?? throw new InvalidOperationException("The connection is not open.");

    /// <summary>Begins a transaction that only reads: a snapshot, no lock, never waits.</summary>
    public SqliteStoreTransaction BeginRead()
    {
        Check(Step(ref _beginDeferred, "BEGIN"));
        return new SqliteStoreTransaction(this);
    }

    /// <summary>Begins a write transaction when the write lock is free at once, without waiting.</summary>
    /// <returns>The transaction, or <see langword="null"/> when another connection holds the write lock.</returns>
    public SqliteStoreTransaction? TryBeginWrite()
    {
        var db = Db;
        raw.sqlite3_busy_timeout(db, 0);
        int rc;
        try
        {
            rc = Step(ref _beginImmediate, "BEGIN IMMEDIATE");
        }
        finally
        {
            raw.sqlite3_busy_timeout(db, _busyTimeoutMilliseconds);
        }

        if ((rc & 0xFF) == raw.SQLITE_BUSY)
        {
            return null;
        }

        Check(rc);
        return new SqliteStoreTransaction(this);
    }

    /// <summary>Begins a write transaction, waiting for the write lock up to the busy timeout (blocking the thread).</summary>
    public SqliteStoreTransaction BeginWrite()
    {
        Check(Step(ref _beginImmediate, "BEGIN IMMEDIATE"));
        return new SqliteStoreTransaction(this);
    }

    /// <summary>Whether a transaction is open (SQLite may have rolled one back itself after some errors).</summary>
    public bool InTransaction => Handle is { } db && raw.sqlite3_get_autocommit(db) == 0;

    public void CommitTransaction() => Check(Step(ref _commit, "COMMIT"));

    public void RollbackTransaction()
    {
        if (InTransaction)
        {
            Check(Step(ref _rollback, "ROLLBACK"));
        }
    }

    /// <summary>Runs a savepoint statement (<c>SAVEPOINT</c>, <c>ROLLBACK TO</c>, <c>RELEASE</c>) for a savepoint name.</summary>
    public void Savepoint(string verb, string name)
        => Check(raw.sqlite3_exec(Db, verb + " \"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Finalized before the connection closes, which it cannot while statements are open.
            _beginImmediate?.Dispose();
            _beginDeferred?.Dispose();
            _commit?.Dispose();
            _rollback?.Dispose();
            _beginImmediate = _beginDeferred = _commit = _rollback = null;
        }

        base.Dispose(disposing);
    }

    private int Step(ref sqlite3_stmt? statement, string text)
    {
        if (statement is null)
        {
            Check(raw.sqlite3_prepare_v2(Db, text, out var prepared));
            statement = prepared;
        }

        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        return rc;
    }

    private void Check(int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE))
        {
            SqliteException.ThrowExceptionForRC(rc, Db);
        }
    }
}

/// <summary>A transaction of a <see cref="SqliteStoreConnection"/>, begun and ended with the connection's own statements.</summary>
internal sealed class SqliteStoreTransaction : DbTransaction
{
    private readonly SqliteStoreConnection _connection;
    private bool _completed;

    public SqliteStoreTransaction(SqliteStoreConnection connection) => _connection = connection;

    public override IsolationLevel IsolationLevel => IsolationLevel.Serializable;

    public override bool SupportsSavepoints => true;

    protected override DbConnection DbConnection => _connection;

    public override void Commit()
    {
        if (_completed || !_connection.InTransaction)
        {
            throw new InvalidOperationException("The transaction was already completed or rolled back by the database.");
        }

        _connection.CommitTransaction();
        _completed = true;
    }

    public override void Rollback()
    {
        if (_completed)
        {
            throw new InvalidOperationException("The transaction was already completed.");
        }

        _completed = true;
        _connection.RollbackTransaction();
    }

    public override void Save(string savepointName) => _connection.Savepoint("SAVEPOINT", savepointName);

    public override void Rollback(string savepointName) => _connection.Savepoint("ROLLBACK TO", savepointName);

    public override void Release(string savepointName) => _connection.Savepoint("RELEASE", savepointName);

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_completed && _connection.State == ConnectionState.Open)
        {
            _completed = true;
            _connection.RollbackTransaction();
        }

        base.Dispose(disposing);
    }
}
