using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using HealthFinance.Mapping.Posting;
using HealthFinance.Mapping.Rules;
using static HealthFinance.Validation.Tests.Fixtures;

namespace HealthFinance.Validation.Tests;

/// <summary>The Riverbend Health sample rules in samples/rules load, and post the DOMAIN 3.3 remittance and a charge cleanly.</summary>
public sealed class SampleRulesTests
{
    private static readonly RuleSetCatalog Sample = LoadSample();

    private static RuleSetCatalog LoadSample()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "SampleRules");
        var result = RuleSetLoader.LoadFiles(Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal));
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
        return result.Catalog!;
    }

    [Fact]
    public void SampleRules_Load_AsOneVersionWithTwoEntities()
    {
        var set = Assert.Single(Sample.Versions);
        Assert.Equal(["RBH", "RPG"], set.LegalEntities.Keys.Order(StringComparer.Ordinal));
        Assert.All(set.LegalEntities.Values, e => Assert.Equal(19, e.Accounts.Count));
    }

    [Fact]
    public void SampleRules_PostTheGoldenRemittance_WithEveryRequiredDimension()
    {
        var remit = Remit(
            "0001",
            405.25m,
            new DateOnly(2024, 12, 31),
            Claim("PCN1", "1", 500m, 300m, Cas(AdjustmentGroupCode.ContractualObligation, "45", 150m), Cas(AdjustmentGroupCode.PatientResponsibility, "1", 50m)),
            Claim("PCN2", "1", 250m, 200m, Cas(AdjustmentGroupCode.ContractualObligation, "45", 50m))) with
        {
            Payer = new PayerId("1512345678"),
            PayeeTaxId = null,
            PayeeNpi = new Npi("1234567893"),
            ProviderAdjustments =
            [
                new ProviderAdjustment { Provider = new ProviderId("1234567893"), ReasonCode = "L6", Amount = Usd(-5.25m) },
                new ProviderAdjustment { Provider = new ProviderId("1234567893"), ReasonCode = "WO", Reference = "PCN9 ICN9 EFT0001", Amount = Usd(100m) },
            ],
        };

        var decision = new PostingValidator(Sample).Decide(remit, new PostingEngine(Sample).Post(remit));

        Assert.True(decision.Outcome == PostingOutcome.Post, string.Join(Environment.NewLine, decision.Findings));
        Assert.Empty(decision.Findings);
        Assert.All(decision.Entries, e => Assert.Equal(new LegalEntityId("RPG"), e.LegalEntity));
        Assert.Equal(1260.50m - 405.25m, decision.Entries.SelectMany(e => e.Lines).Where(l => l.Side == JournalSide.Debit).Sum(l => l.Amount.Amount));
    }

    [Fact]
    public void SampleRules_PostAnEmergencyCharge_ToTheHospital()
    {
        var charge = Charge("RRH-ED", 900m) with
        {
            Lines = [new ChargeLine { Code = new ChargeCode { CodeSet = ChargeCodeSet.Cpt, Code = "99284" }, RevenueCode = "0450", Units = 1m, Amount = Usd(900m), ServiceDate = new DateOnly(2024, 6, 1) }],
        };

        var decision = new PostingValidator(Sample).Decide(charge, new PostingEngine(Sample).Post(charge));

        Assert.True(decision.Outcome == PostingOutcome.Post, string.Join(Environment.NewLine, decision.Findings));
        var revenue = decision.Entries[0].Lines[1];
        Assert.Equal("40000", revenue.AccountCode);
        Assert.Equal("emergency", revenue.Dimensions.ServiceLine);
        Assert.Equal("H450", revenue.Dimensions.CostCenter);
    }
}
