using System.Text;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Payments.Tests;

/// <summary>Runs alone, so that allocation and heap measurements see only the reader.</summary>
[CollectionDefinition(nameof(MemoryMeasurements), DisableParallelization = true)]
public sealed class MemoryMeasurements;

/// <summary>Large feeds read with bounded memory: allocations per record stay constant, the live heap does not grow.</summary>
[Collection(nameof(MemoryMeasurements))]
public sealed class PaymentFeedStreamingTests
{
    private const int Records = 50_000;

    [Theory]
    [InlineData(PaymentFeedKind.Csv)]
    [InlineData(PaymentFeedKind.Json)]
    [InlineData(PaymentFeedKind.NdJson)]
    public async Task ReadAsync_50000Records_AllocationsPerRecordConstantAndHeapBounded(PaymentFeedKind kind)
    {
        var options = new PaymentFeedOptions { DuplicateDetectionLimit = 0 };
        await ReadAllAsync(SyntheticFeedStream.Create(kind, 1_000), options);   // warm up

        var small = await ReadAllAsync(SyntheticFeedStream.Create(kind, Records / 10), options);
        var large = await ReadAllAsync(SyntheticFeedStream.Create(kind, Records), options);

        Assert.Equal(Records, large.Events);
        Assert.Equal(Records * 12.34m, large.Total);
        TestContext.Current.TestOutputHelper?.WriteLine($"{kind}: {(double)small.Allocated / (Records / 10):F0} B/record ({Records / 10}), {(double)large.Allocated / Records:F0} B/record ({Records}), heap growth {large.HeapGrowth} B");
        var perRecordSmall = (double)small.Allocated / (Records / 10);
        var perRecordLarge = (double)large.Allocated / Records;
        Assert.True(perRecordLarge < 4096, $"{perRecordLarge:F0} bytes allocated per record.");
        Assert.True(perRecordLarge < perRecordSmall * 1.2, $"Allocations per record grow with the feed: {perRecordSmall:F0} B for {Records / 10}, {perRecordLarge:F0} B for {Records}.");
        Assert.True(large.HeapGrowth < 1024 * 1024, $"The live heap grew by {large.HeapGrowth} bytes between record 1,000 and record {Records}.");
    }

    [Fact]
    public async Task ReadAsync_50000RecordsWithDuplicateDetection_HeapGrowsOnlyByTheRememberedIdentities()
    {
        var result = await ReadAllAsync(SyntheticFeedStream.Create(PaymentFeedKind.Csv, Records), PaymentFeedOptions.Default);

        Assert.Equal(Records, result.Events);
        TestContext.Current.TestOutputHelper?.WriteLine($"heap growth with duplicate detection: {result.HeapGrowth} B");
        Assert.True(result.HeapGrowth < Records * 80L, $"The live heap grew by {result.HeapGrowth} bytes for {Records} identities.");
    }

