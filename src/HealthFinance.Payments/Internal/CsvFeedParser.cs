using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using HealthFinance.Canonical.Diagnostics;

namespace HealthFinance.Payments.Internal;

/// <summary>RFC 4180 CSV with a header row: fields separated by commas, records by LF or CRLF, quotes doubled inside quoted fields.</summary>
internal sealed class CsvFeedParser(PaymentFeedOptions options, long start) : FeedParser(options, PaymentFeedKind.Csv, start)
{
    private static readonly SearchValues<byte> UnquotedStops = SearchValues.Create(",\n\""u8);

    private readonly List<CsvField> _fields = [];
    private Phase _phase;
    private int _line = 1;
    private int[] _columns = [];
    private byte[] _header = [];
    private bool _skipLine;

    private enum Phase
    {
        Header,
        Records,
        Done,
    }

    private enum ScanStatus
    {
        Complete,
        NeedMore,
        Malformed,
    }

    /// <summary>A field of the record being scanned; indexes are relative to the record's first byte.</summary>
    private readonly record struct CsvField(int FieldStart, int ValueStart, int ValueEnd, bool Quoted, bool HasEscapedQuotes, int LineOffset);

    public override bool IsCompleted => _phase == Phase.Done;

    public override bool TryReadNext(ReadOnlySpan<byte> window, bool isFinal, [NotNullWhen(true)] out PaymentFeedRecord? record)
    {
        record = null;
        while (_phase != Phase.Done)
        {
            if (_skipLine)
            {
                var lf = window.IndexOf((byte)'\n');
                if (lf < 0)
                {
                    KeepFrom += window.Length;
                    _phase = isFinal ? Phase.Done : _phase;
                    return false;
                }

                Advance(ref window, lf + 1);
                _skipLine = false;
                continue;
            }

            var blank = BlankLineLength(window, isFinal);
            if (blank > 0)
            {
                Advance(ref window, blank);
                continue;
            }

            if (blank < 0 && window.Length >= MaxRecordLength)
            {
                record = TooLong(ref window);
                return true;
            }

            if (window.IsEmpty || blank < 0)
            {
                if (isFinal)
                {
                    _phase = Phase.Done;
                }

                return false;
            }

            // A record is looked for within MaxRecordLength bytes, whatever is buffered, so the outcome does not depend on
            // how the input arrives.
            var view = window.Length > MaxRecordLength ? window[..MaxRecordLength] : window;
            var status = Scan(view, isFinal && view.Length == window.Length, out var length, out var errorIndex, out var message, out var inQuotes);
            if (status == ScanStatus.NeedMore)
            {
                if (window.Length < MaxRecordLength)
                {
                    return false;
                }

                record = inQuotes && window[..MaxRecordLength].IndexOf((byte)'\n') is var firstLine and >= 0
                    ? Malformed(ref window, firstLine + 1, errorIndex, string.Create(
                        CultureInfo.InvariantCulture,
                        $"A quoted field is not closed within {MaxRecordLength} bytes (MaxRecordLength); the record is read as its first line."))
                    : TooLong(ref window);
                return true;
            }

            if (status == ScanStatus.Malformed)
            {
                var firstLine = window.IndexOf((byte)'\n');
                if (firstLine < 0 && !isFinal)
                {
                    if (window.Length < MaxRecordLength)
                    {
                        return false;
                    }

                    record = TooLong(ref window);
                    return true;
                }

                record = Malformed(ref window, firstLine < 0 ? window.Length : firstLine + 1, errorIndex, message!);
                return true;
            }

            var bytes = window[..length];
            if (_phase == Phase.Header)
            {
                record = ReadHeader(bytes);
                Advance(ref window, length);
                if (record is not null)
                {
                    return true;
                }

                continue;
            }

            record = ReadRecord(bytes);
            Advance(ref window, length);
            return true;
        }

        return false;
    }

    private void Advance(ref ReadOnlySpan<byte> window, int length)
    {
        _line += CountLines(window[..length]);
        KeepFrom += length;
        window = window[length..];
    }

    /// <summary>The length of a line of spaces, tabs and CRs ended by LF; 0 when the window does not start with one; -1 when more input is needed to know.</summary>
    private static int BlankLineLength(ReadOnlySpan<byte> window, bool isFinal)
    {
        var i = 0;
        while (i < window.Length && window[i] is (byte)' ' or (byte)'\t' or (byte)'\r')
        {
            i++;
        }

        if (i == window.Length)
        {
            return i == 0 ? 0 : isFinal ? i : -1;
        }

        return window[i] == (byte)'\n' ? i + 1 : 0;
    }

