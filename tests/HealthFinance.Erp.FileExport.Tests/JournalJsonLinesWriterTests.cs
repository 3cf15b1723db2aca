using System.Buffers;
using System.Text;
using System.Text.Json;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using HealthFinance.Erp.FileExport.Tests.Support;

namespace HealthFinance.Erp.FileExport.Tests;

public sealed class JournalJsonLinesWriterTests
{
    private static string Written(JournalEntry journal, string? file = null, int first = 1)
    {
        var buffer = new ArrayBufferWriter<byte>();
        JournalJsonLinesWriter.Write(buffer, journal, file, first);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void Write_FieldsInContractOrder()
    {
        var line = Written(Samples.Interest()).Split('\n')[1];

        Assert.Equal(
            """{"journalId":"J-1a2b3c4d5e6f708192a3b4c5d6e7f801","lineNumber":2,"accountingDate":"2024-01-05","legalEntity":"E1","currency":"USD","role":"interest-income","account":"49000","debit":0,"credit":5.25,"dimensions":{"legalEntity":"E1","payer":"P1","providerAdjustmentReason":"L6"},"idempotencyKey":"X12:000000905:905:0001@ST*0001|PLB|PRV1|L6|1","source":{"file":"remit-20240105.835","format":"X12","interchangeControlNumber":"000000905","groupControlNumber":"905","transactionSetControlNumber":"0001","position":"ST*0001","eventId":"x12-835:000000905:905:0001:EFT0001"},"references":{"traceNumber":"EFT0001","providerAdjustmentReference":"PCN9 ICN9"},"ruleSetVersion":"riverbend-2024.1","memo":"PLB L6, \u0022prompt-pay\u0022 interest"}""",
            line);
    }

    [Fact]
    public async Task WriteAsync_WritesTheSameLinesAsWrite_OnePerWriteLine()
    {
        var text = new StringWriter { NewLine = "\n" };

        var count = await JournalJsonLinesWriter.WriteAsync(text, Samples.ClaimPayment(), "x.835", TestContext.Current.CancellationToken);

        Assert.Equal(6, count);
        Assert.Equal(Written(Samples.ClaimPayment(), "x.835"), text.ToString());
    }

    [Fact]
    public void Write_FileOverride_FirstLineNumber_AndNullsOfTheContract()
    {
        var journal = Samples.SecondEntity() with { RuleSetVersion = null, LegalEntity = null, SourceEventIds = [] };
        journal = journal with { Lines = journal.Lines.Select(l => l with { Dimensions = JournalDimensions.None }).ToArray() };

        var lines = Written(journal, "-", 7).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();

        Assert.Equal([7, 8], lines.Select(l => l.GetProperty("lineNumber").GetInt32()));
        Assert.All(lines, l => Assert.Equal("-", l.GetProperty("source").GetProperty("file").GetString()));
        Assert.All(lines, l => Assert.Equal(JsonValueKind.Null, l.GetProperty("legalEntity").ValueKind));
        Assert.All(lines, l => Assert.Equal(JsonValueKind.Null, l.GetProperty("ruleSetVersion").ValueKind));
        Assert.All(lines, l => Assert.Equal(JsonValueKind.Null, l.GetProperty("source").GetProperty("eventId").ValueKind));
        Assert.All(lines, l => Assert.Equal(JsonValueKind.Null, l.GetProperty("account").ValueKind));
        Assert.Equal("{}", lines[1].GetProperty("references").GetRawText());
        Assert.Equal("{}", lines[1].GetProperty("dimensions").GetRawText());
    }

    [Fact]
    public void Write_SeveralSourceEvents_AddsEventIdsAfterEventId()
    {
        var line = Written(Samples.Interest() with { SourceEventIds = ["e1", "e2"] }).Split('\n')[0];

        Assert.Contains("\"eventId\":\"e1\",\"eventIds\":[\"e1\",\"e2\"]}", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ClaimAndAccountOnDimensionsOnly_AreWrittenAsReferences()
    {
        var dims = new JournalDimensions { ClaimId = new PatientControlNumber("PCN5"), Account = new PatientAccountNumber("ACCT5") };
        var journal = Samples.Interest() with { Lines = Samples.Interest().Lines.Select(l => l with { Dimensions = dims, References = null }).ToArray() };

        var line = JsonDocument.Parse(Written(journal).Split('\n')[0]).RootElement;

        Assert.Equal("""{"claimId":"PCN5","patientAccount":"ACCT5"}""", line.GetProperty("references").GetRawText());
        Assert.Equal("{}", line.GetProperty("dimensions").GetRawText());
    }

    [Fact]
    public void WriteLine_ArgumentsAreChecked()
    {
        using var writer = new Utf8JsonWriter(new ArrayBufferWriter<byte>());
        Assert.Throws<ArgumentOutOfRangeException>(() => JournalJsonLinesWriter.WriteLine(writer, Samples.Interest(), 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => JournalJsonLinesWriter.WriteLine(writer, Samples.Interest(), -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => JournalJsonLinesWriter.WriteLine(writer, Samples.Interest(), 0, null, 0));
        Assert.Throws<ArgumentNullException>(() => JournalJsonLinesWriter.WriteLine(null!, Samples.Interest(), 0));
        Assert.Throws<ArgumentNullException>(() => JournalJsonLinesWriter.Write(null!, Samples.Interest()));
    }
}
