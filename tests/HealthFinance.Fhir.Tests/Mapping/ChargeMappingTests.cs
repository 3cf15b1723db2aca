using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Fhir.Tests.Mapping;

public sealed class ChargeMappingTests
{
    private const string Note = "\"note\":[{\"text\":\"n\"}]";

    private static FhirParseResult Charges() => FhirParser.Parse(FhirTestData.Read("charges-bundle.json"));

    [Fact]
    public void ChargeItem_MapsToChargeCaptured_WithResolvedAccountAndEncounter()
    {
        var charge = Charges().Events.OfType<ChargeCaptured>().Single(c => c.EventId == "fhir:http://example.org/fhir/ChargeItem/ci1");

        Assert.Equal("ACCT-42", charge.Account.Value);
        Assert.Equal("VISIT-5", charge.Encounter!.Value.Value);
        var line = Assert.Single(charge.Lines);
        Assert.Equal("CHG-1", line.LineId);
        Assert.Equal(new ChargeCode { CodeSet = ChargeCodeSet.Hcpcs, Code = "J1100" }, line.Code);
        Assert.Equal(3m, line.Units);
        Assert.Equal(new Money(20.00m, CurrencyCode.USD), line.Amount); // 19.995 rounded away from zero
        Assert.Equal(new DateOnly(2024, 4, 2), line.ServiceDate);
        Assert.Equal(ChargeTransactionType.Charge, line.TransactionType);
    }

    [Fact]
    public void Invoice_BillsItsChargeItems_WhichAreNotMappedTwice()
    {
        var result = Charges();

        Assert.DoesNotContain(result.Events, e => e.EventId.EndsWith("ChargeItem/ci2", StringComparison.Ordinal));
        var invoice = result.Events.OfType<ChargeCaptured>().Single(c => c.EventId == "fhir:http://example.org/fhir/Invoice/inv1");
        Assert.Equal("ACCT-42", invoice.Account.Value);
        Assert.Equal(2, invoice.Lines.Count);
        Assert.Equal(new ChargeCode { CodeSet = ChargeCodeSet.Cpt, Code = "36415" }, invoice.Lines[0].Code);
        Assert.Equal(10.00m, invoice.Lines[0].Amount.Amount); // base 12 − discount 2; informational left out
        Assert.Equal(new DateOnly(2024, 4, 2), invoice.Lines[0].ServiceDate);
        Assert.Equal(new ChargeCode { CodeSet = ChargeCodeSet.RevenueCode, Code = "0300" }, invoice.Lines[1].Code);
        Assert.Equal(30.00m, invoice.Lines[1].Amount.Amount);
        Assert.Equal(new DateOnly(2024, 4, 3), invoice.Lines[1].ServiceDate);
    }

    [Fact]
    public void ChargeItem_Negative_IsACredit()
    {
        var json = """
            {"resourceType":"ChargeItem","status":"billed","code":{"coding":[{"code":"LOCAL-1"}]},"subject":{"reference":"Patient/1"},
             "occurrenceDateTime":"2024-01-01","priceOverride":{"value":-15,"currency":"USD"},"account":[{"identifier":{"value":"A-1"}}]}
            """;

        var line = Assert.IsType<ChargeCaptured>(Assert.Single(FhirTestData.Parse(json).Events)).Lines[0];

        Assert.Equal(ChargeTransactionType.Credit, line.TransactionType);
        Assert.Equal(15m, line.Amount.Amount);
        Assert.Equal(-15m, line.SignedAmount.Amount);
        Assert.Equal(ChargeCodeSet.Local, line.Code.CodeSet);
    }

    [Theory]
    [InlineData("\"status\":\"billable\"", "\"status\":\"planned\"", FhirDiagnosticCodes.NothingToPost, "ChargeItem.status")]
    [InlineData("\"account\":[{\"identifier\":{\"value\":\"A-1\"}}]", Note, FhirDiagnosticCodes.AccountMissing, "ChargeItem.account")]
    [InlineData("\"priceOverride\":{\"value\":7,\"currency\":\"USD\"}", Note, FhirDiagnosticCodes.AmountMissing, "ChargeItem.priceOverride")]
    [InlineData("\"occurrenceDateTime\":\"2024-01-01\"", Note, FhirDiagnosticCodes.DateMissing, "ChargeItem.occurrence")]
    [InlineData("\"code\":{\"coding\":[{\"code\":\"X\"}]}", Note, FhirDiagnosticCodes.CodeMissing, "ChargeItem.code")]
    public void ChargeItem_WithoutWhatAChargeNeeds_IsReported(string from, string to, string code, string path)
    {
        var json = """
            {"resourceType":"ChargeItem","status":"billable","code":{"coding":[{"code":"X"}]},"subject":{"reference":"Patient/1"},
             "occurrenceDateTime":"2024-01-01","priceOverride":{"value":7,"currency":"USD"},"account":[{"identifier":{"value":"A-1"}}]}
            """;

        var result = FhirTestData.Parse(json.Replace(from, to, StringComparison.Ordinal));

        Assert.Empty(result.Events);
        Assert.Contains(result.Diagnostics, d => d.Code == code && d.Location.Path == path);
    }

    [Fact]
    public void Invoice_WithoutLineItems_IsReportedWithAReason()
    {
        var json = """
            {"resourceType":"Invoice","status":"issued","date":"2024-01-01","account":{"reference":"Account/a"},
             "totalNet":{"value":40,"currency":"EUR"},"totalGross":{"value":48,"currency":"EUR"}}
            """;

        var result = FhirTestData.Parse(json);

        Assert.Empty(result.Events);
        var finding = Assert.Single(result.Diagnostics);
        Assert.Equal(FhirDiagnosticCodes.AmountMissing, finding.Code);
        Assert.Equal("Invoice.lineItem", finding.Location.Path);
    }

    [Fact]
    public void Invoice_Draft_MapsToNothing()
    {
        var json = """{"resourceType":"Invoice","status":"draft","date":"2024-01-01","account":{"reference":"Account/a"}}""";

        var result = FhirTestData.Parse(json);

        Assert.Empty(result.Events);
        Assert.Equal(FhirDiagnosticCodes.NothingToPost, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Account_MapsToAccountContext_WithCoverageAndGuarantorIdsOnly()
    {
        var context = Charges().Events.OfType<AccountContextUpdated>().Single();

        Assert.Equal("ACCT-42", context.Account.Value);
        var coverage = Assert.Single(context.Coverages);
        Assert.Equal(1, coverage.Sequence);
        Assert.Equal("PAYER-12", coverage.Payer!.Value.Value);
        Assert.Equal("SUB-9", coverage.PolicyNumber);
        Assert.Equal("GRP-3", coverage.GroupNumber);
        Assert.Equal(["MRN-7"], context.Guarantors.AsImmutableArray());
    }

    [Theory]
    [InlineData("""{"resourceType":"Patient","id":"p","name":[{"family":"Doe"}],"birthDate":"1970-01-01"}""")]
    [InlineData("""{"resourceType":"Coverage","status":"active","beneficiary":{"reference":"Patient/p"},"payor":[{"reference":"Organization/o"}]}""")]
    [InlineData("""{"resourceType":"Encounter","status":"finished","class":{"code":"AMB"}}""")]
    public void ReferenceOnlyResources_MapToNoEvent(string json)
    {
        var result = FhirTestData.Parse(json);

        Assert.Empty(result.Events);
        Assert.Equal(FhirDiagnosticCodes.ReferenceOnlyResource, Assert.Single(result.Diagnostics).Code);
    }
}
