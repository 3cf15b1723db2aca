using System.Buffers;
using System.Text.Json;
using HealthFinance.Canonical.Events;
using HealthFinance.Canonical.Serialization;
using HealthFinance.Idempotency.Keys;

namespace HealthFinance.Sync.Processing;

/// <summary>
/// The first line of an outbox message: which inputs its journals come from (several inputs of one transaction share
/// a message; an input with more journals than a message holds is cut into parts of its own), which part this is,
/// the activity of the unit that produced it (for trace links) and when it was enqueued. The journals follow, one
/// canonical <see cref="JournalEntry"/> per line. The whole text is stored zlib-compressed (payload type
/// <c>journals+ndjson+zlib</c>): canonical journal JSON shrinks about sixfold, and every byte of a payload is written
/// to the state store's log and table and read back by the lease. Payloads written uncompressed (<c>journals+ndjson</c>,
/// earlier versions) are read as they are.
/// </summary>
internal sealed record OutboxHeader(IReadOnlyList<string> Inputs, int Chunk, int Of, IReadOnlyList<string> Activities, long EnqueuedAtMs)
{
    /// <summary>The key of part <paramref name="chunk"/> of one input's journals.</summary>
    public static IdempotencyKey MessageKey(IdempotencyKey input, int chunk) => IdempotencyKey.Derive("post", input.Value, chunk.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The key of a message shared by several inputs.</summary>
    public static IdempotencyKey SharedKey(IReadOnlyList<string> inputs) => IdempotencyKey.Derive("post-batch", inputs[0], inputs[^1], inputs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static byte[] Write(OutboxHeader header, IReadOnlyList<JournalEntry> journals)
    {
        var buffer = new ArrayBufferWriter<byte>(1024 * (journals.Count + 1));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", 2);
            writer.WriteStartArray("inputs");
            foreach (var input in header.Inputs)
            {
                writer.WriteStringValue(input);
            }

            writer.WriteEndArray();
            writer.WriteNumber("chunk", header.Chunk);
            writer.WriteNumber("of", header.Of);
            writer.WriteStartArray("activities");
            foreach (var activity in header.Activities)
            {
                writer.WriteStringValue(activity);
            }

            writer.WriteEndArray();

            writer.WriteNumber("at", header.EnqueuedAtMs);
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        foreach (var journal in journals)
        {
            CanonicalJson.WriteNdjsonLine(buffer, journal);
        }

        return Zlib.Compress(buffer.WrittenSpan);
    }

    /// <summary>Reads a payload: compressed (it starts with a zlib header) or, as earlier versions wrote it, the text itself (it starts with <c>{</c>).</summary>
    public static (OutboxHeader Header, IReadOnlyList<JournalEntry> Journals) Read(ReadOnlyMemory<byte> payload)
    {
        var span = payload.Span;
        if (span.IsEmpty || span[0] == (byte)'{')
        {
            return ReadText(span);
        }

        return ReadText(Zlib.Decompress(payload).WrittenSpan);
    }

    private static (OutboxHeader Header, IReadOnlyList<JournalEntry> Journals) ReadText(ReadOnlySpan<byte> payload)
    {
        var end = payload.IndexOf((byte)'\n');
        var headerJson = end < 0 ? payload : payload[..end];
        var reader = new Utf8JsonReader(headerJson);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var header = new OutboxHeader(
            root.TryGetProperty("inputs", out var inputs) ? [.. inputs.EnumerateArray().Select(static i => i.GetString()!)] : [root.GetProperty("input").GetString()!],
            root.GetProperty("chunk").GetInt32(),
            root.GetProperty("of").GetInt32(),
            root.TryGetProperty("activities", out var activities) ? [.. activities.EnumerateArray().Select(static a => a.GetString()!)]
                : root.TryGetProperty("activity", out var a) && a.GetString() is { } one ? [one] : [],
            root.GetProperty("at").GetInt64());
        var journals = new List<JournalEntry>();
        var rest = end < 0 ? [] : payload[(end + 1)..];
        while (!rest.IsEmpty)
        {
            var nl = rest.IndexOf((byte)'\n');
            var line = nl < 0 ? rest : rest[..nl];
            if (!line.IsEmpty)
            {
                journals.Add((JournalEntry)CanonicalJson.Deserialize(line));
            }

            rest = nl < 0 ? [] : rest[(nl + 1)..];
        }

        return (header, journals);
    }
}
