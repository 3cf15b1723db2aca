using System.Text;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Payments.Tests;

public sealed class PaymentFeedReaderJsonTests
{
    private const string PaymentObject =
        "{\"type\":\"payment\",\"transactionId\":\"T-1001\",\"patientAccount\":\"ACCT-1\",\"encounter\":\"ENC-1\",\"invoice\":\"INV-1\",\"method\":\"card\",\"status\":\"settled\",\"amount\":125.50,\"currency\":\"USD\",\"location\":\"FAC-1\",\"postingDate\":\"2024-03-05\",\"settlementBatch\":\"B-77\",\"legalEntity\":\"LE-1\"}";

    private const string RefundObject =
        "{\"type\":\"refund\",\"transactionId\":\"R-2001\",\"originalTransactionId\":\"T-1001\",\"patientAccount\":\"ACCT-1\",\"method\":\"card\",\"status\":\"settled\",\"amount\":\"20.00\",\"currency\":\"USD\",\"postingDate\":\"2024-03-06\",\"legalEntity\":\"LE-1\",\"reason\":\"overpayment\"}";

    [Fact]
    public void Read_Document_SameEventsAsCsv()
    {
        var csv = TestFeeds.Read(TestFeeds.Csv(TestFeeds.Payment, TestFeeds.Refund)).SelectMany(r => r.Events).ToList();
        var json = TestFeeds.Read("{\"transactions\":[" + PaymentObject + "," + RefundObject + "]}");

        Assert.All(json, r => Assert.Empty(r.Diagnostics));
        Assert.Equal(["transactions[0]", "transactions[1]"], json.Select(r => r.Position));
        Assert.Equal([0L, 1L], json.Select(r => r.RecordIndex));
        Assert.All(json, r => Assert.Equal(PaymentFeedKind.Json, r.Kind));
        var events = json.SelectMany(r => r.Events).ToList();
        Assert.Equal(csv.Select(e => e with { Source = e.Source with { Position = null } }), events.Select(e => e with { Source = e.Source with { Position = null } }));
        Assert.Equal("transactions[1]", events[1].Source.Position);
    }

    [Fact]
    public void Read_NdJson_SameEventsAsCsv()
    {
        var csv = TestFeeds.Read(TestFeeds.Csv(TestFeeds.Payment, TestFeeds.Refund)).SelectMany(r => r.Events).ToList();
        var json = TestFeeds.Read(PaymentObject + "\r\n\r\n" + RefundObject);

        Assert.All(json, r => Assert.Empty(r.Diagnostics));
        Assert.Equal(["line 1", "line 3"], json.Select(r => r.Position));
        Assert.All(json, r => Assert.Equal(PaymentFeedKind.NdJson, r.Kind));
        Assert.Equal(csv.Select(e => e with { Source = e.Source with { Position = null } }), json.SelectMany(r => r.Events).Select(e => e with { Source = e.Source with { Position = null } }));
    }

    [Fact]
    public void Read_DocumentPositions_LineAndByteOfEachObject()
    {
        var text = "\uFEFF{\n  \"feed\": {\"id\": [1, {\"x\": null}]},\n  \"transactions\": [\n    " + PaymentObject + ",\n    " + RefundObject + "\n  ],\n  \"count\": 2\n}\n";
        var bytes = Encoding.UTF8.GetBytes(text);
        var records = TestFeeds.Read(bytes);

        Assert.Equal(2, records.Count);
        Assert.Equal([4, 5], records.Select(r => r.LineNumber));
        Assert.Equal(IndexOf(bytes, PaymentObject), records[0].ByteOffset);
        Assert.Equal(IndexOf(bytes, RefundObject), records[1].ByteOffset);
        Assert.Equal(PaymentObject, Encoding.UTF8.GetString(records[0].RawBytes.Span));
        Assert.Equal(RefundObject, Encoding.UTF8.GetString(records[1].RawBytes.Span));
    }

