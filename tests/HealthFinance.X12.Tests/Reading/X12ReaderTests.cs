using System.Text;

namespace HealthFinance.X12.Tests.Reading;

public sealed class X12ReaderTests
{
    // A fixed-width ISA (106 bytes including its terminator).
    internal const string Isa = "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240101*1200*^*00501*000000001*0*P*:~";

    internal const string Simple = Isa + "GS*HP*S*R*20240101*1200*1*X*005010X221A1~ST*835*0001~CLP*PCN1*1*100.50*80**12~SE*3*0001~GE*1*1~IEA*1*000000001~";

    [Fact]
    public void Isa_FixtureIs106Bytes() => Assert.Equal(106, Isa.Length);

    [Fact]
    public void Constructor_Default_InitialState()
    {
        var reader = new X12Reader(ReadAll.Ascii(Simple));
        Assert.Equal(-1, reader.SegmentIndex);
        Assert.Equal(0, reader.SegmentByteOffset);
        Assert.Equal(0, reader.BytesConsumed);
        Assert.Equal(0, reader.ElementCount);
        Assert.True(reader.SegmentSpan.IsEmpty);
        Assert.True(reader.SegmentId.IsEmpty);
        Assert.Equal(0, reader.SkippedBytesBeforeIsa);
        Assert.Equal(default, reader.Delimiters);
        Assert.True(reader.GetElement(1).IsEmpty);
        Assert.Equal(new X12ReaderOptions(), reader.CurrentState.Options);
    }

    [Fact]
    public void Options_Default_EqualsParameterlessConstructorWithDocumentedDefaults()
    {
        X12ReaderOptions zeroed = default;
        Assert.Equal(new X12ReaderOptions(), zeroed);
        Assert.True(zeroed.SkipLineBreaksAfterTerminator);
        Assert.True(zeroed.AllowBom);
        Assert.True(zeroed.AllowTextBeforeIsa);
        Assert.Equal(1 << 20, zeroed.MaxSegmentLength);
        var changed = zeroed with { AllowBom = false, MaxSegmentLength = 200 };
        Assert.False(changed.AllowBom);
        Assert.Equal(200, changed.MaxSegmentLength);
        Assert.NotEqual(zeroed, changed);
        Assert.Throws<ArgumentOutOfRangeException>(() => zeroed with { MaxSegmentLength = 105 });
    }

    [Fact]
    public void Read_SimpleInterchange_AllSegmentsWithPositions()
    {
        var segments = ReadAll.OneShot(ReadAll.Ascii(Simple));
        Assert.Equal(["ISA", "GS", "ST", "CLP", "SE", "GE", "IEA"], segments.Select(s => s.Id));
        Assert.Equal([0L, 1, 2, 3, 4, 5, 6], segments.Select(s => s.Index));
        Assert.Equal(0, segments[0].ByteOffset);
        Assert.Equal(106, segments[1].ByteOffset);
        Assert.Equal(Simple.IndexOf("CLP", StringComparison.Ordinal), segments[3].ByteOffset);
        Assert.Equal("CLP*PCN1*1*100.50*80**12", segments[3].Text);
        Assert.Equal("[PCN1][1][100.50][80][][12]", segments[3].Elements);
        var clp = Simple.IndexOf("CLP", StringComparison.Ordinal);
        Assert.Equal($"{clp + 4},{clp + 9},{clp + 11},{clp + 18},{clp + 21},{clp + 22},", segments[3].ElementOffsets);
    }

