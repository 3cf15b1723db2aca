using System.Text;
using Xunit;

namespace HealthFinance.Hl7v2.Tests;

public sealed class Hl7v2ReaderTests
{
    private const string Dft =
        "MSH|^~\\&|SEND|FAC|RECV|RFAC|20250314083512||DFT^P03|CTRL1|P|2.5.1\r" +
        "PID|1||MRN1^^^SMC^MR~SSN9^^^SSA^SS||DOE^JANE|||||||||||||ACCT1\r" +
        "FT1|1|TX1||20250314||CG|93000^ECG^C4|||2|145.00&USD|72.50|CARD||||||||||||93000^ECG^C4|26~59\r";

    [Fact]
    public void Default_State_IsBeforeFirstSegment()
    {
        var reader = new Hl7v2Reader("MSH|^~\\&|A\r"u8);
        Assert.Equal(-1, reader.SegmentIndex);
        Assert.Equal(-1, reader.MessageIndex);
        Assert.Equal(0, reader.FieldCount);
        Assert.Equal(0, reader.SegmentNumber);
        Assert.True(reader.SegmentSpan.IsEmpty);
        Assert.Equal(default, reader.Delimiters);
        Assert.Equal(0, reader.BytesConsumed);
    }

    [Fact]
    public void Read_Msh_ShiftsFieldNumbering()
    {
        var reader = new Hl7v2Reader(Encoding.ASCII.GetBytes(Dft));
        Assert.True(reader.Read());
        Assert.True(reader.IsHeaderSegment);
        Assert.Equal("|", Ascii(reader.GetField(1)));
        Assert.Equal("^~\\&", Ascii(reader.GetField(2)));
        Assert.Equal("^~\\&", Ascii(reader.GetComponent(2, 1)));
        Assert.True(reader.GetComponent(2, 2).IsEmpty);
        Assert.Equal("SEND", Ascii(reader.GetField(3)));
        Assert.Equal("DFT", Ascii(reader.GetComponent(9, 1)));
        Assert.Equal("P03", Ascii(reader.GetComponent(9, 2)));
        Assert.Equal("2.5.1", Ascii(reader.GetField(12)));
        Assert.Equal(12, reader.FieldCount);
        Assert.Equal(3, reader.GetFieldByteOffset(1));
        Assert.Equal(4, reader.GetFieldByteOffset(2));
        Assert.Equal(9, reader.GetFieldByteOffset(3));
        Assert.Equal(0, reader.MessageIndex);
        Assert.Equal(1, reader.SegmentNumber);
        Assert.Equal(Hl7v2Delimiters.Default, reader.Delimiters);
    }

    [Fact]
    public void Read_Accessors_ReturnRepetitionsComponentsSubcomponents()
    {
        var bytes = Encoding.ASCII.GetBytes(Dft);
        var reader = new Hl7v2Reader(bytes);
        reader.Read();
        Assert.True(reader.Read());
        Assert.True(reader.SegmentIdEquals("PID"u8));
        Assert.Equal(2, reader.SegmentNumber);
        Assert.Equal(1, reader.SegmentIndex);
        Assert.Equal(2, reader.GetRepetitionCount(3));
        Assert.Equal("MRN1", Ascii(reader.GetComponent(3, 1, 1)));
        Assert.Equal("SSN9", Ascii(reader.GetComponent(3, 2, 1)));
        Assert.Equal("SSA", Ascii(reader.GetComponent(3, 2, 4)));
        Assert.True(reader.GetComponent(3, 3, 1).IsEmpty);
        Assert.Equal("DOE", Ascii(reader.GetComponent(5, 1)));
        Assert.Equal("JANE", Ascii(reader.GetComponent(5, 2)));
        Assert.Equal("ACCT1", Ascii(reader.GetField(18)));
        Assert.True(reader.GetField(40).IsEmpty);
        Assert.False(reader.TryGetField(2, out _));
        Assert.Equal(0, reader.GetRepetitionCount(2));
        Assert.Equal(reader.SegmentByteOffset + 4, reader.GetFieldByteOffset(1));
        Assert.True(reader.Read());
        Assert.Equal("145.00", Ascii(reader.GetSubcomponent(11, 1, 1, 1)));
        Assert.Equal("USD", Ascii(reader.GetSubcomponent(11, 1, 1, 2)));
        Assert.True(reader.GetSubcomponent(11, 1, 1, 3).IsEmpty);
        Assert.Equal("59", Ascii(reader.GetRepetition(26, 2)));
        var offset = reader.GetFieldByteOffset(11);
        Assert.Equal("145.00&USD", Ascii(bytes.AsSpan((int)offset, 10)));
        Assert.False(reader.Read());
        Assert.Equal(bytes.Length, reader.BytesConsumed);
    }

