using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using HealthFinance.Canonical.Diagnostics;

namespace HealthFinance.Payments.Internal;

/// <summary>
/// A JSON document <c>{"transactions":[{...}, ...]}</c>, tokenised chunk by chunk with <see cref="Utf8JsonReader"/>: only
/// the transaction being read is kept in memory. Other root properties are skipped token by token. A syntax error cannot
/// be resynchronised and ends the reading.
/// </summary>
internal sealed class JsonDocumentParser(PaymentFeedOptions options, long start) : JsonFeedParser(options, PaymentFeedKind.Json, start)
{
    private JsonReaderState _state = new(ReaderOptions);
    private Phase _phase = Phase.Start;
    private long _readPos = start;
    private bool _sawTransactions;

    // Line bookkeeping: _lines line feeds lie before _countedTo, the last of them ending at _lineStart.
    private long _countedTo = start;
    private int _lines;
    private long _lineStart = start;

    // The array element being read.
    private long _elementStart = -1;
    private int _elementLine;

    // Skipping a value: tokens are read until the end token at _skipDepth.
    private int _skipDepth = -1;

    private enum Phase
    {
        Start,
        Root,
        RootValue,
        TransactionsValue,
        Array,
        Element,
        AfterRoot,
        Done,
    }

    public override bool TryReadNext(ReadOnlySpan<byte> window, bool isFinal, [NotNullWhen(true)] out PaymentFeedRecord? record)
    {
        record = null;
        if (_phase == Phase.Done)
        {
            return false;
        }

        var windowOffset = KeepFrom;
        while (true)
        {
            // The reader sees at most MaxRecordLength bytes ahead, whatever is buffered, so a token longer than that is
            // refused however the input arrives.
            var from = (int)(_readPos - windowOffset);
            var viewLength = Math.Min(window.Length - from, MaxRecordLength);
            var truncated = viewLength < window.Length - from;
            var reader = new Utf8JsonReader(window.Slice(from, viewLength), isFinal && !truncated, _state);
            try
            {
                while (reader.Read())
                {
                    record = OnToken(ref reader, window, windowOffset);
                    if (record is not null)
                    {
                        if (_phase != Phase.Done)
                        {
                            Commit(ref reader);
                            Keep(window, windowOffset);
                        }

                        return true;
                    }
                }
            }
            catch (JsonException ex)
            {
                record = Fatal(ex, window, windowOffset);
                _phase = Phase.Done;
                KeepFrom = windowOffset + window.Length;
                return true;
            }

            var consumed = reader.BytesConsumed;
            Commit(ref reader);
            if (isFinal && !truncated)
            {
                _phase = Phase.Done;
                return false;
            }

            record = CheckBounds(window, windowOffset, stuck: consumed == 0 && viewLength == MaxRecordLength);
            if (_phase != Phase.Done)
            {
                Keep(window, windowOffset);
            }

            if (record is not null)
            {
                return true;
            }

            if (!truncated)
            {
                return false;
            }
        }
    }

    public override bool IsCompleted => _phase == Phase.Done;