    [Fact]
    public void Read_AmountAsNumberOrString_ExactDecimal()
    {
        foreach (var amount in new[] { "12.50", "\"12.50\"", "\" 12.50 \"" })
        {
            var p = TestFeeds.SingleEvent<PatientPaymentReceived>("{\"transactions\":[{\"type\":\"payment\",\"patientAccount\":\"A\",\"method\":\"cash\",\"status\":\"settled\",\"amount\":" + amount + ",\"postingDate\":\"2024-01-01\"}]}");
            Assert.Equal("12.50", p.Amount.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Read_NumbersForIdsAndNullForOptionalValues_Accepted()
    {
        var p = TestFeeds.SingleEvent<PatientPaymentReceived>("{\"type\":\"payment\",\"transactionId\":778812,\"patientAccount\":40012,\"invoice\":null,\"encounter\":null,\"currency\":null,\"method\":\"card\",\"status\":\"settled\",\"amount\":1,\"postingDate\":\"2024-01-01\"}");

        Assert.Equal("pay:778812:settled", p.EventId);
        Assert.Equal(new PatientAccountNumber("40012"), p.Account);
        Assert.Null(p.Invoice);
        Assert.Equal(CurrencyCode.USD, p.Amount.Currency);
    }

    [Fact]
    public void Read_EscapedStringsAndPropertyNames_Unescaped()
    {
        // Detection looks for the literal "patientAccount", so the layout is stated.
        var p = TestFeeds.SingleEvent<PatientPaymentReceived>(
            "{\"type\":\"payment\",\"patient\\u0041ccount\":\"A\\\"1\",\"method\":\"\\u0063ard\",\"status\":\"settled\",\"amount\":1,\"postingDate\":\"2024-01-01\",\"location\":\"Caf\\u00e9\"}",
            new PaymentFeedOptions { Kind = PaymentFeedKind.NdJson });

        Assert.Equal(new PatientAccountNumber("A\"1"), p.Account);
        Assert.Equal(TenderType.Card, p.Method);
        Assert.Equal("Café", p.Location);
    }

    [Fact]
    public void Read_UnknownProperty_ReportedOncePerFeed()
    {
        var records = TestFeeds.Read("{\"transactions\":[" + PaymentObject.Replace("{", "{\"gatewayFee\":0.3,\"meta\":{\"a\":[1]},", StringComparison.Ordinal) + "," + RefundObject.Replace("{", "{\"gatewayFee\":0.1,", StringComparison.Ordinal) + "]}");

        Assert.All(records, r => Assert.Single(r.Events));
        Assert.Collection(
            records[0].Diagnostics,
            d => Assert.Equal("PAY-0004 info: The property 'gatewayFee' is not part of the payment feed format and is ignored. transactions[0] | Line: 1 | Byte: 18.", d.ToString()),
            d => Assert.Equal("PAY-0004 info: The property 'meta' is not part of the payment feed format and is ignored. transactions[0] | Line: 1 | Byte: 35.", d.ToString()));
        Assert.Empty(records[1].Diagnostics);
    }

    [Fact]
    public void Read_DocumentElementsThatAreNotObjects_FailedRecordsAndReadingGoesOn()
    {
        var records = TestFeeds.Read("{\"transactions\":[5,\"x\",[1,[2]],null,true," + PaymentObject + "]}");

        Assert.Equal(6, records.Count);
        Assert.Equal(
            ["a number", "a string", "an array", "null", "a boolean"],
            records.Take(5).Select(r => Assert.Single(r.Diagnostics).Message["The element holds ".Length..^"; each transaction is a JSON object.".Length]));
        Assert.All(records.Take(5), r => Assert.Equal(PaymentFeedDiagnosticCodes.RecordNotAnObject, r.Diagnostics[0].Code));
        Assert.Equal("[1,[2]]", Encoding.UTF8.GetString(records[2].RawBytes.Span));
        Assert.Single(records[5].Events);
        Assert.Equal(5, records[5].RecordIndex);
    }

    [Fact]
    public void Read_EmptyTransactions_NoRecords()
    {
        Assert.Empty(TestFeeds.Read("{\"transactions\":[]}"));
        Assert.Empty(TestFeeds.Read("{\"transactions\":[ ] , \"more\": {}}\r\n"));
    }

    [Fact]
    public void Read_PrettyPrintedNdJson_ContinuationLinesBelongToTheRecord()
    {
        var pretty = "{\n  \"type\": \"payment\",\n  \"transactionId\": \"T9\",\n  \"patientAccount\": \"A\",\n  \"method\": \"card\",\n  \"status\": \"settled\",\n  \"amount\": 3,\n  \"postingDate\": \"2024-01-01\"\n}";
        var records = TestFeeds.Read(pretty + "\n" + PaymentObject + "\n" + pretty.Replace("T9", "T10", StringComparison.Ordinal) + "\n");

        Assert.Equal([1, 10, 11], records.Select(r => r.LineNumber));
        Assert.All(records, r => Assert.Single(r.Events));
        Assert.Equal(pretty, Encoding.UTF8.GetString(records[0].RawBytes.Span));
    }

    [Fact]
    public void Read_DocumentElementRawBytesReplayed_SameEvent()
    {
        var document = "{\"transactions\": [\n  {\n    \"type\": \"payment\", \"transactionId\": \"T1\",\n    \"patientAccount\": \"A\", \"method\": \"card\", \"status\": \"settled\",\n    \"amount\": 3, \"postingDate\": \"2024-01-01\"\n  },\n  " + RefundObject + "\n]}";
        foreach (var record in TestFeeds.Read(document))
        {
            var replay = Assert.Single(PaymentFeedReader.Read(record.RawBytes.Span));
            Assert.Equal(PaymentFeedKind.NdJson, replay.Kind);
            var original = Assert.Single(record.Events);
            Assert.Equal(original with { Source = original.Source with { Position = "line 1" } }, Assert.Single(replay.Events));
        }
    }

    [Fact]
    public void Read_NdJsonBrokenLines_OneFailedRecordEachAndReadingResumes()
    {
        var text = PaymentObject + "\n"
            + "{\"type\":\"payment\",\"amount\":\n"                // incomplete: the next line starts a record
            + RefundObject + "\n"
            + "{\"type\":\"payment\" \"amount\":1}\n"              // syntax error
            + "  \"orphan\": 1,\n"                                 // skipped while resynchronising
            + "}\n"
            + PaymentObject.Replace("T-1001", "T-1002", StringComparison.Ordinal) + "\n"
            + "[1]\n"
            + PaymentObject.Replace("T-1001", "T-1003", StringComparison.Ordinal);
        var records = TestFeeds.Read(text);

        Assert.Equal(["line 1", "line 2", "line 3", "line 4", "line 7", "line 8", "line 9"], records.Select(r => r.Position));
        Assert.Equal([0L, 1, 2, 3, 4, 5, 6], records.Select(r => r.RecordIndex));
        Assert.Equal([1, 0, 1, 0, 1, 0, 1], records.Select(r => r.Events.Count));
        Assert.Equal(
            "PAY-0005 error: The JSON text is not well formed (the object is not complete before the next line starts a new record); the record is skipped. Line: 2 | Byte: "
                + (text.IndexOf(RefundObject, StringComparison.Ordinal) - 1) + ".",
            Assert.Single(records[1].Diagnostics).ToString());
        var syntax = Assert.Single(records[3].Diagnostics);
        Assert.Equal(PaymentFeedDiagnosticCodes.MalformedJson, syntax.Code);
        Assert.Equal("The JSON text is not well formed ('\"' is invalid after a value. Expected either ',', '}', or ']'); the record is skipped and reading resumes at the next line that starts with '{'.", syntax.Message);
        Assert.Equal(new SourceLocation { LineNumber = 4, ByteOffset = text.IndexOf("\"type\":\"payment\" \"amount\"", StringComparison.Ordinal) + 17 }, syntax.Location);
        Assert.Equal("{\"type\":\"payment\" \"amount\":1}\n", Encoding.UTF8.GetString(records[3].RawBytes.Span));
        Assert.Equal(PaymentFeedDiagnosticCodes.RecordNotAnObject, Assert.Single(records[5].Diagnostics).Code);
    }

    [Fact]
    public void Read_DocumentSyntaxError_ReportedOnceAndReadingStops()
    {
        var text = "{\"transactions\":[\n" + PaymentObject + ",\n{\"type\":\"payment\",\n \"amount\": 1x},\n" + RefundObject + "\n]}";
        var records = TestFeeds.Read(text);

        Assert.Equal(2, records.Count);
        Assert.Single(records[0].Events);
        var failed = records[1];
        Assert.Equal("transactions[1]", failed.Position);
        Assert.Equal(3, failed.LineNumber);
        Assert.Empty(failed.Events);
        var d = Assert.Single(failed.Diagnostics);
        Assert.Equal(PaymentFeedDiagnosticCodes.MalformedJson, d.Code);
        Assert.False(d.IsRecoverable);
        Assert.EndsWith("; reading stops.", d.Message);
        Assert.Equal(new SourceLocation { Path = "transactions[1]", LineNumber = 4, ByteOffset = text.IndexOf("1x", StringComparison.Ordinal) + 1 }, d.Location);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(13)]
    [InlineData(100)]
    public async Task ReadAsync_DocumentAnyChunkSize_SameAsReadingAtOnce(int chunk)
    {
        var data = Encoding.UTF8.GetBytes("\uFEFF {\"meta\":{\"a\":[1,2,{\"b\":\"c\"}]},\r\n\"transactions\":[\r\n" + PaymentObject + ",\r\n7,\r\n{\"type\":\"refund\"},\r\n" + RefundObject + "\r\n],\"tail\":[]}\r\n");
        var expected = PaymentFeedReader.Read(data).Select(TestFeeds.Describe).ToList();

        Assert.Equal(expected, (await TestFeeds.ReadChunkedAsync(data, chunk)).Select(TestFeeds.Describe));
        Assert.Equal(4, expected.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(100)]
    public async Task ReadAsync_DocumentSyntaxErrorAnyChunkSize_SamePosition(int chunk)
    {
        var data = Encoding.UTF8.GetBytes("{\"transactions\":[\n" + PaymentObject + ",\n  {\"a\":\n   1,\n    2}]}");
        var expected = PaymentFeedReader.Read(data).Select(TestFeeds.Describe).ToList();

        Assert.Equal(expected, (await TestFeeds.ReadChunkedAsync(data, chunk)).Select(TestFeeds.Describe));
        Assert.Contains("Line: 5 | Byte: " + (data.Length - 4), expected[^1]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(29)]
    public async Task ReadAsync_NdJsonAnyChunkSize_SameAsReadingAtOnce(int chunk)
    {
        var data = Encoding.UTF8.GetBytes(PaymentObject + "\r\n{\"type\":\r\n \"refund\"}\r\n{bad\r\n xx\r\n" + RefundObject + " " + RefundObject + "\n\n5");
        var expected = PaymentFeedReader.Read(data).Select(TestFeeds.Describe).ToList();

        Assert.Equal(expected, (await TestFeeds.ReadChunkedAsync(data, chunk)).Select(TestFeeds.Describe));
        Assert.Equal(6, expected.Count);
    }

    private static int IndexOf(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle));
}
