using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using HealthFinance.Canonical.Serialization;
using HealthFinance.TestUtilities;
using Xunit;

namespace HealthFinance.Hl7v2.Tests;

public sealed class Hl7v2MappingTests
{
    private const string Head = "MSH|^~\\&|SEND|FAC|RECV|RFAC|20250314083512||DFT^P03|CTRL1|P|2.5.1\rPID|1||MRN1||DOE^JANE|||||||||||||ACCT1\rPV1|1|O|CARD^214^B^SMC|||||||||||||||OP|VIS1\r";

    internal static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    [Theory]
    [InlineData("FT1|1|||20250314||CG|X|||1|145.00|", 145.00, 0, 0, 0)]
    [InlineData("FT1|1|||20250314||CG|X|||3||12.50", 37.50, 0, 0, 0)]
    [InlineData("FT1|1|||20250314||CG|X|||||12.50", 12.50, 0, 0, 0)]
    [InlineData("FT1|1|||20250314||CG|X|||2|20.00&USD^UP|5.00&USD", 20.00, 0, 0, 0)]
    [InlineData("FT1|1|||20250314||CD|X|||1|-45.00|", 0, -45.00, 0, 0)]
    [InlineData("FT1|1|||20250314||PY|X|||1|-100.00|", 0, 0, -100.00, 0)]
    [InlineData("FT1|1|||20250314||AJ|X|||1|-10.01|", 0, 0, 0, -10.01)]
    [InlineData("FT1|1|||20250314||CG|X|||||", 0, 0, 0, 0)]
    public void Totals_Ft1AmountRules(string ft1, double charges, double credits, double payments, double adjustments)
    {
        var totals = Hl7v2ControlTotals.Compute(Bytes(Head + ft1 + "\r"));
        Assert.Equal(1, totals.Messages);
        Assert.Equal(1, totals.Transactions);
        Assert.Equal(["DFT^P03"], totals.MessageTypes);
        Assert.Equal((decimal)charges, totals.TotalCharges);
        Assert.Equal((decimal)credits, totals.TotalCredits);
        Assert.Equal((decimal)payments, totals.TotalPayments);
        Assert.Equal((decimal)adjustments, totals.TotalAdjustments);
    }

    [Fact]
    public void Totals_Json_IsTheContract()
    {
        var text = Head + "FT1|1|||20250314||CG|X|||1|145.00\rFT1|2|||20250314||CG|X|||2||0.25\rFT1|3|||20250314||CD|X|||1|10.10\r";
        var totals = Hl7v2ControlTotals.Compute(Bytes(text));
        Assert.Equal("""{"format":"hl7v2","messages":1,"messageTypes":["DFT^P03"],"transactions":3,"totalCharges":145.50,"totalCredits":10.10,"totalPayments":0,"totalAdjustments":0}""", totals.ToJson());
    }

    [Fact]
    public async Task Totals_Async_EqualsSpan()
    {
        var bytes = Bytes(string.Concat(Enumerable.Repeat(Head + "FT1|1|||20250314||CG|X|||1|1.01\r", 3000)));
        var sync = Hl7v2ControlTotals.Compute(bytes).ToJson();
        var async = await Hl7v2ControlTotals.ComputeAsync(new MemoryStream(bytes), TestContext.Current.CancellationToken);
        Assert.Equal(sync, async.ToJson());
        Assert.Equal(3000, async.Messages);
    }

    [Fact]
    public void Totals_InvalidAmount_ThrowsPositioned()
    {
        var ex = Assert.Throws<Hl7v2ReaderException>(() => Hl7v2ControlTotals.Compute(Bytes(Head + "FT1|1|||20250314||CG|X|||1|12,00\r")));
        Assert.Equal(Hl7v2DiagnosticCodes.InvalidDataType, ex.ErrorCode);
        Assert.Equal(11, ex.FieldPosition);
        Assert.Equal(3, ex.SegmentIndex);
    }

    internal static readonly string GoldenInput = Head
        + "FT1|1|TX1||20250314080000|20250315|CG|93000^ECG^C4|||2|290.00&USD|145.00&USD|CARD||||OP||||||||93000^ECG^C4|26~59\r"
        + "FT1|2|TX2||20250314||CD|J1100^DEX^HCPCS|||1|-12.75||PHARM\r"
        + "FT1|3|TX3||20250314|20250316|PY|CASH|||||50.00\r"
        + "FT1|4|TX4||20250314||AJ|WO^SMALL BALANCE|||1|5.00\r"
        + "IN1|1|PPO1|BCBS01|BLUE CROSS|||||||||||PPO\rGT1|1|GUA1|DOE^JANE\rZFT|custom\r";

