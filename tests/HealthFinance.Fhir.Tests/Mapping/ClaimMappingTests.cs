using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Fhir.Tests.Mapping;

public sealed class ClaimMappingTests
{
    private const string Claim = """
        {"resourceType":"Claim","id":"c9","identifier":[{"value":"PCN-9"}],"status":"active",
         "type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"institutional"}]},"use":"claim",
         "patient":{"identifier":{"value":"MRN-9"}},"created":"2024-06-01T09:30:00-04:00",
         "insurer":{"identifier":{"value":"PAYER-9"}},
         "provider":{"identifier":{"system":"http://hl7.org/fhir/sid/us-npi","value":"1234567893"}},
         "priority":{"coding":[{"code":"normal"}]},
         "insurance":[{"sequence":2,"focal":true,"coverage":{"display":"Secondary plan"}}],
         "item":[{"sequence":1,"revenue":{"coding":[{"system":"https://www.nubc.org/CodeSystem/RevenueCodes","code":"0450"}]},
                  "productOrService":{"coding":[{"system":"https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets","code":"G0390"}]},
                  "servicedPeriod":{"start":"2024-05-30","end":"2024-05-31"},"quantity":{"value":2},"net":{"value":1000.10,"currency":"USD"}}],
         "total":{"value":1000.10,"currency":"USD"}}
        """;

    [Fact]
    public void Claim_MapsToClaimSubmitted_WithReferencesOnly()
    {
        var result = FhirTestData.Parse(Claim);

        Assert.Empty(result.Diagnostics);
        var claim = Assert.IsType<ClaimSubmitted>(Assert.Single(result.Events));
        Assert.Equal("PCN-9", claim.ClaimId.Value);
        Assert.Equal(ClaimType.Institutional, claim.ClaimType);
        Assert.Equal(new Money(1000.10m, CurrencyCode.USD), claim.TotalCharge);
        Assert.Equal("PAYER-9", claim.Payer.Value);
        Assert.Equal("1234567893", claim.BillingProvider.Value);
        Assert.Equal("MRN-9", claim.PatientReference);
        Assert.Equal("S", claim.PayerResponsibilitySequence);
        Assert.Equal(new DateTimeOffset(2024, 6, 1, 9, 30, 0, TimeSpan.FromHours(-4)), claim.OccurredAt);
        Assert.Equal("fhir:Claim/c9", claim.EventId);
        Assert.Equal(SourceFormat.Fhir, claim.Source.Format);
        var line = Assert.Single(claim.Lines);
        Assert.Equal(1, line.LineNumber);
        Assert.Equal(new ChargeCode { CodeSet = ChargeCodeSet.Hcpcs, Code = "G0390" }, line.Procedure);
        Assert.Equal("0450", line.RevenueCode);
        Assert.Equal(2m, line.Units);
        Assert.Equal(new DateOnly(2024, 5, 30), line.ServiceDate);
    }

    [Fact]
    public void Claim_WithoutTotal_SumsItemNets_ComputingNetFromUnitPrice()
    {
        var json = Claim.Replace("""
         "total":{"value":1000.10,"currency":"USD"}}
        """, "\"created\":\"2024-06-01\"}", StringComparison.Ordinal)
            .Replace("\"net\":{\"value\":1000.10,\"currency\":\"USD\"}", "\"unitPrice\":{\"value\":12.345,\"currency\":\"USD\"},\"factor\":0.5", StringComparison.Ordinal);

        var result = FhirTestData.Parse(json);

        var claim = Assert.IsType<ClaimSubmitted>(Assert.Single(result.Events));
        Assert.Equal(12.35m, claim.TotalCharge.Amount); // 12.345 × 2 × 0.5 = 12.345, rounded away from zero
        Assert.Equal(12.35m, claim.Lines[0].Charge.Amount);
        Assert.Contains(result.Diagnostics, d => d.Code == FhirDiagnosticCodes.AmountRounded && d.Location.Path == "Claim.item[0].unitPrice");
    }

