using System.Buffers;
using HealthFinance.Canonical.Events;
using HealthFinance.Canonical.Serialization;
using HealthFinance.Erp.Testing;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Sync.Delivery;
using HealthFinance.Sync.Processing;

namespace HealthFinance.Sync.Tests;

/// <summary>The outbox payload (compressed, and as earlier versions wrote it) and the in-process journal handoff.</summary>
public sealed class OutboxPayloadTests
{
    private static readonly OutboxHeader Header = new(["in-1", "in-2"], 1, 1, ["00-0123456789abcdef0123456789abcdef-0123456789abcdef-01"], 1_700_000_000_000);

    private static List<JournalEntry> Journals(int count) => [.. Enumerable.Range(1, count).Select(i => ErpConformanceJournals.Pairs($"payload:{i}", 1 + (i % 3)))];

    private static string Text(IEnumerable<JournalEntry> journals) => string.Join('\n', journals.Select(j => CanonicalJson.Serialize(j)));

    [Fact]
    public void Write_IsCompressed_AndReadsBackTheSameHeaderAndJournals()
    {
        var journals = Journals(40);

        var payload = OutboxHeader.Write(Header, journals);
        var (header, back) = OutboxHeader.Read(payload);

        Assert.Equal(0x78, payload[0]);
        Assert.True(payload.Length * 3 < journals.Sum(j => CanonicalJson.SerializeToUtf8Bytes(j).Length), $"{payload.Length} bytes");
        Assert.Equal(Header.Inputs, header.Inputs);
        Assert.Equal(Header.Activities, header.Activities);
        Assert.Equal((Header.Chunk, Header.Of, Header.EnqueuedAtMs), (header.Chunk, header.Of, header.EnqueuedAtMs));
        Assert.Equal(Text(journals), Text(back));
    }

    [Fact]
    public void Read_APayloadWrittenUncompressed_AsEarlierVersionsDid_ReadsTheSame()
    {
        var journals = Journals(5);
        var text = new ArrayBufferWriter<byte>();
        text.Write("{\"v\":2,\"inputs\":[\"in-1\",\"in-2\"],\"chunk\":1,\"of\":1,\"activities\":[],\"at\":1700000000000}\n"u8);
        foreach (var journal in journals)
        {
            CanonicalJson.WriteNdjsonLine(text, journal);
        }

        var (header, back) = OutboxHeader.Read(text.WrittenMemory);

        Assert.Equal(["in-1", "in-2"], header.Inputs);
        Assert.Equal(Text(journals), Text(back));
    }

    [Fact]
    public void Handoff_GivesEachCommittedMessageOnce_KeepsNoMoreThanItsBound_AndClears()
    {
        var handoff = new OutboxJournalHandoff();
        var first = IdempotencyKey.Derive("post", "a");
        var journals = Journals(3);

        handoff.Publish(first, Header, journals);
        Assert.True(handoff.TryTake(first, out var header, out var taken));
        Assert.Same(Header, header);
        Assert.Same(journals, taken);
        Assert.False(handoff.TryTake(first, out _, out _));

        // Past the bound a message is not kept (its deliverer reads the payload); taking one frees room again.
        var big = Enumerable.Repeat(journals[0], OutboxJournalHandoff.MaxJournals - 1).ToList();
        handoff.Publish(IdempotencyKey.Derive("post", "big"), Header, big);
        handoff.Publish(IdempotencyKey.Derive("post", "over"), Header, journals);
        Assert.False(handoff.TryTake(IdempotencyKey.Derive("post", "over"), out _, out _));
        Assert.True(handoff.TryTake(IdempotencyKey.Derive("post", "big"), out _, out _));
        handoff.Publish(IdempotencyKey.Derive("post", "over"), Header, journals);
        Assert.Equal(1, handoff.Count);

        handoff.Clear();
        Assert.Equal(0, handoff.Count);
        Assert.False(handoff.TryTake(IdempotencyKey.Derive("post", "over"), out _, out _));
    }
}
