using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using HealthFinance.Mapping;
using HealthFinance.Mapping.Posting;
using static HealthFinance.Validation.Tests.Fixtures;

namespace HealthFinance.Validation.Tests;

public sealed class PostingValidatorTests
{
    private static readonly DateOnly June = new(2024, 6, 5);

    [Fact]
    public void Decide_BalancedMappedRemittance_Posts_AsCanonicalEntries()
    {
        var remit = Remit("0001", 300m, June, Claim("PCN1", "1", 500m, 300m, Cas(AdjustmentGroupCode.ContractualObligation, "45", 150m), Cas(AdjustmentGroupCode.PatientResponsibility, "1", 50m)));

        var decision = Run(remit);

        Assert.Equal(PostingOutcome.Post, decision.Outcome);
        Assert.Empty(decision.Findings);
        var entry = Assert.Single(decision.Entries);
        Assert.Equal(decision.Drafts[0].JournalId, entry.EventId);
        Assert.Equal(decision.Drafts[0].IdempotencyKey, entry.IdempotencyKey);
        Assert.Equal("test-2024.1", entry.RuleSetVersion);
        Assert.Equal(6, entry.Lines.Count);
        Assert.Equal("1050", entry.Lines[0].AccountCode);
        Assert.Equal(new LegalEntityId("E1"), entry.Lines[0].Dimensions.LegalEntity);
    }

    [Fact]
    public void Decide_UnknownFacility_QuarantinesNamingTheMissingRow()
    {
        var decision = Run(Charge("F9", 120m));

        Assert.Equal(PostingOutcome.Quarantine, decision.Outcome);
        Assert.Empty(decision.Entries);
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(MappingDiagnosticCodes.LegalEntityUnmapped, reason.Code);
        Assert.Equal("Missing mapping row facilities[id=F9] in rule set test-2024.1: the legal entity cannot be resolved.", reason.Message);
    }

    [Fact]
    public void Decide_UnmappedProcedure_QuarantinesNamingTheRow_NeverDefaulting()
    {
        var decision = Run(Charge("F1", 120m, "12345"));

        Assert.Equal(PostingOutcome.Quarantine, decision.Outcome);
        Assert.Equal("POST-0104 Missing mapping row procedureCodes[code=12345] in rule set test-2024.1.", Assert.Single(decision.Reasons).Code + " " + decision.Reasons.Single().Message);
    }

    [Fact]
    public void Decide_Denial_HasNothingToPost_WithTheReason()
    {
        var decision = Run(Remit("0002", 0m, June, Claim("PCN2", "4", 200m, 0m, Cas(AdjustmentGroupCode.ContractualObligation, "16", 200m))) with { Payment = Remit("0002", 0m, June).Payment with { HandlingCode = PaymentHandlingCode.NotificationOnly, Method = RemittancePaymentMethod.NonPayment } });

        Assert.Equal(PostingOutcome.NothingToPost, decision.Outcome);
        Assert.Equal(MappingDiagnosticCodes.DenialNotPosted, Assert.Single(decision.Findings).Code);
        Assert.Empty(decision.Entries);
    }

    [Fact]
    public void Decide_UnbalancedRemittance_QuarantinesWithoutPosting()
    {
        var remit = Remit("0003", 310m, June, Claim("PCN1", "1", 500m, 300m, Cas(AdjustmentGroupCode.ContractualObligation, "45", 150m)));

        var decision = Validator.Decide(remit, null);

        Assert.Equal(PostingOutcome.Quarantine, decision.Outcome);
        Assert.Equal(
            ["VAL-0101 BPR02 310 differs from Σ CLP04 − Σ PLB = 300.", "VAL-0102 CLP03 500 − Σ CAS 150 differs from CLP04 300."],
            decision.Findings.Select(f => f.Code + " " + f.Message));
        Assert.Equal("CLP[1]", decision.Findings[1].Location.Path);
    }

    [Fact]
    public void ValidateSource_ZeroPaymentWithoutNotification_AndUnbalancedService_AreFindings()
    {
        var claim = Claim("PCN1", "1", 100m, 0m, Cas(AdjustmentGroupCode.ContractualObligation, "45", 100m)) with
        {
            Adjustments = [],
            Services = [new ServicePayment { Charge = Usd(100m), Paid = Usd(0m), Adjustments = [Cas(AdjustmentGroupCode.ContractualObligation, "45", 90m)] }],
        };

        var findings = PostingValidator.ValidateSource(Remit("0004", 0m, June, claim));

        Assert.Equal([ValidationDiagnosticCodes.PaymentAmountInvalid, ValidationDiagnosticCodes.ClaimUnbalanced, ValidationDiagnosticCodes.ServiceUnbalanced], findings.Select(f => f.Code));
        Assert.Equal("CLP[1]/SVC[1]", findings[2].Location.Path);
    }

