using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using HealthFinance.Canonical.Diagnostics;

namespace HealthFinance.Payments.Internal;

/// <summary>
/// Newline-delimited JSON: one transaction object per line. A value that is incomplete at the end of its line continues
/// on the next line unless that line starts with <c>{</c> (so a pretty-printed object, such as a dead-lettered element of
/// a JSON document, reads as one record). After a syntax error reading resumes at the next line that starts with <c>{</c>.
/// </summary>
internal sealed class JsonLinesParser(PaymentFeedOptions options, long start) : JsonFeedParser(options, PaymentFeedKind.NdJson, start)
{
    private int _line = 1;
    private bool _atLineStart = true;
    private bool _resync;
    private bool _skipLine;

    private enum ValueStatus
    {
        Complete,
        Incomplete,
    }

    public override bool IsCompleted => false;

    public override bool TryReadNext(ReadOnlySpan<byte> window, bool isFinal, [NotNullWhen(true)] out PaymentFeedRecord? record)
    {
        record = null;
        while (true)
        {
            if (_skipLine)
            {
                var lf = window.IndexOf((byte)'\n');
                if (lf < 0)
                {
                    Advance(ref window, window.Length);
                    return false;
                }

                Advance(ref window, lf + 1);
                _skipLine = false;
                continue;
            }

            if (_resync && _atLineStart && !window.IsEmpty && window[0] != (byte)'{')
            {
                _skipLine = true;
                continue;
            }

            var ws = 0;
            while (ws < window.Length && window[ws] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                ws++;
                if (window[ws - 1] == (byte)'\n' && _resync)
                {
                    break;
                }
            }

            if (ws > 0)
            {
                Advance(ref window, ws);
                continue;
            }

            if (window.IsEmpty)
            {
                return false;
            }

            _resync = false;
            return ReadValue(ref window, isFinal, out record);
        }
    }

    private bool ReadValue(ref ReadOnlySpan<byte> window, bool isFinal, [NotNullWhen(true)] out PaymentFeedRecord? record)
    {
        record = null;
        var lf = window.IndexOf((byte)'\n');
        var regionEnd = lf >= 0 ? lf + 1 : window.Length;
        while (true)
        {
            if (regionEnd > MaxRecordLength)
            {
                record = TooLong(ref window);
                return true;
            }

            if (lf < 0 && !isFinal)
            {
                return false;
            }

            var isFinalBlock = isFinal && regionEnd == window.Length;
            var reader = new Utf8JsonReader(window[..regionEnd], isFinalBlock, new JsonReaderState(ReaderOptions));
            ValueStatus status;
            JsonTokenType first;
            try
            {
                status = ScanValue(ref reader, out first);
            }
            catch (JsonException ex)
            {
                record = SyntaxError(ref window, ex);
                return true;
            }

            if (status == ValueStatus.Complete)
            {
                record = Value(ref window, (int)reader.BytesConsumed, first);
                return true;
            }

            // Incomplete at the end of the region: continue on the next line, unless that line starts a new record.
            if (isFinalBlock || (regionEnd < window.Length && window[regionEnd] == (byte)'{'))
            {
                record = Incomplete(ref window, regionEnd);
                return true;
            }

            lf = regionEnd < window.Length ? window[regionEnd..].IndexOf((byte)'\n') : -1;
            if (lf < 0 && !isFinal)
            {
                return window.Length > MaxRecordLength ? TooLongNow(ref window, out record) : false;
            }

            regionEnd = lf >= 0 ? regionEnd + lf + 1 : window.Length;
        }
    }

    private bool TooLongNow(ref ReadOnlySpan<byte> window, out PaymentFeedRecord record)
    {
        record = TooLong(ref window);
        return true;
    }

    /// <summary>Reads the tokens of one top-level value.</summary>
    private static ValueStatus ScanValue(ref Utf8JsonReader reader, out JsonTokenType first)
    {
        first = JsonTokenType.None;
        if (!reader.Read())
        {
            return ValueStatus.Incomplete;
        }

        first = reader.TokenType;
        if (first is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return ValueStatus.Complete;
        }

        while (reader.Read())
        {
            if (reader.CurrentDepth == 0)
            {
                return ValueStatus.Complete;
            }
        }

        return ValueStatus.Incomplete;
    }

    private PaymentFeedRecord Value(ref ReadOnlySpan<byte> window, int length, JsonTokenType first)
    {
        var position = Position();
        var bytes = window[..length];
        PaymentFeedRecord record;
        if (first != JsonTokenType.StartObject)
        {
            record = FailedRecord(position, _line, KeepFrom, [], bytes, new Diagnostic(
                PaymentFeedDiagnosticCodes.RecordNotAnObject,
                DiagnosticSeverity.Error,
                $"The line holds {Describe(first)}; each transaction is a JSON object.",
                new SourceLocation { LineNumber = _line, ByteOffset = KeepFrom }));
        }
        else
        {
            var wellFormed = ReadObject(bytes, _line, KeepFrom, "");
            record = TransactionRecord(position, _line, [], bytes, mapFields: wellFormed);
        }

        Advance(ref window, length);
        return record;
    }

    private PaymentFeedRecord Incomplete(ref ReadOnlySpan<byte> window, int length)
    {
        var position = Position();
        var last = length - 1;
        var record = FailedRecord(position, _line, KeepFrom, [], window[..length], new Diagnostic(
            PaymentFeedDiagnosticCodes.MalformedJson,
            DiagnosticSeverity.Error,
            "The JSON text is not well formed (the object is not complete before the next line starts a new record); the record is skipped.",
            new SourceLocation { LineNumber = _line + CountLines(window[..last]), ByteOffset = KeepFrom + last },
            isRecoverable: false));
        Advance(ref window, length);
        return record;
    }

    private PaymentFeedRecord SyntaxError(ref ReadOnlySpan<byte> window, JsonException ex)
    {
        var position = Position();
        var at = ErrorIndex(window, ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0);
        var lf = window[at..].IndexOf((byte)'\n');
        var length = lf >= 0 ? at + lf + 1 : window.Length;
        var diagnostic = SyntaxError(ex, _line + (int)(ex.LineNumber ?? 0), KeepFrom + at, null, "the record is skipped and reading resumes at the next line that starts with '{'");
        var record = FailedRecord(position, _line, KeepFrom, [], window[..length], diagnostic);
        Advance(ref window, length);
        _resync = true;
        return record;
    }

    private PaymentFeedRecord TooLong(ref ReadOnlySpan<byte> window)
    {
        var record = FailedRecord(Position(), _line, KeepFrom, [], [], new Diagnostic(
            PaymentFeedDiagnosticCodes.RecordTooLong,
            DiagnosticSeverity.Error,
            string.Create(CultureInfo.InvariantCulture, $"The record is longer than {MaxRecordLength} bytes (MaxRecordLength); it is skipped and reading resumes at the next line that starts with '{{'."),
            new SourceLocation { LineNumber = _line, ByteOffset = KeepFrom },
            isRecoverable: false));
        _resync = true;
        _skipLine = true;
        return record;
    }

    private string Position() => string.Create(CultureInfo.InvariantCulture, $"line {_line}");

    private void Advance(ref ReadOnlySpan<byte> window, int length)
    {
        var consumed = window[..length];
        _line += CountLines(consumed);
        if (length > 0)
        {
            _atLineStart = consumed[^1] == (byte)'\n';
        }

        KeepFrom += length;
        window = window[length..];
    }
}
