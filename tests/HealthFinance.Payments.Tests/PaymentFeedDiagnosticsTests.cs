using System.Reflection;
using System.Text;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.TestUtilities;

namespace HealthFinance.Payments.Tests;

/// <summary>Every PAY code: input, severity, exact message and exact position. In an input, § marks the expected byte offset (and is removed).</summary>
public sealed class PaymentFeedDiagnosticsTests
{
    private const string H = "type,transaction_id,patient_account,amount,method,status,posting_date,currency,reason\n";
    private const string Ok = "payment,T1,A,1.00,card,settled,2024-01-01,USD,\n";
    private const string J = """{"type":"payment","transactionId":"T1","patientAccount":"A","method":"card","status":"settled","amount":1,"postingDate":"2024-01-01"}""";

    public static TheoryData<string, string, DiagnosticSeverity, string, int, int?, string?, string> Cases() => new()
    {
        // code, input, severity, message, line, column, path, options ("kind=Json", "max=1024")
        { "PAY-0001", "§", DiagnosticSeverity.Error, "The input is empty; a payment feed has a CSV header row or JSON transactions.", 1, null, null, "" },
        { "PAY-0001", "§  \r\n\t", DiagnosticSeverity.Error, "The input is empty; a payment feed has a CSV header row or JSON transactions.", 1, null, null, "" },
        { "PAY-0001", "§id,name\n1,x\n", DiagnosticSeverity.Error, "The input is not a payment feed: its first 512 bytes hold neither a CSV header naming type, patient_account and amount, nor a JSON {\"transactions\":[...]} document or an object with patientAccount.", 1, null, null, "" },
        { "PAY-0001", "§ISA*00*          *00*          *ZZ*SENDER~", DiagnosticSeverity.Error, "The input is X12, not a payment feed.", 1, null, null, "" },
        { "PAY-0001", "§MSH|^~\\&|GW|RB|||20240101||DFT^P03|1|P|2.5\r", DiagnosticSeverity.Error, "The input is HL7 v2, not a payment feed.", 1, null, null, "" },
        { "PAY-0001", """§{"resourceType":"PaymentReconciliation","patientAccount":"x"}""", DiagnosticSeverity.Error, "The input is FHIR, not a payment feed.", 1, null, null, "" },
        { "PAY-0002", "§type,patient_account,amount,status,posting_date\npayment,A,1,settled,2024-01-01\n", DiagnosticSeverity.Error, "The header has no method column; no record is read.", 1, null, "method", "" },
        { "PAY-0003", "type,patient_account,amount,method,status,posting_date,§ Amount\n", DiagnosticSeverity.Error, "The header names the column amount more than once; no record is read.", 1, 7, "amount", "" },
        { "PAY-0004", "type,patient_account,amount,method,status,posting_date,§gateway_fee\n", DiagnosticSeverity.Information, "The column 'gateway_fee' is not part of the payment feed format and is ignored.", 1, 7, null, "" },
        { "PAY-0004", """{"transactions":[{§"fee\u0000":1,"type":"payment"}]}""", DiagnosticSeverity.Information, "The property 'fee?' is not part of the payment feed format and is ignored.", 1, null, "transactions[0]", "" },
        { "PAY-0005", J + "\n" + """{"type":"payment","patientAccount":"A",§x}""", DiagnosticSeverity.Error, "The JSON text is not well formed ('…' is an invalid start of a property name. Expected a '\"'); the record is skipped and reading resumes at the next line that starts with '{'.", 2, null, null, "" },
        { "PAY-0005", """{"transactions":[§x]}""", DiagnosticSeverity.Error, "The JSON text is not well formed ('…' is an invalid start of a value); reading stops.", 1, null, "transactions", "" },
        { "PAY-0005", "{\"transactions\":[\n" + J + "§", DiagnosticSeverity.Error, "The JSON text is not well formed (Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed); reading stops.", 2, null, "transactions", "" },
        { "PAY-0006", "§[1]", DiagnosticSeverity.Error, "The JSON document's root is not an object; a payment feed document is {\"transactions\":[...]}.", 1, null, null, "kind=Json" },
        { "PAY-0006", """{"transactions":§{"a":1}}""", DiagnosticSeverity.Error, "The transactions property holds an object; an array of transaction objects is expected.", 1, null, "transactions", "" },
        { "PAY-0006", "{\"feed\":\"x\"\n§}", DiagnosticSeverity.Error, "The JSON document has no transactions property.", 2, null, null, "kind=Json" },
        { "PAY-0007", H + Ok + "§refund,R1,A,1,card,settled,2024-01-01,USD," + new string('x', 1100) + "\n" + Ok, DiagnosticSeverity.Error, "The record is longer than 1024 bytes (MaxRecordLength); it is skipped up to the end of its line.", 3, null, null, "max=1024" },
        { "PAY-0007", J + "\n§" + J.Replace("}", ",\"note\":\"" + new string('x', 1100) + "\"}", StringComparison.Ordinal) + "\n" + J, DiagnosticSeverity.Error, "The record is longer than 1024 bytes (MaxRecordLength); it is skipped and reading resumes at the next line that starts with '{'.", 2, null, null, "max=1024" },
        { "PAY-0007", "{\"transactions\":[" + J + ",\n§" + J.Replace("}", ",\"note\":[" + string.Join(",", Enumerable.Repeat("1", 600)) + "]}", StringComparison.Ordinal) + "," + J + "]}", DiagnosticSeverity.Error, "The transaction is longer than 1024 bytes (MaxRecordLength); it is skipped.", 2, null, "transactions[1]", "max=1024" },
        { "PAY-0101", H + "payment,T1,A,1.00,ca§\"rd,settled,2024-01-01,USD,\n" + Ok, DiagnosticSeverity.Error, "A quote appears inside an unquoted field (RFC 4180: quote the whole field and double the quote); the record is read as its first line.", 2, 5, null, "" },
        { "PAY-0101", H + "payment,T1,\"A\"§B,1.00,card,settled,2024-01-01,USD,\n" + Ok, DiagnosticSeverity.Error, "Text follows the closing quote of a quoted field; the record is read as its first line.", 2, 3, null, "" },
        { "PAY-0101", H + Ok + "payment,T1,§\"A,1.00,card,settled,2024-01-01,USD,\n" + Ok, DiagnosticSeverity.Error, "A quoted field is not closed before the end of the input; the record is read as its first line.", 3, 3, null, "" },
        { "PAY-0102", H + "§payment,T1,A,1.00,card,settled,2024-01-01\n", DiagnosticSeverity.Error, "The record has 7 fields; the header has 9.", 2, null, null, "" },
        { "PAY-0103", J + "\n§\"T2\"\n", DiagnosticSeverity.Error, "The line holds a string; each transaction is a JSON object.", 2, null, null, "" },
        { "PAY-0103", "{\"transactions\":[§[" + J + "]]}", DiagnosticSeverity.Error, "The element holds an array; each transaction is a JSON object.", 1, null, "transactions[0]", "" },
        { "PAY-0104", J.Replace("\"amount\":1", "\"amount\":§true", StringComparison.Ordinal), DiagnosticSeverity.Error, "The property amount holds a boolean; a string or number is expected.", 1, null, "amount", "" },
        { "PAY-0104", "{\"transactions\":[" + J.Replace("\"method\":\"card\"", "\"method\":§{\"kind\":\"card\"}", StringComparison.Ordinal) + "]}", DiagnosticSeverity.Error, "The property method holds an object; a string or number is expected.", 1, null, "transactions[0].method", "" },
        { "PAY-0105", J.Replace("\"amount\":1", "\"amount\":1,\"amount\":§2", StringComparison.Ordinal), DiagnosticSeverity.Error, "The object has the property amount more than once.", 1, null, "amount", "" },
        { "PAY-0201", H + "payment,T1,§,1.00,card,settled,2024-01-01,USD,\n", DiagnosticSeverity.Error, "The required field patient_account is missing or empty.", 2, 3, "patient_account", "" },
        { "PAY-0201", H + "payment,T1,A,1.00,card,settled,§\"  \",USD,\n", DiagnosticSeverity.Error, "The required field posting_date is missing or empty.", 2, 7, "posting_date", "" },
        { "PAY-0201", H + "refund,§,A,1.00,card,settled,2024-01-01,USD,\n", DiagnosticSeverity.Error, "The required field transaction_id (a refund's refund id) is missing or empty.", 2, 2, "transaction_id", "" },
        { "PAY-0201", "{\"transactions\":[§" + J.Replace("\"status\":\"settled\",", "", StringComparison.Ordinal) + "]}", DiagnosticSeverity.Error, "The required field status is missing or empty.", 1, null, "transactions[0].status", "" },
        { "PAY-0201", J.Replace("\"method\":\"card\"", "\"method\":§null", StringComparison.Ordinal), DiagnosticSeverity.Error, "The required field method is missing or empty.", 1, null, "method", "" },
        { "PAY-0202", H + "§charge,T1,A,1.00,card,settled,2024-01-01,USD,\n", DiagnosticSeverity.Error, "The type is not payment or refund.", 2, 1, "type", "" },
        { "PAY-0203", H + "payment,T1,A,1.00,§bitcoin,settled,2024-01-01,USD,\n", DiagnosticSeverity.Error, "The method is not card, ach, cash, check or other.", 2, 5, "method", "" },
        { "PAY-0204", H + "payment,T1,A,1.00,card,§declined,2024-01-01,USD,\n", DiagnosticSeverity.Error, "The status is not pending, settled, failed or voided.", 2, 6, "status", "" },
        { "PAY-0205", H + "payment,T1,A,§-1.00,card,settled,2024-01-01,USD,\n", DiagnosticSeverity.Error, "The amount has a sign; amounts are positive (a refund is a record of type refund).", 2, 4, "amount", "" },
        { "PAY-0205", H + "payment,T1,A,§12.345,card,settled,2024-01-01,USD,\n", DiagnosticSeverity.Error, "The amount has more than two fraction digits.", 2, 4, "amount", "" },
        { "PAY-0205", H + "payment,T1,A,§\"1,000.00\",card,settled,2024-01-01,USD,\n", DiagnosticSeverity.Error, "The amount is not a decimal number: digits with an optional '.' and one or two fraction digits (no thousands separator, exponent or currency sign).", 2, 4, "amount", "" },
        { "PAY-0205", H + "payment,T1,A,§99999999999999999999999999999.99,card,settled,2024-01-01,USD,\n", DiagnosticSeverity.Error, "The amount is too large.", 2, 4, "amount", "" },
        { "PAY-0205", J.Replace("\"amount\":1", "\"amount\":§1e2", StringComparison.Ordinal), DiagnosticSeverity.Error, "The amount is not a decimal number: digits with an optional '.' and one or two fraction digits (no thousands separator, exponent or currency sign).", 1, null, "amount", "" },
        { "PAY-0206", H + "payment,T1,A,§0.00,card,settled,2024-01-01,USD,\n", DiagnosticSeverity.Warning, "The amount is zero; the record moves no money and yields no event.", 2, 4, "amount", "" },
        { "PAY-0207", H + "payment,T1,A,1.00,card,settled,2024-01-01,§U$D,\n", DiagnosticSeverity.Error, "The currency is not an ISO 4217 alphabetic code (three letters).", 2, 8, "currency", "" },
        { "PAY-0208", H + "payment,T1,A,1.00,card,settled,§2024-02-30,USD,\n", DiagnosticSeverity.Error, "The posting_date is not a calendar date written yyyy-MM-dd.", 2, 7, "posting_date", "" },
        { "PAY-0208", J.Replace("\"2024-01-01\"", "§\"01/05/2024\"", StringComparison.Ordinal), DiagnosticSeverity.Error, "The postingDate is not a calendar date written yyyy-MM-dd.", 1, null, "postingDate", "" },
        { "PAY-0209", H + "payment,T1,§\"A\tB\",1.00,card,settled,2024-01-01,USD,\n", DiagnosticSeverity.Error, "The patient_account is not usable: it is longer than 256 characters, has control characters, or is not valid UTF-8.", 2, 3, "patient_account", "" },
        { "PAY-0209", H + "payment,§" + new string('9', 257) + ",A,1.00,card,settled,2024-01-01,USD,\n", DiagnosticSeverity.Error, "The transaction_id is not usable: it is longer than 256 characters, has control characters, or is not valid UTF-8.", 2, 2, "transaction_id", "" },
        { "PAY-0209", H + "refund,R1,A,1.00,card,settled,2024-01-01,USD,§" + new string('r', 1025) + "\n", DiagnosticSeverity.Error, "The reason is not usable: it is longer than 1024 characters, has control characters, or is not valid UTF-8.", 2, 9, "reason", "" },
        { "PAY-0210", H + "payment,T1,A,1.00,card,settled,2024-01-01,USD,§late fee\n", DiagnosticSeverity.Information, "The field reason does not apply to a payment and is ignored.", 2, 9, "reason", "" },
        { "PAY-0301", H + "§refund,R1,A,1.00,card,failed,2024-01-01,USD,\n", DiagnosticSeverity.Information, "The refund is failed; it moves no money and yields no event.", 2, null, null, "" },
        { "PAY-0302", H + Ok + "payment,§T1,A,1.00,card,settled,2024-01-01,USD,\n", DiagnosticSeverity.Warning, "The record has the same transaction id and status as the record at line 2, with the same content. Both carry the same event id; downstream idempotency keeps one.", 3, 2, "transaction_id", "" },
        { "PAY-0302", "{\"transactions\":[" + J + "," + J.Replace("\"T1\"", "§\"T1\"", StringComparison.Ordinal).Replace("\"amount\":1", "\"amount\":2", StringComparison.Ordinal) + "]}", DiagnosticSeverity.Warning, "The record has the same transaction id and status as the record at transactions[0], with different content. Both carry the same event id; downstream idempotency keeps one.", 1, null, "transactions[1].transactionId", "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Read_BadInput_PositionedFinding(string code, string input, DiagnosticSeverity severity, string message, int line, int? column, string? path, string options)
    {
        var marker = input.IndexOf('§', StringComparison.Ordinal);
        Assert.True(marker >= 0, "The input has no § marker.");
        var bytes = Encoding.UTF8.GetBytes(input.Remove(marker, 1));
        var offset = Encoding.UTF8.GetByteCount(input.AsSpan(0, marker));
        var o = new PaymentFeedOptions
        {
            Kind = options.Contains("kind=Json", StringComparison.Ordinal) ? PaymentFeedKind.Json : PaymentFeedKind.None,
            MaxRecordLength = options.Contains("max=1024", StringComparison.Ordinal) ? 1024 : 64 * 1024,
        };

        foreach (var records in new[] { PaymentFeedReader.Read(bytes, o), ReadInChunks(bytes, o) })
        {
            var d = Assert.Single(records.SelectMany(r => r.Diagnostics), x => x.Code == code);
            Assert.Equal(severity, d.Severity);
            Assert.Equal(message, d.Message);
            Assert.Equal(new SourceLocation { Path = path, LineNumber = line, ElementPosition = column, ByteOffset = offset }, d.Location);
            var owner = records.Single(r => r.Diagnostics.Contains(d));
            if (d.IsError)
            {
                Assert.True(owner.HasErrors);
                Assert.Empty(owner.Events);
            }
        }
    }

    [Fact]
    public void Cases_CoverEveryCode_ExceptTheUnreachableSafetyNet()
    {
        var covered = Cases().Select(row => row.Data.Item1).ToHashSet();
        var all = AllCodes();

        Assert.Equal(all.Where(c => c != PaymentFeedDiagnosticCodes.MappingFailed).Order(), covered.Order());
    }

    [Fact]
    public void DiagnosticsDoc_ListsEveryCode()
    {
        var doc = File.ReadAllText(Path.Combine(Corpus.RepositoryRoot, "docs", "diagnostics.md"));
        foreach (var code in AllCodes())
        {
            Assert.Contains("| " + code + " |", doc);
        }
    }

    [Fact]
    public void Read_ErrorsInEveryField_AllReportedOnTheRecord()
    {
        var record = TestFeeds.Single(H + "gift,,\"A\u0001\",-1,coins,lost,tomorrow,DOLLARS,\n");

        Assert.Equal(
            ["PAY-0202", "PAY-0209", "PAY-0203", "PAY-0204", "PAY-0205", "PAY-0207", "PAY-0208"],
            record.Diagnostics.Select(d => d.Code));
        Assert.Empty(record.Events);
        Assert.Null(record.TransactionType);
    }

    [Fact]
    public void Read_InvalidUtf8_NotUsableNotReplaced()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes(H + "payment,T1,A"), 0xC3, 0x28, .. Encoding.UTF8.GetBytes(",1.00,card,settled,2024-01-01,USD,\n")];
        var record = Assert.Single(PaymentFeedReader.Read(bytes));

        Assert.Equal(PaymentFeedDiagnosticCodes.InvalidText, Assert.Single(record.Diagnostics).Code);
        Assert.Empty(record.Events);

        byte[] json = [.. Encoding.UTF8.GetBytes("{\"type\":\"payment\",\"patientAccount\":\"A"), 0xFF, .. Encoding.UTF8.GetBytes("\",\"method\":\"card\",\"status\":\"settled\",\"amount\":1,\"postingDate\":\"2024-01-01\"}")];
        Assert.Equal(PaymentFeedDiagnosticCodes.InvalidText, Assert.Single(Assert.Single(PaymentFeedReader.Read(json)).Diagnostics).Code);
    }

