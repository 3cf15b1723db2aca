using System.CommandLine;
using HealthFinance.Hl7v2;

namespace HealthFinance.Cli.Commands;

/// <summary><c>healthfinance hl7 parse FILE|-</c>: canonical objects as NDJSON, findings on stderr.</summary>
internal static class Hl7ParseCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "The HL7 v2 file to map (messages, FHS/BHS batches or MLLP frames), or - for standard input." };
        var command = new Command("parse", "Map HL7 v2 messages (DFT^P03/P11, BAR^P01/P05/P12, ADT^A04/A08) to canonical objects, one JSON object per line on stdout; findings go to stderr. Exit 0 valid, 1 invalid, 2 usage or I/O error.")
        {
            file,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(console, parse.GetValue(file)!, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, string path, CancellationToken cancellationToken)
    {
        var invalid = false;
        var messages = 0;
        try
        {
            var stream = InputSource.Open(path, console.OpenStandardInput);
            await using (stream.ConfigureAwait(false))
            {
                var options = new Hl7v2ParserOptions { FileName = path == "-" ? null : Path.GetFileName(path) };
                await foreach (var result in Hl7v2Parser.ReadAsync(stream, options, cancellationToken).ConfigureAwait(false))
                {
                    messages += result.MessageType is null ? 0 : 1;
                    await console.WriteCanonicalAsync(result.Events, result.Diagnostics).ConfigureAwait(false);

                    invalid |= result.HasErrors;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await console.Error.WriteLineAsync($"healthfinance: cannot read '{path}': {ex.Message}").ConfigureAwait(false);
            return HealthFinanceCommand.ExitUsage;
        }

        if (messages == 0 && !invalid)
        {
            await console.Error.WriteLineAsync($"healthfinance: '{path}' holds no HL7 v2 message.").ConfigureAwait(false);
            return HealthFinanceCommand.ExitInvalid;
        }

        return invalid ? HealthFinanceCommand.ExitInvalid : HealthFinanceCommand.ExitOk;
    }
}