    /// <summary>Finds the end of the record at the start of <paramref name="data"/> and its fields.</summary>
    private ScanStatus Scan(ReadOnlySpan<byte> data, bool isFinal, out int length, out int errorIndex, out string? message, out bool inQuotes)
    {
        _fields.Clear();
        length = 0;
        errorIndex = 0;
        message = null;
        inQuotes = false;
        var i = 0;
        var lines = 0;
        while (true)
        {
            if (i < data.Length && data[i] == (byte)'"')
            {
                var fieldStart = i;
                var escaped = false;
                i++;
                while (true)
                {
                    var q = data[i..].IndexOf((byte)'"');
                    if (q < 0)
                    {
                        errorIndex = fieldStart;
                        inQuotes = true;
                        if (isFinal)
                        {
                            message = "A quoted field is not closed before the end of the input; the record is read as its first line.";
                            return ScanStatus.Malformed;
                        }

                        return ScanStatus.NeedMore;
                    }

                    i += q;
                    if (i + 1 < data.Length && data[i + 1] == (byte)'"')
                    {
                        escaped = true;
                        i += 2;
                        continue;
                    }

                    if (i + 1 == data.Length && !isFinal)
                    {
                        errorIndex = fieldStart;
                        inQuotes = true;
                        return ScanStatus.NeedMore;
                    }

                    i++;
                    break;
                }

                _fields.Add(new CsvField(fieldStart, fieldStart + 1, i - 1, true, escaped, lines));
                lines += CountLines(data[fieldStart..i]);
                if (i == data.Length)
                {
                    length = i;
                    return ScanStatus.Complete;
                }

                switch (data[i])
                {
                    case (byte)',':
                        i++;
                        continue;
                    case (byte)'\n':
                        length = i + 1;
                        return ScanStatus.Complete;
                    case (byte)'\r' when i + 1 < data.Length && data[i + 1] == (byte)'\n':
                        length = i + 2;
                        return ScanStatus.Complete;
                    case (byte)'\r' when i + 1 == data.Length:
                        if (!isFinal)
                        {
                            return ScanStatus.NeedMore;
                        }

                        length = i + 1;
                        return ScanStatus.Complete;
                    default:
                        _fields.RemoveAt(_fields.Count - 1);
                        errorIndex = i;
                        message = "Text follows the closing quote of a quoted field; the record is read as its first line.";
                        return ScanStatus.Malformed;
                }
            }

            var j = data[i..].IndexOfAny(UnquotedStops);
            if (j < 0)
            {
                if (!isFinal)
                {
                    return ScanStatus.NeedMore;
                }

                var end = data.Length;
                if (end > i && data[end - 1] == (byte)'\r')
                {
                    end--;
                }

                _fields.Add(new CsvField(i, i, end, false, false, lines));
                length = data.Length;
                return ScanStatus.Complete;
            }

            j += i;
            if (data[j] == (byte)'"')
            {
                errorIndex = j;
                message = "A quote appears inside an unquoted field (RFC 4180: quote the whole field and double the quote); the record is read as its first line.";
                return ScanStatus.Malformed;
            }

            var valueEnd = j;
            if (data[j] == (byte)'\n' && valueEnd > i && data[valueEnd - 1] == (byte)'\r')
            {
                valueEnd--;
            }

            _fields.Add(new CsvField(i, i, valueEnd, false, false, lines));
            if (data[j] == (byte)'\n')
            {
                length = j + 1;
                return ScanStatus.Complete;
            }

            i = j + 1;
        }
    }

    private PaymentFeedRecord? ReadHeader(ReadOnlySpan<byte> bytes)
    {
        _header = bytes.ToArray();
        var diagnostics = new List<Diagnostic>();
        var columns = new int[_fields.Count];
        var seen = new int[FeedFields.Count];
        for (var k = 0; k < _fields.Count; k++)
        {
            var f = _fields[k];
            var name = Decode(bytes, f, out var valid) ?? "";
            var location = new SourceLocation { LineNumber = _line + f.LineOffset, ElementPosition = k + 1, ByteOffset = KeepFrom + f.FieldStart };
            var index = valid ? FeedFields.FindCsv(name) : -1;
            columns[k] = index;
            if (index < 0)
            {
                ReportUnknownField(diagnostics, valid ? name.Trim() : "(not UTF-8)", location);
                continue;
            }

            if (seen[index]++ == 1)
            {
                diagnostics.Add(new Diagnostic(
                    PaymentFeedDiagnosticCodes.DuplicateColumn,
                    DiagnosticSeverity.Error,
                    $"The header names the column {FeedFields.CsvNames[index]} more than once; no record is read.",
                    location with { Path = FeedFields.CsvNames[index] },
                    isRecoverable: false));
            }
        }

        foreach (var required in FeedFields.RequiredColumns)
        {
            if (seen[(int)required] == 0)
            {
                diagnostics.Add(new Diagnostic(
                    PaymentFeedDiagnosticCodes.MissingColumn,
                    DiagnosticSeverity.Error,
                    $"The header has no {FeedFields.CsvNames[(int)required]} column; no record is read.",
                    new SourceLocation { Path = FeedFields.CsvNames[(int)required], LineNumber = _line, ByteOffset = KeepFrom },
                    isRecoverable: false));
            }
        }

        _columns = columns;
        var failed = diagnostics.Exists(d => d.IsError);
        if (failed)
        {
            // A rejected header may well be a data row (a feed without header read as CSV): its names are not repeated.
            diagnostics.RemoveAll(d => d.Code == PaymentFeedDiagnosticCodes.UnknownField);
        }

        _phase = failed ? Phase.Done : Phase.Records;
        return diagnostics.Count == 0 ? null : Unit("line " + _line.ToString(CultureInfo.InvariantCulture), _line, KeepFrom, bytes, diagnostics);
    }

