namespace HealthFinance.X12.Tests.Reading;

public sealed class X12ReaderChunkingTests
{
    private const string Isa = X12ReaderTests.Isa;

    public static TheoryData<string> Fixtures => new()
    {
        X12ReaderTests.Simple,
        "\u00EF\u00BB\u00BF" + Isa + "\r\nST*835*1~\r\nCLP*A*1*2:3^4~\r\nSE*2*1~\r\n",
        "junk before\r\nISA\r\n" + Isa + "ST*835*1~IEA*1*1~",
        Isa[..^1] + "\nST*835*1\r\n\nSE*1*1",
        Isa + "\nST*835*1~IEA*1*1~\n" + Isa.Replace('*', '|').Replace('~', '\u001D') + "\r\nST|837|2\u001DIEA|1|2\u001D\r\n",
        "ISA*00* *00* *30*560891234 *30*566012345*030813*1505*U*00401*000000007*1*P*:~\nTA1*1~\nIEA*1*7~\n",
        Isa + "ZZ*" + string.Join('*', Enumerable.Repeat("ab", 80)) + "~~X~\n \0",
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Read_SplitAtEveryOffset_SameSegmentsAsOneShot(string fixture)
    {
        var data = ReadAll.Ascii(fixture);
        var expected = ReadAll.OneShot(data);
        Assert.NotEmpty(expected);
        for (var cut = 0; cut <= data.Length; cut++)
        {
            var actual = ReadAll.Chunked(data, [cut]);
            Assert.True(expected.SequenceEqual(actual), $"cut at {cut}");
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Read_RandomChunkSizes_SameSegmentsAsOneShot(string fixture)
    {
        var data = ReadAll.Ascii(fixture);
        var expected = ReadAll.OneShot(data);
        var random = new Random(fixture.Length);
        for (var run = 0; run < 50; run++)
        {
            var cuts = new List<int>();
            for (var at = random.Next(0, 8); at < data.Length; at += random.Next(0, 40))
            {
                cuts.Add(at);
            }

            Assert.Equal(expected, ReadAll.Chunked(data, cuts));
        }
    }

    [Fact]
    public void Read_SplitAtEveryOffset_SkippedBytesAndOptionsCarriedInState()
    {
        var data = ReadAll.Ascii("\u00EF\u00BB\u00BFjunk ISA\r\nIS" + Isa + "ST*835*1~");
        var options = new X12ReaderOptions { MaxSegmentLength = 500 };
        for (var cut = 0; cut <= data.Length; cut++)
        {
            var first = new X12Reader(data.AsSpan(0, cut), isFinalBlock: false, new X12ReaderState(options));
            var segments = 0;
            while (first.Read())
            {
                segments++;
            }

            var second = new X12Reader(data.AsSpan((int)first.BytesConsumed), isFinalBlock: true, first.CurrentState);
            while (second.Read())
            {
                segments++;
            }

            Assert.Equal(2, segments);
            Assert.Equal(12, second.SkippedBytesBeforeIsa);
            Assert.Equal(options, second.CurrentState.Options);
            Assert.Equal(data.Length, first.BytesConsumed + second.BytesConsumed);
        }
    }

    [Fact]
    public void Read_OneByteChunks_SameSegmentsAndState()
    {
        var data = ReadAll.Ascii(X12ReaderTests.Simple);
        var expected = ReadAll.OneShot(data);
        Assert.Equal(expected, ReadAll.Chunked(data, Enumerable.Range(1, data.Length)));
    }

    [Fact]
    public void Read_NonFinalIncompleteSegment_ReturnsFalseAndKeepsIt()
    {
        var data = ReadAll.Ascii(Isa + "ST*83");
        var reader = new X12Reader(data, isFinalBlock: false, new X12ReaderState());
        Assert.True(reader.Read());
        Assert.False(reader.Read());
        Assert.Equal(106, reader.BytesConsumed);
        var state = reader.CurrentState;
        var next = new X12Reader(ReadAll.Ascii("ST*835~"), isFinalBlock: true, state);
        Assert.True(next.Read());
        Assert.Equal(1, next.SegmentIndex);
        Assert.Equal(106, next.SegmentByteOffset);
        Assert.Equal(X12Delimiters.Default, next.Delimiters);
        Assert.False(next.Read());
    }
}
