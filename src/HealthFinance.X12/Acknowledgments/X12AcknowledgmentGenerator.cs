using System.Buffers;
using System.Globalization;
using HealthFinance.X12.Validation;

namespace HealthFinance.X12.Acknowledgments;

/// <summary>
/// Generates the acknowledgments a receiver returns for validated X12 input: a TA1 (interchange
/// envelope status) and a 999 implementation acknowledgment (005010X231A1) per interchange, built
/// from an <see cref="X12InterchangeReport"/> of <see cref="X12Validator"/>.
/// </summary>
public static class X12AcknowledgmentGenerator
{
    /// <summary>The implementation convention reference of the 999 written here.</summary>
    public const string ImplementationReference = "005010X231A1";

    /// <summary>Writes a TA1 interchange acknowledgment (ISA, TA1, IEA) for one received interchange.</summary>
    /// <param name="output">Where the bytes go.</param>
    /// <param name="interchange">The validated interchange.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> or <paramref name="interchange"/> is <see langword="null"/>.</exception>
    public static void WriteTa1(IBufferWriter<byte> output, X12InterchangeReport interchange, X12AcknowledgmentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(interchange);
        options ??= new X12AcknowledgmentOptions();
        var delimiters = options.Delimiters ?? interchange.Delimiters;
        using var writer = new X12Writer(output, delimiters, new X12WriterOptions { LineBreak = options.LineBreak });
        var now = options.TimeProvider.GetUtcNow();
        WriteIsa(writer, interchange, delimiters, options, now);
        var status = interchange.IsEnvelopeValid ? "A" : "R";
        var note = interchange.IsEnvelopeValid ? "000" : interchange.NoteCodes[0];
        writer.WriteSegment("TA1"u8,
            Fit(interchange.ControlNumber, 9, '0', padLeft: true),
            Fit(interchange.Date, 6, '0', padLeft: true),
            Fit(interchange.Time, 4, '0', padLeft: true),
            status,
            note);
        writer.WriteSegment("IEA"u8, "0", Control9(options.InterchangeControlNumber));
        writer.Flush();
    }

