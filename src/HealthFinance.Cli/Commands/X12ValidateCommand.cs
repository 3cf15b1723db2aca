using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.X12;
using HealthFinance.X12.Acknowledgments;
using HealthFinance.X12.Validation;

namespace HealthFinance.Cli.Commands;

/// <summary><c>healthfinance x12 validate FILE|- [--ack 999|ta1 --ack-out F] [--json]</c>.</summary>
internal static class X12ValidateCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "The X12 file to validate, or - for standard input." };
        var ack = new Option<string?>("--ack") { Description = "Write an acknowledgment: 999 (per functional group) or ta1 (per interchange)." };
        ack.AcceptOnlyFromAmong("999", "ta1");
        var ackOut = new Option<string?>("--ack-out") { Description = "Where to write the acknowledgment (a file, or - for standard output). Required with --ack." };
        var json = new Option<bool>("--json") { Description = "Print findings as NDJSON (one JSON object per line) instead of text." };
        var command = new Command("validate", "Streaming syntax and envelope validation of X12 input: one line per finding with its position and code. Exit 0 valid, 1 invalid, 2 usage or I/O error.")
        {
            file,
            ack,
            ackOut,
            json,
        };

        command.Validators.Add(result =>
        {
            if (result.GetResult(ack) is not null && result.GetResult(ackOut) is null)
            {
                result.AddError("--ack-out is required with --ack.");
            }
        });

        command.SetAction((parse, cancellationToken) => RunAsync(
            console,
            parse.GetValue(file)!,
            parse.GetValue(ack),
            parse.GetValue(ackOut),
            parse.GetValue(json),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, string path, string? ack, string? ackOut, bool json, CancellationToken cancellationToken)
    {
        var output = console.Out;
        var options = new X12ValidatorOptions
        {
            MaxRetainedDiagnostics = 0,
            DiagnosticReported = d => output.WriteLine(json ? ToJson(d) : d.ToString()),
        };

        X12ValidationResult result;
        try
        {
            var stream = InputSource.Open(path, console.OpenStandardInput);
            await using (stream.ConfigureAwait(false))
            {
                result = await X12Validator.ValidateAsync(stream, options, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await console.Error.WriteLineAsync($"healthfinance: cannot read '{path}': {ex.Message}").ConfigureAwait(false);
            return HealthFinanceCommand.ExitUsage;
        }

        var interchanges = result.Interchanges.Count;
        var groups = result.Interchanges.Sum(i => i.Groups.Count);
        var transactions = result.Interchanges.Sum(i => i.Groups.Sum(g => g.Transactions.Count));
        if (json)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{{\"type\":\"summary\",\"valid\":{(result.IsValid ? "true" : "false")},\"errors\":{result.ErrorCount},\"warnings\":{result.WarningCount},\"interchanges\":{interchanges},\"groups\":{groups},\"transactions\":{transactions},\"segments\":{result.SegmentCount},\"bytes\":{result.BytesRead}}}")).ConfigureAwait(false);
        }
        else
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{(result.IsValid ? "valid" : "invalid")}: {result.ErrorCount} errors, {result.WarningCount} warnings; {interchanges} interchanges, {groups} groups, {transactions} transaction sets, {result.SegmentCount} segments, {result.BytesRead} bytes")).ConfigureAwait(false);
        }

        if (ack is not null)
        {
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            var code = await WriteAcknowledgmentsAsync(console, result, ack, ackOut!).ConfigureAwait(false);
            if (code != HealthFinanceCommand.ExitOk)
            {
                return code;
            }
        }

        return result.IsValid ? HealthFinanceCommand.ExitOk : HealthFinanceCommand.ExitInvalid;
    }

    private static async Task<int> WriteAcknowledgmentsAsync(CliConsole console, X12ValidationResult result, string kind, string ackOut)
    {
        if (result.Interchanges.Count == 0)
        {
            await console.Error.WriteLineAsync("healthfinance: no interchange was found to acknowledge.").ConfigureAwait(false);
            return HealthFinanceCommand.ExitInvalid;
        }

        try
        {
            var stream = InputSource.Create(ackOut, console.OpenStandardOutput);
            await using (stream.ConfigureAwait(false))
            {
                var number = 0;
                foreach (var interchange in result.Interchanges)
                {
                    number++;
                    var options = new X12AcknowledgmentOptions { InterchangeControlNumber = number, GroupControlNumber = number };
                    var useTa1 = kind == "ta1" || interchange.Groups.Count == 0;
                    if (useTa1 && kind == "999")
                    {
                        await console.Error.WriteLineAsync($"healthfinance: interchange {interchange.ControlNumber} has no functional group; answered with a TA1.").ConfigureAwait(false);
                    }

                    var bytes = useTa1
                        ? X12AcknowledgmentGenerator.CreateTa1(interchange, options)
                        : X12AcknowledgmentGenerator.Create999(interchange, options);
                    await stream.WriteAsync(bytes).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await console.Error.WriteLineAsync($"healthfinance: cannot write '{ackOut}': {ex.Message}").ConfigureAwait(false);
            return HealthFinanceCommand.ExitUsage;
        }

        return HealthFinanceCommand.ExitOk;
    }

    private static string ToJson(Diagnostic d)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("type", "finding");
            w.WriteString("code", d.Code);
            w.WriteString("severity", d.Severity switch
            {
                DiagnosticSeverity.Error => "error",
                DiagnosticSeverity.Warning => "warning",
                _ => "information",
            });
            w.WriteString("message", d.Message);
            var l = d.Location;
            if (l.Path is not null)
            {
                w.WriteString("path", l.Path);
            }

            if (l.SegmentIndex is { } s)
            {
                w.WriteNumber("segmentIndex", s);
            }

            if (l.SegmentId is not null)
            {
                w.WriteString("segmentId", l.SegmentId);
            }

            if (l.SegmentPositionInTransaction is { } p)
            {
                w.WriteNumber("segmentPosition", p);
            }

            if (l.ElementPosition is { } e)
            {
                w.WriteNumber("elementPosition", e);
            }

            if (l.ComponentPosition is { } c)
            {
                w.WriteNumber("componentPosition", c);
            }

            if (l.ByteOffset is { } b)
            {
                w.WriteNumber("byteOffset", b);
            }

            w.WriteBoolean("recoverable", d.IsRecoverable);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
