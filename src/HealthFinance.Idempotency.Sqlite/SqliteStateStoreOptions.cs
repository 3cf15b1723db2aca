namespace HealthFinance.Idempotency.Sqlite;

/// <summary>When SQLite forces a committed transaction to disk (<c>PRAGMA synchronous</c>, in WAL mode).</summary>
public enum SqliteSynchronousMode
{
    /// <summary>
    /// The write-ahead log is synced at checkpoints, not at each commit. A committed transaction survives a crash of
    /// the process; after a power loss or an operating-system crash, the last transactions committed before it may
    /// be rolled back (the database is never corrupted). The default: many times faster for one-at-a-time writes.
    /// </summary>
    Normal = 0,

    /// <summary>
    /// The write-ahead log is synced at every commit: a committed transaction also survives a power loss, at the
    /// cost of one disk flush per transaction.
    /// </summary>
    Full = 1,
}

/// <summary>Options of a <see cref="SqliteStateStore"/>.</summary>
public sealed class SqliteStateStoreOptions : StateStoreOptions
{
    /// <summary>The database file; created with its folder when absent. Required.</summary>
    public string? Path { get; set; }

    /// <summary>When commits reach the disk; <see cref="SqliteSynchronousMode.Normal"/> by default (see the mode for the durability trade-off).</summary>
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Normal;

    /// <summary>
    /// How long a connection waits for another connection or process that holds the write lock before it gives up
    /// (<c>PRAGMA busy_timeout</c>). Default 30 seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <inheritdoc/>
    public override IReadOnlyList<string> Validate()
    {
        var errors = new List<string>(base.Validate());
        if (string.IsNullOrWhiteSpace(Path))
        {
            errors.Add("Path (the SQLite database file) is required.");
        }

        if (!Enum.IsDefined(Synchronous))
        {
            errors.Add("Synchronous must be Normal or Full.");
        }

        if (BusyTimeout < TimeSpan.Zero || BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            errors.Add("BusyTimeout must be between zero and about 24 days.");
        }

        return errors;
    }
}
