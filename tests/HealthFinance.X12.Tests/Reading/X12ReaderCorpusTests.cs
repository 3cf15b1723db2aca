using HealthFinance.TestUtilities;

namespace HealthFinance.X12.Tests.Reading;

public sealed class X12ReaderCorpusTests
{
    // Files that are not readable X12 on purpose: UTF-16 text and non-EDI content.
    private static readonly Dictionary<string, string> ExpectedFailures = new(StringComparer.Ordinal)
    {
        ["x12/837P/oop-UnicodeExample.txt"] = "X12-0001",
        ["x12/837P/ims-x12_no_isa_line.txt"] = "X12-0001",
        ["x12/misc/edieng-NonEdi.edi"] = "X12-0001",
    };

    public static TheoryData<string> Files => Corpus.Files("x12");

    [Theory]
    [MemberData(nameof(Files))]
    public void Read_CorpusFile_ReadsToEndOrThrowsExpectedCode(string path)
    {
        var data = Corpus.ReadBytes(path);
        if (ExpectedFailures.TryGetValue(path, out var code))
        {
            var ex = Assert.Throws<X12ReaderException>(() => ReadAll.OneShot(data));
            Assert.Equal(code, ex.ErrorCode);
            return;
        }

        var reader = new X12Reader(data);
        long segments = 0, interchanges = 0, trailers = 0;
        while (reader.Read())
        {
            segments++;
            interchanges += reader.SegmentIdEquals("ISA"u8) ? 1 : 0;
            trailers += reader.SegmentIdEquals("IEA"u8) ? 1 : 0;
            Assert.False(reader.SegmentSpan.Length > 0 && reader.SegmentSpan[0] <= (byte)' ', "segment starts with whitespace");
        }

        Assert.Equal(data.Length, reader.BytesConsumed);
        Assert.True(segments >= 3);
        Assert.True(interchanges >= 1);
        Assert.InRange(trailers, interchanges - 1, interchanges);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Read_CorpusFileInChunks_SameSegmentsAsOneShot(string path)
    {
        var data = Corpus.ReadBytes(path);
        if (ExpectedFailures.ContainsKey(path))
        {
            return;
        }

        var expected = ReadAll.OneShot(data);
        var random = new Random(data.Length);
        var cuts = new List<int>();
        for (var at = random.Next(1, 200); at < data.Length; at += random.Next(1, 300))
        {
            cuts.Add(at);
        }

        Assert.Equal(expected, ReadAll.Chunked(data, cuts));
    }
}
