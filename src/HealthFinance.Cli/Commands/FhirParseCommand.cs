using System.CommandLine;
using HealthFinance.Fhir;

namespace HealthFinance.Cli.Commands;

/// <summary><c>healthfinance fhir parse FILE|-</c>: canonical objects as NDJSON, findings on stderr.</summary>
internal static class FhirParseCommand
{
    /// <summary>The <c>fhir</c> command group holding <c>parse</c>.</summary>
    /// <param name="console">The standard streams.</param>
    /// <returns>The group.</returns>
    public static Command CreateGroup(CliConsole console) => new("fhir", "FHIR R4: map financial resources (Claim, ChargeItem, Invoice, ClaimResponse, ExplanationOfBenefit, PaymentReconciliation, Account) to canonical objects.")
    {
        Create(console),
    };

    /// <summary>The <c>parse</c> command.</summary>
    /// <param name="console">The standard streams.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "The FHIR R4 JSON file to map (a resource or a Bundle), or - for standard input." };
        var strict = new Option<bool>("--strict") { Description = "Treat every FHIR SDK deserialization issue as an error and map nothing (default: recoverable, issues are warnings)." };
        var command = new Command("parse", "Map FHIR R4 financial resources to canonical objects, one JSON object per line on stdout; findings go to stderr. Exit 0 valid, 1 invalid, 2 usage or I/O error.")
        {
            file,
            strict,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(console, parse.GetValue(file)!, parse.GetValue(strict), cancellationToken));
        return command;
    }

    /// <summary>Runs the command.</summary>
    /// <param name="console">The standard streams.</param>
    /// <param name="path">A file path or <c>-</c>.</param>
    /// <param name="strict">Whether SDK issues are errors.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>0 valid, 1 invalid, 2 I/O error.</returns>
    public static async Task<int> RunAsync(CliConsole console, string path, bool strict, CancellationToken cancellationToken)
    {
        FhirParseResult result;
        try
        {
            var stream = InputSource.Open(path, console.OpenStandardInput);
            await using (stream.ConfigureAwait(false))
            {
                var options = new FhirParserOptions
                {
                    Mode = strict ? FhirDeserializationMode.Strict : FhirDeserializationMode.Recoverable,
                    FileName = path == "-" ? null : Path.GetFileName(path),
                };
                result = await FhirParser.ParseAsync(stream, options, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await console.Error.WriteLineAsync($"healthfinance: cannot read '{path}': {ex.Message}").ConfigureAwait(false);
            return HealthFinanceCommand.ExitUsage;
        }

        await console.WriteCanonicalAsync(result.Events, result.Diagnostics).ConfigureAwait(false);

        return result.HasErrors ? HealthFinanceCommand.ExitInvalid : HealthFinanceCommand.ExitOk;
    }
}