    private PaymentFeedRecord ReadRecord(ReadOnlySpan<byte> bytes)
    {
        var position = "line " + _line.ToString(CultureInfo.InvariantCulture);
        Fields.Reset("", _line, KeepFrom);
        if (_fields.Count != _columns.Length)
        {
            Fields.Diagnostics.Add(new Diagnostic(
                PaymentFeedDiagnosticCodes.FieldCountMismatch,
                DiagnosticSeverity.Error,
                string.Create(CultureInfo.InvariantCulture, $"The record has {_fields.Count} fields; the header has {_columns.Length}."),
                new SourceLocation { LineNumber = _line, ByteOffset = KeepFrom }));
            return TransactionRecord(position, _line, _header, bytes, mapFields: false);
        }

        for (var k = 0; k < _fields.Count; k++)
        {
            var index = _columns[k];
            if (index < 0)
            {
                continue;
            }

            var f = _fields[k];
            ref var value = ref Fields.Values[index];
            value.Exists = true;
            value.Line = _line + f.LineOffset;
            value.Column = k + 1;
            value.ByteOffset = KeepFrom + f.FieldStart;
            var text = Decode(bytes, f, out var valid);
            value.InvalidUtf8 = !valid;
            value.Text = text is null ? null : Trimmed(text);
        }

        return TransactionRecord(position, _line, _header, bytes, mapFields: true);
    }

    private PaymentFeedRecord Malformed(ref ReadOnlySpan<byte> window, int recordLength, int errorIndex, string message)
    {
        var location = new SourceLocation
        {
            LineNumber = _line + CountLines(window[..errorIndex]),
            ElementPosition = _fields.Count + 1,
            ByteOffset = KeepFrom + errorIndex,
        };
        var diagnostic = new Diagnostic(PaymentFeedDiagnosticCodes.MalformedCsvQuoting, DiagnosticSeverity.Error, message, location, isRecoverable: false);
        PaymentFeedRecord record;
        if (_phase == Phase.Header)
        {
            _phase = Phase.Done;
            record = Unit("line " + _line.ToString(CultureInfo.InvariantCulture), _line, KeepFrom, window[..recordLength], [diagnostic]);
        }
        else
        {
            record = FailedRecord("line " + _line.ToString(CultureInfo.InvariantCulture), _line, KeepFrom, _header, window[..recordLength], diagnostic);
        }

        Advance(ref window, recordLength);
        return record;
    }

    private PaymentFeedRecord TooLong(ref ReadOnlySpan<byte> window)
    {
        var diagnostic = new Diagnostic(
            PaymentFeedDiagnosticCodes.RecordTooLong,
            DiagnosticSeverity.Error,
            string.Create(CultureInfo.InvariantCulture, $"The record is longer than {MaxRecordLength} bytes (MaxRecordLength); it is skipped up to the end of its line."),
            new SourceLocation { LineNumber = _line, ByteOffset = KeepFrom },
            isRecoverable: false);
        PaymentFeedRecord record;
        if (_phase == Phase.Header)
        {
            _phase = Phase.Done;
            record = Unit("line " + _line.ToString(CultureInfo.InvariantCulture), _line, KeepFrom, [], [diagnostic]);
        }
        else
        {
            record = FailedRecord("line " + _line.ToString(CultureInfo.InvariantCulture), _line, KeepFrom, [], [], diagnostic);
        }

        // Everything scanned so far lies on the record's first line or is discarded with it.
        var lf = window.IndexOf((byte)'\n');
        if (lf >= 0)
        {
            Advance(ref window, lf + 1);
        }
        else
        {
            KeepFrom += window.Length;
            window = [];
            _skipLine = true;
        }

        return record;
    }

    private static string? Decode(ReadOnlySpan<byte> record, CsvField field, out bool valid)
    {
        var span = record[field.ValueStart..field.ValueEnd];
        valid = Utf8.IsValid(span);
        if (!valid)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(span);
        return field.HasEscapedQuotes ? text.Replace("\"\"", "\"", StringComparison.Ordinal) : text;
    }

    private static string? Trimmed(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length == 0 ? null : trimmed;
    }
}
