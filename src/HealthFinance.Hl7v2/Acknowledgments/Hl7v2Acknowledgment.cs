using System.Buffers;
using System.Globalization;
using System.Text;
using HealthFinance.Canonical.Diagnostics;

namespace HealthFinance.Hl7v2;

/// <summary>Options of <see cref="Hl7v2Acknowledgment"/>.</summary>
public sealed record Hl7v2AcknowledgmentOptions
{
    /// <summary>The ACK's MSH-7 (date/time of message).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The ACK's MSH-10; <see langword="null"/> derives <c>ACK</c> + the original control id.</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public string? MessageControlId { get; init; }
}

/// <summary>
/// Writes an original-mode HL7 v2 acknowledgment (ACK) for a message: MSH (sender and receiver swapped, the original's
/// delimiters, processing id and version), MSA with AA, AE or AR and the original control id, and one ERR per error or
/// warning with its location (segment id, sequence, field, repetition, component) and HL7 table 0357 code.
/// </summary>
/// <remarks>From version 2.5 the ERR carries ERR-2 (location), ERR-3 (0357 code), ERR-4 (severity) and ERR-5 (our HL7-xxxx
/// code); before 2.5 it carries ERR-1 (segment^sequence^field^code&amp;text&amp;HL70357).</remarks>
public static class Hl7v2Acknowledgment
{
    /// <summary>Writes the ACK for a parse result.</summary>
    /// <param name="message">The original message bytes (only its MSH is read).</param>
    /// <param name="result">The result of parsing the message.</param>
    /// <param name="output">Where the ACK goes (segments end with CR; no MLLP framing).</param>
    /// <param name="options">The ACK options.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static void Write(ReadOnlySpan<byte> message, Hl7v2MessageResult result, IBufferWriter<byte> output, Hl7v2AcknowledgmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(result);
        Write(message, result.AckCode, result.Diagnostics, output, options);
    }

    /// <summary>Writes an ACK with the given code and findings.</summary>
    /// <param name="message">The original message bytes (only its MSH is read; unreadable bytes give an ACK with empty header fields).</param>
    /// <param name="code">AA, AE or AR.</param>
    /// <param name="findings">The findings; errors and warnings become ERR segments.</param>
    /// <param name="output">Where the ACK goes.</param>
    /// <param name="options">The ACK options.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="code"/> is undefined.</exception>
    public static void Write(ReadOnlySpan<byte> message, Hl7v2AckCode code, IReadOnlyList<Diagnostic> findings, IBufferWriter<byte> output, Hl7v2AcknowledgmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        var ackCode = code switch
        {
            Hl7v2AckCode.Accept => "AA",
            Hl7v2AckCode.Error => "AE",
            Hl7v2AckCode.Reject => "AR",
            _ => throw new ArgumentOutOfRangeException(nameof(code), code, "Unknown acknowledgment code."),
        };

        var header = ReadHeader(message);
        var w = new Hl7v2Writer(output, header.Delimiters);
        w.WriteHeader("MSH"u8);
        w.WriteField(header.ReceivingApplication);
        w.WriteField(header.ReceivingFacility);
        w.WriteField(header.SendingApplication);
        w.WriteField(header.SendingFacility);
        w.WriteField(options.Timestamp.ToString("yyyyMMddHHmmsszzz", CultureInfo.InvariantCulture).Replace(":", string.Empty, StringComparison.Ordinal));
        w.WriteField(ReadOnlySpan<byte>.Empty);
        w.WriteField("ACK"u8);
        if (header.Trigger is not null)
        {
            w.WriteComponent(Encoding.UTF8.GetBytes(header.Trigger));
            w.WriteComponent("ACK"u8);
        }

        w.WriteField(options.MessageControlId ?? "ACK" + header.ControlId);
        w.WriteField(header.ProcessingId ?? "P");
        w.WriteField(header.Version ?? "2.5.1");
        w.EndSegment();

        w.BeginSegment("MSA"u8);
        w.WriteField(ackCode);
        w.WriteField(header.ControlId);
        w.EndSegment();

        var modern = IsAtLeast25(header.Version);
        foreach (var finding in findings)
        {
            if (finding.Severity == DiagnosticSeverity.Information)
            {
                continue;
            }

            WriteErr(w, finding, modern);
        }
    }

    private static void WriteErr(Hl7v2Writer w, Diagnostic finding, bool modern)
    {
        var l = finding.Location;
        var hl7Code = Hl7v2DiagnosticCodes.GetAckErrorCode(finding.Code);
        var codeText = hl7Code.ToString(CultureInfo.InvariantCulture);
        w.BeginSegment("ERR"u8);
        if (!modern)
        {
            w.WriteField(l.SegmentId);
            w.WriteComponent(Number(l.SegmentPositionInTransaction));
            w.WriteComponent(Number(l.ElementPosition));
            w.WriteComponent(Encoding.ASCII.GetBytes(codeText));
            w.WriteSubcomponent(Encoding.ASCII.GetBytes(TableText(hl7Code)));
            w.WriteSubcomponent("HL70357"u8);
            w.EndSegment();
            return;
        }

        w.WriteField(ReadOnlySpan<byte>.Empty);
        w.WriteField(l.SegmentId);
        w.WriteComponent(Number(l.SegmentPositionInTransaction));
        w.WriteComponent(Number(l.ElementPosition));
        w.WriteComponent(Number(l.ElementPosition is null ? null : l.RepetitionPosition ?? 1));
        w.WriteComponent(Number(l.ComponentPosition));
        w.WriteField(codeText);
        w.WriteComponent(Encoding.ASCII.GetBytes(TableText(hl7Code)));
        w.WriteComponent("HL70357"u8);
        w.WriteField(finding.IsError ? "E" : "W");
        w.WriteField(finding.Code);
        w.WriteComponent(ReadOnlySpan<byte>.Empty);
        w.WriteComponent("HL7FINDING"u8);
        w.WriteField(ReadOnlySpan<byte>.Empty);
        w.WriteField(ReadOnlySpan<byte>.Empty);
        w.WriteField(finding.Message);
        w.EndSegment();
    }

    private static byte[] Number(int? value) =>
        value is { } v ? Encoding.ASCII.GetBytes(v.ToString(CultureInfo.InvariantCulture)) : [];

    private static string TableText(int code) => code switch
    {
        100 => "Segment sequence error",
        101 => "Required field missing",
        102 => "Data type error",
        103 => "Table value not found",
        200 => "Unsupported message type",
        203 => "Unsupported version id",
        _ => "Application internal error",
    };

    private static bool IsAtLeast25(string? version) =>
        version is null || (version.Length >= 3 && version[0] == '2' && version[1] == '.' && version[2] >= '5');

    private static Header ReadHeader(ReadOnlySpan<byte> message)
    {
        var header = new Header { Delimiters = Hl7v2Delimiters.Default };
        try
        {
            var reader = new Hl7v2Reader(message);
            while (reader.Read())
            {
                if (!reader.IsHeaderSegment || reader.SegmentId[0] != (byte)'M')
                {
                    continue;
                }

                var d = reader.Delimiters;
                header = new Header
                {
                    Delimiters = d.Subcomponent != 0 ? d : Hl7v2Delimiters.Default,
                    SendingApplication = Decode(reader.GetField(3), d),
                    SendingFacility = Decode(reader.GetField(4), d),
                    ReceivingApplication = Decode(reader.GetField(5), d),
                    ReceivingFacility = Decode(reader.GetField(6), d),
                    Trigger = Decode(reader.GetComponent(9, 2), d),
                    ControlId = Decode(reader.GetField(10), d),
                    ProcessingId = Decode(reader.GetComponent(11, 1), d),
                    Version = Decode(reader.GetComponent(12, 1), d),
                };
                break;
            }
        }
        catch (Hl7v2ReaderException)
        {
            // An unreadable original still gets an ACK (AR), with empty header fields.
        }

        return header;
    }

    private static string? Decode(ReadOnlySpan<byte> value, Hl7v2Delimiters d) =>
        value.IsEmpty ? null : Hl7v2Escaping.GetString(value, d);

    private sealed record Header
    {
        public required Hl7v2Delimiters Delimiters { get; init; }

        public string? SendingApplication { get; init; }

        public string? SendingFacility { get; init; }

        public string? ReceivingApplication { get; init; }

        public string? ReceivingFacility { get; init; }

        public string? Trigger { get; init; }

        public string? ControlId { get; init; }

        public string? ProcessingId { get; init; }

        public string? Version { get; init; }
    }
}
