using System.CommandLine;
using HealthFinance.Erp;
using HealthFinance.Erp.FileExport;
using HealthFinance.Erp.Http;
using HealthFinance.Mapping.Rules;
using HealthFinance.Sync;
using HealthFinance.Sync.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;

namespace HealthFinance.Cli.Commands;

/// <summary>
/// The options the stateful commands share (<c>sync</c>, <c>dead-letter</c>, <c>reconcile</c>) and the composition of
/// the pipeline from them through <c>AddHealthFinance</c>.
/// </summary>
internal sealed class SyncSetup
{
    /// <summary>The environment variable holding a base64 32-byte payload key (required for a PostgreSQL state shared by several processes).</summary>
    public const string PayloadKeyVariable = "HEALTHFINANCE_PAYLOAD_KEY";

    /// <summary>The environment variable naming the PostgreSQL schema of the state (default <c>healthfinance</c>), so that several pipelines can share one database.</summary>
    public const string SchemaVariable = "HEALTHFINANCE_STATE_SCHEMA";

    private const string DefaultOut = "healthfinance-out";

    public Option<string[]> Rules { get; } = new("--rules")
    {
        Description = "A posting rule file (JSON); repeat to compose a rule set from several files. Default: the Riverbend Health sample rules.",
        Arity = ArgumentArity.OneOrMore,
    };

    public Option<string?> State { get; } = new("--state")
    {
        Description = "Where the state lives: sqlite:PATH (default: sqlite:OUT/state.db) or postgres:CONNECTION-STRING (payload key from " + PayloadKeyVariable + ").",
    };

    public Option<string?> Erp { get; } = new("--erp")
    {
        Description = "Where journals go: jsonl:DIR, fbdi:DIR, d365:DIR, hledger:DIR or http:URL. Default: JSON lines in OUT/journals and an hledger journal in OUT/hledger.",
    };

    public Option<string?> Mapping { get; } = new("--mapping")
    {
        Description = "The ledger mapping file (JSON) the fbdi, d365 and http exports need (role → account per legal entity).",
    };

    public Option<string?> Out { get; } = new("--out")
    {
        Description = "The folder for the default state and exports. Default: ./" + DefaultOut + ".",
    };

    public void AddTo(Command command, bool withErp)
    {
        command.Options.Add(Rules);
        command.Options.Add(State);
        command.Options.Add(Out);
        if (withErp)
        {
            command.Options.Add(Erp);
            command.Options.Add(Mapping);
        }
    }

    /// <summary>What the options resolved to.</summary>
    public sealed record Resolved(ServiceProvider Provider, string StateDescription, string ErpDescription, string OutDirectory) : IAsyncDisposable
    {
        public SyncPipeline Pipeline => Provider.GetRequiredService<SyncPipeline>();

        public Idempotency.IStateStore StateStore => Provider.GetRequiredService<Idempotency.IStateStore>();

        public ValueTask DisposeAsync() => Provider.DisposeAsync();
    }

    /// <summary>Resolves the options into a composed pipeline, or writes the problem to stderr and returns <see langword="null"/>.</summary>
    public async Task<Resolved?> ResolveAsync(ParseResult parse, CliConsole console, Action<SyncOptions>? configure = null)
    {
        var outDirectory = Path.GetFullPath(parse.GetValue(Out) ?? DefaultOut);
        var catalog = await LoadRulesAsync(parse.GetValue(Rules), console).ConfigureAwait(false);
        if (catalog is null)
        {
            return null;
        }

        var services = new ServiceCollection();
        var stateDescription = string.Empty;
        var erpDescription = string.Empty;
        var problems = new List<string>();
        services.AddHealthFinance(hf =>
        {
            hf.AddX12().AddHl7v2().AddFhir().AddPaymentFeeds().UseRules(catalog);
            if (configure is not null)
            {
                hf.Configure(configure);
            }

            stateDescription = ConfigureState(hf, parse.GetValue(State), outDirectory, problems);
            erpDescription = ConfigureErp(hf, parse.GetValue(Erp), parse.GetValue(Mapping), outDirectory, problems);
        });
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await console.Error.WriteLineAsync("healthfinance: " + problem).ConfigureAwait(false);
            }