    [Fact]
    public void Accessors_OnClpSegment_ReturnValues()
    {
        var data = ReadAll.Ascii(Isa + "CLP*PCN1*1*100.50*-80*2024-1*12*A:B:C^D:E*20240229*240301*x~");
        var reader = new X12Reader(data);
        Assert.True(reader.Read());
        Assert.Equal(16, reader.ElementCount);
        Assert.Equal(X12Delimiters.Default, reader.Delimiters);
        Assert.Equal("00", SegmentRecord.Latin1(reader.GetElement(1)));
        Assert.Equal(":", SegmentRecord.Latin1(reader.GetElement(16)));
        Assert.True(reader.Read());
        Assert.True(reader.SegmentIdEquals("CLP"u8));
        Assert.False(reader.SegmentIdEquals("CL"u8));
        Assert.Equal(10, reader.ElementCount);
        Assert.Equal(1, reader.SegmentIndex);
        Assert.Equal(106, reader.SegmentByteOffset);
        Assert.Equal(106 + 4, reader.GetElementByteOffset(1));
        Assert.Equal(100.50m, reader.GetDecimal(3));
        Assert.True(reader.TryGetDecimal(4, out var negative));
        Assert.Equal(-80m, negative);
        Assert.False(reader.TryGetDecimal(1, out _));
        Assert.False(reader.TryGetDecimal(10, out _));
        Assert.Throws<FormatException>(() => new X12Reader(data).GetDecimal(1));
        Assert.True(reader.TryGetInt32(2, out var i32));
        Assert.Equal(1, i32);
        Assert.True(reader.TryGetInt64(6, out var i64));
        Assert.Equal(12L, i64);
        Assert.False(reader.TryGetInt32(5, out _));
        Assert.False(reader.TryGetInt32(3, out _));
        Assert.Equal("A:B:C^D:E", SegmentRecord.Latin1(reader.GetElement(7)));
        Assert.Equal("A", SegmentRecord.Latin1(reader.GetComponent(7, 1)));
        Assert.Equal("C", SegmentRecord.Latin1(reader.GetComponent(7, 3)));
        Assert.True(reader.GetComponent(7, 4).IsEmpty);
        Assert.Equal("PCN1", SegmentRecord.Latin1(reader.GetComponent(1, 1)));
        Assert.True(reader.GetComponent(1, 2).IsEmpty);
        Assert.True(reader.TryGetDate(8, out var date));
        Assert.Equal(new DateOnly(2024, 2, 29), date);
        Assert.True(reader.TryGetDate(9, out var shortDate));
        Assert.Equal(new DateOnly(2024, 3, 1), shortDate);
        Assert.False(reader.TryGetDate(5, out _));
        Assert.False(reader.TryGetDate(10, out _));
        Assert.True(reader.TryGetElement(10, out var x));
        Assert.Equal("x", SegmentRecord.Latin1(x));
        Assert.False(reader.TryGetElement(11, out var missing));
        Assert.True(missing.IsEmpty);
        Assert.True(reader.GetElement(100).IsEmpty);
        Assert.Throws<ArgumentOutOfRangeException>(() => new X12Reader(data).GetElement(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new X12Reader(data).GetComponent(1, 0));
        var all = new List<string>();
        foreach (var element in reader.EnumerateElements())
        {
            all.Add(SegmentRecord.Latin1(element));
        }

        Assert.Equal(["PCN1", "1", "100.50", "-80", "2024-1", "12", "A:B:C^D:E", "20240229", "240301", "x"], all);
        Assert.False(reader.Read());
        Assert.Equal(data.Length, reader.BytesConsumed);
    }

    [Theory]
    [InlineData("20230229")]
    [InlineData("20241301")]
    [InlineData("2024010")]
    [InlineData("2024O101")]
    public void TryGetDate_Invalid_ReturnsFalse(string value)
    {
        var reader = new X12Reader(ReadAll.Ascii(Isa + "DTM*405*" + value + "~"));
        Assert.True(reader.Read());
        Assert.True(reader.Read());
        Assert.False(reader.TryGetDate(2, out var date));
        Assert.Equal(default, date);
    }

    [Fact]
    public void Read_SegmentWithoutElements_IdIsWholeSegment()
    {
        var reader = new X12Reader(ReadAll.Ascii(Isa + "LE~~X*~"));
        Assert.True(reader.Read());
        Assert.True(reader.Read());
        Assert.Equal("LE", SegmentRecord.Latin1(reader.SegmentId));
        Assert.Equal(0, reader.ElementCount);
        Assert.True(reader.Read());
        Assert.True(reader.SegmentSpan.IsEmpty);
        Assert.True(reader.Read());
        Assert.Equal(1, reader.ElementCount);
        Assert.True(reader.GetElement(1).IsEmpty);
        Assert.False(reader.Read());
    }

    [Fact]
    public void Read_UnusualDelimiters_TakenFromIsa()
    {
        var isa = Isa.Replace('*', '~').Replace("~P~:~", "~P~^_", StringComparison.Ordinal).Replace("~^~", "~U~", StringComparison.Ordinal);
        var data = ReadAll.Ascii(isa + "\nGS~A^B~C_\nIEA~1~1_\n");
        var segments = ReadAll.OneShot(data);
        Assert.Equal(new X12Delimiters((byte)'~', (byte)'^', 0, (byte)'_'), segments[0].Delimiters);
        Assert.False(segments[0].Delimiters.HasRepetition);
        Assert.Equal("GS~A^B~C", segments[1].Text);
        Assert.Equal("[A^B][C]", segments[1].Elements);
        Assert.Equal(107, segments[1].ByteOffset);
        Assert.Equal(3, segments.Count);
    }

    [Theory]
    [InlineData((byte)'|', (byte)'>', (byte)'^', (byte)'\n')]
    [InlineData((byte)'^', (byte)'>', (byte)'|', 0x1D)]
    [InlineData(0x1C, 0x1F, 0x1E, 0x1D)]
    [InlineData((byte)'*', (byte)':', (byte)'^', (byte)'\r')]
    public void Read_DelimiterChoices_RoundTripThroughIsa(byte element, byte component, byte repetition, byte segment)
    {
        var isa = Encoding.Latin1.GetBytes(Isa);
        for (var i = 0; i < isa.Length; i++)
        {
            isa[i] = isa[i] switch { (byte)'*' => element, (byte)'~' => segment, _ => isa[i] };
        }

        isa[82] = repetition;
        isa[104] = component;
        var body = new byte[] { (byte)'S', (byte)'T', element, (byte)'8', (byte)'3', (byte)'5', segment };
        var segments = ReadAll.OneShot([.. isa, .. body]);
        Assert.Equal(new X12Delimiters(element, component, repetition, segment), segments[0].Delimiters);
        Assert.Equal(2, segments.Count);
        Assert.Equal("[835]", segments[1].Elements);
    }

    [Fact]
    public void Read_BomAndLineBreaks_Skipped()
    {
        var data = ReadAll.Ascii("\u00EF\u00BB\u00BF" + Isa + "\r\nST*835*1~\nSE*1*1~\r\r\n");
        var segments = ReadAll.OneShot(data);
        Assert.Equal(["ISA", "ST", "SE"], segments.Select(s => s.Id));
        Assert.Equal([3L, 111, 121], segments.Select(s => s.ByteOffset));
        var reader = new X12Reader(data);
        while (reader.Read())
        {
        }

        Assert.Equal(0, reader.SkippedBytesBeforeIsa);
        Assert.Equal(data.Length, reader.BytesConsumed);
    }

    [Fact]
    public void Read_LineBreaksKept_AreData()
    {
        var data = ReadAll.Ascii(Isa + "\r\nST*835*1~");
        var segments = ReadAll.OneShot(data, new X12ReaderOptions { SkipLineBreaksAfterTerminator = false });
        Assert.Equal("\r\nST", segments[1].Id);
    }

    [Fact]
    public void Read_TextBeforeIsa_SkippedAndCounted()
    {
        var data = ReadAll.Ascii("From: x ISA is next\r\nISAxx\n" + Isa + "ST*835*1~");
        var reader = new X12Reader(data);
        Assert.True(reader.Read());
        Assert.Equal(27, reader.SkippedBytesBeforeIsa);
        Assert.Equal(27, reader.SegmentByteOffset);
        Assert.True(reader.SegmentIdEquals("ISA"u8));
        Assert.True(reader.Read());
        Assert.False(reader.Read());
    }

    [Fact]
    public void Read_NewlineTerminator_LinesAreSegments()
    {
        var isa = Isa[..^1] + "\n";
        var data = ReadAll.Ascii(isa + "ST*835*1\r\n\nSE*1*1");
        var segments = ReadAll.OneShot(data);
        Assert.Equal(["ISA", "ST", "SE"], segments.Select(s => s.Id));
        Assert.Equal("ST*835*1", segments[1].Text);
        Assert.Equal("SE*1*1", segments[2].Text);
        Assert.Equal((byte)'\n', segments[0].Delimiters.Segment);
    }

    [Fact]
    public void Read_TwoInterchangesWithDifferentDelimiters_EachIsaRereadsDelimiters()
    {
        var second = Isa.Replace('*', '|').Replace('~', '\u001D').Replace("|:\u001D", "|>\u001D", StringComparison.Ordinal);
        var data = ReadAll.Ascii(Isa + "\nST*835*1~IEA*1*1~\n" + second + "\r\nST|837|2\u001DIEA|1|2\u001D\r\n");
        var segments = ReadAll.OneShot(data);
        Assert.Equal(["ISA", "ST", "IEA", "ISA", "ST", "IEA"], segments.Select(s => s.Id));
        Assert.Equal(X12Delimiters.Default, segments[2].Delimiters);
        Assert.Equal(new X12Delimiters((byte)'|', (byte)'>', (byte)'^', 0x1D), segments[3].Delimiters);
        Assert.Equal("[837][2]", segments[4].Elements);
        Assert.Equal(Isa.Length + 1 + 17 + 1, segments[3].ByteOffset);
    }

    [Fact]
    public void Read_NonPaddedIsa_FallsBackToSixteenthSeparator()
    {
        var data = ReadAll.Ascii("ISA*00* *00* *30*560891234 *30*566012345*030813*1505*U*00401*000000007*1*P*:~\nTA1*1~\nIEA*1*7~\n");
        var segments = ReadAll.OneShot(data);
        Assert.Equal(["ISA", "TA1", "IEA"], segments.Select(s => s.Id));
        Assert.Equal(new X12Delimiters((byte)'*', (byte)':', 0, (byte)'~'), segments[0].Delimiters);
        Assert.Equal(16, segments[0].Elements.Count(c => c == '['));
        Assert.Equal(78, segments[1].ByteOffset);
    }

    [Fact]
    public void Read_RepetitionEqualsComponent_MeansNoRepetition()
    {
        var data = ReadAll.Ascii(Isa.Replace("*P*:~", "*P*^~", StringComparison.Ordinal));
        var segments = ReadAll.OneShot(data);
        Assert.Equal(new X12Delimiters((byte)'*', (byte)'^', 0, (byte)'~'), segments[0].Delimiters);
    }

    [Fact]
    public void Read_TrailingWhitespaceAndNul_Ignored()
    {
        var data = ReadAll.Ascii(Isa + "IEA*1*1~\n \t\0\u001A");
        Assert.Equal(2, ReadAll.OneShot(data).Count);
    }

    [Fact]
    public void Read_ManyElements_BeyondRecordedOffsetsStillExact()
    {
        var values = Enumerable.Range(1, 150).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var data = ReadAll.Ascii(Isa + "ZZZ*" + string.Join('*', values) + "~");
        var reader = new X12Reader(data);
        Assert.True(reader.Read());
        Assert.True(reader.Read());
        Assert.Equal(150, reader.ElementCount);
        for (var i = 1; i <= 150; i++)
        {
            Assert.Equal(values[i - 1], SegmentRecord.Latin1(reader.GetElement(i)));
        }

        var position = 0;
        foreach (var element in reader.EnumerateElements())
        {
            position++;
            Assert.Equal(values[position - 1], SegmentRecord.Latin1(element));
        }

        Assert.Equal(150, position);
    }

    [Fact]
    public void Read_LargeInput_AllocatesNothing()
    {
        var data = X12StreamReaderTests.Generate(20_000, 3);
        static long ReadEverything(byte[] data)
        {
            var reader = new X12Reader(data);
            long total = 0;
            while (reader.Read())
            {
                total += reader.ElementCount + reader.GetElement(1).Length + reader.GetComponent(1, 1).Length;
                foreach (var element in reader.EnumerateElements())
                {
                    total += element.Length;
                }

                total += reader.TryGetDecimal(3, out var amount) ? (long)amount : 0;
            }

            return total;
        }

        var expected = ReadEverything(data);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var actual = ReadEverything(data);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(expected, actual);
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(63, 3)]
    [InlineData(64, 3)]
    [InlineData(65, 130)]
    [InlineData(200, 2)]
    public void EnumerateElements_LongIdsAndWindows_MatchesGetElement(int idLength, int elements)
    {
        var values = Enumerable.Range(0, elements).Select(i => new string('v', i % 70)).ToArray();
        var text = new string('I', idLength) + string.Concat(values.Select(v => "*" + v));
        var reader = new X12Reader(ReadAll.Ascii(Isa + text + "~"));
        Assert.True(reader.Read());
        Assert.True(reader.Read());
        Assert.Equal(elements, reader.ElementCount);
        Assert.Equal(idLength, reader.SegmentId.Length);
        var enumerator = reader.EnumerateElements();
        Assert.Equal(0, enumerator.Position);
        for (var i = 1; i <= elements; i++)
        {
            Assert.True(enumerator.MoveNext());
            Assert.Equal(i, enumerator.Position);
            Assert.Equal(values[i - 1], SegmentRecord.Latin1(enumerator.Current));
            Assert.Equal(values[i - 1], SegmentRecord.Latin1(reader.GetElement(i)));
        }

        Assert.False(enumerator.MoveNext());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(130)]
    public void CopyElementStarts_AgreesWithGetElementByteOffset_AlsoPastTheRecordedSeparators(int elements)
    {
        var values = Enumerable.Range(0, elements).Select(i => new string('v', i % 5)).ToArray();
        var reader = new X12Reader(ReadAll.Ascii(Isa + "ZZ" + string.Concat(values.Select(v => "*" + v)) + "~"));
        Assert.True(reader.Read());
        Assert.True(reader.Read());
        Assert.Equal(elements, reader.ElementCount);
        var starts = new int[elements + 1];
        starts[elements] = -7;
        reader.CopyElementStarts(starts);
        for (var p = 1; p <= elements; p++)
        {
            Assert.Equal(reader.GetElementByteOffset(p) - reader.SegmentByteOffset, starts[p - 1]);
            var end = p < elements ? starts[p] - 1 : reader.SegmentSpan.Length;
            Assert.Equal(values[p - 1], SegmentRecord.Latin1(reader.SegmentSpan[starts[p - 1]..end]));
        }

        Assert.Equal(-7, starts[elements]);
    }

    [Fact]
    public void CopyElementStarts_ShortDestination_Throws()
    {
        var reader = new X12Reader(ReadAll.Ascii(Simple));
        Assert.True(reader.Read());
        Assert.True(reader.Read());
        var thrown = false;
        try
        {
            reader.CopyElementStarts(new int[reader.ElementCount - 1]);
        }
        catch (ArgumentException ex)
        {
            thrown = ex.ParamName == "destination";
        }

        Assert.True(thrown);
    }

    [Fact]
    public void Read_LongSegments_VectorAndScalarPathsAgree()
    {
        var random = new Random(12);
        for (var n = 0; n < 200; n++)
        {
            var sb = new StringBuilder(Isa);
            var expected = new List<string>();
            for (var s = 0; s < 5; s++)
            {
                var elements = Enumerable.Range(0, random.Next(0, 90)).Select(_ => new string('x', random.Next(0, 9))).ToArray();
                var text = "N" + s + string.Concat(elements.Select(e => "*" + e));
                expected.Add(text);
                sb.Append(text).Append('~');
            }

            var segments = ReadAll.OneShot(ReadAll.Ascii(sb.ToString()));
            Assert.Equal(expected, segments.Skip(1).Select(s => s.Text));
            foreach (var segment in segments.Skip(1))
            {
                var parts = segment.Text.Split('*');
                Assert.Equal(string.Concat(parts.Skip(1).Select(p => "[" + p + "]")), segment.Elements);
            }
        }
    }
}
