using Microsoft.Data.Sqlite;

namespace HealthFinance.Idempotency.Sqlite.Tests;

/// <summary>A database file in a temporary folder of its own, deleted at the end.</summary>
internal sealed class SqliteTestDatabase : IDisposable
{
    private readonly string _folder;

    public SqliteTestDatabase()
    {
        _folder = Path.Combine(Path.GetTempPath(), "hf-sqlite-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        FilePath = Path.Combine(_folder, "state.db");
    }

    public string FilePath { get; }

    /// <summary>SQLite options over this file carrying the given options' clock, key ring, expiry and retention.</summary>
    public SqliteStateStoreOptions Options(StateStoreOptions source, SqliteSynchronousMode synchronous = SqliteSynchronousMode.Normal)
    {
        var options = new SqliteStateStoreOptions
        {
            Path = FilePath,
            Synchronous = synchronous,
            TimeProvider = source.TimeProvider,
            ParkingExpiry = source.ParkingExpiry,
            Retention = source.Retention,
            CurrentPayloadKeyId = source.CurrentPayloadKeyId,
        };
        foreach (var (id, key) in source.PayloadKeys)
        {
            options.PayloadKeys[id] = key;
        }

        return options;
    }

    /// <summary>Opens a plain connection to the file, outside any store, to read what is stored.</summary>
    public SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }
}