            return null;
        }

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        try
        {
            _ = provider.GetRequiredService<SyncPipeline>();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or Microsoft.Extensions.Options.OptionsValidationException or InvalidDataException or ErpMappingException)
        {
            await console.Error.WriteLineAsync("healthfinance: " + ex.Message).ConfigureAwait(false);
            await provider.DisposeAsync().ConfigureAwait(false);
            return null;
        }

        return new Resolved(provider, stateDescription, erpDescription, outDirectory);
    }

    public static async Task<RuleSetCatalog?> LoadRulesAsync(string[]? ruleFiles, CliConsole console)
    {
        var load = ruleFiles is { Length: > 0 } ? RuleSetLoader.LoadFiles(ruleFiles) : RuleSetLoader.Load(SampleRules());
        foreach (var d in load.Diagnostics)
        {
            await console.Error.WriteLineAsync(d.ToString()).ConfigureAwait(false);
        }

        if (load.Catalog is null)
        {
            await console.Error.WriteLineAsync("healthfinance: the posting rules cannot be loaded.").ConfigureAwait(false);
        }

        return load.Catalog;
    }

    /// <summary>The sample rules embedded in the tool (samples/rules).</summary>
    public static List<RuleSource> SampleRules()
    {
        const string prefix = "HealthFinance.Cli.SampleRules.";
        var assembly = typeof(SyncSetup).Assembly;
        var sources = new List<RuleSource>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            sources.Add(new RuleSource("samples/rules/" + name[prefix.Length..], memory.ToArray()));
        }

        return sources;
    }

    private static string ConfigureState(HealthFinanceBuilder hf, string? spec, string outDirectory, List<string> problems)
    {
        spec ??= "sqlite:" + Path.Combine(outDirectory, "state.db");
        var (kind, value) = Split(spec);
        switch (kind)
        {
            case "sqlite" when value.Length > 0:
                var path = Path.GetFullPath(value);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                hf.UseSqliteState(path);
                return "sqlite:" + path;
            case "postgres" or "postgresql" when value.Length > 0:
                var key = Environment.GetEnvironmentVariable(PayloadKeyVariable);
                if (string.IsNullOrWhiteSpace(key))
                {
                    problems.Add($"a PostgreSQL state needs the payload encryption key every process shares: set {PayloadKeyVariable} to a base64 32-byte key.");
                    return "postgres";
                }

                var schema = Environment.GetEnvironmentVariable(SchemaVariable);
                hf.UsePostgresState(value, o =>
                {
                    o.PayloadKeys["env"] = key.Trim();
                    o.CurrentPayloadKeyId = "env";
                    if (!string.IsNullOrWhiteSpace(schema))
                    {
                        o.Schema = schema.Trim();
                    }
                });
                return "postgres";
            default:
                problems.Add($"--state must be sqlite:PATH or postgres:CONNECTION-STRING, not '{spec}'.");
                return spec;
        }
    }

    private static string ConfigureErp(HealthFinanceBuilder hf, string? spec, string? mapping, string outDirectory, List<string> problems)
    {
        if (spec is null)
        {
            var jsonl = new FileExportOptions { Format = FileExportFormat.JsonLines, OutputDirectory = Path.Combine(outDirectory, "journals") };
            var hledger = new FileExportOptions { Format = FileExportFormat.Hledger, OutputDirectory = Path.Combine(outDirectory, "hledger") };
            hf.UseErpAdapter(_ => new FanOutErpAdapter([new FileExportAdapter(jsonl), new FileExportAdapter(hledger)]));
            return "jsonl+hledger:" + outDirectory;
        }

        var (kind, value) = Split(spec);
        if (value.Length == 0)
        {
            problems.Add($"--erp {kind}: needs a folder or URL after the colon.");
            return spec;
        }

        FileExportFormat? format = kind switch
        {
            "jsonl" => FileExportFormat.JsonLines,
            "fbdi" => FileExportFormat.OracleGlInterface,
            "d365" => FileExportFormat.Dynamics365GeneralJournal,
            "hledger" => FileExportFormat.Hledger,
            _ => null,
        };
        if (format is { } f)
        {
            if (f is FileExportFormat.OracleGlInterface or FileExportFormat.Dynamics365GeneralJournal && mapping is null)
            {
                problems.Add($"--erp {kind}: needs --mapping FILE (the ledger mapping of roles to accounts).");
                return spec;
            }

            var options = new FileExportOptions { Format = f, OutputDirectory = Path.GetFullPath(value), MappingPath = mapping };
            hf.UseErpAdapter(_ => new FileExportAdapter(options));
            return spec;
        }

        if (kind is "http" or "https")
        {
            var url = value.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? value : spec;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var endpoint))
            {
                problems.Add($"--erp http: '{url}' is not an absolute URL.");
                return spec;
            }

            hf.Services.AddHealthFinanceHttpErp(o =>
            {
                o.Endpoint = endpoint;
                o.TokenEndpoint = Uri.TryCreate(Environment.GetEnvironmentVariable("HEALTHFINANCE_ERP_TOKEN_URL"), UriKind.Absolute, out var token) ? token : null;
                o.ClientId = Environment.GetEnvironmentVariable("HEALTHFINANCE_ERP_CLIENT_ID");
                o.ClientSecret = Environment.GetEnvironmentVariable("HEALTHFINANCE_ERP_CLIENT_SECRET");
                o.LookupEndpoint = Environment.GetEnvironmentVariable("HEALTHFINANCE_ERP_LOOKUP_URL");
                o.MappingPath = mapping;
            });
            hf.UseErpAdapter(static sp => sp.GetRequiredService<HttpErpAdapter>());
            return "http:" + endpoint.GetLeftPart(UriPartial.Path);
        }

        problems.Add($"--erp must be jsonl:DIR, fbdi:DIR, d365:DIR, hledger:DIR or http:URL, not '{spec}'.");
        return spec;
    }

    private static (string Kind, string Value) Split(string spec)
    {
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (spec, string.Empty) : (spec[..colon].ToLowerInvariant(), spec[(colon + 1)..]);
    }
}