    private PaymentFeedRecord? OnToken(ref Utf8JsonReader reader, ReadOnlySpan<byte> window, long windowOffset)
    {
        var type = reader.TokenType;
        var depth = reader.CurrentDepth;
        if (_skipDepth >= 0)
        {
            if (type is JsonTokenType.EndObject or JsonTokenType.EndArray && depth == _skipDepth)
            {
                _skipDepth = -1;
            }

            return null;
        }

        switch (_phase)
        {
            case Phase.Start:
                if (type != JsonTokenType.StartObject)
                {
                    _phase = Phase.Done;
                    return DocumentError("The JSON document's root is not an object; a payment feed document is {\"transactions\":[...]}.", null, ref reader, window, windowOffset);
                }

                _phase = Phase.Root;
                return null;

            case Phase.Root:
                if (type == JsonTokenType.EndObject)
                {
                    _phase = Phase.AfterRoot;
                    return _sawTransactions ? null : DocumentError("The JSON document has no transactions property.", null, ref reader, window, windowOffset);
                }

                if (reader.ValueTextEquals("transactions"u8))
                {
                    _sawTransactions = true;
                    _phase = Phase.TransactionsValue;
                }
                else
                {
                    _phase = Phase.RootValue;
                }

                return null;

            case Phase.RootValue:
                if (type is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    _skipDepth = depth;
                }

                _phase = Phase.Root;
                return null;

            case Phase.TransactionsValue:
                if (type != JsonTokenType.StartArray)
                {
                    _phase = Phase.Done;
                    return DocumentError($"The transactions property holds {Describe(type)}; an array of transaction objects is expected.", "transactions", ref reader, window, windowOffset);
                }

                _phase = Phase.Array;
                return null;

            case Phase.Array:
                if (type == JsonTokenType.EndArray)
                {
                    _phase = Phase.Root;
                    return null;
                }

                _elementStart = Absolute(reader.TokenStartIndex);
                _elementLine = LineAt(window, windowOffset, _elementStart);
                if (type is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    _phase = Phase.Element;
                    return null;
                }

                return CompleteElement(ref reader, window, windowOffset);

            case Phase.Element:
                return type is JsonTokenType.EndObject or JsonTokenType.EndArray && depth == 2
                    ? CompleteElement(ref reader, window, windowOffset)
                    : null;

            default:
                return null;
        }
    }

    /// <summary>The element that ends with the current token: a transaction, or a value that is not an object.</summary>
    private PaymentFeedRecord CompleteElement(ref Utf8JsonReader reader, ReadOnlySpan<byte> window, long windowOffset)
    {
        _phase = Phase.Array;
        var end = Absolute(reader.BytesConsumed);
        var bytes = window[(int)(_elementStart - windowOffset)..(int)(end - windowOffset)];
        var index = NextRecordIndex;
        var position = Index("transactions", index);
        var startOffset = _elementStart;
        _elementStart = -1;
        if (bytes.Length > MaxRecordLength)
        {
            return FailedRecord(position, _elementLine, startOffset, [], [], TooLong(position, _elementLine, startOffset, "it is skipped"));
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            var first = reader.TokenType == JsonTokenType.EndArray ? JsonTokenType.StartArray : reader.TokenType;
            return FailedRecord(position, _elementLine, startOffset, [], bytes, new Diagnostic(
                PaymentFeedDiagnosticCodes.RecordNotAnObject,
                DiagnosticSeverity.Error,
                $"The element holds {Describe(first)}; each transaction is a JSON object.",
                new SourceLocation { Path = position, LineNumber = _elementLine, ByteOffset = startOffset }));
        }

        var wellFormed = ReadObject(bytes, _elementLine, startOffset, position + ".");
        return TransactionRecord(position, index, [], bytes, mapFields: wellFormed);
    }

    /// <summary>Reports an element or a token that outgrows <see cref="PaymentFeedOptions.MaxRecordLength"/>.</summary>
    /// <param name="window">The input from <see cref="FeedParser.KeepFrom"/> on.</param>
    /// <param name="windowOffset">The absolute offset of the window.</param>
    /// <param name="stuck">The reader could not take a single token from <see cref="PaymentFeedOptions.MaxRecordLength"/> bytes.</param>
    private PaymentFeedRecord? CheckBounds(ReadOnlySpan<byte> window, long windowOffset, bool stuck)
    {
        if (stuck)
        {
            // A single token (a string or number) longer than the limit: the reader cannot step over it.
            _phase = Phase.Done;
            KeepFrom = windowOffset + window.Length;
            var position = _elementStart >= 0 ? Index("transactions", NextRecordIndex) : "document";
            var line = LineAt(window, windowOffset, _readPos);
            var diagnostic = TooLong(position, line, _readPos, "a JSON token longer than that cannot be stepped over, so reading stops");
            return _elementStart >= 0
                ? FailedRecord(position, _elementLine, _elementStart, [], [], diagnostic)
                : Unit(position, line, _readPos, [], [diagnostic]);
        }

        if (_elementStart >= 0 && _phase == Phase.Element && _readPos - _elementStart > MaxRecordLength)
        {
            var position = Index("transactions", NextRecordIndex);
            var record = FailedRecord(position, _elementLine, _elementStart, [], [], TooLong(position, _elementLine, _elementStart, "it is skipped"));
            _elementStart = -1;
            _skipDepth = 2;
            _phase = Phase.Array;
            return record;
        }

        return null;
    }

