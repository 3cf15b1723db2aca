using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HealthFinance.Canonical.Events;
using static HealthFinance.Validation.Tests.Fixtures;

namespace HealthFinance.Validation.Tests;

public sealed class PostingValidatorProperties
{
    private static RemittanceReceived Generate(int seed, out decimal bpr02)
    {
        var random = new Random(seed);
        var claims = new List<ClaimPayment>();
        for (var c = 0; c < 1 + random.Next(5); c++)
        {
            var charge = 1m + random.Next(0, 100_000) / 100m;
            var co = Math.Round(charge * random.Next(0, 70) / 100m, 2, MidpointRounding.ToEven);
            var pr = Math.Round((charge - co) * random.Next(0, 40) / 100m, 2, MidpointRounding.ToEven);
            claims.Add(Claim($"PCN{c}", random.Next(2) == 0 ? "1" : "2", charge, charge - co - pr, Cas(AdjustmentGroupCode.ContractualObligation, "45", co), Cas(AdjustmentGroupCode.PatientResponsibility, "2", pr)));
        }

        bpr02 = claims.Sum(c => c.Paid.Amount);
        return Remit(seed.ToString(System.Globalization.CultureInfo.InvariantCulture), bpr02, new DateOnly(2024, 3 + random.Next(9), 1 + random.Next(28)), [.. claims]);
    }

    [Property(MaxTest = 200)]
    public Property Decide_BalancedRemittance_PostsBalancedEntries_AndAnyBprChangeQuarantines(PositiveInt seed, PositiveInt cents)
    {
        var remit = Generate(seed.Get, out var bpr02);
        var decision = Run(remit);
        var perturbed = Validator.Decide(remit with { Payment = remit.Payment with { Amount = Usd(bpr02 + cents.Get / 100m) } }, Engine.Post(remit));

        var entriesBalance = decision.Entries.All(e => e.Lines.GroupBy(l => (l.Dimensions.LegalEntity, l.Amount.Currency)).All(g => g.Where(l => l.Side == JournalSide.Debit).Sum(l => l.Amount.Amount) == g.Where(l => l.Side == JournalSide.Credit).Sum(l => l.Amount.Amount)));
        var cash = decision.Entries.SelectMany(e => e.Lines).Where(l => l.Account.Value == "cash-clearing").Sum(l => l.Side == JournalSide.Debit ? l.Amount.Amount : -l.Amount.Amount);
        return (decision.Outcome == PostingOutcome.Post).Label("posts")
            .And(entriesBalance.Label("entries balance"))
            .And((cash == bpr02).Label("cash-clearing = BPR02"))
            .And((perturbed.Outcome == PostingOutcome.Quarantine && perturbed.Reasons.Any(r => r.Code == ValidationDiagnosticCodes.RemittanceUnbalanced)).Label("perturbed quarantines"));
    }
}
