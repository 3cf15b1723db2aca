using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.X12;
using HealthFinance.X12.Acknowledgments;
using HealthFinance.X12.Hipaa;
using HealthFinance.X12.Validation;

namespace HealthFinance.Cli.Commands;

/// <summary>
/// <c>healthfinance x12 validate FILE|- [--ack 999|ta1 --ack-out F] [--json] [--syntax-only]</c>: the streaming syntax and
/// envelope pass of <see cref="X12Validator"/>, then (unless <c>--syntax-only</c>) the HIPAA pass of <see cref="HipaaReader"/>
/// over every known transaction set (loop structure, code lists, 835 balancing, 837 charge totals, 277CA and 999 rules).
/// </summary>
internal static class X12ValidateCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "The X12 file to validate, or - for standard input." };
        var ack = new Option<string?>("--ack") { Description = "Write an acknowledgment: 999 (per functional group) or ta1 (per interchange)." };
        ack.AcceptOnlyFromAmong("999", "ta1");
        var ackOut = new Option<string?>("--ack-out") { Description = "Where to write the acknowledgment (a file, or - for standard output). Required with --ack." };
        var json = new Option<bool>("--json") { Description = "Print findings as NDJSON (one JSON object per line) instead of text." };
        var syntaxOnly = new Option<bool>("--syntax-only")
        {
            Description = "Check syntax and envelopes only (the fast streaming pass); skip the HIPAA pass (loops, code lists, 835 balancing, 837 charge totals, 277CA/999 rules).",
        };
        var command = new Command("validate", "Streaming syntax and envelope validation of X12 input, then HIPAA and balancing rules for known transaction sets (835, 837P/I/D, 277CA, 999): one line per finding with its position and code. Exit 0 valid, 1 invalid (an 835 that does not balance is invalid), 2 usage or I/O error.")
        {
            file,
            ack,
            ackOut,
            json,
            syntaxOnly,
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
            parse.GetValue(syntaxOnly),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, string path, string? ack, string? ackOut, bool json, bool syntaxOnly, CancellationToken cancellationToken)
    {
        var output = console.Out;
        var options = new X12ValidatorOptions
        {
            MaxRetainedDiagnostics = 0,

            // Files are validated on two threads when the machine has them; findings are the same as on one.
            MaxDegreeOfParallelism = Environment.ProcessorCount,
            DiagnosticReported = d => output.WriteLine(json ? ToJson(d) : d.ToString()),
        };

        X12ValidationResult result;
        var hipaa = new HipaaCounts();
        Stream? copy = null;
        try
        {
            // The HIPAA pass reads the input a second time: standard input is kept in a temporary file (deleted on
            // close) so that memory stays bounded however large the input is.
            var stream = InputSource.Open(path, console.OpenStandardInput);
            if (!syntaxOnly && path == "-")
            {
                copy = CreateTemporaryCopy();
                await using (stream.ConfigureAwait(false))
                {
                    await stream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
                }

                copy.Position = 0;
                stream = new NonClosingStream(copy);
            }

            await using (stream.ConfigureAwait(false))
            {
                result = await X12Validator.ValidateAsync(stream, options, cancellationToken).ConfigureAwait(false);
            }

            if (!syntaxOnly)
            {
                Stream second;
                if (copy is not null)
                {
                    copy.Position = 0;
                    second = new NonClosingStream(copy);
                }
                else
                {
                    second = InputSource.Open(path, console.OpenStandardInput);
                }

                await using (second.ConfigureAwait(false))
                {
                    await RunHipaaPassAsync(output, second, path, json, hipaa, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await console.Error.WriteLineAsync($"healthfinance: cannot read '{path}': {ex.Message}").ConfigureAwait(false);
            return HealthFinanceCommand.ExitUsage;
        }
        finally
        {
            if (copy is not null)
            {
                await copy.DisposeAsync().ConfigureAwait(false);
            }
        }

        var valid = result.IsValid && hipaa.Errors == 0;
        var errors = result.ErrorCount + hipaa.Errors;
        var warnings = result.WarningCount + hipaa.Warnings;
        var interchanges = result.Interchanges.Count;
        var groups = result.Interchanges.Sum(i => i.Groups.Count);
        var transactions = result.Interchanges.Sum(i => i.Groups.Sum(g => g.Transactions.Count));
        if (json)
        {
            var hipaaFields = syntaxOnly
                ? "\"hipaa\":false"
                : string.Create(CultureInfo.InvariantCulture, $"\"hipaa\":true,\"hipaaErrors\":{hipaa.Errors},\"hipaaWarnings\":{hipaa.Warnings},\"mapped\":{hipaa.Mapped},\"rejected\":{hipaa.Rejected},\"notMapped\":{hipaa.NotMapped}");
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{{\"type\":\"summary\",\"valid\":{(valid ? "true" : "false")},\"errors\":{errors},\"warnings\":{warnings},\"interchanges\":{interchanges},\"groups\":{groups},\"transactions\":{transactions},\"segments\":{result.SegmentCount},\"bytes\":{result.BytesRead},{hipaaFields}}}")).ConfigureAwait(false);
        }
        else
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{(valid ? "valid" : "invalid")}: {errors} errors, {warnings} warnings; {interchanges} interchanges, {groups} groups, {transactions} transaction sets, {result.SegmentCount} segments, {result.BytesRead} bytes")).ConfigureAwait(false);
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

        return valid ? HealthFinanceCommand.ExitOk : HealthFinanceCommand.ExitInvalid;
    }

    /// <summary>
    /// Maps every transaction set and prints its HIPAA findings. Envelope findings the syntax pass already reported
    /// (missing SE, SE01/SE02, segments outside ST…SE, unreadable input) are not repeated.
    /// </summary>
    private static async Task RunHipaaPassAsync(TextWriter output, Stream input, string path, bool json, HipaaCounts counts, CancellationToken cancellationToken)
    {
        var options = new HipaaReaderOptions { FileName = path == "-" ? null : Path.GetFileName(path) };
        await foreach (var result in HipaaReader.ReadAsync(input, options, cancellationToken).ConfigureAwait(false))
        {
            switch (result.Outcome)
            {
                case HipaaOutcome.Mapped:
                    counts.Mapped++;
                    break;
                case HipaaOutcome.Rejected:
                    counts.Rejected++;
                    break;
                default:
                    counts.NotMapped++;
                    break;
            }

            foreach (var d in result.Diagnostics)
            {
                if (IsEnvelopeFinding(d.Code))
                {
                    continue;
                }

                if (d.Severity == DiagnosticSeverity.Error)
                {
                    counts.Errors++;
                }
                else if (d.Severity == DiagnosticSeverity.Warning)
                {
                    counts.Warnings++;
                }

                await output.WriteLineAsync(json ? ToJson(d) : d.ToString()).ConfigureAwait(false);
            }
        }
    }

    private static bool IsEnvelopeFinding(string code) => code is HipaaDiagnosticCodes.TransactionNotTerminated
        or HipaaDiagnosticCodes.SegmentCountMismatch
        or HipaaDiagnosticCodes.ControlNumberMismatch
        or HipaaDiagnosticCodes.SegmentOutsideTransaction
        or HipaaDiagnosticCodes.InputUnreadable;

    private static FileStream CreateTemporaryCopy() => new(
        Path.Combine(Path.GetTempPath(), "healthfinance-" + Guid.NewGuid().ToString("N") + ".x12"),
        new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = FileOptions.DeleteOnClose | FileOptions.Asynchronous,
        });

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

    /// <summary>What the HIPAA pass found.</summary>
    private sealed class HipaaCounts
    {
        public int Errors { get; set; }

        public int Warnings { get; set; }

        public int Mapped { get; set; }

        public int Rejected { get; set; }

        public int NotMapped { get; set; }
    }

    /// <summary>A view of a stream whose disposal leaves the stream open (the temporary copy is read twice).</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => inner.Read(buffer);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