    private Diagnostic TooLong(string position, int line, long offset, string consequence) => new(
        PaymentFeedDiagnosticCodes.RecordTooLong,
        DiagnosticSeverity.Error,
        string.Create(CultureInfo.InvariantCulture, $"The transaction is longer than {MaxRecordLength} bytes (MaxRecordLength); {consequence}."),
        new SourceLocation { Path = position, LineNumber = line, ByteOffset = offset },
        isRecoverable: false);

    private PaymentFeedRecord DocumentError(string message, string? path, ref Utf8JsonReader reader, ReadOnlySpan<byte> window, long windowOffset)
    {
        var offset = Absolute(reader.TokenStartIndex);
        var line = LineAt(window, windowOffset, offset);
        return Unit("document", line, offset, [], [new Diagnostic(
            PaymentFeedDiagnosticCodes.InvalidJsonDocument,
            DiagnosticSeverity.Error,
            message,
            new SourceLocation { Path = path, LineNumber = line, ByteOffset = offset },
            isRecoverable: false)]);
    }

    private PaymentFeedRecord Fatal(JsonException ex, ReadOnlySpan<byte> window, long windowOffset)
    {
        // The reader counts lines from the start of the document and bytes from the start of the line. The error lies
        // after the last token read, so on or after the line of _countedTo (which may run ahead of _readPos).
        AdvanceLines(window, windowOffset, _readPos);
        var readerLine = ex.LineNumber ?? _lines;
        var inLine = ex.BytePositionInLine ?? 0;
        var offset = readerLine <= _lines
            ? _lineStart + inLine
            : _countedTo + ErrorIndex(window[(int)(_countedTo - windowOffset)..], readerLine - _lines, inLine);
        offset = Math.Min(offset, windowOffset + window.Length);
        var line = (int)Math.Min(readerLine + 1, int.MaxValue);
        if (_elementStart >= 0)
        {
            var position = Index("transactions", NextRecordIndex);
            var raw = window[(int)(_elementStart - windowOffset)..(int)(Math.Max(offset, _elementStart) - windowOffset)];
            return FailedRecord(position, _elementLine, _elementStart, [], raw, SyntaxError(ex, line, offset, position, "reading stops"));
        }

        var path = _phase is Phase.Array or Phase.TransactionsValue ? "transactions" : null;
        return Unit("document", line, offset, [], [SyntaxError(ex, line, offset, path, "reading stops")]);
    }

    private void Commit(ref Utf8JsonReader reader)
    {
        _readPos += reader.BytesConsumed;
        _state = reader.CurrentState;
    }

    private void Keep(ReadOnlySpan<byte> window, long windowOffset)
    {
        var keep = _elementStart >= 0 ? _elementStart : _readPos;
        AdvanceLines(window, windowOffset, keep);
        KeepFrom = keep;
    }

    /// <summary>The absolute offset of a position of the current reader, which started at <see cref="_readPos"/>.</summary>
    private long Absolute(long relative) => _readPos + relative;

    private int LineAt(ReadOnlySpan<byte> window, long windowOffset, long offset)
    {
        AdvanceLines(window, windowOffset, offset);
        return _lines + 1;
    }

    private void AdvanceLines(ReadOnlySpan<byte> window, long windowOffset, long upTo)
    {
        if (upTo <= _countedTo)
        {
            return;
        }

        var span = window[(int)(_countedTo - windowOffset)..(int)(upTo - windowOffset)];
        var last = span.LastIndexOf((byte)'\n');
        if (last >= 0)
        {
            _lines += CountLines(span);
            _lineStart = _countedTo + last + 1;
        }

        _countedTo = upTo;
    }
}
