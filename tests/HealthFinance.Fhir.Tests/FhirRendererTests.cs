using FsCheck.Xunit;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using Hl7.Fhir.Model;
using Money = HealthFinance.Canonical.Money;

namespace HealthFinance.Fhir.Tests;

public sealed class FhirRendererTests
{
    private static readonly FhirParserOptions Strict = new() { Mode = FhirDeserializationMode.Strict };

    private static RemittanceReceived RoundTrip(RemittanceReceived remittance, out FhirParseResult result)
    {
        var json = FhirRenderer.ToJson(FhirRenderer.ToBundle(remittance));
        result = FhirTestData.Parse(json, Strict);
        Assert.False(result.HasErrors, string.Join(Environment.NewLine, result.Diagnostics));
        return Assert.IsType<RemittanceReceived>(Assert.Single(result.Events));
    }

    private static RemittanceReceived Remittance(decimal amount) => new()
    {
        EventId = "r1",
        Source = new SourceReference { Format = SourceFormat.X12 },
        Payer = new PayerId("PAYER-1"),
        Payment = new RemittancePayment
        {
            HandlingCode = PaymentHandlingCode.PaymentAccompaniesRemittance,
            Amount = new Money(amount, CurrencyCode.USD),
            CreditDebit = CreditDebitIndicator.Credit,
            Method = RemittancePaymentMethod.Ach,
            PaymentDate = new DateOnly(2024, 5, 1),
            TraceNumber = "T-1",
        },
        Claims = [],
    };

    private static RemittanceReceived WithoutEnvelope(RemittanceReceived value, RemittanceReceived like) =>
        value with { EventId = like.EventId, Source = like.Source, OccurredAt = like.OccurredAt, ReceivedAt = like.ReceivedAt, CorrelationId = like.CorrelationId, LegalEntity = like.LegalEntity };

    [Property(MaxTest = 150)]
    public void ToBundle_ThenParse_GivesTheSameRemittance(int seed)
    {
        var expected = RemittanceGenerator.Create(seed);
        var actual = RoundTrip(expected, out _);
        Assert.Equal(expected, WithoutEnvelope(actual, expected));
    }

    [Property(MaxTest = 100)]
    public void ToBundle_IsValidInStrictMode_AndDeterministic(int seed)
    {
        var remittance = RemittanceGenerator.Create(seed);
        var first = FhirRenderer.ToJson(FhirRenderer.ToBundle(remittance));
        var second = FhirRenderer.ToJson(FhirRenderer.ToBundle(remittance));
        Assert.Equal(first, second);
        var parsed = FhirTestData.Parse(first, Strict);
        Assert.DoesNotContain(parsed.Diagnostics, d => d.Code == FhirDiagnosticCodes.SdkIssue);
    }

    [Fact]
    public void ToExplanationOfBenefit_ThenParse_GivesTheSameClaimPayment()
    {
        var remittance = Remittance(300m) with { PayeeNpi = new Npi("1234567893") };
        var claim = new ClaimPayment
        {
            ClaimId = new PatientControlNumber("PCN-1"),
            Status = ClaimStatusCode.ProcessedAsPrimary,
            TotalCharge = new Money(500m, CurrencyCode.USD),
            Paid = new Money(300m, CurrencyCode.USD),
            PatientResponsibility = new Money(50m, CurrencyCode.USD),
            PayerClaimControlNumber = new PayerClaimControlNumber("PCC-991"),
            ClaimFilingIndicator = "12",
            Adjustments = [new ClaimAdjustment { Group = AdjustmentGroupCode.ContractualObligation, ReasonCode = "45", Amount = new Money(150m, CurrencyCode.USD) }],
            Services =
            [
                new ServicePayment
                {
                    Procedure = new ChargeCode { CodeSet = ChargeCodeSet.Cpt, Code = "99213" },
                    Modifiers = ["25"],
                    Charge = new Money(500m, CurrencyCode.USD),
                    Paid = new Money(300m, CurrencyCode.USD),
                    Allowed = new Money(350m, CurrencyCode.USD),
                    Units = 1m,
                    ServiceDate = new DateOnly(2024, 2, 20),
                    LineItemControlNumber = "L1",
                    Adjustments = [new ClaimAdjustment { Group = AdjustmentGroupCode.PatientResponsibility, ReasonCode = "1", Amount = new Money(50m, CurrencyCode.USD), Quantity = 1m }],
                },
            ],
        };
        var usd = remittance with { Payment = remittance.Payment with { Amount = claim.Paid }, Claims = [claim] };

        var eob = FhirRenderer.ToExplanationOfBenefit(usd, claim);
        var result = FhirTestData.Parse(FhirRenderer.ToJson(eob), Strict);

        Assert.False(result.HasErrors, string.Join(Environment.NewLine, result.Diagnostics));
        var mapped = Assert.IsType<RemittanceReceived>(Assert.Single(result.Events));
        Assert.Equal(claim, Assert.Single(mapped.Claims));
        Assert.Equal(usd.Payment, mapped.Payment);
        Assert.Equal(usd.Payer, mapped.Payer);
    }

    [Fact]
    public void ToPaymentReconciliation_CarriesHeaderAndSignedProviderAdjustments()
    {
        var remittance = Remittance(5.25m) with
        {
            ProviderAdjustments = [new ProviderAdjustment { Provider = new ProviderId("P1"), ReasonCode = "L6", Amount = new Money(-5.25m, CurrencyCode.USD) }],
        };

        var reconciliation = FhirRenderer.ToPaymentReconciliation(remittance);

        Assert.Equal(5.25m, reconciliation.PaymentAmount!.Value);
        Assert.Equal(remittance.Payment.TraceNumber, reconciliation.PaymentIdentifier!.Value);
        var detail = Assert.Single(reconciliation.Detail);
        Assert.Equal("adjustment", detail.Type!.Coding[0].Code);
        Assert.Equal(5.25m, detail.Amount!.Value);
        Assert.Equal("L6", Assert.IsType<Code>(detail.GetExtension(FhirSystems.ProviderAdjustmentReasonExtension)?.Value).Value);
    }

    [Fact]
    public void ToBundle_DetailsReferToTheExplanationOfBenefits()
    {
        var seed = Enumerable.Range(0, 500).First(i => RemittanceGenerator.Create(i).Claims.Count == 2);
        var remittance = RemittanceGenerator.Create(seed);

        var bundle = FhirRenderer.ToBundle(remittance);

        Assert.Equal(Bundle.BundleType.Collection, bundle.Type);
        Assert.Equal(3, bundle.Entry.Count);
        var reconciliation = Assert.IsType<PaymentReconciliation>(bundle.Entry[0].Resource);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(bundle.Entry[i + 1].FullUrl, reconciliation.Detail[i].Response!.Reference);
            Assert.StartsWith("urn:uuid:", bundle.Entry[i + 1].FullUrl, StringComparison.Ordinal);
            Assert.Equal(remittance.Claims[i].ClaimId.Value, Assert.IsType<ExplanationOfBenefit>(bundle.Entry[i + 1].Resource).Claim!.Identifier!.Value);
        }
    }

    [Fact]
    public void Render_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => FhirRenderer.ToBundle(null!));
        Assert.Throws<ArgumentNullException>(() => FhirRenderer.ToPaymentReconciliation(null!));
        Assert.Throws<ArgumentNullException>(() => FhirRenderer.ToExplanationOfBenefit(RemittanceGenerator.Create(1), null!));
        Assert.Throws<ArgumentNullException>(() => FhirRenderer.ToJson(null!));
    }
}
