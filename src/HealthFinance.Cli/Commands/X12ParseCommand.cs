using System.CommandLine;
using HealthFinance.X12.Hipaa;

namespace HealthFinance.Cli.Commands;

/// <summary><c>healthfinance x12 parse FILE|-</c>: canonical objects as NDJSON, findings on stderr.</summary>
internal static class X12ParseCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "The X12 file to map (835, 837P/I, 277CA, 999), or - for standard input." };
        var command = new Command("parse", "Map X12 transactions to canonical objects, one JSON object per line on stdout; findings go to stderr. Exit 0 valid, 1 invalid, 2 usage or I/O error.")
        {
            file,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(console, parse.GetValue(file)!, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, string path, CancellationToken cancellationToken)
    {
        var invalid = false;
        var any = false;
        try
        {
            var stream = InputSource.Open(path, console.OpenStandardInput);
            await using (stream.ConfigureAwait(false))
            {
                var options = new HipaaReaderOptions { FileName = path == "-" ? null : Path.GetFileName(path) };
                await foreach (var result in HipaaReader.ReadAsync(stream, options, cancellationToken).ConfigureAwait(false))
                {
                    any = true;
                    await console.WriteCanonicalAsync(result.Events, result.Diagnostics).ConfigureAwait(false);

                    if (result.Outcome == HipaaOutcome.NotMapped)
                    {
                        await console.Error.WriteLineAsync(
                            $"healthfinance: transaction set {result.Identity.TransactionSetId} {result.Identity.TransactionSetControlNumber} is not mapped by this version.").ConfigureAwait(false);
                    }

                    invalid |= result.HasErrors;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await console.Error.WriteLineAsync($"healthfinance: cannot read '{path}': {ex.Message}").ConfigureAwait(false);
            return HealthFinanceCommand.ExitUsage;
        }

        if (!any)
        {
            await console.Error.WriteLineAsync($"healthfinance: '{path}' holds no X12 transaction set.").ConfigureAwait(false);
            return HealthFinanceCommand.ExitInvalid;
        }

        return invalid ? HealthFinanceCommand.ExitInvalid : HealthFinanceCommand.ExitOk;
    }
}
