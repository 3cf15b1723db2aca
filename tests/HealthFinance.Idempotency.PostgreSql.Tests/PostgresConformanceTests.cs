using HealthFinance.Idempotency.Conformance;

namespace HealthFinance.Idempotency.PostgreSql.Tests;

/// <summary>The shared state store behaviour, in a fresh PostgreSQL schema per test.</summary>
public sealed class PostgresConformanceTests : StateStoreConformanceTests
{
    private PostgresTestSchema? _schema;

    protected override bool SupportsReopen => true;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }

    protected override ValueTask<IStateStore> CreateStoreAsync(StateStoreOptions options)
    {
        _schema = PostgresTestSchema.Create();
        return ValueTask.FromResult<IStateStore>(new PostgresStateStore(_schema.Options(options)));
    }

    protected override ValueTask<IStateStore> ReopenAsync(StateStoreOptions options)
        => ValueTask.FromResult<IStateStore>(new PostgresStateStore(_schema!.Options(options)));
}
