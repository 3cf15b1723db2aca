using HealthFinance.Canonical.Diagnostics;

namespace HealthFinance.Payments.Internal;

/// <summary>One field of a record as read: its decoded text and where it stands.</summary>
internal struct FieldValue
{
    /// <summary>The column or property exists in the record (its value may still be empty).</summary>
    public bool Exists;

    /// <summary>The trimmed text; <see langword="null"/> when empty, JSON null or not valid UTF-8.</summary>
    public string? Text;

    /// <summary>The bytes are not valid UTF-8.</summary>
    public bool InvalidUtf8;

    /// <summary>A finding about the value was already made (e.g. a JSON value of the wrong type); it is not reported again.</summary>
    public bool Reported;

    /// <summary>The 1-based line of the value's first byte.</summary>
    public int Line;

    /// <summary>The 1-based CSV column, when the feed is CSV.</summary>
    public int? Column;

    /// <summary>The absolute 0-based offset of the value's first byte.</summary>
    public long ByteOffset;

    public readonly bool HasText => Text is not null;
}

/// <summary>The fields of the record being read and where the record stands; reused from record to record.</summary>
internal sealed class RecordFields
{
    public FieldValue[] Values { get; } = new FieldValue[FeedFields.Count];

    /// <summary>Findings of the record, in order (structural ones first, then field ones).</summary>
    public List<Diagnostic> Diagnostics { get; } = [];

    /// <summary>The prefix of field paths: <c>transactions[3].</c> in a JSON document, empty otherwise.</summary>
    public string PathPrefix { get; set; } = "";

    public int Line { get; set; }

    public long ByteOffset { get; set; }

    public ref FieldValue this[FeedField field] => ref Values[(int)field];

    public void Reset(string pathPrefix, int line, long byteOffset)
    {
        Array.Clear(Values);
        Diagnostics.Clear();
        PathPrefix = pathPrefix;
        Line = line;
        ByteOffset = byteOffset;
    }

    public bool HasErrors
    {
        get
        {
            foreach (var d in Diagnostics)
            {
                if (d.IsError)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