    [Theory]
    [InlineData(PaymentFeedKind.Csv)]
    [InlineData(PaymentFeedKind.NdJson)]
    [InlineData(PaymentFeedKind.Json)]
    public async Task ReadAsync_OneRecordOf16MiB_SkippedWithMemoryBounded(PaymentFeedKind kind)
    {
        var stream = SyntheticFeedStream.Create(kind, 3, hugeRecordIndex: 1, hugeLength: 16 * 1024 * 1024);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var records = new List<PaymentFeedRecord>();
        await foreach (var record in PaymentFeedReader.ReadAsync(stream, null, TestContext.Current.CancellationToken))
        {
            records.Add(record);
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        TestContext.Current.TestOutputHelper?.WriteLine($"{kind}: {allocated} B allocated for a 16 MiB record");
        Assert.Equal([1, 0, 1], records.Select(r => r.Events.Count));
        Assert.Equal(PaymentFeedDiagnosticCodes.RecordTooLong, Assert.Single(records[1].Diagnostics).Code);
        Assert.True(records[1].RawBytes.IsEmpty);
        Assert.True(allocated < 2 * 1024 * 1024, $"{allocated} bytes allocated to read past a 16 MiB record.");
    }

    private static async Task<(long Events, decimal Total, long Allocated, long HeapGrowth)> ReadAllAsync(Stream stream, PaymentFeedOptions options)
    {
        long events = 0;
        var total = 0m;
        long heapAt1000 = 0;
        long heapAtEnd = 0;
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var index = 0;
        await foreach (var record in PaymentFeedReader.ReadAsync(stream, options, TestContext.Current.CancellationToken))
        {
            if (record.Events.Count == 1 && record.Events[0] is PatientPaymentReceived p)
            {
                events++;
                total += p.Amount.Amount;
            }

            if (++index == 1_000)
            {
                heapAt1000 = GC.GetTotalMemory(forceFullCollection: true);
            }
            else if (index == Records)
            {
                heapAtEnd = GC.GetTotalMemory(forceFullCollection: true);
            }
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        return (events, total, allocated, heapAtEnd == 0 ? 0 : heapAtEnd - heapAt1000);
    }
}

/// <summary>
/// A feed produced while it is read, from one pre-encoded record whose id digits are rewritten in place: the stream
/// itself allocates nothing per record, so allocation counts measure the reader.
/// </summary>
internal sealed class SyntheticFeedStream : Stream
{
    private readonly byte[] _prefix;
    private readonly byte[] _record;
    private readonly byte[] _separator;
    private readonly byte[] _suffix;
    private readonly int _idAt;
    private readonly int _count;
    private readonly int _hugeIndex;
    private readonly long _hugeLength;
    private readonly byte[] _hugeStart;
    private readonly byte[] _hugeEnd;
    private int _part;        // 0 prefix, 1 record(s), 2 suffix, 3 end
    private int _index;
    private long _offset;     // within the current piece

    private SyntheticFeedStream(byte[] prefix, byte[] record, int idAt, byte[] separator, byte[] suffix, int count, int hugeIndex, long hugeLength, byte[] hugeStart, byte[] hugeEnd)
    {
        (_prefix, _record, _idAt, _separator, _suffix, _count, _hugeIndex, _hugeLength, _hugeStart, _hugeEnd) = (prefix, record, idAt, separator, suffix, count, hugeIndex, hugeLength, hugeStart, hugeEnd);
    }

    public static SyntheticFeedStream Create(PaymentFeedKind kind, int count, int hugeRecordIndex = -1, long hugeLength = 0)
    {
        const string Id = "T000000000";
        string prefix, record, separator, suffix, hugeStart, hugeEnd;
        switch (kind)
        {
            case PaymentFeedKind.Csv:
                prefix = TestFeeds.Header + "\r\n";
                record = "payment," + Id + ",,ACCT-1,ENC-1,INV-1,card,settled,12.34,USD,FAC-1,2024-03-05,B-77,LE-1,";
                separator = "\r\n";
                suffix = "\r\n";
                hugeStart = "payment,TBIG,,ACCT-1,,,card,settled,1.00,USD,,2024-03-05,,,";
                hugeEnd = "";
                break;
            case PaymentFeedKind.NdJson:
                prefix = "";
                record = "{\"type\":\"payment\",\"transactionId\":\"" + Id + "\",\"patientAccount\":\"ACCT-1\",\"method\":\"card\",\"status\":\"settled\",\"amount\":12.34,\"postingDate\":\"2024-03-05\"}";
                separator = "\n";
                suffix = "\n";
                hugeStart = "{\"type\":\"payment\",\"note\":\"";
                hugeEnd = "\"}";
                break;
            default:
                prefix = "{\"transactions\":[\n";
                record = "{\"type\":\"payment\",\"transactionId\":\"" + Id + "\",\"patientAccount\":\"ACCT-1\",\"method\":\"card\",\"status\":\"settled\",\"amount\":\"12.34\",\"postingDate\":\"2024-03-05\"}";
                separator = ",\n";
                suffix = "\n]}\n";
                hugeStart = "{\"type\":\"payment\",\"notes\":[";
                hugeEnd = "1]}";
                break;
        }

        return new SyntheticFeedStream(
            Encoding.UTF8.GetBytes(prefix), Encoding.UTF8.GetBytes(record), record.IndexOf(Id, StringComparison.Ordinal) + 1,
            Encoding.UTF8.GetBytes(separator), Encoding.UTF8.GetBytes(suffix), count, hugeRecordIndex, hugeLength,
            Encoding.UTF8.GetBytes(hugeStart), Encoding.UTF8.GetBytes(hugeEnd));
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length && _part < 3)
        {
            var piece = CurrentLength();
            if (_offset == piece)
            {
                Next();
                continue;
            }

            var n = (int)Math.Min(buffer.Length - written, piece - _offset);
            Fill(buffer.Slice(written, n));
            written += n;
            _offset += n;
        }

        return written;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private bool IsHuge => _part == 1 && _index == _hugeIndex;

    private long RecordLength => IsHuge ? _hugeStart.Length + _hugeLength + _hugeEnd.Length : _record.Length;

    // Within part 1, each record is followed by the separator (the last one by nothing).
    private long CurrentLength() => _part switch
    {
        0 => _prefix.Length,
        1 => RecordLength + (_index < _count - 1 ? _separator.Length : 0),
        2 => _suffix.Length,
        _ => 0,
    };

    private void Next()
    {
        _offset = 0;
        if (_part == 1 && ++_index < _count)
        {
            SetId();
            return;
        }

        _part++;
        if (_part == 1)
        {
            if (_count == 0)
            {
                _part = 2;
                return;
            }

            _index = 0;
            SetId();
        }
    }

    private void SetId()
    {
        var digits = _record.AsSpan(_idAt, 9);
        var value = _index;
        for (var i = 8; i >= 0; i--)
        {
            digits[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    private void Fill(Span<byte> target)
    {
        var at = _offset;
        for (var i = 0; i < target.Length; i++, at++)
        {
            target[i] = ByteAt(at);
        }
    }

    private byte ByteAt(long at)
    {
        switch (_part)
        {
            case 0:
                return _prefix[at];
            case 2:
                return _suffix[at];
        }

        var length = RecordLength;
        if (at >= length)
        {
            return _separator[at - length];
        }

        if (!IsHuge)
        {
            return _record[at];
        }

        if (at < _hugeStart.Length)
        {
            return _hugeStart[at];
        }

        at -= _hugeStart.Length;
        if (at < _hugeLength)
        {
            // CSV: a long unquoted field; NDJSON: a long string; JSON document: a long array of numbers.
            return _hugeEnd.Length == 3 ? (byte)(at % 2 == 0 ? '1' : ',') : (byte)'x';
        }

        return _hugeEnd[at - _hugeLength];
    }
}
