using System.Diagnostics.CodeAnalysis;
using System.Text;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Payments.Internal;

/// <summary>
/// Reads units of one feed layout from a window of the input. The caller keeps every byte from <see cref="KeepFrom"/> on
/// and passes a window that starts there; the parser moves <see cref="KeepFrom"/> forward as it goes, never further back
/// than <see cref="PaymentFeedOptions.MaxRecordLength"/> (plus one line) behind the end of the window, so memory stays bounded.
/// </summary>
internal abstract class FeedParser
{
    private const int MaxReportedUnknownFields = 64;
    private HashSet<string>? _reportedUnknown;

    protected FeedParser(PaymentFeedOptions options, PaymentFeedKind kind, long start)
    {
        Options = options;
        Kind = kind;
        KeepFrom = start;
        Mapper = new RecordMapper(options, kind);
    }

    /// <summary>The absolute offset of the first byte the parser still needs.</summary>
    public long KeepFrom { get; protected set; }

    protected PaymentFeedOptions Options { get; }

    protected PaymentFeedKind Kind { get; }

    protected RecordMapper Mapper { get; }

    protected RecordFields Fields { get; } = new();

    /// <summary>The index the next transaction record gets.</summary>
    protected long NextRecordIndex { get; set; }

    protected int MaxRecordLength => Options.MaxRecordLength;

    /// <summary>Whether the parser has stopped before the end of the input (an unreadable header or document).</summary>
    public abstract bool IsCompleted { get; }

    /// <summary>Reads the next unit.</summary>
    /// <param name="window">The input from <see cref="KeepFrom"/> on, as far as it is available.</param>
    /// <param name="isFinal">Whether the window reaches the end of the input.</param>
    /// <param name="record">The unit read.</param>
    /// <returns><see langword="false"/> when more input is needed, or, when <paramref name="isFinal"/>, when the input is read to its end.</returns>
    public abstract bool TryReadNext(ReadOnlySpan<byte> window, bool isFinal, [NotNullWhen(true)] out PaymentFeedRecord? record);

    /// <summary>Maps the fields in <see cref="Fields"/> (unless the record already has a structural error) and builds the record.</summary>
    protected PaymentFeedRecord TransactionRecord(string position, long duplicateKey, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> raw, bool mapFields)
    {
        var result = mapFields ? Mapper.Map(Fields, position, duplicateKey) : default;
        return new PaymentFeedRecord
        {
            Kind = Kind,
            RecordIndex = NextRecordIndex++,
            Position = position,
            LineNumber = Fields.Line,
            ByteOffset = Fields.ByteOffset,
            RawBytes = Concat(prefix, raw),
            TransactionType = result.Type,
            TransactionId = result.TransactionId,
            Status = result.Status,
            Amount = result.Amount,
            Events = result.Event is { } e ? [e] : Array.Empty<CanonicalEvent>(),
            Diagnostics = Fields.Diagnostics.Count == 0 ? Array.Empty<Diagnostic>() : Fields.Diagnostics.ToArray(),
        };
    }

    /// <summary>A transaction record with one structural error and no fields.</summary>
    protected PaymentFeedRecord FailedRecord(string position, int line, long byteOffset, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> raw, Diagnostic diagnostic)
    {
        Fields.Reset("", line, byteOffset);
        Fields.Diagnostics.Add(diagnostic);
        return TransactionRecord(position, 0, prefix, raw, mapFields: false);
    }

    /// <summary>A unit that is not a transaction.</summary>
    protected PaymentFeedRecord Unit(string position, int line, long byteOffset, ReadOnlySpan<byte> raw, IReadOnlyList<Diagnostic> diagnostics) => new()
    {
        Kind = Kind,
        RecordIndex = -1,
        Position = position,
        LineNumber = line,
        ByteOffset = byteOffset,
        RawBytes = raw.ToArray(),
        Events = Array.Empty<CanonicalEvent>(),
        Diagnostics = diagnostics,
    };

    /// <summary>Reports a column or property that is not part of the format, once per name and feed.</summary>
    protected void ReportUnknownField(List<Diagnostic> into, string name, SourceLocation location)
    {
        _reportedUnknown ??= new HashSet<string>(StringComparer.Ordinal);
        if (_reportedUnknown.Count >= MaxReportedUnknownFields || !_reportedUnknown.Add(name))
        {
            return;
        }

        var what = Kind == PaymentFeedKind.Csv ? "column" : "property";
        into.Add(new Diagnostic(
            PaymentFeedDiagnosticCodes.UnknownField,
            DiagnosticSeverity.Information,
            $"The {what} {Printable(name)} is not part of the payment feed format and is ignored.",
            location));
    }

    /// <summary>A column or property name fit for a message: at most 64 characters, control characters replaced.</summary>
    protected static string Printable(string name)
    {
        if (name.Length == 0)
        {
            return "(empty name)";
        }

        var sb = new StringBuilder(Math.Min(name.Length, 64) + 2);
        sb.Append('\'');
        foreach (var c in name.AsSpan(0, Math.Min(name.Length, 64)))
        {
            sb.Append(char.IsControl(c) ? '?' : c);
        }

        if (name.Length > 64)
        {
            sb.Append('…');
        }

        return sb.Append('\'').ToString();
    }

    protected static byte[] Concat(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> raw)
    {
        if (prefix.IsEmpty && raw.IsEmpty)
        {
            return [];
        }

        var bytes = new byte[prefix.Length + raw.Length];
        prefix.CopyTo(bytes);
        raw.CopyTo(bytes.AsSpan(prefix.Length));
        return bytes;
    }

    protected static int CountLines(ReadOnlySpan<byte> bytes) => bytes.Count((byte)'\n');
}