    [Fact]
    public void Claim_WithoutNpi_IsReportedAndNotMapped()
    {
        var result = FhirTestData.Parse(Claim.Replace("\"system\":\"http://hl7.org/fhir/sid/us-npi\",\"value\":\"1234567893\"", "\"value\":\"ORG-1\"", StringComparison.Ordinal));

        Assert.Empty(result.Events);
        var finding = Assert.Single(result.Diagnostics);
        Assert.Equal(FhirDiagnosticCodes.BillingProviderNpiMissing, finding.Code);
        Assert.Equal("Claim.provider", finding.Location.Path);
        Assert.True(finding.IsError);
    }

    [Fact]
    public void Claim_WithInvalidNpiCheckDigit_IsReported()
    {
        var result = FhirTestData.Parse(Claim.Replace("1234567893", "1234567890", StringComparison.Ordinal));

        Assert.Empty(result.Events);
        Assert.Equal(FhirDiagnosticCodes.BillingProviderNpiMissing, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Claim_WithoutInsurerOrCoveragePayor_ReportsPayerMissing()
    {
        var result = FhirTestData.Parse(Claim.Replace("\"insurer\":{\"identifier\":{\"value\":\"PAYER-9\"}},", string.Empty, StringComparison.Ordinal));

        Assert.Empty(result.Events);
        Assert.Contains(result.Diagnostics, d => d.Code == FhirDiagnosticCodes.PayerMissing && d.Location.Path == "Claim.insurer");
    }

    [Theory]
    [InlineData("\"use\":\"claim\"", "\"use\":\"preauthorization\"")]
    [InlineData("\"status\":\"active\"", "\"status\":\"entered-in-error\"")]
    public void Claim_NotASubmission_MapsToNothing(string from, string to)
    {
        var result = FhirTestData.Parse(Claim.Replace(from, to, StringComparison.Ordinal));

        Assert.Empty(result.Events);
        Assert.Equal(FhirDiagnosticCodes.NothingToPost, Assert.Single(result.Diagnostics).Code);
    }

    [Theory]
    [InlineData("oral", ClaimType.Dental, false)]
    [InlineData("professional", ClaimType.Professional, false)]
    [InlineData("vision", ClaimType.Professional, false)]
    [InlineData("homecare", ClaimType.Professional, true)]
    public void Claim_Type_MapsToClaimType(string code, ClaimType expected, bool warned)
    {
        var result = FhirTestData.Parse(Claim.Replace("\"code\":\"institutional\"", $"\"code\":\"{code}\"", StringComparison.Ordinal));

        Assert.Equal(expected, Assert.IsType<ClaimSubmitted>(Assert.Single(result.Events)).ClaimType);
        Assert.Equal(warned, result.Diagnostics.Any(d => d.Code == FhirDiagnosticCodes.ClaimTypeDefaulted));
    }

    [Fact]
    public void Claim_NegativeItemNet_ViolatesCanonicalInvariant_AndIsReported()
    {
        var result = FhirTestData.Parse(Claim.Replace("\"net\":{\"value\":1000.10", "\"net\":{\"value\":-1000.10", StringComparison.Ordinal));

        Assert.Empty(result.Events);
        var finding = Assert.Single(result.Diagnostics);
        Assert.Equal(FhirDiagnosticCodes.CanonicalInvariant, finding.Code);
        Assert.Contains("CAN-0020", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Claim_InBundle_ResolvesProviderPatientCoverageAndPayor()
    {
        var result = FhirParser.Parse(FhirTestData.Read("remittance-bundle.json"));

        var claim = Assert.IsType<ClaimSubmitted>(result.Events[0]);
        Assert.Equal("PCN-1001", claim.ClaimId.Value);
        Assert.Equal("1234567893", claim.BillingProvider.Value);
        Assert.Equal("123456789", claim.BillingProviderTaxId!.Value.Value);
        Assert.Equal("MRN-0001", claim.PatientReference);
        Assert.Equal("SUB-555", claim.SubscriberReference);
        Assert.Equal("PAYER-77", claim.Payer.Value);
        Assert.Equal(new Money(250.01m, CurrencyCode.USD), claim.TotalCharge);
        Assert.Equal(50.01m, claim.Lines[1].Charge.Amount);
    }
}