    [Fact]
    public void Accessors_InvalidPositions_Throw()
    {
        var reader = new Hl7v2Reader("MSH|^~\\&|A\r"u8);
        reader.Read();
        try
        {
            reader.GetField(0);
            Assert.Fail("expected");
        }
        catch (ArgumentOutOfRangeException)
        {
        }

        try
        {
            reader.GetFieldByteOffset(4);
            Assert.Fail("expected");
        }
        catch (ArgumentOutOfRangeException)
        {
        }
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Read_LineEndings_GiveSameSegments(string ending)
    {
        var text = Dft.Replace("\r", ending, StringComparison.Ordinal);
        Assert.Equal(["MSH", "PID", "FT1"], Ids(text));
    }

    [Fact]
    public void Read_CustomDelimiters_UsesMsh1AndMsh2()
    {
        var reader = new Hl7v2Reader("MSH^~|\\&^S^200M^R^200^20120918^^ADT~A24^2003^T^2.4\rPID^1^^11111~~~FOO&&0363|22~X^^SMITH~JOHN\r"u8);
        reader.Read();
        Assert.Equal(new Hl7v2Delimiters((byte)'^', (byte)'~', (byte)'|', (byte)'\\', (byte)'&'), reader.Delimiters);
        Assert.Equal("A24", Ascii(reader.GetComponent(9, 2)));
        reader.Read();
        Assert.Equal("FOO&&0363", Ascii(reader.GetComponent(3, 1, 4)));
        Assert.Equal("FOO", Ascii(reader.GetSubcomponent(3, 1, 4, 1)));
        Assert.Equal("0363", Ascii(reader.GetSubcomponent(3, 1, 4, 3)));
        Assert.Equal("22", Ascii(reader.GetComponent(3, 2, 1)));
        Assert.Equal("JOHN", Ascii(reader.GetComponent(5, 2)));
    }

    [Fact]
    public void Read_TruncationCharacter_IsFifthEncodingCharacter()
    {
        var reader = new Hl7v2Reader("MSH|^~\\&#|A\r"u8);
        reader.Read();
        Assert.Equal((byte)'#', reader.Delimiters.Truncation);
        Assert.Equal(5, reader.Delimiters.EncodingCharacterCount);
        Assert.Equal("A", Ascii(reader.GetField(3)));
    }

    [Fact]
    public void Read_BatchAndMllp_ReadsEverySegment()
    {
        var text = "FHS|^~\\&|F\rBHS|^~\\&|B\r\u000bMSH|^~\\&|A||||||ADT^A04|1|P|2.5\rPID|1\r\u001c\r\u000bMSH|^~\\&|B||||||ADT^A04|2|P|2.5\r\u001c\rBTS|2\rFTS|1\r";
        var reader = new Hl7v2Reader(Encoding.ASCII.GetBytes(text));
        var seen = new List<(string Id, int Number, int Message)>();
        while (reader.Read())
        {
            seen.Add((Ascii(reader.SegmentId), reader.SegmentNumber, reader.MessageIndex));
        }

        Assert.Equal([("FHS", 0, -1), ("BHS", 0, -1), ("MSH", 1, 0), ("PID", 2, 0), ("MSH", 1, 1), ("BTS", 0, 1), ("FTS", 0, 1)], seen);
    }

    [Theory]
    [InlineData("PID|1\r", "HL7-0001", 0, 0L)]
    [InlineData("MSH|\r", "HL7-0002", 2, 4L)]
    [InlineData("MSH", "HL7-0002", 2, 0L)]
    [InlineData("MSHA|^~\\&\r", "HL7-0001", 0, 0L)]
    [InlineData("MSH|^~\\\\&|A\r", "HL7-0003", 2, 7L)]
    [InlineData("MSH|^~\\&!?|A\r", "HL7-0003", 2, 9L)]
    [InlineData("MSH|^A\\&|A\r", "HL7-0003", 2, 5L)]
    [InlineData("MSH|^~\\&|A\rPI|1\r", "HL7-0005", 0, 11L)]
    [InlineData("MSH|^~\\&|A\rEVN|1 PID|2\rpid|3\r", "HL7-0005", 0, 23L)]
    public void Read_Unreadable_ThrowsPositionedException(string text, string code, int field, long byteOffset)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        var ex = Assert.Throws<Hl7v2ReaderException>(() =>
        {
            var reader = new Hl7v2Reader(bytes);
            while (reader.Read())
            {
            }
        });
        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal(field, ex.FieldPosition);
        Assert.Equal(byteOffset, ex.BytePosition);
        Assert.EndsWith($"| Field: {field} | Byte: {byteOffset}.", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.ToDiagnostic().IsRecoverable);
    }

