using HealthFinance.Erp;
using HealthFinance.Erp.FileExport;
using HealthFinance.Idempotency;
using HealthFinance.Idempotency.DependencyInjection;
using HealthFinance.Idempotency.PostgreSql;
using HealthFinance.Idempotency.Sqlite;
using HealthFinance.Mapping.Rules;
using HealthFinance.Sync.Inputs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HealthFinance.Sync.DependencyInjection;

/// <summary>
/// Composes the sync pipeline: input formats, posting rules, state store, ERP adapter and options. Every part is a
/// service a host can replace (register its own <see cref="IInputFormat"/>, <see cref="RuleSetCatalog"/>,
/// <see cref="IStateStore"/> or <see cref="IErpAdapter"/>).
/// </summary>
public sealed class HealthFinanceBuilder
{
    internal HealthFinanceBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection being composed.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Reads X12 5010 (835, 837P/I/D, 277CA, 999/997, TA1).</summary>
    /// <returns>This builder.</returns>
    public HealthFinanceBuilder AddX12() => AddFormat(new X12InputFormat());

    /// <summary>Reads HL7 v2 (DFT, BAR, ADT; plain, batches, MLLP).</summary>
    /// <returns>This builder.</returns>
    public HealthFinanceBuilder AddHl7v2() => AddFormat(new Hl7v2InputFormat());

    /// <summary>Reads FHIR R4 JSON financial resources and bundles.</summary>
    /// <returns>This builder.</returns>
    public HealthFinanceBuilder AddFhir() => AddFormat(new FhirInputFormat());

    /// <summary>Reads patient portal and payment gateway settlement feeds (CSV, JSON, NDJSON).</summary>
    /// <returns>This builder.</returns>
    public HealthFinanceBuilder AddPaymentFeeds() => AddFormat(new PaymentFeedInputFormat());

    /// <summary>Adds an input format; formats are tried in the order they were added.</summary>
    /// <param name="format">The format.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="format"/> is <see langword="null"/>.</exception>
    public HealthFinanceBuilder AddFormat(IInputFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (!Services.Any(d => d.ServiceType == typeof(IInputFormat) && d.ImplementationInstance?.GetType() == format.GetType()))
        {
            Services.AddSingleton(format);
        }

        return this;
    }

    /// <summary>Uses the posting rules in these JSON files (one rule set composed from all of them); loaded and checked at start.</summary>
    /// <param name="paths">The rule files.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">No path is given.</exception>
    public HealthFinanceBuilder UseRules(params string[] paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Length == 0)
        {
            throw new ArgumentException("At least one rule file is required.", nameof(paths));
        }

        var files = paths.ToArray();
        Services.Replace(ServiceDescriptor.Singleton(_ => LoadRules(files)));
        return this;
    }

    /// <summary>Uses posting rules loaded by the host.</summary>
    /// <param name="catalog">The rules.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is <see langword="null"/>.</exception>
    public HealthFinanceBuilder UseRules(RuleSetCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        Services.Replace(ServiceDescriptor.Singleton(catalog));
        return this;
    }

    /// <summary>Keeps the state in an embedded SQLite file (the default for one process).</summary>
    /// <param name="path">The database file.</param>
    /// <param name="configure">Further options (payload keys, retention); <see langword="null"/> to keep the payload key in <c>{path}.key</c> (created when missing).</param>
    /// <returns>This builder.</returns>
    public HealthFinanceBuilder UseSqliteState(string path, Action<SqliteStateStoreOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Services.AddHealthFinanceSqliteState(o =>
        {
            o.Path = path;
            if (configure is null)
            {
                PayloadKeyFile.Apply(path + ".key", o);
            }
            else
            {
                configure(o);
            }
        });
        return this;
    }

    /// <summary>Keeps the state in PostgreSQL (for several workers sharing it).</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <param name="configure">Further options; set the payload keys here (from a secret store).</param>
    /// <returns>This builder.</returns>
    public HealthFinanceBuilder UsePostgresState(string connectionString, Action<PostgresStateStoreOptions> configure)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentNullException.ThrowIfNull(configure);
        Services.AddHealthFinancePostgresState(o =>
        {
            o.ConnectionString = connectionString;
            configure(o);
        });
        return this;
    }

    /// <summary>Keeps the state in memory (tests, dry runs): nothing survives the process.</summary>
    /// <param name="configure">Further options; a random payload key is used when none is set.</param>
    /// <returns>This builder.</returns>
    public HealthFinanceBuilder UseInMemoryState(Action<StateStoreOptions>? configure = null)
    {
        Services.AddHealthFinanceInMemoryState(o =>
        {
            configure?.Invoke(o);
            if (o.PayloadKeys.Count == 0)
            {
                o.PayloadKeys["memory"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
                o.CurrentPayloadKeyId = "memory";
            }
        });
        return this;
    }

    /// <summary>Posts through an ERP adapter built by the host.</summary>
    /// <param name="factory">Creates the adapter.</param>
    /// <returns>This builder.</returns>
    public HealthFinanceBuilder UseErpAdapter(Func<IServiceProvider, IErpAdapter> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.Replace(ServiceDescriptor.Singleton(factory));
        return this;
    }

    /// <summary>Posts through an ERP adapter type resolved from the container.</summary>
    /// <typeparam name="TAdapter">The adapter type.</typeparam>
    /// <returns>This builder.</returns>
    public HealthFinanceBuilder UseErpAdapter<TAdapter>()
        where TAdapter : class, IErpAdapter
    {
        Services.TryAddSingleton<TAdapter>();
        Services.Replace(ServiceDescriptor.Singleton<IErpAdapter>(static sp => sp.GetRequiredService<TAdapter>()));
        return this;
    }

    /// <summary>Posts by writing journal files (JSON lines, Oracle GL_INTERFACE, Dynamics 365, hledger) to a folder.</summary>
    /// <param name="configure">Sets the folder and format.</param>
    /// <returns>This builder.</returns>
    public HealthFinanceBuilder UseFileExport(Action<FileExportOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new FileExportOptions();
        configure(options);
        return UseErpAdapter(_ => new FileExportAdapter(options));
    }

    /// <summary>Sets pipeline options.</summary>
    /// <param name="configure">Sets the options.</param>
    /// <returns>This builder.</returns>
    public HealthFinanceBuilder Configure(Action<SyncOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    /// <summary>Sets the retry options of the <see cref="ErpPoster"/> around the adapter.</summary>
    /// <param name="configure">Sets the options.</param>
    /// <returns>This builder.</returns>
    public HealthFinanceBuilder ConfigurePoster(Action<ErpPosterOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    /// <summary>Runs the pipeline as a hosted service: delivers the outbox continuously, expires parked items, and optionally processes files dropped in an inbox folder.</summary>
    /// <param name="configure">Sets the worker options; <see langword="null"/> for the defaults.</param>
    /// <returns>This builder.</returns>
    public HealthFinanceBuilder AddWorker(Action<SyncWorkerOptions>? configure = null)
    {
        var options = Services.AddOptions<SyncWorkerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(static o => o.Validate().Count == 0, "Invalid SyncWorkerOptions.").ValidateOnStart();
        Services.AddHostedService<SyncWorker>();
        return this;
    }

    private static RuleSetCatalog LoadRules(string[] paths)
    {
        var load = RuleSetLoader.LoadFiles(paths);
        if (load.Catalog is null)
        {
            throw new InvalidOperationException("The posting rules cannot be loaded: " + string.Join("; ", load.Diagnostics.Where(static d => d.IsError).Select(static d => d.ToString())));
        }

        return load.Catalog;
    }
}
