using System.Text;
using HealthFinance.TestUtilities;

namespace HealthFinance.X12.Tests.Reading;

public sealed class X12InputPartitionerTests
{
    private const string Isa = X12ReaderTests.Isa;

    /// <summary>Everything but the segment index, which counts from each part's first segment.</summary>
    private static (long ByteOffset, string Id, string Text, string Elements, string ElementOffsets, X12Delimiters Delimiters) Key(SegmentRecord r) =>
        (r.ByteOffset, r.Id, r.Text, r.Elements, r.ElementOffsets, r.Delimiters);

    private static List<SegmentRecord> ReadInParts(byte[] data, int partCount, out int partReads, X12ReaderOptions options = default)
    {
        var reads = 0;
        var results = X12InputPartitioner.ReadParts(data, partCount, (ref X12Reader reader, X12InputPart part) =>
        {
            Interlocked.Increment(ref reads);
            var list = new List<SegmentRecord>();
            while (reader.Read())
            {
                list.Add(SegmentRecord.From(ref reader));
            }

            return list;
        }, options);
        partReads = reads;
        return results.SelectMany(r => r).ToList();
    }

    /// <summary>
    /// An interchange of one transaction set of <paramref name="claims"/> claims with the given delimiters; <paramref name="extra"/> is
    /// appended to every CLP as it is (it may hold bytes that are delimiters in other interchanges).
    /// </summary>
    private static string Interchange(int control, int claims, char element = '*', char terminator = '~', string extra = "")
    {
        var body = new StringBuilder();
        body.Append("GS*HP*S*R*20240101*1200*1*X*005010X221A1~ST*835*0001~BPR*I*100*C*ACH~");
        for (var i = 0; i < claims; i++)
        {
            body.Append("CLP*PCN").Append(i).Append("*1*100.50*80**12").Append(extra.Length > 0 ? "{extra}" : "").Append("~\r\n");
            body.Append("SVC*HC:99213*100.5*80**1~CAS*CO*45*20.5~DTM*472*20240101~\n");
        }

        body.Append("SE*").Append(3 + 4 * claims).Append("*0001~GE*1*1~");
        var isa = Isa.Replace("000000001", control.ToString("D9"));
        var text = isa + body + "IEA*1*" + control.ToString("D9") + "~\n";
        return text.Replace('*', element).Replace('~', terminator).Replace("{extra}", extra, StringComparison.Ordinal);
    }

