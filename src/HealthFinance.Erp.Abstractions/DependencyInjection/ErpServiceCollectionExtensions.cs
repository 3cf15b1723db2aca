using HealthFinance.Erp;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <see cref="ErpPoster"/> that drives the registered <see cref="IErpAdapter"/>.</summary>
public static class ErpServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="ErpPoster"/> over the registered <see cref="IErpAdapter"/> (e.g. from
    /// <c>AddHealthFinanceFileExport</c>), with validated <see cref="ErpPosterOptions"/> and <see cref="TimeProvider.System"/>
    /// unless a clock is registered. Calling it again only adds configuration.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; <see langword="null"/> for the defaults or configuration elsewhere.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <remarks>Invalid options throw <see cref="OptionsValidationException"/>, listing every problem, when the poster is first resolved.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddHealthFinanceErpPoster(this IServiceCollection services, Action<ErpPosterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ErpPosterOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ErpPosterOptions>, ErpPosterOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static sp => new ErpPoster(
            sp.GetRequiredService<IErpAdapter>(),
            sp.GetRequiredService<IOptions<ErpPosterOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
