using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;
using Hl7.Fhir.Model;

namespace HealthFinance.Fhir.Tests;

public sealed class FhirParserTests
{
    private const string ChargeItem = """
        {"resourceType":"ChargeItem","id":"ci","status":"billable","code":{"coding":[{"code":"X1"}]},"subject":{"reference":"Patient/1"},
         "occurrenceDateTime":"2024-01-01","priceOverride":{"value":7,"currency":"USD"},"account":[{"identifier":{"value":"A-1"}}]}
        """;

    private static readonly FhirParserOptions Strict = new() { Mode = FhirDeserializationMode.Strict };

    [Fact]
    public void Options_Default_IsRecoverableUsd()
    {
        Assert.Equal(FhirDeserializationMode.Recoverable, FhirParserOptions.Default.Mode);
        Assert.Equal(CurrencyCode.USD, FhirParserOptions.Default.DefaultCurrency);
        Assert.Null(FhirParserOptions.Default.FileName);
    }

    [Fact]
    public void UnknownElement_Recoverable_WarnsWithPosition_AndMaps()
    {
        var json = ChargeItem.Replace("\"id\":\"ci\",", "\"id\":\"ci\",\"bogus\":1,", StringComparison.Ordinal);

        var result = FhirTestData.Parse(json);

        Assert.Single(result.Events);
        var finding = Assert.Single(result.Diagnostics);
        Assert.Equal(FhirDiagnosticCodes.SdkIssue, finding.Code);
        Assert.Equal(DiagnosticSeverity.Warning, finding.Severity);
        Assert.True(finding.IsRecoverable);
        Assert.Contains("PVAL128", finding.Message, StringComparison.Ordinal);
        Assert.Equal("ChargeItem.bogus", finding.Location.Path);
        Assert.Equal(1, finding.Location.LineNumber);
        Assert.Equal(FhirTestData.Utf8(json).AsSpan().IndexOf("1,\"status\""u8), (int)finding.Location.ByteOffset!.Value);
    }

    [Fact]
    public void UnknownElement_Strict_IsAnError_AndMapsNothing()
    {
        var json = ChargeItem.Replace("\"id\":\"ci\",", "\"id\":\"ci\",\"bogus\":1,", StringComparison.Ordinal);

        var result = FhirTestData.Parse(json, Strict);

        Assert.Empty(result.Events);
        var finding = Assert.Single(result.Diagnostics);
        Assert.Equal(FhirDiagnosticCodes.SdkIssue, finding.Code);
        Assert.True(finding.IsError);
        Assert.False(finding.IsRecoverable);
        Assert.NotNull(result.Resource);
    }

