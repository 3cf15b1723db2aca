using System.Buffers;
using System.Text;
using HealthFinance.Canonical;

namespace HealthFinance.Fhir.Tests;

public sealed class FhirControlTotalsTests
{
    [Fact]
    public void Compute_RemittanceBundle_WritesTheContractJson()
    {
        var totals = FhirControlTotals.Compute(FhirTestData.Read("remittance-bundle.json"));

        Assert.Equal(
            """{"format":"fhir","resources":7,"resourceTypes":{"Claim":1,"Coverage":1,"ExplanationOfBenefit":1,"Organization":2,"Patient":1,"PaymentReconciliation":1},"claims":1,"totalBilled":250.01,"eobs":1,"totalPaid":104.00,"paymentAmount":2436.81}""",
            totals.ToJson());
    }

    [Fact]
    public void WriteJson_WritesUtf8ToTheBufferWriter()
    {
        var buffer = new ArrayBufferWriter<byte>();

        FhirControlTotals.Compute(FhirTestData.Read("charges-bundle.json")).WriteJson(buffer);

        Assert.Equal(
            """{"format":"fhir","resources":7,"resourceTypes":{"Account":1,"ChargeItem":2,"Coverage":1,"Encounter":1,"Invoice":1,"Patient":1},"claims":0,"totalBilled":0,"eobs":0,"totalPaid":0,"paymentAmount":0}""",
            Encoding.UTF8.GetString(buffer.WrittenSpan));
        Assert.Throws<ArgumentNullException>(() => new FhirControlTotals().WriteJson(null!));
    }

    [Fact]
    public void Compute_ClaimTotalWins_OverItems_AndClaimResponsePaymentsArePaid()
    {
        var json = """
            {"resourceType":"Bundle","type":"searchset","entry":[
             {"resource":{"resourceType":"Claim","total":{"value":100.005,"currency":"USD"},"item":[{"sequence":1,"net":{"value":1,"currency":"USD"}}]}},
             {"resource":{"resourceType":"Claim","item":[{"sequence":1,"net":{"value":2436.80800000000013,"currency":"USD"}},{"sequence":2,"unitPrice":{"value":10,"currency":"JPY"},"quantity":{"value":3},"factor":0.55}]}},
             {"resource":{"resourceType":"ClaimResponse","payment":{"amount":{"value":12.5,"currency":"USD"}}}},
             {"resource":{"resourceType":"ExplanationOfBenefit","payment":{"amount":{"value":7.777,"currency":"KWD"}}}},
             {"resource":{"resourceType":"PaymentReconciliation","paymentAmount":{"value":1.115}}}]}
            """;

        var totals = FhirControlTotals.Compute(FhirTestData.Utf8(json));

        Assert.Equal(5, totals.Resources);
        Assert.Equal(2, totals.Claims);
        Assert.Equal(100.01m + 2436.81m + 17m, totals.TotalBilled); // 10 × 3 × 0.55 = 16.5 JPY → 17
        Assert.Equal(1, totals.Eobs);
        Assert.Equal(12.5m + 7.777m, totals.TotalPaid);
        Assert.Equal(1.12m, totals.PaymentAmount);
    }

    [Fact]
    public void Compute_DefaultCurrency_DecidesTheRoundingOfAmountsWithoutOne()
    {
        var json = """{"resourceType":"PaymentReconciliation","paymentAmount":{"value":1.5}}""";

        Assert.Equal(2m, FhirControlTotals.Compute(FhirTestData.Utf8(json), new CurrencyCode("JPY")).PaymentAmount);
        Assert.Equal(1.5m, FhirControlTotals.Compute(FhirTestData.Utf8(json)).PaymentAmount);
    }

    [Theory]
    [InlineData("{\"resourceType\":\"Claim\",", FhirDiagnosticCodes.MalformedJson)]
    [InlineData("{\"resourceType\":\"NotAThing\"}", FhirDiagnosticCodes.UnknownResourceType)]
    [InlineData("{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{\"resourceType\":\"Nope\"}}]}", FhirDiagnosticCodes.UnknownResourceType)]
    [InlineData("[]", FhirDiagnosticCodes.NotAResource)]
    public void Compute_UnreadableInput_ThrowsWithCodeAndPosition(string json, string code)
    {
        var ex = Assert.Throws<FhirParseException>(() => FhirControlTotals.Compute(FhirTestData.Utf8(json)));

        Assert.Equal(code, ex.ErrorCode);
        Assert.All(ex.Diagnostics, d => Assert.True(d.IsError));
        Assert.Equal(ex.Diagnostics[0].ToString(), ex.Message);
    }

    [Fact]
    public void Compute_UnknownElement_IsNotFatal()
    {
        var json = """{"resourceType":"PaymentReconciliation","bogus":true,"paymentAmount":{"value":3,"currency":"USD"}}""";

        Assert.Equal(3m, FhirControlTotals.Compute(FhirTestData.Utf8(json)).PaymentAmount);
    }

    [Fact]
    public async System.Threading.Tasks.Task ComputeAsync_MatchesCompute()
    {
        var bytes = FhirTestData.Read("remittance-bundle.json");
        await using var stream = new MemoryStream(bytes);

        var totals = await FhirControlTotals.ComputeAsync(stream, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(FhirControlTotals.Compute(bytes).ToJson(), totals.ToJson());
    }

    [Fact]
    public void FhirParseException_NeedsAFinding()
    {
        Assert.Throws<ArgumentException>(() => new FhirParseException([]));
    }
}