    /// <summary>Creates a TA1 interchange acknowledgment as bytes.</summary>
    /// <param name="interchange">The validated interchange.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <returns>The TA1 interchange.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="interchange"/> is <see langword="null"/>.</exception>
    public static byte[] CreateTa1(X12InterchangeReport interchange, X12AcknowledgmentOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        WriteTa1(buffer, interchange, options);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Writes a 999 implementation acknowledgment interchange for one received interchange: one ST*999 per
    /// received functional group, with AK2/IK3/IK4/IK5 detail per transaction set and AK9 for the group.
    /// </summary>
    /// <param name="output">Where the bytes go.</param>
    /// <param name="interchange">The validated interchange; it must hold at least one functional group.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> or <paramref name="interchange"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The interchange holds no functional group (answer it with a TA1).</exception>
    public static void Write999(IBufferWriter<byte> output, X12InterchangeReport interchange, X12AcknowledgmentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(interchange);
        if (interchange.Groups.Count == 0)
        {
            throw new ArgumentException("The interchange holds no functional group to acknowledge with a 999; answer it with a TA1.", nameof(interchange));
        }

        options ??= new X12AcknowledgmentOptions();
        var delimiters = options.Delimiters ?? interchange.Delimiters;
        using var writer = new X12Writer(output, delimiters, new X12WriterOptions { LineBreak = options.LineBreak });
        var now = options.TimeProvider.GetUtcNow();
        WriteIsa(writer, interchange, delimiters, options, now);
        var groupControl = options.GroupControlNumber.ToString(CultureInfo.InvariantCulture);
        var first = interchange.Groups[0];
        writer.WriteSegment("GS"u8,
            "FA",
            Or(first.ReceiverCode, interchange.ReceiverId),
            Or(first.SenderCode, interchange.SenderId),
            now.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
            now.ToString("HHmm", CultureInfo.InvariantCulture),
            groupControl,
            "X",
            ImplementationReference);

        var setNumber = 0;
        foreach (var group in interchange.Groups)
        {
            setNumber++;
            var control = setNumber.ToString("0000", CultureInfo.InvariantCulture);
            var before = writer.SegmentCount;
            writer.WriteSegment("ST"u8, "999", control, ImplementationReference);
            writer.WriteSegment("AK1"u8, Or(group.FunctionalIdentifierCode, "HC"), Or(group.ControlNumber, "0"), group.Version.Length > 0 ? group.Version : null);
            foreach (var t in group.Transactions)
            {
                if (t.IsAccepted && !options.IncludeAcceptedTransactions)
                {
                    continue;
                }

                writer.WriteSegment("AK2"u8, Or(t.TransactionSetId, "000"), Or(t.ControlNumber, "0000"), t.ImplementationReference.Length > 0 ? t.ImplementationReference : null);
                foreach (var s in t.SegmentErrors)
                {
                    writer.WriteSegment("IK3"u8, s.SegmentId, s.PositionInTransaction.ToString(CultureInfo.InvariantCulture), null, s.SyntaxErrorCode);
                    foreach (var e in s.ElementErrors)
                    {
                        var position = e.ElementPosition.ToString(CultureInfo.InvariantCulture);
                        if (e.ComponentPosition is { } c)
                        {
                            position += (char)delimiters.Component + c.ToString(CultureInfo.InvariantCulture);
                        }

                        // IK404 (a copy of the bad data) is left out on purpose: it could carry PHI.
                        writer.WriteSegment("IK4"u8, position, null, e.SyntaxErrorCode);
                    }
                }

                var codes = new List<string>(t.ErrorCodes);
                if (t.SegmentErrors.Count > 0 && codes.Count < 5 && !codes.Contains("5"))
                {
                    codes.Add("5");
                }

                var ik5 = new List<string?> { t.IsAccepted ? "A" : "R" };
                ik5.AddRange(codes.Take(5));
                writer.WriteSegment("IK5"u8, [.. ik5]);
            }

            var received = group.Transactions.Count;
            var accepted = group.AcceptedTransactionCount;
            var ak901 = group.ErrorCodes.Count > 0 || (received > 0 && accepted == 0) ? "R" : accepted == received ? "A" : "P";
            var ak9 = new List<string?>
            {
                ak901,
                received.ToString(CultureInfo.InvariantCulture),
                received.ToString(CultureInfo.InvariantCulture),
                accepted.ToString(CultureInfo.InvariantCulture),
            };
            ak9.AddRange(group.ErrorCodes.Take(5));
            writer.WriteSegment("AK9"u8, [.. ak9]);
            var count = writer.SegmentCount - before + 1;
            writer.WriteSegment("SE"u8, count.ToString(CultureInfo.InvariantCulture), control);
        }

        writer.WriteSegment("GE"u8, setNumber.ToString(CultureInfo.InvariantCulture), groupControl);
        writer.WriteSegment("IEA"u8, "1", Control9(options.InterchangeControlNumber));
        writer.Flush();
    }

    /// <summary>Creates a 999 implementation acknowledgment interchange as bytes.</summary>
    /// <param name="interchange">The validated interchange; it must hold at least one functional group.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <returns>The 999 interchange.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="interchange"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The interchange holds no functional group.</exception>
    public static byte[] Create999(X12InterchangeReport interchange, X12AcknowledgmentOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write999(buffer, interchange, options);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteIsa(X12Writer writer, X12InterchangeReport interchange, X12Delimiters delimiters, X12AcknowledgmentOptions options, DateTimeOffset now)
    {
        // The acknowledgment goes back to the sender: sender and receiver swap. ISA is fixed width.
        writer.WriteSegment("ISA"u8,
            "00",
            new string(' ', 10),
            "00",
            new string(' ', 10),
            Fit(Or(interchange.ReceiverQualifier, "ZZ"), 2, ' ', padLeft: false),
            Fit(interchange.ReceiverId, 15, ' ', padLeft: false),
            Fit(Or(interchange.SenderQualifier, "ZZ"), 2, ' ', padLeft: false),
            Fit(interchange.SenderId, 15, ' ', padLeft: false),
            now.ToString("yyMMdd", CultureInfo.InvariantCulture),
            now.ToString("HHmm", CultureInfo.InvariantCulture),
            delimiters.HasRepetition ? ((char)delimiters.Repetition).ToString() : "U",
            "00501",
            Control9(options.InterchangeControlNumber),
            "0",
            interchange.UsageIndicator is "P" or "T" or "I" ? interchange.UsageIndicator : "P",
            ((char)delimiters.Component).ToString());
    }

    private static string Control9(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        return value.ToString("000000000", CultureInfo.InvariantCulture);
    }

    private static string Or(string value, string fallback) => value.Length > 0 ? value : fallback;

    private static string Fit(string value, int width, char pad, bool padLeft)
    {
        if (value.Length >= width)
        {
            return value[..width];
        }

        return padLeft ? value.PadLeft(width, pad) : value.PadRight(width, pad);
    }
}
