using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using HealthFinance.Erp.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HealthFinance.Erp.Http.Tests.Support;

/// <summary>A container with the HTTP adapter pointed at a fake ERP, with settings that keep tests fast and tolerant of a loaded machine.</summary>
public sealed class HttpErpTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private HttpErpTestHost(ServiceProvider provider, FakeErp erp, CapturingLoggerProvider logs)
    {
        _provider = provider;
        Erp = erp;
        Logs = logs;
    }

    public FakeErp Erp { get; }

    public CapturingLoggerProvider Logs { get; }

    public IServiceProvider Services => _provider;

    public HttpErpAdapter Adapter => _provider.GetRequiredService<HttpErpAdapter>();

    public static Task<HttpErpTestHost> StartAsync(Action<HttpErpOptions>? configure = null, TimeProvider? timeProvider = null, FakeErp? erp = null)
        => StartAsync((o, _) => configure?.Invoke(o), timeProvider, erp);

    public static async Task<HttpErpTestHost> StartAsync(Action<HttpErpOptions, FakeErp> configure, TimeProvider? timeProvider = null, FakeErp? erp = null)
    {
        erp ??= await FakeErp.StartAsync();
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }

        services.AddHealthFinanceHttpErp(o =>
        {
            Configure(o, erp);
            configure(o, erp);
        });
        return new HttpErpTestHost(services.BuildServiceProvider(), erp, logs);
    }

    /// <summary>Points the options at <paramref name="erp"/>: generous attempt timeouts (a loaded machine must not time a healthy call out), short backoff, a breaker that only a test of it trips.</summary>
    public static void Configure(HttpErpOptions o, FakeErp erp)
    {
        o.Endpoint = erp.JournalsEndpoint;
        o.LookupEndpoint = erp.LookupTemplate;
        o.TokenEndpoint = erp.TokenEndpoint;
        o.ClientId = FakeErp.ClientId;
        o.ClientSecret = FakeErp.ClientSecret;
        o.AttemptTimeout = TimeSpan.FromSeconds(10);
        o.TotalTimeout = TimeSpan.FromSeconds(30);
        o.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
        o.MaxRetryAttempts = 3;
        o.CircuitBreakerMinimumThroughput = 1000;
        o.MaxJournalsPerBatch = 10;
    }

    public static JournalEntry Journal(string key, int pairs = 1, DateOnly? date = null)
    {
        var journal = ErpConformanceJournals.Pairs(key, pairs);
        return date is { } d ? journal with { EntryDate = d } : journal;
    }

    public static ErpBatch Batch(params JournalEntry[] journals) => new(journals.Select(j => new ErpJournal(j)));

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await Erp.DisposeAsync();
    }
}
