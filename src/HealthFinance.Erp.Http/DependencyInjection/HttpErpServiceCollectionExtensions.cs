using HealthFinance.Erp;
using HealthFinance.Erp.Http;
using HealthFinance.Erp.Http.Internal;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the HTTP ERP adapter, its named <see cref="HttpClient"/>s and its default resilience pipelines.</summary>
public static class HttpErpServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="HttpErpAdapter"/> as a singleton and as the <see cref="IErpAdapter"/> (unless one is
    /// registered), with validated <see cref="HttpErpOptions"/>; the named clients <see cref="HttpErpAdapter.HttpClientName"/>
    /// and <see cref="HttpErpAdapter.TokenHttpClientName"/>; and the default pipelines <see cref="HttpErpResilience.PipelineKey"/>
    /// and <see cref="HttpErpResilience.TokenPipelineKey"/> built from the options. Pair it with <c>AddHealthFinanceErpPoster</c>.
    /// Calling it again only adds configuration.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; bind the client secret from configuration, e.g. <c>o =&gt; configuration.GetSection("Erp").Bind(o)</c>.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <remarks>Invalid options throw <see cref="OptionsValidationException"/>, listing every problem (never the secret), when the adapter is first resolved, or at start-up under a host.</remarks>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IServiceCollection AddHealthFinanceHttpErp(this IServiceCollection services, Action<HttpErpOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<HttpErpOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HttpErpOptions>, HttpErpOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        if (services.Any(d => d.ServiceType == typeof(HttpErpCircuit)))
        {
            return services;
        }

        services.AddSingleton<HttpErpCircuit>();
        services.AddHttpClient(HttpErpAdapter.HttpClientName, static client => client.Timeout = Timeout.InfiniteTimeSpan).RedactLoggedHeaders(static _ => true);
        services.AddHttpClient(HttpErpAdapter.TokenHttpClientName, static client => client.Timeout = Timeout.InfiniteTimeSpan).RedactLoggedHeaders(static _ => true);
        services.AddResiliencePipeline<string, HttpResponseMessage>(HttpErpResilience.PipelineKey, static (builder, context) =>
        {
            var provider = context.ServiceProvider;
            HttpErpResilience.AddDefaultStrategies(
                builder,
                provider.GetRequiredService<IOptions<HttpErpOptions>>().Value,
                provider.GetRequiredService<TimeProvider>(),
                (provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<HttpErpAdapter>(),
                provider.GetRequiredService<HttpErpCircuit>());
        });
        services.AddResiliencePipeline<string, HttpResponseMessage>(HttpErpResilience.TokenPipelineKey, static (builder, context) =>
        {
            var provider = context.ServiceProvider;
            HttpErpResilience.AddTokenStrategies(builder, provider.GetRequiredService<IOptions<HttpErpOptions>>().Value, provider.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton(static provider => new HttpErpAdapter(
            provider.GetRequiredService<IHttpClientFactory>(),
            provider.GetRequiredService<ResiliencePipelineProvider<string>>(),
            provider.GetRequiredService<IOptions<HttpErpOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILoggerFactory>(),
            provider.GetRequiredService<HttpErpCircuit>()));
        services.TryAddSingleton<IErpAdapter>(static provider => provider.GetRequiredService<HttpErpAdapter>());
        return services;
    }
}