    public static TheoryData<string> Inputs => new()
    {
        X12ReaderTests.Simple,
        Interchange(1, 200),
        "\u00EF\u00BB\u00BFjunk\r\n" + Interchange(1, 50) + Interchange(2, 50),
        // Same terminator, another element separator, then other delimiters whose data holds the first terminator.
        Interchange(1, 60) + Interchange(2, 60, element: '|') + Interchange(3, 60, element: '|', terminator: '\'', extra: "|A~B~C") + Interchange(4, 60),
        Interchange(1, 40, terminator: '\n'),
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void ReadParts_AnyPartCount_SameSegmentsAsOneReader(string input)
    {
        var data = ReadAll.Ascii(input);
        var expected = ReadAll.OneShot(data).Select(Key).ToList();
        for (var parts = 1; parts <= 9; parts++)
        {
            var actual = ReadInParts(data, parts, out _).Select(Key).ToList();
            Assert.True(expected.SequenceEqual(actual), $"{parts} parts");
        }
    }

    [Fact]
    public void ReadParts_BoundaryInsideOtherDelimiters_PartIsReadAgainAfterThePartBefore()
    {
        var data = ReadAll.Ascii(Interchange(1, 5) + Interchange(2, 400, element: '|', terminator: '\'', extra: "|~~~~~~~~"));
        var expected = ReadAll.OneShot(data).Select(Key).ToList();

        var actual = ReadInParts(data, 4, out var partReads).Select(Key).ToList();

        Assert.Equal(expected, actual);
        var parts = X12InputPartitioner.Partition(data, 4);
        Assert.Equal(4, parts.Length);
        Assert.True(partReads > parts.Length, "a part started with the first interchange's delimiters inside the second must be read again");
    }

    [Fact]
    public void Partition_PartsCoverTheInputAndStartAfterATerminator()
    {
        var data = ReadAll.Ascii(Interchange(1, 300));
        var parts = X12InputPartitioner.Partition(data, 5);

        Assert.Equal(5, parts.Length);
        Assert.Equal(0, parts[0].Offset);
        for (var i = 0; i < parts.Length; i++)
        {
            Assert.Equal(i, parts[i].Index);
            Assert.Equal(i == parts.Length - 1, parts[i].IsLast);
            if (i > 0)
            {
                Assert.Equal(parts[i - 1].Offset + parts[i - 1].Length, parts[i].Offset);
                Assert.Equal((byte)'~', data[parts[i].Offset - 1]);
                Assert.Equal((byte)'*', parts[i].Delimiters.Element);
            }
        }

        Assert.Equal(data.Length, parts[^1].Offset + parts[^1].Length);
    }

    [Fact]
    public void PartReaders_InOrder_ContinueEachOtherAndKeepAbsoluteOffsets()
    {
        var data = ReadAll.Ascii(Interchange(1, 100));
        var expected = ReadAll.OneShot(data).Select(Key).ToList();
        var parts = X12InputPartitioner.Partition(data, 3);
        var actual = new List<SegmentRecord>();
        var previousEnd = default(X12ReaderState);
        foreach (var part in parts)
        {
            Assert.True(part.Continues(previousEnd));
            var reader = part.CreateReader(data);
            var index = 0L;
            while (reader.Read())
            {
                // Segment indexes count from the part's first segment.
                Assert.Equal(index++, reader.SegmentIndex);
                actual.Add(SegmentRecord.From(ref reader));
            }

            previousEnd = reader.CurrentState;
        }

        Assert.Equal(expected, actual.Select(Key).ToList());
    }

    [Fact]
    public void Partition_SmallOrUnreadableInput_OnePart()
    {
        Assert.Single(X12InputPartitioner.Partition("ST*835*1~"u8, 4));
        Assert.Single(X12InputPartitioner.Partition(ReadOnlySpan<byte>.Empty, 4));
        Assert.Single(X12InputPartitioner.Partition(ReadAll.Ascii(Isa), 4));
        Assert.Single(X12InputPartitioner.Partition(ReadAll.Ascii(X12ReaderTests.Simple), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => X12InputPartitioner.Partition("x"u8, 0));
    }

    [Fact]
    public void CreateReader_StatePastThePartStart_Throws()
    {
        var data = ReadAll.Ascii(Interchange(1, 100));
        var parts = X12InputPartitioner.Partition(data, 2);
        var reader = new X12Reader(data);
        while (reader.Read())
        {
        }

        var end = reader.CurrentState;
        var ex = Assert.Throws<ArgumentException>(() => parts[1].CreateReader(data, end));
        Assert.Contains("past the start of part 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadParts_ExceptionOfTheReadingCode_RethrownForItsPart()
    {
        var data = ReadAll.Ascii(Interchange(1, 200));
        var ex = Assert.Throws<InvalidOperationException>(() => X12InputPartitioner.ReadParts<int>(data, 3, (ref X12Reader reader, X12InputPart part) =>
            part.Index == 2 ? throw new InvalidOperationException("part 2") : 0));
        Assert.Equal("part 2", ex.Message);
    }

    [Fact]
    public void ReadParts_MutatedInputs_SameSegmentsOrSameErrorAsOneReader()
    {
        var source = ReadAll.Ascii(Interchange(1, 80) + Interchange(2, 40, element: '|', terminator: '\'', extra: "|x~y"));
        var random = new Random(2026);
        for (var run = 0; run < 300; run++)
        {
            var data = X12ReaderFuzzTests.Mutate(source, random);
            AssertSameAsOneReader(data, 2 + (run % 4));
        }
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void ReadParts_CorpusFile_SameSegmentsOrSameErrorAsOneReader(string path)
    {
        var data = Corpus.ReadBytes(path);
        for (var parts = 2; parts <= 5; parts++)
        {
            AssertSameAsOneReader(data, parts);
        }
    }

    public static TheoryData<string> CorpusFiles => Corpus.Files("x12");

    private static void AssertSameAsOneReader(byte[] data, int partCount)
    {
        string? expectedCode = null;
        long expectedPosition = -1;
        List<(long, string, string, string, string, X12Delimiters)>? expected = null;
        try
        {
            expected = ReadAll.OneShot(data).Select(Key).ToList();
        }
        catch (X12ReaderException ex)
        {
            expectedCode = ex.ErrorCode;
            expectedPosition = ex.BytePosition;
        }

        if (expected is not null)
        {
            Assert.Equal(expected, ReadInParts(data, partCount, out _).Select(Key).ToList());
            return;
        }

        var actual = Assert.Throws<X12ReaderException>(() => ReadInParts(data, partCount, out _));
        Assert.Equal(expectedCode, actual.ErrorCode);
        Assert.Equal(expectedPosition, actual.BytePosition);
    }
}
