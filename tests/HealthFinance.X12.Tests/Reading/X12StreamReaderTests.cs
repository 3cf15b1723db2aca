using System.Text;

namespace HealthFinance.X12.Tests.Reading;

public sealed class X12StreamReaderTests
{
    /// <summary>A stream that returns at most <c>chunk</c> bytes per Read.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }

    internal static byte[] Generate(int segments, int seed)
    {
        var random = new Random(seed);
        var sb = new StringBuilder(X12ReaderTests.Isa).Append('\n');
        for (var i = 0; i < segments; i++)
        {
            sb.Append("CLP*PCN").Append(i).Append('*').Append(random.Next(1, 5)).Append('*').Append(random.Next(0, 100000)).Append(".00");
            for (var e = random.Next(0, 12); e > 0; e--)
            {
                sb.Append('*').Append(new string('x', random.Next(0, 12)));
            }

            sb.Append(random.Next(4) == 0 ? "~\r\n" : "~\n");
        }

        sb.Append("IEA*1*000000001~\n");
        return ReadAll.Ascii(sb.ToString());
    }

    private static List<SegmentRecord> ReadStream(Stream stream, X12ReaderOptions options = default, int bufferSize = 64 * 1024)
    {
        var list = new List<SegmentRecord>();
        using var reader = new X12StreamReader(stream, options, leaveOpen: false, bufferSize);
        var count = reader.ReadAll((ref X12Reader r) => list.Add(SegmentRecord.From(ref r)));
        Assert.Equal(list.Count, count);
        return list;
    }

    [Theory]
    [MemberData(nameof(X12ReaderChunkingTests.Fixtures), MemberType = typeof(X12ReaderChunkingTests))]
    public void ReadAll_OneBytePerRead_SameSegmentsAsSpanReader(string fixture)
    {
        var data = ReadAll.Ascii(fixture);
        Assert.Equal(ReadAll.OneShot(data), ReadStream(new TrickleStream(data, 1)));
    }

    [Fact]
    public void ReadAll_LargeInputSmallBuffer_SameSegmentsAndBufferNeverGrows()
    {
        var data = Generate(50_000, 1);
        var expected = ReadAll.OneShot(data);
        var list = new List<SegmentRecord>();
        using var reader = new X12StreamReader(new TrickleStream(data, 3000), bufferSize: 4096);
        reader.ReadAll((ref X12Reader r) => list.Add(SegmentRecord.From(ref r)));
        Assert.Equal(expected, list);
        Assert.True(data.Length > 1_000_000);
        Assert.Equal(4096, reader.PeakBufferLength);
    }

    [Fact]
    public async Task ReadAllAsync_LargeInput_SameSegmentsAsSync()
    {
        var data = Generate(20_000, 2);
        var expected = ReadAll.OneShot(data);
        var list = new List<SegmentRecord>();
        await using var reader = new X12StreamReader(new TrickleStream(data, 777), bufferSize: 1000);
        var count = await reader.ReadAllAsync((ref X12Reader r) => list.Add(SegmentRecord.From(ref r)), TestContext.Current.CancellationToken);
        Assert.Equal(expected.Count, count);
        Assert.Equal(expected, list);
        Assert.Equal(1000, reader.PeakBufferLength);
    }

    [Fact]
    public void ReadAll_LongSegment_BufferGrowsOnlyToSegmentSize()
    {
        var data = ReadAll.Ascii(X12ReaderTests.Isa + "NTE*" + new string('n', 100_000) + "~IEA*1*1~");
        var options = new X12ReaderOptions { MaxSegmentLength = 150_000 };
        var list = new List<SegmentRecord>();
        using var reader = new X12StreamReader(new TrickleStream(data, 5000), options, bufferSize: 4096);
        reader.ReadAll((ref X12Reader r) => list.Add(SegmentRecord.From(ref r)));
        Assert.Equal(ReadAll.OneShot(data, options), list);
        Assert.Equal(150_002, reader.MaxBufferLength);
        Assert.InRange(reader.PeakBufferLength, 100_004, reader.MaxBufferLength);
    }

    [Fact]
    public void ReadAll_SegmentLongerThanMax_ThrowsX12_0004WithBoundedBuffer()
    {
        var data = ReadAll.Ascii(X12ReaderTests.Isa + "NTE*" + new string('n', 1_000_000) + "~");
        var options = new X12ReaderOptions { MaxSegmentLength = 10_000 };
        using var reader = new X12StreamReader(new MemoryStream(data), options, bufferSize: 1024);
        var ex = Assert.Throws<X12ReaderException>(() => reader.ReadAll((ref X12Reader _) => { }));
        Assert.Equal("X12-0004", ex.ErrorCode);
        Assert.Equal(106, ex.BytePosition);
        Assert.InRange(reader.PeakBufferLength, 1024, 10_002);
    }

    [Fact]
    public void ReadAll_EmptyStream_ThrowsX12_0001()
    {
        using var reader = new X12StreamReader(new MemoryStream());
        Assert.Equal("X12-0001", Assert.Throws<X12ReaderException>(() => reader.ReadAll((ref X12Reader _) => { })).ErrorCode);
    }

    [Fact]
    public void ReadAll_SecondCall_ReturnsZero()
    {
        using var reader = new X12StreamReader(new MemoryStream(ReadAll.Ascii(X12ReaderTests.Simple)));
        Assert.Equal(7, reader.ReadAll((ref X12Reader _) => { }));
        Assert.Equal(0, reader.ReadAll((ref X12Reader _) => { }));
    }

    [Fact]
    public void Dispose_LeaveOpen_StreamStaysUsable()
    {
        var stream = new MemoryStream(ReadAll.Ascii(X12ReaderTests.Simple));
        var reader = new X12StreamReader(stream, leaveOpen: true);
        reader.Dispose();
        Assert.True(stream.CanRead);
        Assert.Throws<ObjectDisposedException>(() => reader.ReadAll((ref X12Reader _) => { }));
        new X12StreamReader(stream).Dispose();
        Assert.False(stream.CanRead);
    }

    [Fact]
    public async Task ReadAllAsync_Canceled_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await using var reader = new X12StreamReader(new MemoryStream(ReadAll.Ascii(X12ReaderTests.Simple)));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await reader.ReadAllAsync((ref X12Reader _) => { }, cts.Token));
    }
}
