using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using HealthFinance.Mapping.Posting;
using static HealthFinance.Mapping.Tests.TestRules;

namespace HealthFinance.Mapping.Tests.Posting;

/// <summary>Invariants over generated remittances and charges.</summary>
public sealed class PostingEngineProperties
{
    private static decimal Cents(Random random, int max) => random.Next(0, max) / 100m;

    // A balanced 835: paid, denied and unmatched-reversal claims with claim- and service-level CAS, and PLB adjustments.
    internal static RemittanceReceived GenerateRemittance(int seed)
    {
        var random = new Random(seed);
        var claims = new List<ClaimPayment>();
        for (var c = 0; c < 1 + random.Next(6); c++)
        {
            var kind = random.Next(10);
            if (kind == 0)
            {
                var charge = 1m + Cents(random, 100_000);
                claims.Add(Claim($"PCN{c}", "4", charge, 0m, null, $"ICN{c}", Cas("CO", "16", charge)));
                continue;
            }

            var services = new List<ServicePayment>();
            var claimAdjustments = new List<ClaimAdjustment>();
            decimal total = 0m, paid = 0m, pr = 0m;
            for (var s = 0; s < random.Next(0, 4); s++)
            {
                var lineCharge = 1m + Cents(random, 50_000);
                var co = Math.Round(lineCharge * random.Next(0, 60) / 100m, 2, MidpointRounding.ToEven);
                var prAmount = Math.Round((lineCharge - co) * random.Next(0, 30) / 100m, 2, MidpointRounding.ToEven);
                services.Add(new ServicePayment
                {
                    Procedure = new ChargeCode { CodeSet = ChargeCodeSet.Cpt, Code = random.Next(2) == 0 ? "99213" : "71046" },
                    Charge = Usd(lineCharge),
                    Paid = Usd(lineCharge - co - prAmount),
                    Adjustments = [Cas("CO", "45", co), Cas("PR", random.Next(2) == 0 ? "1" : "3", prAmount)],
                });
                total += lineCharge;
                paid += lineCharge - co - prAmount;
                pr += prAmount;
            }

            var claimCharge = total + 0.01m + Cents(random, 30_000);
            var claimCo = claimCharge - total;
            if (claimCo != 0m)
            {
                claimAdjustments.Add(Cas(random.Next(3) == 0 ? "PI" : "CO", random.Next(2) == 0 ? "45" : "253", claimCo));
            }

            var claimPr = Math.Min(Cents(random, 5_000), paid);
            if (claimPr != 0m)
            {
                claimAdjustments.Add(Cas("PR", "2", claimPr));
                paid -= claimPr;
                pr += claimPr;
            }

            var status = kind == 1 ? "22" : random.Next(3) switch { 0 => "1", 1 => "2", _ => "19" };
            var sign = status == "22" ? -1m : 1m;
            claims.Add(new ClaimPayment
            {
                ClaimId = new PatientControlNumber($"PCN{c}"),
                Status = new ClaimStatusCode(status),
                TotalCharge = Usd(sign * claimCharge),
                Paid = Usd(sign * paid),
                PatientResponsibility = Usd(sign * pr),
                PayerClaimControlNumber = new PayerClaimControlNumber($"ICN{c}"),
                ClaimFilingIndicator = random.Next(2) == 0 ? "12" : "MB",
                Adjustments = claimAdjustments.Select(a => a with { Amount = a.Amount * sign }).ToArray(),
                Services = services.Select(sv => sv with
                {
                    Charge = sv.Charge * sign,
                    Paid = sv.Paid * sign,
                    Adjustments = sv.Adjustments.Select(a => a with { Amount = a.Amount * sign }).ToArray(),
                }).ToArray(),
            });
        }

        var plbs = new List<ProviderAdjustment>();
        string[] reasons = ["L6", "WO", "FB", "72", "IR", "50", "AP"];
        for (var p = 0; p < random.Next(0, 4); p++)
        {
            var reason = reasons[random.Next(reasons.Length)];
            var amount = Cents(random, 20_000) * (random.Next(2) == 0 ? 1 : -1);
            if (amount != 0m)
            {
                plbs.Add(Plb(reason, amount, reason == "WO" ? $"PCN9{p} ICN9{p} EFT" : null));
            }
        }

        var bpr02 = claims.Sum(c => c.Paid.Amount) - plbs.Sum(p => p.Amount.Amount);
        return Remit(seed.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), bpr02, [.. claims], [.. plbs]);
    }

    [Property(MaxTest = 300)]
    public Property Post_GeneratedRemittance_EveryJournalBalancesPerEntityAndCurrency_AndCashClearingIsBpr02(PositiveInt seed)
    {
        var remit = GenerateRemittance(seed.Get);
        var result = Engine.Post(remit);

        var balanced = result.Journals.All(j => j.Lines
            .GroupBy(l => (l.Dimensions.LegalEntity, l.Amount.Currency))
            .All(g => g.Sum(l => l.Debit) == g.Sum(l => l.Credit)));
        var noErrors = !result.HasErrors;
        var cash = Net(result.Journals, AccountRole.CashClearing) == remit.Payment.Amount.Amount;
        var canonical = result.Journals.All(j => j.ToJournalEntry().Lines.Count == j.Lines.Count);
        return balanced.Label("balanced").And(noErrors.Label("mapped")).And(cash.Label("cash-clearing = BPR02")).And(canonical.Label("canonical entry"));
    }

    [Property(MaxTest = 300)]
    public Property Post_GeneratedRemittance_ArReliefPerFinalClaimIsClp03_AndPatientTransferIsClp05(PositiveInt seed)
    {
        var remit = GenerateRemittance(seed.Get);
        var result = Engine.Post(remit);

        var ok = true;
        foreach (var claim in remit.Claims.Where(c => !c.Status.IsDenial && !c.Status.IsReversal))
        {
            var journal = result.Journals.Single(j => j.Lines.Any(l => l.References.ClaimId == claim.ClaimId.Value && l.Role == AccountRole.PayerAr));
            var relief = -Net([journal], AccountRole.PayerAr);
            var transfer = Net([journal], AccountRole.PatientAr);
            ok &= relief == claim.TotalCharge.Amount && transfer == (claim.PatientResponsibility?.Amount ?? 0m);
        }

        return ok.ToProperty();
    }

    [Property(MaxTest = 200)]
    public Property Post_GeneratedRemittance_IsDeterministic(PositiveInt seed)
    {
        var first = Engine.Post(GenerateRemittance(seed.Get));
        var second = Engine.Post(GenerateRemittance(seed.Get));

        return (first.Journals.SequenceEqual(second.Journals)
                && first.Journals.Select(j => j.JournalId).Distinct().Count() == first.Journals.Count
                && first.Diagnostics.Select(d => d.ToString()).SequenceEqual(second.Diagnostics.Select(d => d.ToString())))
            .ToProperty();
    }

    [Property(MaxTest = 200)]
    public Property Post_GeneratedRemittanceReversedLater_NetsEveryRoleToZero(PositiveInt seed)
    {
        var original = GenerateRemittance(seed.Get);
        var finals = original.Claims.Where(c => !c.Status.IsDenial && !c.Status.IsReversal).ToArray();
        var reversal = Remit("9999", -finals.Sum(c => c.Paid.Amount), finals.Select(Negate).ToArray());
        var history = new ClaimPaymentHistory();
        var posted = Engine.Post(original with { ProviderAdjustments = [] }, history);
        var reversed = Engine.Post(reversal, history);

        var claimJournals = posted.Journals.Where(j => j.Lines.Any(l => l.Role == AccountRole.PayerAr)).Concat(reversed.Journals).ToList();
        var roles = claimJournals.SelectMany(j => j.Lines).Select(l => l.Role).Distinct();
        return (reversed.Diagnostics.All(d => d.Severity == HealthFinance.Canonical.Diagnostics.DiagnosticSeverity.Information) && roles.All(r => Net(claimJournals, r, l => l.References.ClaimId is not null && !l.References.ClaimId.StartsWith("PCN9", StringComparison.Ordinal)) == 0m)).ToProperty();
    }

    [Property(MaxTest = 200)]
    public Property Post_GeneratedCharges_BalanceAndBookEveryLine(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        var lines = Enumerable.Range(0, 1 + random.Next(8))
            .Select(_ => (random.Next(2) == 0 ? "99213" : "71046", random.Next(3) == 0 ? "0450" : null, Cents(random, 900_000)))
            .Select(l => (l.Item1, l.Item2, (decimal)l.Item3))
            .ToArray();
        var result = Engine.Post(PostingEngineTests.Charge("F1", lines));

        var revenue = -Net(result.Journals, AccountRole.GrossRevenue);
        var unbilled = Net(result.Journals, AccountRole.UnbilledAr);
        return (revenue == lines.Sum(l => l.Item3) && unbilled == revenue && result.Journals.All(j => j.Lines.Sum(l => l.Debit) == j.Lines.Sum(l => l.Credit))).ToProperty();
    }

    private static ClaimPayment Negate(ClaimPayment c) => c with
    {
        Status = ClaimStatusCode.Reversal,
        TotalCharge = -c.TotalCharge,
        Paid = -c.Paid,
        PatientResponsibility = c.PatientResponsibility is { } p ? -p : null,
        Adjustments = c.Adjustments.Select(a => a with { Amount = -a.Amount }).ToArray(),
        Services = c.Services.Select(s => s with { Charge = -s.Charge, Paid = -s.Paid, Adjustments = s.Adjustments.Select(a => a with { Amount = -a.Amount }).ToArray() }).ToArray(),
    };
}