    [Fact]
    public void Decide_ClosedPeriod_Quarantines()
    {
        var decision = Run(Remit("0005", 100m, new DateOnly(2024, 1, 15), Claim("PCN1", "1", 100m, 100m)));

        Assert.Equal(PostingOutcome.Quarantine, decision.Outcome);
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(ValidationDiagnosticCodes.PeriodClosed, reason.Code);
        Assert.Contains("2024-01-15", reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_SameEventTwice_PostsOnce()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var remit = Remit("0006", 100m, June, Claim("PCN1", "1", 100m, 100m));

        var first = Run(remit, keys: keys);
        var second = Run(remit, keys: keys);

        Assert.Equal(PostingOutcome.Post, first.Outcome);
        Assert.Equal(PostingOutcome.DuplicateSkipped, second.Outcome);
        Assert.Equal(ValidationDiagnosticCodes.DuplicatePosting, Assert.Single(second.Findings).Code);
        Assert.Single(keys);
    }

    [Fact]
    public void ValidateJournals_MissingAccountDimensionAndImbalance_AreEachNamed()
    {
        var good = Engine.Post(Remit("0007", 100m, June, Claim("PCN1", "1", 100m, 100m))).Journals[0];
        var broken = good with
        {
            Lines =
            [
                good.Lines[0] with { Account = null },
                good.Lines[1] with { Dimensions = good.Lines[1].Dimensions with { Payer = null }, Amount = Usd(90m) },
            ],
        };

        var findings = Validator.ValidateJournals([broken]);

        Assert.Equal(
            [
                $"VAL-0001 Journal {good.JournalId} is out of balance for legal entity E1 in USD: debits 100, credits 90.",
                "VAL-0002 Missing mapping row legalEntities[id=E1].accounts['cash-clearing'] in rule set test-2024.1.",
                $"VAL-0003 Line 2 (payer-ar) of journal {good.JournalId} lacks the dimension 'payer' legal entity E1 requires.",
            ],
            findings.Select(f => f.Code + " " + f.Message));
        Assert.EndsWith("line[1]", findings[1].Location.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateJournals_MixedCurrencyAndUnknownEntityAndVersion_AreFindings()
    {
        var good = Engine.Post(Remit("0008", 100m, June, Claim("PCN1", "1", 100m, 100m))).Journals[0];
        var eur = good with { Lines = [.. good.Lines.Select(l => l with { Amount = new Money(l.Amount.Amount, CurrencyCode.EUR) })] };
        var elsewhere = good with { LegalEntity = "E7", Lines = [.. good.Lines.Select(l => l with { Dimensions = l.Dimensions with { LegalEntity = null } })] };
        var unknownVersion = good with { RuleSetVersion = "v0" };
        var empty = good with { Lines = [] };

        Assert.Equal(ValidationDiagnosticCodes.MixedCurrencies, Assert.Single(Validator.ValidateJournals([eur])).Code);
        Assert.Equal("VAL-0006 Missing mapping row legalEntities[id=E7] in rule set test-2024.1.", Validator.ValidateJournals([elsewhere]).Select(f => f.Code + " " + f.Message).Single());
        Assert.Equal(ValidationDiagnosticCodes.RuleSetUnknown, Assert.Single(Validator.ValidateJournals([unknownVersion])).Code);
        Assert.Equal(ValidationDiagnosticCodes.InvalidLine, Assert.Single(Validator.ValidateJournals([empty])).Code);
    }

    [Fact]
    public void Decide_ReversalWithoutOriginal_PostsToSuspense_AndWarns()
    {
        var remit = Remit("0009", 0m, June, Claim("PCN1", "22", -100m, -100m), Claim("PCN1", "1", 100m, 100m));
        var reversal = remit with { Payment = remit.Payment with { HandlingCode = PaymentHandlingCode.NotificationOnly, Method = RemittancePaymentMethod.NonPayment } };

        var decision = Run(reversal, new ClaimPaymentHistory());

        Assert.Equal(PostingOutcome.Post, decision.Outcome);
        Assert.Equal(MappingDiagnosticCodes.ReversalOriginalUnknown, Assert.Single(decision.Findings).Code);
        Assert.Equal(AccountRole.Suspense, decision.Entries[0].Lines[0].Account);
    }

    [Fact]
    public void Decide_ClaimWithChargesAsRevenueSource_Posts_AndChargeEventPostsItsRevenue()
    {
        var claim = Run(Submitted("PCN5", 150m, June));
        var charge = Run(Charge("F1", 150m));

        Assert.Equal(PostingOutcome.Post, claim.Outcome);
        Assert.Equal(PostingOutcome.Post, charge.Outcome);
        Assert.Equal(new AccountRole("unbilled-ar"), claim.Entries[0].Lines[1].Account);
        Assert.Equal(new AccountRole("unbilled-ar"), charge.Entries[0].Lines[0].Account);
    }

    [Fact]
    public void Constructor_And_Methods_RejectNull()
    {
        Assert.Throws<ArgumentNullException>(() => new PostingValidator(null!));
        Assert.Throws<ArgumentNullException>(() => PostingValidator.ValidateSource(null!));
        Assert.Throws<ArgumentNullException>(() => Validator.ValidateJournals(null!));
        Assert.Throws<ArgumentNullException>(() => Validator.Decide(null!, null));
    }
}
