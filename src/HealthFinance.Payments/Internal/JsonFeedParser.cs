using System.Globalization;
using System.Text;
using System.Text.Json;
using HealthFinance.Canonical.Diagnostics;

namespace HealthFinance.Payments.Internal;

/// <summary>What the JSON layouts share: reading one transaction object into the record's fields, and syntax errors.</summary>
internal abstract class JsonFeedParser(PaymentFeedOptions options, PaymentFeedKind kind, long start) : FeedParser(options, kind, start)
{
    protected static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };

    /// <summary>Reads a complete, well-formed JSON object (its first token is <c>{</c>) into <see cref="FeedParser.Fields"/>.</summary>
    /// <param name="obj">The object's bytes.</param>
    /// <param name="line">The 1-based line of its first byte.</param>
    /// <param name="offset">The absolute offset of its first byte.</param>
    /// <param name="pathPrefix">The prefix of field paths (<c>transactions[3].</c>, or empty).</param>
    /// <returns><see langword="false"/> when the object turned out not to be well formed (a finding was added).</returns>
    protected bool ReadObject(ReadOnlySpan<byte> obj, int line, long offset, string pathPrefix)
    {
        Fields.Reset(pathPrefix, line, offset);
        var reader = new Utf8JsonReader(obj, isFinalBlock: true, new JsonReaderState(ReaderOptions));
        var lineIndex = 0;
        var lineAt = line;
        try
        {
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var index = reader.ValueIsEscaped ? FeedFields.FindJson(Encoding.UTF8.GetBytes(PropertyName(ref reader))) : FeedFields.FindJson(reader.ValueSpan);
                var nameStart = (int)reader.TokenStartIndex;
                var name = index < 0 ? PropertyName(ref reader) : null;
                reader.Read();
                var valueStart = (int)reader.TokenStartIndex;
                lineAt += CountLines(obj[lineIndex..valueStart]);
                lineIndex = valueStart;
                if (index < 0)
                {
                    ReportUnknownField(Fields.Diagnostics, name!, new SourceLocation { Path = pathPrefix.Length > 0 ? pathPrefix[..^1] : null, LineNumber = lineAt, ByteOffset = offset + nameStart });
                    reader.Skip();
                    continue;
                }

                var location = new SourceLocation { Path = pathPrefix + FeedFields.JsonNames[index], LineNumber = lineAt, ByteOffset = offset + valueStart };
                ref var value = ref Fields.Values[index];
                if (value.Exists)
                {
                    Fields.Diagnostics.Add(new Diagnostic(
                        PaymentFeedDiagnosticCodes.DuplicateProperty,
                        DiagnosticSeverity.Error,
                        $"The object has the property {FeedFields.JsonNames[index]} more than once.",
                        location));
                    reader.Skip();
                    continue;
                }

                value.Exists = true;
                value.Line = lineAt;
                value.ByteOffset = offset + valueStart;
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        try
                        {
                            value.Text = Trimmed(reader.GetString()!);
                        }
                        catch (InvalidOperationException)
                        {
                            value.InvalidUtf8 = true;
                        }

                        break;
                    case JsonTokenType.Number:
                        value.Text = Encoding.UTF8.GetString(reader.ValueSpan);
                        break;
                    case JsonTokenType.Null:
                        break;
                    default:
                        Fields.Diagnostics.Add(new Diagnostic(
                            PaymentFeedDiagnosticCodes.InvalidJsonValueType,
                            DiagnosticSeverity.Error,
                            $"The property {FeedFields.JsonNames[index]} holds {Describe(reader.TokenType)}; a string or number is expected.",
                            location));
                        value.Reported = true;
                        reader.Skip();
                        break;
                }
            }

            return true;
        }
        catch (JsonException ex)
        {
            var at = ErrorIndex(obj, ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0);
            Fields.Diagnostics.Add(SyntaxError(ex, line + (int)(ex.LineNumber ?? 0), offset + at, pathPrefix.TrimEnd('.'), "the record is skipped"));
            return false;
        }
    }

    /// <summary>A <see cref="PaymentFeedDiagnosticCodes.MalformedJson"/> finding.</summary>
    /// <param name="ex">The reader's exception.</param>
    /// <param name="line">The 1-based line of the error.</param>
    /// <param name="offset">The absolute offset of the error.</param>
    /// <param name="path">The path of the unit being read, if any.</param>
    /// <param name="consequence">What happens next, for the message.</param>
    protected static Diagnostic SyntaxError(JsonException ex, int line, long offset, string? path, string consequence) => new(
        PaymentFeedDiagnosticCodes.MalformedJson,
        DiagnosticSeverity.Error,
        $"The JSON text is not well formed ({ReaderReason(ex)}); {consequence}.",
        new SourceLocation { Path = string.IsNullOrEmpty(path) ? null : path, LineNumber = line, ByteOffset = offset },
        isRecoverable: false);

    /// <summary>The index in <paramref name="bytes"/> of a reader position (line relative to the first byte, byte within that line).</summary>
    protected static int ErrorIndex(ReadOnlySpan<byte> bytes, long readerLine, long bytePositionInLine)
    {
        var lineStart = 0;
        for (long l = 0; l < readerLine; l++)
        {
            var lf = bytes[lineStart..].IndexOf((byte)'\n');
            if (lf < 0)
            {
                break;
            }

            lineStart += lf + 1;
        }

        return (int)Math.Min(lineStart + bytePositionInLine, bytes.Length);
    }

    // The texts of System.Text.Json's reader errors that follow a quoted piece of the input ('{0}'). Only these tails are
    // repeated in a message; the quoted input is replaced, unless it is a single JSON punctuation character.
    private static readonly string[] ReasonTails =
    [
        "' is an invalid start of a value.",
        "' is invalid after a value. Expected either ',', '}', or ']'.",
        "' is an invalid start of a property name. Expected a '\"'.",
        "' is invalid after a property name. Expected a ':'.",
        "' is an invalid end of a number. Expected a delimiter.",
        "' is an invalid end of a number. Expected 'E' or 'e'.",
        "' is invalid within a number, immediately after a decimal point ('.'). Expected a digit ('0'-'9').",
        "' is invalid within a number, immediately after a sign character ('+' or '-'). Expected a digit ('0'-'9').",
        "' is an invalid JSON literal. Expected the literal 'true'.",
        "' is an invalid JSON literal. Expected the literal 'false'.",
        "' is an invalid JSON literal. Expected the literal 'null'.",
        "' is invalid after a single JSON value. Expected end of data.",
        "' is an invalid escapable character within a JSON string. The string should be correctly escaped.",
        "' is invalid within a JSON string. The string should be correctly escaped.",
        "' is not a hex digit following '\\u' within a JSON string. The string should be correctly escaped.",
        "' is invalid without a matching open.",
        "' is an invalid start of a property name or value, after a comment.",
        "' is invalid after '/' at the beginning of the comment. Expected either '/' or '*'.",
    ];

    // Reader errors that quote nothing.
    private static readonly string[] PlainReasons =
    [
        "Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed.",
        "Expected end of string, but instead reached end of data.",
        "Expected a value, but instead reached end of data.",
        "Expected start of a property name or value, but instead reached end of data.",
        "Expected a digit ('0'-'9'), but instead reached end of data.",
        "The input does not contain any JSON tokens. Expected the input to start with a valid JSON token, when isFinalBlock is true.",
        "The input does not contain any complete JSON tokens. Expected the input to have at least one valid, complete, JSON token.",
        "The JSON array contains a trailing comma at the end which is not supported in this mode. Change the reader options.",
        "The JSON object contains a trailing comma at the end which is not supported in this mode. Change the reader options.",
        "Expected end of comment, but instead reached end of data.",
        "Unexpected end of data while reading a comment.",
        "Found invalid line or paragraph separator character while reading a comment.",
        "The maximum configured depth of 64 has been exceeded. Cannot read next JSON object.",
        "The maximum configured depth of 64 has been exceeded. Cannot read next JSON array.",
    ];

    /// <summary>The reader's explanation, reduced to its fixed template text so that no input is repeated.</summary>
    private static string ReaderReason(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.LastIndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0)
        {
            message = message[..cut];
        }

        foreach (var plain in PlainReasons)
        {
            if (message == plain)
            {
                return plain.TrimEnd('.');
            }
        }

        if (message.StartsWith('\''))
        {
            foreach (var tail in ReasonTails)
            {
                if (message.Length > tail.Length && message.EndsWith(tail, StringComparison.Ordinal))
                {
                    var quoted = message.AsSpan(1, message.Length - tail.Length - 1);
                    var shown = quoted.Length == 1 && "\"{}[]:,".Contains(quoted[0], StringComparison.Ordinal) ? quoted.ToString() : "…";
                    return "'" + shown + tail.TrimEnd('.');
                }
            }
        }

        return "unexpected JSON text";
    }

    protected static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Number => "a number",
        JsonTokenType.String => "a string",
        JsonTokenType.Null => "null",
        _ => "a JSON value",
    };

    protected static string Index(string prefix, long index) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}[{index}]");

    private static string PropertyName(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            return "(not UTF-8)";
        }
    }

    private static string? Trimmed(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length == 0 ? null : trimmed;
    }
}
