using System.Text;
using HealthFinance.TestUtilities;

namespace HealthFinance.Payments.Tests;

public sealed class PaymentFeedDetectTests
{
    [Theory]
    [InlineData(TestFeeds.Header + "\n", PaymentFeedKind.Csv)]
    [InlineData("amount,TYPE,Patient_Account\r\n", PaymentFeedKind.Csv)]
    [InlineData("\"type\", \"patient_account\" ,\"amount\"", PaymentFeedKind.Csv)]
    [InlineData("\n\r\n  type,patient_account,amount,method\n", PaymentFeedKind.Csv)]
    [InlineData("{\"transactions\":[]}", PaymentFeedKind.Json)]
    [InlineData("  {\n  \"transactions\" : [\n", PaymentFeedKind.Json)]
    [InlineData("{\"feedId\":\"F1\",\"generatedAt\":\"2024-01-01\",\"transactions\": [{\"type\":\"payment\"", PaymentFeedKind.Json)]
    [InlineData("{\"type\":\"payment\",\"patientAccount\":\"A\"}\n", PaymentFeedKind.NdJson)]
    [InlineData("{\n  \"type\": \"refund\",\n  \"patientAccount\": \"A\"", PaymentFeedKind.NdJson)]
    [InlineData("", PaymentFeedKind.None)]
    [InlineData(" \r\n\t", PaymentFeedKind.None)]
    [InlineData("type,amount\npayment,1\n", PaymentFeedKind.None)]
    [InlineData("type,patient_account\namount,x\n", PaymentFeedKind.None)]
    [InlineData("{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{\"patientAccount\":\"x\"}}]}", PaymentFeedKind.None)]
    [InlineData("{\"transactions\":[],\"resourceType\":\"Bundle\"}", PaymentFeedKind.None)]
    [InlineData("{\"type\":\"payment\"}", PaymentFeedKind.None)]
    [InlineData("[{\"patientAccount\":\"A\"}]", PaymentFeedKind.None)]
    [InlineData("ISA*00*          *00*          *ZZ*type,patient_account,amount", PaymentFeedKind.None)]
    [InlineData("MSH|^~\\&|type,patient_account,amount", PaymentFeedKind.None)]
    [InlineData("FHS|^~\\&|\rBHS|^~\\&|\r", PaymentFeedKind.None)]
    [InlineData("BHS|^~\\&|\r", PaymentFeedKind.None)]
    [InlineData("\vMSH|^~\\&|type,patient_account,amount", PaymentFeedKind.None)]
    public void Detect_Head_Kind(string head, PaymentFeedKind expected)
    {
        Assert.Equal(expected, PaymentFeedReader.Detect(Encoding.UTF8.GetBytes(head)));
        Assert.Equal(expected, PaymentFeedReader.Detect([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(head)]));
    }

    [Fact]
    public void Detect_LooksAtTheFirst512BytesOnly()
    {
        var padding = new string(' ', PaymentFeedReader.DetectionLength);
        Assert.Equal(PaymentFeedKind.None, PaymentFeedReader.Detect(Encoding.UTF8.GetBytes(padding + TestFeeds.Header)));
        var late = "{\"a\":\"" + new string('x', 600) + "\",\"patientAccount\":\"A\"}";
        Assert.Equal(PaymentFeedKind.None, PaymentFeedReader.Detect(Encoding.UTF8.GetBytes(late)));
        Assert.Single(TestFeeds.Read(late, new PaymentFeedOptions { Kind = PaymentFeedKind.NdJson }));
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Detect_CorpusX12Hl7AndFhirFiles_NeverAPaymentFeed(string relativePath)
    {
        var bytes = Corpus.ReadBytes(relativePath);
        Assert.Equal(PaymentFeedKind.None, PaymentFeedReader.Detect(bytes));

        var record = Assert.Single(PaymentFeedReader.Read(bytes));
        Assert.Equal(PaymentFeedDiagnosticCodes.NotAPaymentFeed, Assert.Single(record.Diagnostics).Code);
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Read_CorpusFilesForcedToEveryLayout_NeverThrows(string relativePath)
    {
        var bytes = Corpus.ReadBytes(relativePath);
        foreach (var kind in new[] { PaymentFeedKind.Csv, PaymentFeedKind.Json, PaymentFeedKind.NdJson })
        {
            var records = PaymentFeedReader.Read(bytes, new PaymentFeedOptions { Kind = kind });
            Assert.All(records, r => Assert.Empty(r.Events));
        }
    }

    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { "x12", "hl7v2", "fhir" })
        {
            foreach (var row in Corpus.Files(folder))
            {
                data.Add(row.Data);
            }
        }

        return data;
    }
}