    [Fact]
    public void Read_UnreadableHeader_StopsAfterOneUnit()
    {
        var records = TestFeeds.Read("type,patient_account,amount,\"method\nstatus,posting_date\npayment,A,1,card,settled,2024-01-01\n");
        var unit = Assert.Single(records);
        Assert.False(unit.IsTransaction);
        Assert.Equal(PaymentFeedDiagnosticCodes.MalformedCsvQuoting, Assert.Single(unit.Diagnostics).Code);
    }

    [Fact]
    public void Read_FeedWithoutHeaderForcedToCsv_DataRowNamesNotRepeated()
    {
        var records = TestFeeds.Read("payment,T1,ACCT-77120,1.00,card,settled,2024-01-01\n", new PaymentFeedOptions { Kind = PaymentFeedKind.Csv });

        var unit = Assert.Single(records);
        Assert.All(unit.Diagnostics, d => Assert.Equal(PaymentFeedDiagnosticCodes.MissingColumn, d.Code));
        Assert.DoesNotContain(unit.Diagnostics, d => d.Message.Contains("ACCT-77120", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_QuotedFieldOpenPastMaxRecordLength_FirstLineFailsAndReadingResumes()
    {
        var text = H + "payment,T1,\"A,1.00,card,settled,2024-01-01,USD,\n" + string.Concat(Enumerable.Repeat(Ok, 40));
        var records = TestFeeds.Read(text, new PaymentFeedOptions { MaxRecordLength = 1024 });

        Assert.Equal(41, records.Count);
        Assert.Equal(
            "PAY-0101 error: A quoted field is not closed within 1024 bytes (MaxRecordLength); the record is read as its first line. Element: 3 | Line: 2 | Byte: " + (H.Length + 11) + ".",
            Assert.Single(records[0].Diagnostics).ToString());
        Assert.All(records.Skip(1), r => Assert.Single(r.Events));
    }

    [Fact]
    public void Read_JsonTokenLongerThanMaxRecordLength_StopsWithOneFinding()
    {
        var text = "{\"note\":\"" + new string('x', 3000) + "\",\"transactions\":[" + J + "]}";
        var records = TestFeeds.Read(text, new PaymentFeedOptions { Kind = PaymentFeedKind.Json, MaxRecordLength = 1024 });

        var unit = Assert.Single(records);
        Assert.Equal("The transaction is longer than 1024 bytes (MaxRecordLength); a JSON token longer than that cannot be stepped over, so reading stops.", Assert.Single(unit.Diagnostics).Message);
    }

    private static string[] AllCodes() =>
        typeof(PaymentFeedDiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static IReadOnlyList<PaymentFeedRecord> ReadInChunks(byte[] bytes, PaymentFeedOptions options) =>
        TestFeeds.ReadChunkedAsync(bytes, 7, options).GetAwaiter().GetResult();
}
