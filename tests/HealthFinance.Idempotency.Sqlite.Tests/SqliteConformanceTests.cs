using HealthFinance.Idempotency.Conformance;

namespace HealthFinance.Idempotency.Sqlite.Tests;

/// <summary>The shared state store behaviour, on a fresh SQLite file per test.</summary>
public sealed class SqliteConformanceTests : StateStoreConformanceTests
{
    private readonly SqliteTestDatabase _database = new();

    protected override bool SupportsReopen => true;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _database.Dispose();
    }

    protected override ValueTask<IStateStore> CreateStoreAsync(StateStoreOptions options)
        => ValueTask.FromResult<IStateStore>(new SqliteStateStore(_database.Options(options)));

    protected override ValueTask<IStateStore> ReopenAsync(StateStoreOptions options)
        => ValueTask.FromResult<IStateStore>(new SqliteStateStore(_database.Options(options)));
}