    [Fact]
    public void InvalidCode_Recoverable_KeepsTheDataAndMaps_StrictRejects()
    {
        var json = FhirTestData.Eob(FhirTestData.Item(1, 100m, FhirTestData.Adjudication("benefit", 80m)), FhirTestData.Adjudication("submitted", 100m))
            .Replace("\"use\":\"claim\"", "\"use\":\"settlement\"", StringComparison.Ordinal);

        var recoverable = FhirTestData.Parse(json);
        var strict = FhirTestData.Parse(json, Strict);

        Assert.Single(recoverable.Events);
        var finding = Assert.Single(recoverable.Diagnostics, d => d.Code == FhirDiagnosticCodes.SdkIssue);
        Assert.Contains("PVAL116", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("settlement", finding.Message, StringComparison.Ordinal);
        Assert.Equal("ExplanationOfBenefit.use", finding.Location.Path);
        Assert.Empty(strict.Events);
        Assert.True(strict.HasErrors);
    }

    [Fact]
    public void InvalidCurrencyCodeValue_Recoverable_IsReportedByTheSdkAndTheMapping()
    {
        var json = ChargeItem.Replace("\"currency\":\"USD\"", "\"currency\":\"usd\"", StringComparison.Ordinal);

        var result = FhirTestData.Parse(json);

        Assert.Empty(result.Events);
        Assert.Contains(result.Diagnostics, d => d.Code == FhirDiagnosticCodes.SdkIssue && d.Severity == DiagnosticSeverity.Warning && d.Location.Path == "ChargeItem.priceOverride.currency");
        Assert.Contains(result.Diagnostics, d => d.Code == FhirDiagnosticCodes.InvalidCurrency && d.IsError);
    }

    [Fact]
    public void MissingCurrency_UsesTheDefault_WithAWarning()
    {
        var json = ChargeItem.Replace(",\"currency\":\"USD\"", string.Empty, StringComparison.Ordinal);

        var result = FhirTestData.Parse(json, new FhirParserOptions { DefaultCurrency = CurrencyCode.CAD });

        var charge = Assert.IsType<ChargeCaptured>(Assert.Single(result.Events));
        Assert.Equal(CurrencyCode.CAD, charge.Currency);
        Assert.Equal(FhirDiagnosticCodes.CurrencyDefaulted, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void MixedCurrencies_InOneResource_AreAnError()
    {
        var json = FhirTestData.Eob(FhirTestData.Item(1, 100m, FhirTestData.Adjudication("benefit", 80m)), FhirTestData.Adjudication("submitted", 100m))
            .Replace("\"payment\":{\"date\":\"2024-01-06\",\"amount\":{\"value\":80,\"currency\":\"USD\"}}", "\"payment\":{\"date\":\"2024-01-06\",\"amount\":{\"value\":80,\"currency\":\"EUR\"}}", StringComparison.Ordinal);

        var result = FhirTestData.Parse(json);

        Assert.Empty(result.Events);
        Assert.Contains(result.Diagnostics, d => d.Code == FhirDiagnosticCodes.CurrencyMismatch && d.Location.Path == "ExplanationOfBenefit.payment.amount");
    }

    [Theory]
    [InlineData("{\"resourceType\":\"Claim\",", FhirDiagnosticCodes.MalformedJson, 1, 23)]
    [InlineData("{\n  \"resourceType\": \"Claim\",\n  \"id\": x\n}", FhirDiagnosticCodes.MalformedJson, 3, 37)]
    [InlineData("", FhirDiagnosticCodes.NotAResource, null, null)]
    [InlineData("  [1, 2]", FhirDiagnosticCodes.NotAResource, 1, 2)]
    public void UnreadableInput_IsOneErrorWithPosition(string json, string code, int? line, int? offset)
    {
        var result = FhirTestData.Parse(json);

        Assert.Null(result.Resource);
        Assert.Empty(result.Events);
        var finding = Assert.Single(result.Diagnostics);
        Assert.Equal(code, finding.Code);
        Assert.True(finding.IsError);
        Assert.Equal(line, finding.Location.LineNumber);
        Assert.Equal((long?)offset, finding.Location.ByteOffset);
    }

    [Fact]
    public void UnknownResourceType_IsAnError()
    {
        var result = FhirTestData.Parse("""{"resourceType":"Foo","id":"1"}""");

        Assert.Empty(result.Events);
        var finding = Assert.Single(result.Diagnostics, d => d.Code == FhirDiagnosticCodes.UnknownResourceType);
        Assert.Contains("PVAL130", finding.Message, StringComparison.Ordinal);
        Assert.True(finding.IsError);
    }

    [Fact]
    public void MissingResourceType_IsAnError()
    {
        var result = FhirTestData.Parse("""{"id":"1"}""");

        Assert.Empty(result.Events);
        Assert.Equal(FhirDiagnosticCodes.MissingResourceType, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void UnknownResourceTypeInABundleEntry_Recoverable_StillMapsTheOtherEntries()
    {
        var json = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":{\"resourceType\":\"Foo\",\"id\":\"1\"}},{\"resource\":" + ChargeItem + "}]}";

        var recoverable = FhirTestData.Parse(json);
        var strict = FhirTestData.Parse(json, Strict);

        Assert.Single(recoverable.Events);
        Assert.Contains(recoverable.Diagnostics, d => d.Code == FhirDiagnosticCodes.UnknownResourceType && d.Location.Path == "Bundle.entry[0].resource");
        Assert.Empty(strict.Events);
    }

    [Fact]
    public void Bundle_ReferencesResolve_ByTypeAndIdAgainstAbsoluteFullUrls_AndToContainedResources()
    {
        var json = """
            {"resourceType":"Bundle","type":"searchset","entry":[
             {"fullUrl":"https://ehr.example/fhir/ChargeItem/1","resource":{"resourceType":"ChargeItem","id":"1","status":"billable",
               "contained":[{"resourceType":"Encounter","id":"e","identifier":[{"value":"ENC-C"}],"status":"finished","class":{"code":"IMP"}}],
               "code":{"coding":[{"code":"X"}]},"subject":{"reference":"Patient/1"},"context":{"reference":"#e"},"occurrenceDateTime":"2024-01-01",
               "priceOverride":{"value":1,"currency":"USD"},"account":[{"reference":"Account/7/_history/2"}]}},
             {"fullUrl":"https://ehr.example/fhir/Account/7","resource":{"resourceType":"Account","id":"7","identifier":[{"value":"ACCT-7"}],"status":"active"}}]}
            """;

        var charge = Assert.Single(FhirTestData.Parse(json).Events.OfType<ChargeCaptured>());

        Assert.Equal("ACCT-7", charge.Account.Value);
        Assert.Equal("ENC-C", charge.Encounter!.Value.Value);
        Assert.Equal("fhir:https://ehr.example/fhir/ChargeItem/1", charge.EventId);
        Assert.Equal("Bundle.entry[0].resource", charge.Source.Position);
    }

    [Fact]
    public void Bundle_UnresolvedReference_FallsBackToTheLiteral()
    {
        var json = ChargeItem.Replace("{\"identifier\":{\"value\":\"A-1\"}}", "{\"reference\":\"Account/elsewhere\"}", StringComparison.Ordinal);

        var charge = Assert.IsType<ChargeCaptured>(Assert.Single(FhirTestData.Parse(json).Events));

        Assert.Equal("Account/elsewhere", charge.Account.Value);
    }

    [Fact]
    public void NestedBundle_IsWalked()
    {
        var json = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":" + ChargeItem + ",\"request\":{\"method\":\"POST\",\"url\":\"ChargeItem\"}}]}}]}";

        var charge = Assert.IsType<ChargeCaptured>(Assert.Single(FhirTestData.Parse(json).Events));

        Assert.Equal("Bundle.entry[0].resource.entry[0].resource", charge.Source.Position);
    }

    [Fact]
    public void NotMappedResourceType_IsInformation()
    {
        var result = FhirTestData.Parse("""{"resourceType":"Organization","name":"x"}""");

        Assert.Empty(result.Events);
        Assert.Equal(FhirDiagnosticCodes.ReferenceOnlyResource, Assert.Single(result.Diagnostics).Code);
        var other = FhirTestData.Parse("""{"resourceType":"Basic","code":{"text":"x"}}""");
        Assert.Equal(FhirDiagnosticCodes.ResourceTypeNotMapped, Assert.Single(other.Diagnostics).Code);
    }

    [Fact]
    public async System.Threading.Tasks.Task ParseAsync_MatchesParse()
    {
        var bytes = FhirTestData.Read("remittance-bundle.json");
        await using var stream = new MemoryStream(bytes);

        var viaStream = await FhirParser.ParseAsync(stream, new FhirParserOptions { FileName = "r.json" }, TestContext.Current.CancellationToken);
        var inMemory = FhirParser.Parse(bytes, new FhirParserOptions { FileName = "r.json" });

        Assert.Equal(inMemory.Events, viaStream.Events);
        Assert.Equal(inMemory.Diagnostics, viaStream.Diagnostics);
        Assert.Equal("r.json", viaStream.Events[0].Source.FileName);
    }

    [Fact]
    public void Map_OfAPoco_GivesTheSameEventsAsParse()
    {
        var parsed = FhirParser.Parse(FhirTestData.Read("charges-bundle.json"));

        var mapped = FhirParser.Map(parsed.Resource!);

        Assert.Equal(parsed.Events, mapped.Events);
    }

    [Fact]
    public void Map_BuiltInCode_Maps()
    {
        var item = new Hl7.Fhir.Model.ChargeItem
        {
            Status = Hl7.Fhir.Model.ChargeItem.ChargeItemStatus.Billable,
            Code = new CodeableConcept("http://www.ama-assn.org/go/cpt", "99213"),
            Occurrence = new FhirDateTime("2024-02-02"),
            PriceOverride = new Hl7.Fhir.Model.Money { Value = 10.125m, Currency = Hl7.Fhir.Model.Money.Currencies.USD },
            Account = [new ResourceReference { Identifier = new Identifier(null, "A-9") }],
        };

        var charge = Assert.IsType<ChargeCaptured>(Assert.Single(FhirParser.Map(item).Events));

        Assert.Equal(10.13m, charge.Lines[0].Amount.Amount);
    }

    [Fact]
    public void Misuse_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => FhirParser.Map(null!));
        FhirParser.Warm();
    }

    [Fact]
    public async System.Threading.Tasks.Task ParseAsync_NullStream_Throws()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await FhirParser.ParseAsync(null!, cancellationToken: TestContext.Current.CancellationToken));
    }
}
