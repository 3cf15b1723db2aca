using HealthFinance.Erp.Http.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;
using Polly.Retry;

namespace HealthFinance.Erp.Http.Tests;

/// <summary>Registration: validated options, idempotent registration, configuration binding, a host's own pipeline, and the public constructor.</summary>
public sealed class HttpErpServiceCollectionExtensionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddHealthFinanceHttpErp_Twice_RegistersOneAdapter_AndPostsThroughThePoster()
    {
        await using var erp = await FakeErp.StartAsync();
        var services = new ServiceCollection();
        services.AddHealthFinanceHttpErp(o => HttpErpTestHost.Configure(o, erp));
        services.AddHealthFinanceHttpErp(o => o.Name = "erp-twice");
        services.AddHealthFinanceErpPoster(o => o.RetryDelay = _ => TimeSpan.Zero);
        await using var provider = services.BuildServiceProvider();

        var adapter = Assert.Single(provider.GetServices<IErpAdapter>());
        var outcome = await provider.GetRequiredService<ErpPoster>().PostAsync(HttpErpTestHost.Journal("k"), Ct);

        Assert.Same(provider.GetRequiredService<HttpErpAdapter>(), adapter);
        Assert.Equal("erp-twice", adapter.Name);
        Assert.Equal(ErpJournalStatus.Posted, outcome.Status);
        Assert.Single(erp.Ledger);
        Assert.Equal(Polly.CircuitBreaker.CircuitState.Closed, provider.GetRequiredService<HttpErpAdapter>().CircuitState);
    }

    [Fact]
    public async Task InvalidOptions_ThrowOptionsValidationException_ListingEveryProblem()
    {
        var services = new ServiceCollection();
        services.AddHealthFinanceHttpErp(o =>
        {
            o.Endpoint = new Uri("/relative", UriKind.Relative);
            o.TokenEndpoint = new Uri("ftp://login.example/token");
            o.LookupEndpoint = "https://erp.example/api/journals/by-key";
            o.ClientSecret = "x";
            o.MaxLinesPerJournal = 1;
            o.CircuitBreakerFailureRatio = 0;
            o.CircuitBreakerBreakDuration = TimeSpan.FromMilliseconds(100);
            o.MaxRetryAttempts = 21;
        });
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IErpAdapter>());

        Assert.Equal(
            [
                "Invalid HttpErpOptions: Endpoint must be an absolute http or https URI.",
                "Invalid HttpErpOptions: TokenEndpoint must be an absolute http or https URI.",
                "Invalid HttpErpOptions: LookupEndpoint must contain the placeholder {idempotencyKey}.",
                "Invalid HttpErpOptions: ClientId is required.",
                "Invalid HttpErpOptions: MaxLinesPerJournal must be at least 2.",
                "Invalid HttpErpOptions: MaxRetryAttempts must be between 0 and 20 (was 21).",
                "Invalid HttpErpOptions: CircuitBreakerFailureRatio must be above 0 and at most 1.",
                "Invalid HttpErpOptions: CircuitBreakerBreakDuration must be between 00:00:00.5000000 and 1.00:00:00 (was 00:00:00.1000000).",
            ],
            ex.Failures);
    }

    [Fact]
    public void DefaultOptions_NameTheRequiredSettings()
    {
        Assert.Equal(
            ["Endpoint is required.", "TokenEndpoint is required.", "ClientId is required.", "ClientSecret is required (read it from configuration)."],
            new HttpErpOptions().Validate());
    }

    [Fact]
    public async Task Options_BoundFromConfiguration_PostAndLookUp()
    {
        await using var erp = await FakeErp.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Erp:Endpoint"] = erp.JournalsEndpoint.AbsoluteUri,
            ["Erp:LookupEndpoint"] = erp.LookupTemplate,
            ["Erp:TokenEndpoint"] = erp.TokenEndpoint.AbsoluteUri,
            ["Erp:ClientId"] = FakeErp.ClientId,
            ["Erp:ClientSecret"] = FakeErp.ClientSecret,
            ["Erp:ClientAuthentication"] = "RequestBody",
            ["Erp:MaxJournalsPerBatch"] = "25",
            ["Erp:AttemptTimeout"] = "00:00:10",
        }).Build();
        var services = new ServiceCollection();
        services.AddHealthFinanceHttpErp(o => configuration.GetSection("Erp").Bind(o));
        await using var provider = services.BuildServiceProvider();
        var adapter = provider.GetRequiredService<IErpAdapter>();

        var ack = Assert.Single(await adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("k")), Ct));

        Assert.True(ack.IsAccepted);
        Assert.Equal(ErpLookupStatus.Found, (await adapter.LookupAsync("k", Ct)).Status);
        Assert.Equal(25, adapter.Capabilities.MaxJournalsPerBatch);
        Assert.Equal("body", Assert.Single(erp.TokenRequests).ClientAuthentication);
    }

    [Fact]
    public async Task ResiliencePipelineKey_OfTheHost_IsTheOneCallsRunThrough()
    {
        await using var erp = await FakeErp.StartAsync();
        var evaluated = 0;
        var services = new ServiceCollection();
        services.AddResiliencePipeline<string, HttpResponseMessage>("host-erp", b => b.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            ShouldHandle = _ =>
            {
                Interlocked.Increment(ref evaluated);
                return ValueTask.FromResult(false);
            },
        }));
        services.AddHealthFinanceHttpErp(o =>
        {
            HttpErpTestHost.Configure(o, erp);
            o.ResiliencePipelineKey = "host-erp";
        });
        await using var provider = services.BuildServiceProvider();
        var adapter = provider.GetRequiredService<HttpErpAdapter>();

        await adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("k")), Ct);
        await adapter.LookupAsync("k", Ct);

        Assert.Equal(2, evaluated);
        Assert.Null(adapter.CircuitState);
    }

    [Fact]
    public async Task PublicConstructor_WorksWithoutTheContainerHelpers()
    {
        await using var erp = await FakeErp.StartAsync();
        var services = new ServiceCollection();
        services.AddHttpClient();
        await using var provider = services.BuildServiceProvider();
        using var registry = new ResiliencePipelineRegistry<string>();
        registry.TryAddBuilder<HttpResponseMessage>(HttpErpResilience.PipelineKey, (b, _) => b.AddTimeout(TimeSpan.FromSeconds(10)));
        registry.TryAddBuilder<HttpResponseMessage>(HttpErpResilience.TokenPipelineKey, (b, _) => b.AddTimeout(TimeSpan.FromSeconds(10)));
        var options = new HttpErpOptions();
        HttpErpTestHost.Configure(options, erp);

        var adapter = new HttpErpAdapter(provider.GetRequiredService<IHttpClientFactory>(), registry, options);
        var ack = Assert.Single(await adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("k")), Ct));

        Assert.True(ack.IsAccepted);
        Assert.Null(adapter.CircuitState);
        options.ClientSecret = "ctor-secret-5";
        options.Endpoint = null;
        var invalid = Assert.Throws<ArgumentException>(() => new HttpErpAdapter(provider.GetRequiredService<IHttpClientFactory>(), registry, options));
        Assert.Contains("Endpoint is required.", invalid.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ctor-secret-5", invalid.Message, StringComparison.Ordinal);
    }
}
