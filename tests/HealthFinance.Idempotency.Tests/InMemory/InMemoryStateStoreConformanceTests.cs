using HealthFinance.Idempotency.Conformance;
using HealthFinance.Idempotency.InMemory;

namespace HealthFinance.Idempotency.Tests.InMemory;

/// <summary>The shared state store behaviour, shown by the in-memory store.</summary>
public sealed class InMemoryStateStoreConformanceTests : StateStoreConformanceTests
{
    protected override ValueTask<IStateStore> CreateStoreAsync(StateStoreOptions options)
        => ValueTask.FromResult<IStateStore>(new InMemoryStateStore(options));
}