    internal static string GoldenJson(Hl7v2MessageResult result) => string.Join('\n', result.Events.Select(CanonicalJson.Serialize)) + "\n";

    [Fact]
    public void Parse_Dft_GoldenJson()
    {
        var results = Hl7v2Parser.Parse(Bytes(GoldenInput), new Hl7v2ParserOptions { FileName = "dft.hl7" });
        var result = Assert.Single(results);
        Assert.Empty(result.Diagnostics);
        Assert.Equal(Hl7v2AckCode.Accept, result.AckCode);
        var json = GoldenJson(result);
        var golden = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "dft-golden.ndjson"));
        Assert.Equal(golden, json);
        Assert.Equal(4, result.Events.Count);
        var charge = Assert.IsType<ChargeCaptured>(result.Events[0]);
        Assert.Equal(2, charge.Lines.Count);
        Assert.Equal(ChargeTransactionType.Credit, charge.Lines[1].TransactionType);
        Assert.Equal(12.75m, charge.Lines[1].Amount.Amount);
        Assert.Equal(ChargeCodeSet.Hcpcs, charge.Lines[1].Code.CodeSet);
        Assert.Equal(["26", "59"], charge.Lines[0].Modifiers);
        Assert.IsType<PatientPaymentReceived>(result.Events[1]);
        Assert.IsType<AccountAdjusted>(result.Events[2]);
        Assert.IsType<AccountContextUpdated>(result.Events[3]);
        Assert.DoesNotContain("DOE", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FT1|1|||20250314||XX|X|||1|1.00\r", "HL7-0103", "FT1-6.1")]
    [InlineData("FT1|1|||||CG|X|||1|1.00\r", "HL7-0101", "FT1-4.1")]
    [InlineData("FT1|1|||2025-03-14||CG|X|||1|1.00\r", "HL7-0102", "FT1-4.1")]
    [InlineData("FT1|1|||20250314||CG|X|||1|abc\r", "HL7-0102", "FT1-11.1")]
    [InlineData("FT1|1|||20250314||CG|X|||1|\r", "HL7-0101", "FT1-11.1")]
    [InlineData("FT1|1|||20250314||CG|X|||1|1.00&EURO\r", "HL7-0102", "FT1-11.1")]
    public void Parse_BadFt1_ErrorWithPosition_NoEvents(string ft1, string code, string path)
    {
        var result = Hl7v2Parser.ParseMessage(Bytes(Head + ft1));
        Assert.Empty(result.Events);
        var d = Assert.Single(result.Diagnostics, x => x.IsError);
        Assert.Equal(code, d.Code);
        Assert.Equal(path, d.Location.Path);
        Assert.Equal(4, d.Location.SegmentPositionInTransaction);
        Assert.Equal(Hl7v2AckCode.Error, result.AckCode);
    }

    [Fact]
    public void Parse_UnsupportedVersionAndType_Reject()
    {
        var v21 = Hl7v2Parser.ParseMessage(Bytes("MSH|^~\\&|A||||||DFT^P03|1|P|2.1\r"));
        Assert.Equal("HL7-0202", Assert.Single(v21.Diagnostics).Code);
        Assert.Equal(Hl7v2AckCode.Reject, v21.AckCode);
        var oru = Hl7v2Parser.ParseMessage(Bytes("MSH|^~\\&|A||||||ORU^R01|1|P|2.5\rOBX|1\r"));
        Assert.Equal("HL7-0201", Assert.Single(oru.Diagnostics).Code);
        Assert.Empty(oru.Events);
    }

    [Fact]
    public void Parse_Adt_GivesAccountContext()
    {
        var result = Hl7v2Parser.ParseMessage(Bytes("MSH|^~\\&|A||||||ADT^A08|9|P|2.3\rPID|1||M||X|||||||||||||ACC9\rPV1|1|I|W^1^2^HOSP|||||||||||||||||VN9\rIN1|1|P1|PAYER1\rIN1|2|P2|PAYER2\r"));
        var e = Assert.IsType<AccountContextUpdated>(Assert.Single(result.Events));
        Assert.Equal("ACC9", e.Account.Value);
        Assert.Equal("HOSP", e.Facility?.Value);
        Assert.Equal(2, e.Coverages.Count);
        Assert.Equal("PAYER2", e.Coverages[1].Payer?.Value);
    }

    [Fact]
    public void Ack_Accepted_And_Rejected()
    {
        var options = new Hl7v2AcknowledgmentOptions { Timestamp = new DateTimeOffset(2025, 3, 14, 8, 0, 0, TimeSpan.Zero) };
        var good = Bytes(Head + "FT1|1|||20250314||CG|X|||1|1.00\r");
        var buffer = new ArrayBufferWriter<byte>();
        Hl7v2Acknowledgment.Write(good, Hl7v2Parser.ParseMessage(good), buffer, options);
        Assert.Equal("MSH|^~\\&|RECV|RFAC|SEND|FAC|20250314080000+0000||ACK^P03^ACK|ACKCTRL1|P|2.5.1\rMSA|AA|CTRL1\r", Encoding.ASCII.GetString(buffer.WrittenSpan));

        var bad = Bytes(Head + "FT1|1|||20250314||XX|X|||1|1.00\r");
        buffer.Clear();
        Hl7v2Acknowledgment.Write(bad, Hl7v2Parser.ParseMessage(bad), buffer, options);
        var ack = Encoding.ASCII.GetString(buffer.WrittenSpan);
        Assert.Contains("\rMSA|AE|CTRL1\r", ack, StringComparison.Ordinal);
        Assert.Contains("\rERR||FT1^4^6^1^1|103^Table value not found^HL70357|E|HL7-0103^^HL7FINDING|||", ack, StringComparison.Ordinal);

        buffer.Clear();
        var junk = Bytes("garbage");
        Hl7v2Acknowledgment.Write(junk, Hl7v2Parser.ParseMessage(junk), buffer, options);
        Assert.Contains("\rMSA|AR|\rERR||^^^^|100^Segment sequence error^HL70357|E|HL7-0001", Encoding.ASCII.GetString(buffer.WrittenSpan), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mllp_SplitAcrossChunks_ReadsEveryFrame()
    {
        var buffer = new ArrayBufferWriter<byte>();
        Hl7v2Mllp.Frame(Bytes("MSH|^~\\&|A\rPID|1\r"), buffer);
        Hl7v2Mllp.Frame(Bytes("MSH|^~\\&|B\r"), buffer);
        var framed = buffer.WrittenSpan.ToArray();
        for (var chunk = 1; chunk <= framed.Length; chunk++)
        {
            await using var reader = new Hl7v2MllpReader(new ChunkedStream(framed, chunk));
            var first = await reader.ReadMessageAsync(TestContext.Current.CancellationToken);
            Assert.Equal("MSH|^~\\&|A\rPID|1\r", Encoding.ASCII.GetString(first!.Value.Span));
            var second = await reader.ReadMessageAsync(TestContext.Current.CancellationToken);
            Assert.Equal("MSH|^~\\&|B\r", Encoding.ASCII.GetString(second!.Value.Span));
            Assert.Null(await reader.ReadMessageAsync(TestContext.Current.CancellationToken));
        }

        await using var truncated = new Hl7v2MllpReader(new MemoryStream(framed[..5]));
        var ex = await Assert.ThrowsAsync<Hl7v2ReaderException>(async () => await truncated.ReadMessageAsync(TestContext.Current.CancellationToken));
        Assert.Equal(Hl7v2DiagnosticCodes.MllpFramingError, ex.ErrorCode);

        var written = new MemoryStream();
        await using (var writer = new Hl7v2MllpWriter(written, leaveOpen: true))
        {
            await writer.WriteMessageAsync(Bytes("MSH|^~\\&|A\r"), TestContext.Current.CancellationToken);
        }

        Assert.Equal([0x0B, .. Bytes("MSH|^~\\&|A\r"), 0x1C, 0x0D], written.ToArray());
    }

    [Fact]
    public async Task ReadAsync_MllpStreamInOneByteChunks_EqualsSpanParse()
    {
        var buffer = new ArrayBufferWriter<byte>();
        for (var i = 0; i < 5; i++)
        {
            Hl7v2Mllp.Frame(Bytes(Head.Replace("CTRL1", "C" + i, StringComparison.Ordinal) + "FT1|1|||20250314||CG|X|||1|1.00\r"), buffer);
        }

        var data = buffer.WrittenSpan.ToArray();
        var expected = Hl7v2Parser.Parse(data);
        var actual = new List<Hl7v2MessageResult>();
        await foreach (var r in Hl7v2Parser.ReadAsync(new ChunkedStream(data, 1), cancellationToken: TestContext.Current.CancellationToken))
        {
            actual.Add(r);
        }

        Assert.Equal(5, actual.Count);
        Assert.Equal(expected.Select(r => (r.MessageControlId, r.ByteOffset, r.SegmentIndex, r.Events.Count)), actual.Select(r => (r.MessageControlId, r.ByteOffset, r.SegmentIndex, r.Events.Count)));
    }

    [Property(MaxTest = 300)]
    public void Escape_RoundTripsThroughWriterAndReader(byte[] value, bool truncation)
    {
        var d = truncation ? Hl7v2Delimiters.Default with { Truncation = (byte)'#' } : Hl7v2Delimiters.Default;
        var buffer = new ArrayBufferWriter<byte>();
        var w = new Hl7v2Writer(buffer, d);
        w.WriteHeader("MSH"u8);
        w.EndSegment();
        w.BeginSegment("ZZZ"u8);
        w.WriteField(value);
        w.WriteField("x"u8);
        w.EndSegment();
        var reader = new Hl7v2Reader(buffer.WrittenSpan);
        reader.Read();
        Assert.True(reader.Read());
        Assert.Equal(2, reader.FieldCount);
        var field = reader.GetField(1);
        var decoded = new byte[field.Length];
        var n = Hl7v2Escaping.Unescape(field, decoded, reader.Delimiters);
        Assert.Equal(value, decoded[..n]);
        Assert.Equal(-1, Hl7v2Escaping.FindInvalidEscape(field, reader.Delimiters));
    }

    [Theory]
    [InlineData("a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f", "a|b^c&d~e\\f")]
    [InlineData("\\X0D0A\\", "\r\n")]
    [InlineData("\\X00E0\\", "\0\u00e0")]
    [InlineData("x\\H\\bold\\N\\y\\.br\\", "x\\H\\bold\\N\\y\\.br\\")]
    [InlineData("\\E\\T\\E\\", "\\T\\")]
    [InlineData("4\\5", "4\\5")]
    [InlineData("end\\", "end\\")]
    public void Unescape_DecodesAndPassesThroughFormatting(string escaped, string expected)
    {
        var bytes = Encoding.Latin1.GetBytes(escaped);
        var buffer = new byte[bytes.Length];
        var n = Hl7v2Escaping.Unescape(bytes, buffer, Hl7v2Delimiters.Default);
        Assert.Equal(Encoding.Latin1.GetBytes(expected), buffer[..n]);
    }

    [Fact]
    public void Parse_SeededMutationsOfCorpus_NeverThrow()
    {
        if (Corpus.Root is null)
        {
            Assert.Skip("corpus absent");
        }

        var random = new Random(20250314);
        var files = Corpus.Files("hl7v2").Select(row => row.Data).ToList();
        ReadOnlySpan<byte> specials = "|^~\\&#\r\n\u000b\u001c MSHFT1 0.-"u8;
        for (var i = 0; i < 3000; i++)
        {
            var bytes = Corpus.ReadBytes(files[random.Next(files.Count)]);
            var mutations = random.Next(1, 6);
            for (var m = 0; m < mutations && bytes.Length > 0; m++)
            {
                var at = random.Next(bytes.Length);
                switch (random.Next(3))
                {
                    case 0:
                        bytes[at] = specials[random.Next(specials.Length)];
                        break;
                    case 1:
                        bytes = [.. bytes.AsSpan(0, at), .. bytes.AsSpan(Math.Min(bytes.Length, at + random.Next(1, 8)))];
                        break;
                    default:
                        bytes = [.. bytes.AsSpan(0, at), specials[random.Next(specials.Length)], .. bytes.AsSpan(at)];
                        break;
                }
            }

            _ = Hl7v2Parser.Parse(bytes);
            try
            {
                var reader = new Hl7v2Reader(bytes);
                while (reader.Read())
                {
                    for (var f = 1; f <= reader.FieldCount; f++)
                    {
                        _ = reader.GetSubcomponent(f, 2, 2, 2);
                    }
                }

                _ = Hl7v2ControlTotals.Compute(bytes);
            }
            catch (Hl7v2ReaderException)
            {
            }

            var ack = new ArrayBufferWriter<byte>();
            Hl7v2Acknowledgment.Write(bytes, Hl7v2Parser.ParseMessage(bytes), ack, new Hl7v2AcknowledgmentOptions { Timestamp = DateTimeOffset.UnixEpoch });
        }
    }

    private sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
