using HealthFinance.Erp;
using HealthFinance.Erp.FileExport;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers file export adapters.</summary>
public static class FileExportServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="FileExportAdapter"/> as the singleton <see cref="IErpAdapter"/> (unless one is registered),
    /// with validated <see cref="FileExportOptions"/>. Pair it with <c>AddHealthFinanceErpPoster</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options (at least <see cref="FileExportOptions.OutputDirectory"/>).</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <remarks>Invalid options (including every problem of a mapping file) throw <see cref="OptionsValidationException"/> when the adapter is first resolved, or at start-up under a host.</remarks>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IServiceCollection AddHealthFinanceFileExport(this IServiceCollection services, Action<FileExportOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        AddOptions(services, Options.Options.DefaultName, configure);
        services.TryAddSingleton<IErpAdapter>(static sp => Create(sp, Options.Options.DefaultName));
        return services;
    }

    /// <summary>
    /// Registers a <see cref="FileExportAdapter"/> as a keyed singleton <see cref="IErpAdapter"/> under
    /// <paramref name="name"/>, with validated named <see cref="FileExportOptions"/>; several exports can be registered side by side.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The service key and options name, e.g. <c>oracle</c>.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public static IServiceCollection AddHealthFinanceFileExport(this IServiceCollection services, string name, Action<FileExportOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        AddOptions(services, name, configure);
        services.TryAddKeyedSingleton<IErpAdapter>(name, static (sp, key) => Create(sp, (string)key!));
        return services;
    }

    private static void AddOptions(IServiceCollection services, string name, Action<FileExportOptions> configure)
    {
        services.AddOptions<FileExportOptions>(name).Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FileExportOptions>, FileExportOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
    }

    private static FileExportAdapter Create(IServiceProvider services, string name)
        => new(services.GetRequiredService<IOptionsMonitor<FileExportOptions>>().Get(name), services.GetRequiredService<TimeProvider>());
}
