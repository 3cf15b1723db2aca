using System.Buffers;
using System.Text.Json;
using HealthFinance.Canonical.Events;
using HealthFinance.Canonical.Serialization;
using HealthFinance.Idempotency.Keys;

namespace HealthFinance.Sync.Processing;

/// <summary>
/// The first line of an outbox message: which input its journals come from, which part of it this is, the activity
/// of the unit that produced it (for trace links) and when it was enqueued. The journals follow, one canonical
/// <see cref="JournalEntry"/> per line.
/// </summary>
internal sealed record OutboxHeader(string Input, int Chunk, int Of, string? Activity, long EnqueuedAtMs)
{
    public static IdempotencyKey MessageKey(IdempotencyKey input, int chunk) => IdempotencyKey.Derive("post", input.Value, chunk.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static byte[] Write(OutboxHeader header, IReadOnlyList<JournalEntry> journals)
    {
        var buffer = new ArrayBufferWriter<byte>(1024 * (journals.Count + 1));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", 1);
            writer.WriteString("input", header.Input);
            writer.WriteNumber("chunk", header.Chunk);
            writer.WriteNumber("of", header.Of);
            if (header.Activity is not null)
            {
                writer.WriteString("activity", header.Activity);
            }

            writer.WriteNumber("at", header.EnqueuedAtMs);
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        foreach (var journal in journals)
        {
            CanonicalJson.WriteNdjsonLine(buffer, journal);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static (OutboxHeader Header, List<JournalEntry> Journals) Read(ReadOnlySpan<byte> payload)
    {
        var end = payload.IndexOf((byte)'\n');
        var headerJson = end < 0 ? payload : payload[..end];
        var reader = new Utf8JsonReader(headerJson);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var header = new OutboxHeader(
            root.GetProperty("input").GetString()!,
            root.GetProperty("chunk").GetInt32(),
            root.GetProperty("of").GetInt32(),
            root.TryGetProperty("activity", out var a) ? a.GetString() : null,
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
