using HealthFinance.Erp;
using HealthFinance.Idempotency;
using HealthFinance.Mapping.Rules;
using HealthFinance.Sync.Inputs;
using HealthFinance.Sync.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthFinance.Sync.DependencyInjection;

/// <summary>The one entry point that registers the sync pipeline.</summary>
public static class HealthFinanceServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="SyncPipeline"/> and what it needs, composed by <paramref name="configure"/>:
    /// <code>
    /// services.AddHealthFinance(hf =&gt; hf
    ///     .AddX12().AddHl7v2().AddFhir()
    ///     .UseRules("rules/core.json", "rules/reference.json")
    ///     .UseSqliteState("state/healthfinance.db")
    ///     .UseFileExport(o =&gt; o.OutputDirectory = "out"));
    /// </code>
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Composes the pipeline.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <remarks>
    /// <para>Registers the meter factory (<c>AddMetrics</c>) and <see cref="SyncTelemetry"/> (meter and activity source
    /// <c>HealthFinance</c>), <see cref="TimeProvider.System"/> unless a clock is registered, and validated
    /// <see cref="SyncOptions"/> and <see cref="ErpPosterOptions"/>. When no input format is added, the built-in ones
    /// (X12, HL7 v2, FHIR) are used.</para>
    /// <para>Resolving the pipeline, or starting a host, fails with one message naming every missing part (rules,
    /// state store, ERP adapter) and every invalid option.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IServiceCollection AddHealthFinance(this IServiceCollection services, Action<HealthFinanceBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static sp => new SyncTelemetry(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddOptions<SyncOptions>()
            .Validate(static o => o.Validate().Count == 0, "Invalid SyncOptions.")
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SyncOptions>, SyncOptionsValidator>());
        services.AddOptions<ErpPosterOptions>();
        services.TryAddSingleton(static sp =>
        {
            var missing = new List<string>();
            var rules = sp.GetService<RuleSetCatalog>();
            var state = sp.GetService<IStateStore>();
            var adapter = sp.GetService<IErpAdapter>();
            if (rules is null)
            {
                missing.Add("posting rules (UseRules)");
            }

            if (state is null)
            {
                missing.Add("a state store (UseSqliteState, UsePostgresState or UseInMemoryState)");
            }

            if (adapter is null)
            {
                missing.Add("an ERP adapter (UseFileExport or UseErpAdapter)");
            }

            if (missing.Count > 0)
            {
                throw new InvalidOperationException("AddHealthFinance is missing " + string.Join(", ", missing) + ".");
            }

            var formats = sp.GetServices<IInputFormat>().ToList();
            return new SyncPipeline(
                formats.Count > 0 ? formats : SyncPipeline.BuiltInFormats,
                rules!,
                state!,
                adapter!,
                sp.GetRequiredService<IOptions<SyncOptions>>().Value,
                sp.GetRequiredService<IOptions<ErpPosterOptions>>().Value,
                sp.GetRequiredService<SyncTelemetry>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILoggerFactory>());
        });
        configure(new HealthFinanceBuilder(services));
        return services;
    }

    private sealed class SyncOptionsValidator : IValidateOptions<SyncOptions>
    {
        public ValidateOptionsResult Validate(string? name, SyncOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
