using System.CommandLine;
using System.Globalization;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;
using HealthFinance.Erp.FileExport;
using HealthFinance.Hl7v2;
using HealthFinance.Mapping.Posting;
using HealthFinance.Mapping.Rules;
using HealthFinance.Validation;
using HealthFinance.X12.Hipaa;

namespace HealthFinance.Cli.Commands;

/// <summary>
/// <c>healthfinance journal INPUT... [--rules F]...</c>: a stateless dry run of the posting pipeline (parse → validate →
/// map → validate). Journal lines go to stdout as NDJSON (<see cref="JournalJsonLinesWriter"/>, the line contract the JSON
/// lines file export shares); findings and quarantined inputs go to stderr.
/// </summary>
internal static class JournalCommand
{
    public static Command Create(CliConsole console)
    {
        var inputs = new Argument<string[]>("INPUT") { Description = "X12 (835, 837, 277CA) or HL7 v2 files (format detected), or - for standard input.", Arity = ArgumentArity.OneOrMore };
        var rules = new Option<string[]>("--rules")
        {
            Description = "A posting rule file (JSON); repeat to compose a rule set from several files. Default: the Riverbend Health sample rules.",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("journal", "Dry run: parse, validate and map the inputs to balanced journals with the posting rules; one journal line per line on stdout (NDJSON), findings and quarantined inputs on stderr. Exit 0 when everything posted or was quarantined with a reason, 1 when an input could not be accounted for, 2 usage, I/O or rule file error.")
        {
            inputs,
            rules,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(console, parse.GetValue(inputs)!, parse.GetValue(rules), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, string[] inputs, string[]? ruleFiles, CancellationToken cancellationToken)
    {
        var catalog = await SyncSetup.LoadRulesAsync(ruleFiles, console).ConfigureAwait(false);
        if (catalog is null)
        {
            return HealthFinanceCommand.ExitUsage;
        }

        var run = new Run(console, new PostingEngine(catalog), new PostingValidator(catalog));
        var exit = HealthFinanceCommand.ExitOk;
        foreach (var path in inputs)
        {
            try
            {
                var code = await run.ProcessAsync(path, cancellationToken).ConfigureAwait(false);
                exit = Math.Max(exit, code);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await console.Error.WriteLineAsync($"healthfinance: cannot read '{path}': {ex.Message}").ConfigureAwait(false);
                exit = HealthFinanceCommand.ExitUsage;
            }
        }

        await console.Error.WriteLineAsync(run.Summary()).ConfigureAwait(false);
        return exit;
    }

    private sealed class Run(CliConsole console, PostingEngine engine, PostingValidator validator)
    {
        private readonly ClaimPaymentHistory _history = new();
        private readonly HashSet<string> _accepted = new(StringComparer.Ordinal);
        private int _posted;
        private int _quarantined;
        private int _nothing;
        private int _duplicates;
        private int _lines;

        public async Task<int> ProcessAsync(string path, CancellationToken cancellationToken)
        {
            var name = path == "-" ? "-" : Path.GetFileName(path);
            var input = InputSource.Open(path, console.OpenStandardInput);
            var (format, stream) = await FormatDetector.DetectAsync(input, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var units = 0;
                switch (format)
                {
                    case InputFormat.X12:
                        var x12Options = new HipaaReaderOptions { FileName = path == "-" ? null : name };
                        await foreach (var result in HipaaReader.ReadAsync(stream, x12Options, cancellationToken).ConfigureAwait(false))
                        {
                            units++;
                            var unit = $"{result.Identity.TransactionSetId} {result.Identity.TransactionSetControlNumber}";
                            if (result.Outcome == HipaaOutcome.NotMapped)
                            {
                                _nothing++;
                                await console.Error.WriteLineAsync($"{name}: transaction set {unit} has no posting rule in this version; nothing posted.").ConfigureAwait(false);
                                continue;
                            }

                            await UnitAsync(name, unit, result.Events, result.Diagnostics).ConfigureAwait(false);
                        }

                        break;
                    case InputFormat.Hl7v2:
                        var hl7Options = new Hl7v2ParserOptions { FileName = path == "-" ? null : name };
                        await foreach (var result in Hl7v2Parser.ReadAsync(stream, hl7Options, cancellationToken).ConfigureAwait(false))
                        {
                            units++;
                            await UnitAsync(name, $"message {result.MessageType ?? "?"}", result.Events, result.Diagnostics).ConfigureAwait(false);
                        }

                        break;
                    default:
                        await console.Error.WriteLineAsync($"healthfinance: '{name}' is neither X12 nor HL7 v2; the journal command reads X12 and HL7 v2 input.").ConfigureAwait(false);
                        return HealthFinanceCommand.ExitInvalid;
                }

                if (units == 0)
                {
                    await console.Error.WriteLineAsync($"healthfinance: '{name}' holds no transaction or message.").ConfigureAwait(false);
                    return HealthFinanceCommand.ExitInvalid;
                }
            }

            return HealthFinanceCommand.ExitOk;
        }

        public string Summary() => string.Create(
            CultureInfo.InvariantCulture,
            $"healthfinance: {_posted} posted ({_lines} journal lines), {_quarantined} quarantined, {_nothing} with nothing to post, {_duplicates} duplicates skipped.");

        private async Task UnitAsync(string name, string unit, IReadOnlyList<CanonicalEvent> events, IReadOnlyList<Diagnostic> parseFindings)
        {
            foreach (var d in parseFindings)
            {
                await console.Error.WriteLineAsync($"{name}: {d}").ConfigureAwait(false);
            }

            var parseFailed = parseFindings.Any(d => d.IsError);
            if (events.Count == 0)
            {
                if (parseFailed)
                {
                    _quarantined++;
                    await console.Error.WriteLineAsync($"{name}: quarantined {unit}: {Codes(parseFindings)}").ConfigureAwait(false);
                }
                else
                {
                    _nothing++;
                }

                return;
            }

            foreach (var e in events)
            {
                if (parseFailed)
                {
                    _quarantined++;
                    await console.Error.WriteLineAsync($"{name}: quarantined {unit} event {e.EventId}: {Codes(parseFindings)}").ConfigureAwait(false);
                    continue;
                }

                var decision = validator.Decide(e, engine, _history, _accepted);
                foreach (var d in decision.Findings)
                {
                    await console.Error.WriteLineAsync($"{name}: {d}").ConfigureAwait(false);
                }

                switch (decision.Outcome)
                {
                    case PostingOutcome.Post:
                        _posted++;
                        foreach (var journal in decision.Entries)
                        {
                            _lines += await JournalJsonLinesWriter.WriteAsync(console.Out, journal, name).ConfigureAwait(false);
                        }

                        break;
                    case PostingOutcome.Quarantine:
                        _quarantined++;
                        await console.Error.WriteLineAsync($"{name}: quarantined {unit} event {e.EventId}: {Codes(decision.Reasons)}").ConfigureAwait(false);
                        break;
                    case PostingOutcome.DuplicateSkipped:
                        _duplicates++;
                        break;
                    default:
                        _nothing++;
                        break;
                }
            }
        }

        private static string Codes(IEnumerable<Diagnostic> findings) => string.Join(", ", findings.Where(d => d.IsError).Select(d => d.Code).Distinct(StringComparer.Ordinal));
    }
}
