using HealthFinance.Canonical.Events;
using HealthFinance.Erp.Http.Tests.Support;
using HealthFinance.Erp.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HealthFinance.Erp.Http.Tests;

/// <summary>The conformance kit against the HTTP adapter and a fake ERP on loopback that does not deduplicate keys; failures are injected by the server.</summary>
public class HttpErpAdapterConformanceTests : ErpAdapterConformanceTests, IAsyncLifetime
{
    private readonly List<ServiceProvider> _containers = [];
    private FakeErp _erp = null!;

    protected FakeErp Erp => _erp;

    public virtual async ValueTask InitializeAsync() => _erp = await FakeErp.StartAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var container in _containers)
        {
            await container.DisposeAsync();
        }

        await _erp.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected override IErpAdapter CreateAdapter(ErpConformanceSettings settings)
    {
        var services = new ServiceCollection();
        services.AddHealthFinanceHttpErp(o =>
        {
            HttpErpTestHost.Configure(o, _erp);
            o.MaxLinesPerJournal = Math.Min(settings.MaxLinesPerJournal, 1000);
            Configure(o);
        });
        var container = services.BuildServiceProvider();
        _containers.Add(container);
        return container.GetRequiredService<IErpAdapter>();
    }

    protected virtual void Configure(HttpErpOptions options)
    {
    }

    protected override Task<IReadOnlyList<ErpHeldJournal>> ReadHeldJournalsAsync(IErpAdapter adapter, CancellationToken cancellationToken)
        => Task.FromResult(_erp.HeldJournals());

    // The ERP commits, then the connection drops before any answer.
    protected override void InjectAmbiguousFailure(IErpAdapter adapter) => _erp.EnqueuePostFault(ErpFault.CommitThenAbort);

    // The ERP is down for longer than the adapter waits within a call: 503 with a Retry-After of an hour.
    protected override void InjectTransientFailure(IErpAdapter adapter) => _erp.EnqueuePostFault(ErpFault.Fail(503, "3600"));

    // The ERP forbids the client.
    protected override void InjectPermanentFailure(IErpAdapter adapter) => _erp.EnqueuePostFault(ErpFault.Fail(403));

    // The fake ERP refuses journals dated in a closed period.
    protected override JournalEntry? CreateRejectedJournal(string idempotencyKey) => HttpErpTestHost.Journal(idempotencyKey, 1, new DateOnly(2019, 12, 31));
}

/// <summary>
/// The conformance kit against an ERP that deduplicates by key (NetSuite's externalId, Workday's reference id) and
/// offers no lookup: the adapter declares native idempotency, so resubmitting after an ambiguous failure is safe.
/// </summary>
public sealed class HttpErpAdapterNativeIdempotencyConformanceTests : HttpErpAdapterConformanceTests
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Erp.Deduplicate = true;
    }

    protected override void Configure(HttpErpOptions options)
    {
        options.NativeIdempotency = true;
        options.LookupEndpoint = null;
    }
}
