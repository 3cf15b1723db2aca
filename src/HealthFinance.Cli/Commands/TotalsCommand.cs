using System.Buffers;
using System.CommandLine;
using HealthFinance.Hl7v2;
using HealthFinance.X12;
using HealthFinance.X12.Hipaa.Totals;

namespace HealthFinance.Cli.Commands;

/// <summary><c>healthfinance totals FILE|-</c>: the control totals of one file as one JSON object.</summary>
internal static class TotalsCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "The file to total (format detected), or - for standard input." };
        var command = new Command("totals", "Control totals of one file (X12, HL7 v2 or FHIR R4 JSON, detected) as one JSON object on stdout. Exit 0 read, 1 unreadable or unsupported input, 2 usage or I/O error.")
        {
            file,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(console, parse.GetValue(file)!, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, string path, CancellationToken cancellationToken)
    {
        try
        {
            var input = InputSource.Open(path, console.OpenStandardInput);
            var (format, stream) = await FormatDetector.DetectAsync(input, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new ArrayBufferWriter<byte>();
                switch (format)
                {
                    case InputFormat.X12:
                        (await X12ControlTotals.ComputeAsync(stream, cancellationToken).ConfigureAwait(false)).WriteJson(buffer);
                        break;
                    case InputFormat.Hl7v2:
                        (await Hl7v2ControlTotals.ComputeAsync(stream, cancellationToken).ConfigureAwait(false)).WriteJson(buffer);
                        break;
                    case InputFormat.Fhir:
                        return await FhirTotalsRunner.RunAsync(console, stream, path, cancellationToken).ConfigureAwait(false);
                    default:
                        await console.Error.WriteLineAsync($"healthfinance: '{path}' is an unrecognized format (supported: X12, HL7 v2, FHIR R4 JSON).").ConfigureAwait(false);
                        return HealthFinanceCommand.ExitInvalid;
                }

                await console.Out.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan)).ConfigureAwait(false);
                return HealthFinanceCommand.ExitOk;
            }
        }
        catch (X12ReaderException ex)
        {
            await console.Error.WriteLineAsync($"healthfinance: '{path}' is unreadable: {ex.ToDiagnostic()}").ConfigureAwait(false);
            return HealthFinanceCommand.ExitInvalid;
        }
        catch (Hl7v2ReaderException ex)
        {
            await console.Error.WriteLineAsync($"healthfinance: '{path}' is unreadable: {ex.ToDiagnostic()}").ConfigureAwait(false);
            return HealthFinanceCommand.ExitInvalid;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await console.Error.WriteLineAsync($"healthfinance: cannot read '{path}': {ex.Message}").ConfigureAwait(false);
            return HealthFinanceCommand.ExitUsage;
        }
    }
}
