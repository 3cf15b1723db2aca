using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HealthFinance.Mapping.Posting;
using HealthFinance.Sync;
using HealthFinance.Sync.Inputs;
using HealthFinance.Validation;

namespace HealthFinance.Cli.Commands;

/// <summary>
/// <c>healthfinance reconcile INPUT... [--rules F] [--ledger DIR] [--json]</c>: billed (837) vs remitted (835) vs posted
/// (journals) per claim, per remittance and per day, each variance with its cause; and, against a JSON-lines ledger
/// export, which journals the inputs call for that the ledger does not hold.
/// </summary>
internal static class ReconcileCommand
{
    public static Command Create(CliConsole console)
    {
        var inputs = new Argument<string[]>("INPUT") { Description = "Files or folders, as for sync.", Arity = ArgumentArity.OneOrMore };
        var rules = new Option<string[]>("--rules") { Description = "Posting rule files (default: the sample rules).", Arity = ArgumentArity.OneOrMore };
        var ledger = new Option<string?>("--ledger") { Description = "A folder of JSON-lines journal exports (the default sync export: healthfinance-out/journals) to check the posted journals against." };
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object." };
        var command = new Command("reconcile", "Reconcile billed vs remitted vs posted per claim, remittance and day, naming the cause of each variance; with --ledger, list the journals the inputs call for that the ledger lacks. Exit 0 when the ledger holds every journal, 1 when journals are missing, 2 usage or rule file error.")
        {
            inputs,
            rules,
            ledger,
            json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(console, parse.GetValue(inputs)!, parse.GetValue(rules), parse.GetValue(ledger), parse.GetValue(json), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, string[] paths, string[]? ruleFiles, string? ledger, bool json, CancellationToken cancellationToken)
    {
        var catalog = await SyncSetup.LoadRulesAsync(ruleFiles, console).ConfigureAwait(false);
        if (catalog is null)
        {
            return HealthFinanceCommand.ExitUsage;
        }

        IReadOnlyList<SyncInput> inputs;
        try
        {
            inputs = SyncInput.FromPaths(paths);
        }
        catch (FileNotFoundException ex)
        {
            await console.Error.WriteLineAsync("healthfinance: " + ex.Message).ConfigureAwait(false);
            return HealthFinanceCommand.ExitUsage;
        }

        var engine = new PostingEngine(catalog);
        var validator = new PostingValidator(catalog);
        var history = new ClaimPaymentHistory();
        var checkpoint = new ReconciliationCheckpoint();
        var expected = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            var (format, stream) = await InputFormatDetector.DetectAsync(input.Open(), SyncPipeline.BuiltInFormats, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                if (format is null)
                {
                    await console.Error.WriteLineAsync($"healthfinance: '{input.Name}' is in no format reconcile reads; skipped.").ConfigureAwait(false);
                    continue;
                }

                await foreach (var unit in format.ReadAsync(stream, input.Name, cancellationToken).ConfigureAwait(false))
                {
                    foreach (var e in unit.Events)
                    {
                        var decision = validator.Decide(e, engine, history);
                        checkpoint.Add(decision);
                        foreach (var journal in decision.Entries)
                        {
                            expected[journal.IdempotencyKey] = journal.EventId;
                        }
                    }
                }
            }
        }

        var report = checkpoint.Report();
        List<string>? missing = null;
        if (ledger is not null)
        {
            if (!Directory.Exists(ledger))
            {
                await console.Error.WriteLineAsync($"healthfinance: the ledger folder '{ledger}' does not exist.").ConfigureAwait(false);
                return HealthFinanceCommand.ExitUsage;
            }

            var held = LedgerKeys(ledger);
            missing = [.. expected.Keys.Where(k => !held.Contains(k))];
        }

        if (json)
        {
            await console.Out.WriteLineAsync(ToJson(report, expected.Count, missing)).ConfigureAwait(false);
        }
        else
        {
            report.WriteText(console.Out);
            foreach (var finding in report.Findings)
            {
                await console.Error.WriteLineAsync(finding.ToString()).ConfigureAwait(false);
            }

            if (missing is not null)
            {
                await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"\nledger: {expected.Count - missing.Count} of {expected.Count} journals posted; {missing.Count} missing")).ConfigureAwait(false);
                foreach (var key in missing)
                {
                    await console.Out.WriteLineAsync("missing\t" + key + "\t" + expected[key]).ConfigureAwait(false);
                }
            }
        }

        return missing is { Count: > 0 } ? HealthFinanceCommand.ExitInvalid : HealthFinanceCommand.ExitOk;
    }

    // The idempotency keys of the journals (or of the journals parts were cut from) in a JSON-lines export.
    private static HashSet<string> LedgerKeys(string folder)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*.jsonl"))
        {
            foreach (var line in File.ReadLines(file))
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                var key = root.TryGetProperty("sourceIdempotencyKey", out var source) && source.ValueKind == JsonValueKind.String
                    ? source.GetString()
                    : root.TryGetProperty("idempotencyKey", out var k) ? k.GetString() : null;
                if (key is not null)
                {
                    keys.Add(key);
                }
            }
        }

        return keys;
    }

    private static string ToJson(ReconciliationReport report, int journals, List<string>? missing)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("claims", report.Claims.Count);
            writer.WriteNumber("billed", report.Claims.Sum(static c => c.Billed ?? 0m));
            writer.WriteNumber("remitted", report.Remittances.Sum(static r => r.Remitted));
            writer.WriteNumber("posted", report.Remittances.Sum(static r => r.Posted));
            writer.WriteNumber("variance", report.Remittances.Sum(static r => r.Variance));
            writer.WriteNumber("journals", journals);
            if (missing is not null)
            {
                writer.WriteNumber("missingJournals", missing.Count);
            }

            writer.WriteStartArray("variances");
            foreach (var c in report.Claims.Where(static c => c.Cause != VarianceCause.None))
            {
                writer.WriteStartObject();
                writer.WriteString("claim", c.ClaimId);
                if (c.Billed is { } billed)
                {
                    writer.WriteNumber("billed", billed);
                }

                writer.WriteNumber("remitted", c.Remitted);
                writer.WriteNumber("posted", c.Posted);
                writer.WriteNumber("suspense", c.Suspense);
                writer.WriteNumber("variance", c.Variance);
                writer.WriteString("cause", c.Cause.ToString());
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("remittances");
            foreach (var r in report.Remittances)
            {
                writer.WriteStartObject();
                writer.WriteString("trace", r.TraceNumber);
                writer.WriteString("date", r.PaymentDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                writer.WriteNumber("remitted", r.Remitted);
                writer.WriteNumber("posted", r.Posted);
                writer.WriteNumber("variance", r.Variance);
                writer.WriteString("cause", r.Cause.ToString());
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
