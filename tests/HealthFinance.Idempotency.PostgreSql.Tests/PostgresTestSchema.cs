using Npgsql;

namespace HealthFinance.Idempotency.PostgreSql.Tests;

/// <summary>
/// A schema of its own for one test, on the server named by <c>HF_POSTGRES</c>, dropped at the end. Without
/// <c>HF_POSTGRES</c> the test is skipped, except under <c>CI=true</c>, where it fails.
/// </summary>
internal sealed class PostgresTestSchema : IAsyncDisposable
{
    private PostgresTestSchema(string connectionString)
    {
        ConnectionString = connectionString;
        Name = "hf_test_" + Guid.NewGuid().ToString("N")[..16];
    }

    public string ConnectionString { get; }

    public string Name { get; }

    /// <summary>A new schema name on the test server; skips (or, under CI, fails) the test when there is none.</summary>
    public static PostgresTestSchema Create() => new(RequireConnectionString());

    public static string RequireConnectionString()
    {
        var connectionString = Environment.GetEnvironmentVariable("HF_POSTGRES");
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("HF_POSTGRES is not set under CI=true: .ci/run must start PostgreSQL and export HF_POSTGRES.");
        }

        Assert.Skip("HF_POSTGRES is not set: the PostgreSQL tests need a server (see ../shared/design/CI-SERVICES.md).");
        return string.Empty;
    }

    /// <summary>PostgreSQL options over this schema carrying the given options' clock, key ring, expiry and retention.</summary>
    public PostgresStateStoreOptions Options(StateStoreOptions source)
    {
        var options = new PostgresStateStoreOptions
        {
            ConnectionString = ConnectionString,
            Schema = Name,
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

    /// <summary>Opens a plain connection, outside any store, to read what is stored.</summary>
    public async Task<NpgsqlConnection> OpenRawAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await using var connection = await OpenRawAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{Name}\" CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