    [Fact]
    public void Read_EmptyOrBlankInput_ReturnsFalse()
    {
        Assert.False(new Hl7v2Reader(""u8).Read());
        Assert.False(new Hl7v2Reader("\r\n\u000b\u001c\r"u8).Read());
    }

    [Fact]
    public void Read_SegmentTooLong_Throws()
    {
        var bytes = Encoding.ASCII.GetBytes("MSH|^~\\&|" + new string('A', 100) + "\r");
        var ex = Assert.Throws<Hl7v2ReaderException>(() =>
        {
            var reader = new Hl7v2Reader(bytes, new Hl7v2ReaderOptions { MaxSegmentLength = 50 });
            reader.Read();
        });
        Assert.Equal(Hl7v2DiagnosticCodes.SegmentTooLong, ex.ErrorCode);
        Assert.Equal("MSH", ex.SegmentId);
    }

    [Fact]
    public void Read_ManyFields_BeyondRecordedOffsets()
    {
        var fields = Enumerable.Range(1, 150).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var text = "MSH|^~\\&|A\rZZZ|" + string.Join('|', fields) + "\r";
        var reader = new Hl7v2Reader(Encoding.ASCII.GetBytes(text));
        reader.Read();
        reader.Read();
        Assert.Equal(150, reader.FieldCount);
        for (var i = 1; i <= 150; i++)
        {
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), Ascii(reader.GetField(i)));
        }
    }

    [Fact]
    public void Read_AllocatesNothing()
    {
        var bytes = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(Dft, 50)));
        Count(bytes);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var n = Count(bytes);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(150, n);
    }

    private static int Count(byte[] bytes)
    {
        var reader = new Hl7v2Reader(bytes);
        var n = 0;
        while (reader.Read())
        {
            for (var f = 1; f <= reader.FieldCount; f++)
            {
                _ = reader.GetComponent(f, 1, 1);
            }

            n++;
        }

        return n;
    }

    internal static string Ascii(ReadOnlySpan<byte> s) => Encoding.ASCII.GetString(s);

    private static List<string> Ids(string text)
    {
        var reader = new Hl7v2Reader(Encoding.ASCII.GetBytes(text));
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(Ascii(reader.SegmentId));
        }

        return ids;
    }
}
