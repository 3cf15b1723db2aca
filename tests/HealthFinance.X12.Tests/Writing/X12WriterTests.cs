using System.Buffers;
using System.Text;
using HealthFinance.X12.Tests.Reading;

namespace HealthFinance.X12.Tests.Writing;

public sealed class X12WriterTests
{
    private static string Text(ArrayBufferWriter<byte> buffer) => Encoding.UTF8.GetString(buffer.WrittenSpan);

    [Fact]
    public void WriteSegment_DefaultDelimiters_WritesElementsAndTerminator()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new X12Writer(buffer, X12Delimiters.Default);
        writer.WriteSegment("CLP"u8, "PCN1", "1", null, "A:B^C");
        writer.WriteSegment("LE"u8);
        Assert.Equal("CLP*PCN1*1**A:B^C~LE~", Text(buffer));
        Assert.Equal(2, writer.SegmentCount);
    }

    [Fact]
    public void WriteElement_Overloads_FormatInvariant()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new X12Writer(buffer, new X12Delimiters((byte)'|', (byte)'>', 0, (byte)'\n'), new X12WriterOptions { LineBreak = "" });
        writer.WriteSegmentStart("DTM"u8);
        writer.WriteElement(-12.50m);
        writer.WriteElement(42);
        writer.WriteElement(-7L);
        writer.WriteElement(new DateOnly(2024, 2, 9));
        writer.WriteElement("é");
        writer.WriteElement((string?)null);
        writer.WriteElement("HC"u8);
        writer.WriteComponent("99213"u8);
        writer.WriteSegmentEnd();
        Assert.Equal("DTM|-12.50|42|-7|20240209|é||HC>99213\n", Text(buffer));
    }

    [Fact]
    public void WriteRepetition_WithAndWithoutSeparator()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new X12Writer(buffer, X12Delimiters.Default, new X12WriterOptions { LineBreak = "\r\n" });
        writer.WriteSegmentStart("HI"u8);
        writer.WriteElement("ABK"u8);
        writer.WriteComponent("I10"u8);
        writer.WriteRepetition("ABF:J20"u8);
        writer.WriteSegmentEnd();
        Assert.Equal("HI*ABK:I10^ABF:J20~\r\n", Text(buffer));
        using var noRepetition = new X12Writer(new ArrayBufferWriter<byte>(), new X12Delimiters((byte)'*', (byte)':', 0, (byte)'~'));
        noRepetition.WriteSegmentStart("HI"u8);
        noRepetition.WriteElement("A"u8);
        Assert.Throws<InvalidOperationException>(() => noRepetition.WriteRepetition("B"u8));
    }

    [Theory]
    [InlineData("A*B")]
    [InlineData("A~")]
    public void WriteElement_ContainsDelimiter_ThrowsArgumentException(string value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new X12Writer(buffer, X12Delimiters.Default);
        writer.WriteSegmentStart("NM1"u8);
        Assert.Throws<ArgumentException>(() => writer.WriteElement(value));
        Assert.Throws<ArgumentException>(() => writer.WriteElement(Encoding.ASCII.GetBytes(value)));
        writer.WriteSegmentEnd();
        Assert.Equal("NM1~", Text(buffer));

        // WriteSegment checks every value before writing anything.
        Assert.Throws<ArgumentException>(() => writer.WriteSegment("N"u8, "ok", value));
        Assert.Equal("NM1~", Text(buffer));
        writer.WriteSegment("N"u8, "ok");
        Assert.Equal("NM1~N*ok~", Text(buffer));
    }

    [Fact]
    public void WriteComponentAndId_ContainsDelimiter_ThrowsArgumentException()
    {
        using var writer = new X12Writer(new ArrayBufferWriter<byte>(), X12Delimiters.Default);
        Assert.Throws<ArgumentException>(() => writer.WriteSegmentStart("N:1"u8));
        Assert.Throws<ArgumentException>(() => writer.WriteSegmentStart(""u8));
        writer.WriteSegmentStart("SV1"u8);
        writer.WriteElement("HC"u8);
        Assert.Throws<ArgumentException>(() => writer.WriteComponent("1:2"u8));
        Assert.Throws<ArgumentException>(() => writer.WriteComponent("1^2"u8));
        Assert.Throws<ArgumentException>(() => writer.WriteRepetition("1^2"u8));
    }

    [Fact]
    public void Writer_Misuse_ThrowsInvalidOperation()
    {
        using var writer = new X12Writer(new ArrayBufferWriter<byte>(), X12Delimiters.Default);
        Assert.Throws<InvalidOperationException>(() => writer.WriteElement("A"u8));
        Assert.Throws<InvalidOperationException>(() => writer.WriteSegmentEnd());
        writer.WriteSegmentStart("ST"u8);
        Assert.Throws<InvalidOperationException>(() => writer.WriteComponent("A"u8));
        Assert.Throws<InvalidOperationException>(() => writer.WriteSegmentStart("SE"u8));
        Assert.Throws<ArgumentException>(() => new X12Writer(new ArrayBufferWriter<byte>(), default(X12Delimiters)));
        Assert.Throws<ArgumentException>(() => new X12WriterOptions { LineBreak = " " });
        Assert.Equal(new X12WriterOptions(), default);
        Assert.Equal("", default(X12WriterOptions).LineBreak);
    }

    [Fact]
    public async Task Writer_Stream_FlushesOnDisposeAndReadsBack()
    {
        using var stream = new MemoryStream();
        await using (var writer = new X12Writer(stream, X12Delimiters.Default, new X12WriterOptions { LineBreak = "\n" }))
        {
            WriteInterchange(writer, 3000);
            await writer.FlushAsync(TestContext.Current.CancellationToken);
            WriteInterchangeEnd(writer);
        }

        var segments = ReadAll.OneShot(stream.ToArray());
        Assert.Equal(3002, segments.Count);
        Assert.Equal("[PCN2999][1][2999.5]", segments[^2].Elements);
        Assert.Equal("IEA", segments[^1].Id);
    }

    [Fact]
    public void Writer_StreamSync_SameBytesAsBufferWriter()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new X12Writer(buffer, X12Delimiters.Default))
        {
            WriteInterchange(writer, 2000);
            WriteInterchangeEnd(writer);
        }

        using var stream = new MemoryStream();
        using (var writer = new X12Writer(stream, X12Delimiters.Default))
        {
            WriteInterchange(writer, 2000);
            writer.Flush();
            WriteInterchangeEnd(writer);
        }

        Assert.Equal(buffer.WrittenSpan.ToArray(), stream.ToArray());
    }

    internal static void WriteIsa(X12Writer writer)
    {
        var d = writer.Delimiters;
        writer.WriteSegmentStart("ISA"u8);
        foreach (var value in new[] { "00", "          ", "00", "          ", "ZZ", "SENDER         ", "ZZ", "RECEIVER       ", "240101", "1200" })
        {
            writer.WriteElement(value);
        }

        writer.WriteElement(d.HasRepetition ? [d.Repetition] : "U"u8);
        foreach (var value in new[] { "00501", "000000001", "0", "P" })
        {
            writer.WriteElement(value);
        }

        writer.WriteElement([d.Component]);
        writer.WriteSegmentEnd();
    }

    private static void WriteInterchange(X12Writer writer, int claims)
    {
        WriteIsa(writer);
        for (var i = 0; i < claims; i++)
        {
            writer.WriteSegmentStart("CLP"u8);
            writer.WriteElement("PCN" + i);
            writer.WriteElement(1);
            writer.WriteElement(i + 0.5m);
            writer.WriteSegmentEnd();
        }
    }

    private static void WriteInterchangeEnd(X12Writer writer) => writer.WriteSegment("IEA"u8, "1", "000000001");
}
