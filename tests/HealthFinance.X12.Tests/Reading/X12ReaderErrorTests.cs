namespace HealthFinance.X12.Tests.Reading;

public sealed class X12ReaderErrorTests
{
    private const string Isa = X12ReaderTests.Isa;

    public static TheoryData<string, string, long, int, long, string> Rows => new()
    {
        { "", "X12-0001", 0, 0, 0, "No ISA interchange header was found. Segment: 0 | Element: 0 | Byte: 0." },
        { "hello world", "X12-0001", 0, 0, 0, "No ISA interchange header was found. Segment: 0 | Element: 0 | Byte: 0." },
        { "\u00EF\u00BB\u00BFISAA*", "X12-0001", 0, 0, 3, "No ISA interchange header was found. Segment: 0 | Element: 0 | Byte: 3." },
        { "ISA*00*", "X12-0002", 0, 3, 0, "The ISA interchange header is truncated: it needs 16 elements, the component separator and the segment terminator. Segment: 0 (ISA) | Element: 3 | Byte: 0." },
        { "xx" + Isa[..104], "X12-0002", 0, 16, 2, "The ISA interchange header is truncated: it needs 16 elements, the component separator and the segment terminator. Segment: 0 (ISA) | Element: 16 | Byte: 2." },
        { Isa[..^2] + "A~", "X12-0003", 0, 16, 104, "The ISA header's component separator (0x41) is a letter, digit or space. Segment: 0 (ISA) | Element: 16 | Byte: 104." },
        { Isa[..^1] + " ", "X12-0003", 0, 17, 105, "The ISA header's segment terminator (0x20) is a letter, digit or space. Segment: 0 (ISA) | Element: 17 | Byte: 105." },
        { Isa[..^2] + "**", "X12-0003", 0, 16, 104, "The ISA header's component separator (0x2A) equals another delimiter. Segment: 0 (ISA) | Element: 16 | Byte: 104." },
        { Isa[..^2] + "::", "X12-0003", 0, 17, 105, "The ISA header's segment terminator (0x3A) equals another delimiter. Segment: 0 (ISA) | Element: 17 | Byte: 105." },
        { Isa + "ST*835*0001~CLP*1*2", "X12-0005", 2, 0, 118, "The input ends inside a segment: its last bytes have no segment terminator. Segment: 2 (CLP) | Element: 0 | Byte: 118." },
        { Isa + "\r\nst", "X12-0005", 1, 0, 108, "The input ends inside a segment: its last bytes have no segment terminator. Segment: 1 | Element: 0 | Byte: 108." },
        { Isa + "NTE*" + new string('x', 300) + "~", "X12-0004", 1, 0, 106, "The segment is longer than the maximum of 200 bytes. Segment: 1 (NTE) | Element: 0 | Byte: 106." },
        { Isa + "NTE*" + new string('x', 300), "X12-0004", 1, 0, 106, "The segment is longer than the maximum of 200 bytes. Segment: 1 (NTE) | Element: 0 | Byte: 106." },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Read_UnreadableInput_ThrowsWithCodeAndPosition(string input, string code, long segmentIndex, int elementPosition, long bytePosition, string message)
    {
        var data = ReadAll.Ascii(input);
        var options = new X12ReaderOptions { MaxSegmentLength = 200 };
        var ex = Assert.Throws<X12ReaderException>(() => ReadAll.OneShot(data, options));
        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal(segmentIndex, ex.SegmentIndex);
        Assert.Equal(elementPosition, ex.ElementPosition);
        Assert.Equal(bytePosition, ex.BytePosition);
        Assert.Equal(message, ex.Message);

        // Chunked reading fails identically wherever the input is cut.
        for (var cut = 0; cut <= data.Length; cut += 7)
        {
            var chunked = Assert.Throws<X12ReaderException>(() => ReadAll.Chunked(data, [cut], options));
            Assert.Equal(message, chunked.Message);
        }
    }

    [Fact]
    public void Read_TextBeforeIsaNotAllowed_Throws0001()
    {
        var data = ReadAll.Ascii(" " + Isa);
        var ex = Assert.Throws<X12ReaderException>(() => ReadAll.OneShot(data, new X12ReaderOptions { AllowTextBeforeIsa = false }));
        Assert.Equal("X12-0001", ex.ErrorCode);
        Assert.Equal("The input does not start with an ISA interchange header. Segment: 0 | Element: 0 | Byte: 0.", ex.Message);
        Assert.Single(ReadAll.OneShot(ReadAll.Ascii(Isa), new X12ReaderOptions { AllowTextBeforeIsa = false }));
    }

    [Fact]
    public void Read_BomNotAllowed_BomIsTextBeforeIsa()
    {
        var data = ReadAll.Ascii("\u00EF\u00BB\u00BF" + Isa);
        var reader = new X12Reader(data, new X12ReaderOptions { AllowBom = false });
        Assert.True(reader.Read());
        Assert.Equal(3, reader.SkippedBytesBeforeIsa);
        var strict = new X12ReaderOptions { AllowBom = false, AllowTextBeforeIsa = false };
        Assert.Equal("X12-0001", Assert.Throws<X12ReaderException>(() => ReadAll.OneShot(data, strict)).ErrorCode);
    }

    [Fact]
    public void ToDiagnostic_CarriesCodeAndLocation()
    {
        var ex = Assert.Throws<X12ReaderException>(() => ReadAll.OneShot(ReadAll.Ascii(Isa + "ST*835*0001~CLP*1*2")));
        var diagnostic = ex.ToDiagnostic();
        Assert.Equal("X12-0005", diagnostic.Code);
        Assert.True(diagnostic.IsError);
        Assert.False(diagnostic.IsRecoverable);
        Assert.Equal(2, diagnostic.Location.SegmentIndex);
        Assert.Equal("CLP", diagnostic.Location.SegmentId);
        Assert.Null(diagnostic.Location.ElementPosition);
        Assert.Equal(118, diagnostic.Location.ByteOffset);
        Assert.Equal("X12-0005 error: The input ends inside a segment: its last bytes have no segment terminator. Segment: 2 (CLP) | Byte: 118.", diagnostic.ToString());
    }

    [Fact]
    public void Delimiters_Invalid_ThrowArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new X12Delimiters((byte)'*', (byte)'*', 0, (byte)'~'));
        Assert.Throws<ArgumentException>(() => new X12Delimiters((byte)'*', (byte)':', (byte)'~', (byte)'~'));
        Assert.Throws<ArgumentException>(() => new X12Delimiters((byte)'A', (byte)':', 0, (byte)'~'));
        Assert.Throws<ArgumentException>(() => new X12Delimiters((byte)'*', (byte)' ', 0, (byte)'~'));
        Assert.Throws<ArgumentException>(() => new X12Delimiters((byte)'*', (byte)':', (byte)'U', (byte)'~'));
        var (e, c, r, s) = X12Delimiters.Default;
        Assert.Equal(("*", ":", "^", "~"), (((char)e).ToString(), ((char)c).ToString(), ((char)r).ToString(), ((char)s).ToString()));
        Assert.True(X12Delimiters.Default.HasRepetition);
        Assert.False(new X12Delimiters((byte)'*', (byte)':', 0, (byte)'~').HasRepetition);
    }
}
