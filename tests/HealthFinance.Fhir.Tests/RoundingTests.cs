using System.Globalization;
using FsCheck.Xunit;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using HealthFinance.Fhir.Internal;

namespace HealthFinance.Fhir.Tests;

public sealed class RoundingTests
{
    [Theory]
    [InlineData("2436.80800000000013", "USD", "2436.81")]
    [InlineData("0.005", "USD", "0.01")]
    [InlineData("-0.005", "USD", "-0.01")]
    [InlineData("0.0049999", "USD", "0.00")]
    [InlineData("2.5", "JPY", "3")]
    [InlineData("-2.5", "JPY", "-3")]
    [InlineData("1.2345", "KWD", "1.235")]
    [InlineData("1.23455", "CLF", "1.2346")]
    [InlineData("99.999", "EUR", "100.00")]
    public void Round_ToTheMinorUnit_AwayFromZero(string amount, string currency, string expected)
    {
        var rounded = FhirAmounts.Round(decimal.Parse(amount, CultureInfo.InvariantCulture), new CurrencyCode(currency));

        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), rounded);
    }

    [Property(MaxTest = 500)]
    public bool Round_IsIdempotent_AndWithinHalfAMinorUnit(long raw, byte scale, bool yen)
    {
        var value = new decimal(raw) / (decimal)Math.Pow(10, scale % 10);
        var currency = yen ? new CurrencyCode("JPY") : CurrencyCode.USD;
        var rounded = FhirAmounts.Round(value, currency);
        var half = yen ? 0.5m : 0.005m;
        return FhirAmounts.Round(rounded, currency) == rounded && Math.Abs(rounded - value) <= half;
    }

    [Fact]
    public void FloatArtefact_IsRoundedBeforeItEntersTheCanonicalModel()
    {
        var json = """
            {"resourceType":"PaymentReconciliation","status":"active","created":"2024-01-01","paymentIssuer":{"identifier":{"value":"P"}},
             "paymentDate":"2024-01-02","paymentAmount":{"value":2436.80800000000013,"currency":"USD"},"paymentIdentifier":{"value":"T"}}
            """;

        var result = FhirTestData.Parse(json);

        var remittance = Assert.IsType<RemittanceReceived>(Assert.Single(result.Events));
        Assert.Equal(new Money(2436.81m, CurrencyCode.USD), remittance.Payment.Amount);
        var finding = Assert.Single(result.Diagnostics);
        Assert.Equal(FhirDiagnosticCodes.AmountRounded, finding.Code);
        Assert.Equal("PaymentReconciliation.paymentAmount.value", finding.Location.Path);
        Assert.Equal(2436.81m, FhirControlTotals.Compute(FhirTestData.Utf8(json)).PaymentAmount);
    }
}
