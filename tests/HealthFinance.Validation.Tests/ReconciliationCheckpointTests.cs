using HealthFinance.Canonical.Events;
using HealthFinance.Mapping.Posting;
using static HealthFinance.Validation.Tests.Fixtures;

namespace HealthFinance.Validation.Tests;

public sealed class ReconciliationCheckpointTests
{
    private static readonly DateOnly Billed = new(2024, 6, 1);
    private static readonly DateOnly Paid = new(2024, 6, 20);

    private static ReconciliationReport Reconcile(params CanonicalEvent[] events)
    {
        var history = new ClaimPaymentHistory();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var checkpoint = new ReconciliationCheckpoint();
        foreach (var e in events)
        {
            checkpoint.Add(Validator.Decide(e, Engine, history, keys));
        }

        return checkpoint.Report();
    }

    [Fact]
    public void Report_NamesTheCauseOfEveryClaimVariance()
    {
        var report = Reconcile(
            Submitted("PCN1", 500m, Billed),
            Submitted("PCN2", 200m, Billed),
            Submitted("PCN4", 80m, Billed),
            Submitted("PCN6", 90m, Billed),
            Remit(
                "0001",
                485m,
                Paid,
                Claim("PCN1", "1", 500m, 300m, Cas(AdjustmentGroupCode.ContractualObligation, "45", 150m), Cas(AdjustmentGroupCode.PatientResponsibility, "1", 50m)),
                Claim("PCN2", "4", 200m, 0m, Cas(AdjustmentGroupCode.ContractualObligation, "16", 200m)),
                Claim("PCN3", "1", 100m, 90m, Cas(AdjustmentGroupCode.ContractualObligation, "45", 10m)),
                Claim("PCN6", "1", 95m, 95m)),
            Remit("0002", 100m, Paid, Claim("PCN7", "1", 100m, 90m, Cas(AdjustmentGroupCode.ContractualObligation, "45", 10m))));

        Assert.Equal(
            [
                ("PCN1", VarianceCause.None, 0m),
                ("PCN2", VarianceCause.Denied, 0m),
                ("PCN3", VarianceCause.Parked, 0m),
                ("PCN4", VarianceCause.Open, 0m),
                ("PCN6", VarianceCause.ChargeDiffers, 0m),
                ("PCN7", VarianceCause.Quarantined, 90m),
            ],
            report.Claims.Select(c => (c.ClaimId, c.Cause, c.Variance)));
        var pcn1 = report.Claims[0];
        Assert.Equal((500m, 500m, 300m, 300m), (pcn1.Billed, pcn1.Charged, pcn1.Remitted, pcn1.Posted));

        Assert.Equal(
            [("TRN0001", 485m, 485m, 0m, VarianceCause.None), ("TRN0002", 100m, 0m, 100m, VarianceCause.Quarantined)],
            report.Remittances.Select(r => (r.TraceNumber, r.Remitted, r.Posted, r.Variance, r.Cause)));
        Assert.Equal(5, report.Findings.Count(f => f.Code == ValidationDiagnosticCodes.ReconciliationVariance && f.Location.Path!.StartsWith("claim[", StringComparison.Ordinal)));
        Assert.Contains(report.Findings, f => f.Location.Path == "remittance[835-0002]");
    }

    [Fact]
    public void Report_UnmatchedReversal_IsCashInSuspense()
    {
        var remit = Remit("0003", 0m, Paid, Claim("PCN5", "22", -100m, -100m), Claim("PCN5", "1", 100m, 100m));
        var report = Reconcile(Submitted("PCN5", 100m, Billed), remit with { Payment = remit.Payment with { HandlingCode = PaymentHandlingCode.NotificationOnly, Method = RemittancePaymentMethod.NonPayment } });

        var claim = Assert.Single(report.Claims);
        Assert.Equal(VarianceCause.Unmatched, claim.Cause);
        Assert.Equal((0m, 0m, -100m, -100m), (claim.Remitted, claim.Posted, claim.Suspense, claim.Variance));
        Assert.Equal(VarianceCause.Unmatched, Assert.Single(report.Remittances).Cause);
    }

    [Fact]
    public void Report_AddsUpEachDay_AndWritesText()
    {
        var report = Reconcile(
            Submitted("PCN1", 500m, Billed),
            Remit("0001", 300m, Paid, Claim("PCN1", "1", 500m, 300m, Cas(AdjustmentGroupCode.ContractualObligation, "45", 200m))));

        Assert.Equal([(Billed, 500m, 0m, 0m), (Paid, 0m, 300m, 300m)], report.Days.Select(d => (d.Date, d.Billed, d.Remitted, d.Posted)));
        Assert.Empty(report.Findings);
        var text = new StringWriter();
        report.WriteText(text);
        Assert.Contains("PCN1\t500\t500\t300\t300\t0\t0\tNone", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("2024-06-20\t0\t300\t300", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AddAndWrite_RejectNull()
    {
        Assert.Throws<ArgumentNullException>(() => new ReconciliationCheckpoint().Add(null!));
        Assert.Throws<ArgumentNullException>(() => new ReconciliationCheckpoint().Report().WriteText(null!));
    }
}
