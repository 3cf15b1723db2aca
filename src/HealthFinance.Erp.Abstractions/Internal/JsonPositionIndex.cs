using System.Text;
using System.Text.Json;

namespace HealthFinance.Erp.Internal;

/// <summary>Where every property and value of a JSON document starts: JSON path → (1-based line, byte offset).</summary>
internal sealed class JsonPositionIndex
{
    private readonly Dictionary<string, long> _offsets = new(StringComparer.Ordinal);
    private readonly List<long> _lineStarts = [0];

    private JsonPositionIndex()
    {
    }

    public static JsonPositionIndex Build(ReadOnlySpan<byte> utf8)
    {
        var index = new JsonPositionIndex();
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                index._lineStarts.Add(i + 1);
            }
        }

        try
        {
            index.Scan(utf8);
        }
        catch (JsonException)
        {
            // A malformed document is reported by the deserializer with its own position; the index stays partial.
        }

        return index;
    }

    /// <summary>Appends a property name to a path the way the index spells it.</summary>
    public static string Property(string path, string name)
    {
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return path + "['" + name + "']";
            }
        }

        return path + "." + name;
    }

    /// <summary>Appends an array index to a path.</summary>
    public static string Item(string path, int index) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{path}[{index}]");

    /// <summary>The position of the value at <paramref name="path"/>, or of its nearest recorded ancestor.</summary>
    public (int Line, long LineByte, long Offset)? Find(string path)
    {
        var candidate = path;
        while (candidate.Length > 0)
        {
            if (_offsets.TryGetValue(candidate, out var offset))
            {
                return Locate(offset);
            }

            var cut = Math.Max(candidate.LastIndexOf('.'), candidate.LastIndexOf('['));
            if (cut <= 0)
            {
                break;
            }

            candidate = candidate[..cut];
        }

        return null;
    }

    /// <summary>Converts a 0-based line and byte-in-line (as <see cref="JsonException"/> reports them) to an absolute offset.</summary>
    public long OffsetOf(long zeroBasedLine, long bytePositionInLine)
        => zeroBasedLine < _lineStarts.Count ? _lineStarts[(int)zeroBasedLine] + bytePositionInLine : bytePositionInLine;

    private (int Line, long LineByte, long Offset) Locate(long offset)
    {
        var line = _lineStarts.BinarySearch(offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return (line + 1, offset - _lineStarts[line], offset);
    }

    private void Scan(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var paths = new Stack<(string Path, bool IsArray, int Next)>();
        string? pendingProperty = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    pendingProperty = Property(paths.Peek().Path, Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan));
                    _offsets.TryAdd(pendingProperty, reader.TokenStartIndex);
                    break;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    var path = NextValuePath(paths, ref pendingProperty);
                    _offsets.TryAdd(path, reader.TokenStartIndex);
                    paths.Push((path, reader.TokenType == JsonTokenType.StartArray, 0));
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    paths.Pop();
                    break;
                default:
                    var valuePath = NextValuePath(paths, ref pendingProperty);
                    _offsets.TryAdd(valuePath, reader.TokenStartIndex);
                    break;
            }
        }
    }

    private static string NextValuePath(Stack<(string Path, bool IsArray, int Next)> paths, ref string? pendingProperty)
    {
        if (paths.Count == 0)
        {
            return "$";
        }

        var top = paths.Pop();
        string path;
        if (top.IsArray)
        {
            path = Item(top.Path, top.Next);
            top.Next++;
        }
        else
        {
            path = pendingProperty ?? top.Path;
            pendingProperty = null;
        }

        paths.Push(top);
        return path;
    }
}
