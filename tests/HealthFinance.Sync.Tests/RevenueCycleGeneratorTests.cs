using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;
using HealthFinance.TestUtilities.Generation;
using HealthFinance.X12.Hipaa;
using HealthFinance.X12.Validation;

namespace HealthFinance.Sync.Tests;

public sealed class RevenueCycleGeneratorTests
{
    private static readonly RevenueCycleOptions Small = new() { Claims = 2_000 };

    // The pipeline run exports one JSON-lines file per claim journal message (the 837's claims are one message each),
    // so it runs on fewer claims in smaller transaction sets: still every kind of payment, reversal and PLB.
    private static readonly RevenueCycleOptions ForPipeline = new() { Claims = 600, MinClaimsPerTransaction = 20, MaxClaimsPerTransaction = 60 };

    [Fact]
    public void Write_SameSeed_WritesByteIdenticalFiles_AndAnotherSeedDoesNot()
    {
        var options = new RevenueCycleOptions { Claims = 400, MinClaimsPerTransaction = 20, MaxClaimsPerTransaction = 60 };
        var (claims1, remits1, summary1) = Generate(options);
        var (claims2, remits2, summary2) = Generate(options);
        var (claims3, remits3, _) = Generate(options with { Seed = options.Seed + 1 });

        Assert.Equal(claims1, claims2);
        Assert.Equal(remits1, remits2);
        Assert.Equal(summary1, summary2);
        Assert.NotEqual(claims1, claims3);
        Assert.NotEqual(remits1, remits3);
        Assert.Equal(400, summary1.Claims);
        Assert.Equal(claims1.Length, summary1.ClaimBytes);
        Assert.Equal(remits1.Length, summary1.RemittanceBytes);
    }

    [Fact]
    public void Write_TargetRemittanceBytes_StopsAfterTheTransactionThatReachesIt()
    {
        var (_, remits, summary) = Generate(new RevenueCycleOptions { TargetRemittanceBytes = 300_000 });

        Assert.True(remits.Length >= 300_000, $"{remits.Length} bytes");
        Assert.True(remits.Length < 300_000 + 250_000, $"{remits.Length} bytes: more than one transaction set past the target");
        Assert.True(summary.RemittanceTransactions > 1);
    }

    [Fact]
    public void Write_InvalidOptions_Throw()
    {
        Assert.Throws<ArgumentException>(() => Generate(new RevenueCycleOptions()));
        Assert.Throws<ArgumentException>(() => Generate(new RevenueCycleOptions { Claims = 10, TargetRemittanceBytes = 10 }));
        Assert.Throws<ArgumentException>(() => Generate(new RevenueCycleOptions { Claims = 10, MinClaimsPerTransaction = 5, MaxClaimsPerTransaction = 4 }));
    }

    [Fact]
    public async Task Generated_ValidatesWithoutFindings_AndEvery835Balances()
    {
        using var harness = new SyncHarness();
        var (claimsPath, remitsPath, summary) = WriteFiles(harness.Folder, Small);

        foreach (var path in new[] { claimsPath, remitsPath })
        {
            await using var stream = File.OpenRead(path);
            var validation = await X12Validator.ValidateAsync(stream, null, TestContext.Current.CancellationToken);
            Assert.True(validation.ErrorCount == 0 && validation.WarningCount == 0, $"{Path.GetFileName(path)}: " + string.Join("; ", validation.Diagnostics.Take(5)));
            Assert.Equal(path == claimsPath ? summary.ClaimSegments : summary.RemittanceSegments, validation.SegmentCount);
        }

        var claimIds = new HashSet<string>(StringComparer.Ordinal);
        var claimTransactions = 0;
        foreach (var result in ReadAll(claimsPath))
        {
            claimTransactions++;
            foreach (var claim in result.Events.Cast<ClaimSubmitted>())
            {
                Assert.True(claimIds.Add(claim.ClaimId.Value), $"CLM01 {claim.ClaimId} repeats.");
            }
        }

        Assert.Equal(summary.ClaimTransactions, claimTransactions);
        Assert.Equal(summary.Claims, claimIds.Count);

        // Payments seen in earlier transaction sets, by (payer, CLP01, CLP07): what a reversal must negate.
        var earlier = new Dictionary<(string, string, string), ClaimPayment>();
        long clp = 0, reversals = 0, corrections = 0, denied = 0, interest = 0, recoupments = 0;
        var total = 0m;
        foreach (var result in ReadAll(remitsPath))
        {
            var r = Assert.IsType<RemittanceReceived>(Assert.Single(result.Events));
            var paid = r.Claims.Sum(static c => c.Paid.Amount);
            var plb = r.ProviderAdjustments.Sum(static p => p.Amount.Amount);
            Assert.Equal(r.Payment.Amount.Amount, paid - plb);
            Assert.True(r.Payment.Amount.Amount > 0m);
            total += r.Payment.Amount.Amount;
            interest += r.ProviderAdjustments.Count(static p => p.ReasonCode == "L6");
            recoupments += r.ProviderAdjustments.Count(static p => p.ReasonCode == "WO");
            var current = new List<ClaimPayment>();
            for (var i = 0; i < r.Claims.Count; i++)
            {
                var c = r.Claims[i];
                clp++;
                Assert.Contains(c.ClaimId.Value, claimIds);
                var adjustments = c.Adjustments.Sum(static a => a.Amount.Amount) + c.Services.Sum(static s => s.Adjustments.Sum(static a => a.Amount.Amount));
                Assert.Equal(c.TotalCharge.Amount - adjustments, c.Paid.Amount);
                Assert.All(c.Services, s => Assert.Equal(s.Charge.Amount - s.Adjustments.Sum(static a => a.Amount.Amount), s.Paid.Amount));
                if (c.Status.IsReversal)
                {
                    reversals++;
                    var key = (r.Payer.Value, c.ClaimId.Value, c.PayerClaimControlNumber!.Value.Value);
                    Assert.True(earlier.Remove(key, out var original), $"The reversal of {c.ClaimId} reverses no payment of an earlier transaction set.");
                    Assert.Equal(-original.TotalCharge.Amount, c.TotalCharge.Amount);
                    Assert.Equal(-original.Paid.Amount, c.Paid.Amount);
                    Assert.Equal(
                        original.Services.SelectMany(static s => s.Adjustments).Select(static a => (a.Group, a.ReasonCode, -a.Amount.Amount)),
                        c.Services.SelectMany(static s => s.Adjustments).Select(static a => (a.Group, a.ReasonCode, a.Amount.Amount)));
                    var correction = r.Claims[i + 1];
                    Assert.Equal(c.ClaimId, correction.ClaimId);
                    Assert.Equal(ClaimStatusCode.ProcessedAsPrimary, correction.Status);
                    Assert.True(correction.Paid.Amount >= original.Paid.Amount);
                    corrections++;
                    i++;
                    clp++;
                    continue;
                }

                if (c.Status.IsDenial)
                {
                    denied++;
                    Assert.Equal(0m, c.Paid.Amount);
                }

                current.Add(c);
            }

            foreach (var c in current)
            {
                earlier[(r.Payer.Value, c.ClaimId.Value, c.PayerClaimControlNumber!.Value.Value)] = c;
            }
        }

        Assert.Equal(summary.ClaimPayments, clp);
        Assert.Equal(summary.Claims + (2 * summary.Reversals), clp);
        Assert.Equal(summary.Reversals, reversals);
        Assert.Equal(summary.Corrections, corrections);
        Assert.Equal(summary.Denied, denied);
        Assert.Equal(summary.InterestAdjustments, interest);
        Assert.Equal(summary.Recoupments, recoupments);
        Assert.Equal(summary.TotalPayment, total);
        Assert.True(reversals >= 3 && denied > 50 && interest > 0 && recoupments > 0 && summary.PartiallyPaid > 500 && summary.Paid > 500, summary.ToString());
    }

    [Fact]
    public async Task Pipeline_PostsEveryClaimAndPayment_QuarantinesNothing_AndARerunPostsNothingNew()
    {
        using var harness = new SyncHarness();
        var inbox = Directory.CreateDirectory(Path.Combine(harness.Folder, "inbox")).FullName;
        var (claimsPath, remitsPath, summary) = WriteFiles(inbox, ForPipeline);
        Assert.True(summary.Reversals > 0 && summary.Denied > 0 && summary.PartiallyPaid > 0 && summary.InterestAdjustments + summary.Recoupments > 0, summary.ToString());

        var first = await harness.RunAsync(claimsPath, remitsPath);

        Assert.True(first.Quarantined == 0 && first.DeadLettered == 0 && first.Parked == 0, Describe(first));
        Assert.Equal(summary.Claims + summary.RemittanceTransactions, first.Received);
        Assert.Equal(first.Received, first.Posted);
        Assert.Equal(summary.ClaimPayments, first.ClaimPayments);
        Assert.Equal(0m, first.ReconciliationVariance);
        Assert.True(first.Complete);
        Assert.Equal(first.Journals, first.DeliveredJournals);
        Assert.Equal(0, first.RejectedJournals);
        var lines = SyncHarness.ExportedLines(harness.ExportFolder);
        Assert.Equal(first.JournalLines, lines.Count);

        var second = await harness.RunAsync(claimsPath, remitsPath);

        Assert.Equal(first.Received, second.Received);
        Assert.Equal(second.Received, second.Duplicates);
        Assert.True(second.Posted == 0 && second.Journals == 0 && second.Quarantined == 0 && second.DeadLettered == 0, Describe(second));
        Assert.Equal(lines, SyncHarness.ExportedLines(harness.ExportFolder));
    }

    private static string Describe(SyncRunReport report)
        => $"received {report.Received}, posted {report.Posted}, duplicates {report.Duplicates}, quarantined {report.Quarantined}, parked {report.Parked}, "
           + $"dead-lettered {report.DeadLettered}, nothing to post {report.NothingToPost}; "
           + string.Join("; ", report.Quarantines.Take(5).Select(static q => $"{q.Unit} {q.Position} {q.Codes}: {q.Reason}"));

    private static IEnumerable<HipaaResult> ReadAll(string path)
    {
        using var stream = File.OpenRead(path);
        foreach (var result in HipaaReader.Read(stream, new HipaaReaderOptions { FileName = Path.GetFileName(path) }))
        {
            var findings = result.Diagnostics.Where(static d => d.Severity >= DiagnosticSeverity.Warning).ToList();
            Assert.True(findings.Count == 0, $"{Path.GetFileName(path)} {result.Identity.TransactionSetControlNumber}: " + string.Join("; ", findings.Take(5)));
            Assert.Equal(HipaaOutcome.Mapped, result.Outcome);
            yield return result;
        }
    }

    private static (string Claims, string Remittances, RevenueCycleSummary Summary) WriteFiles(string folder, RevenueCycleOptions options)
    {
        var claims = Path.Combine(folder, "01-claims.837");
        var remittances = Path.Combine(folder, "02-remittances.835");
        return (claims, remittances, RevenueCycleGenerator.Write(claims, remittances, options));
    }

    private static (byte[] Claims, byte[] Remittances, RevenueCycleSummary Summary) Generate(RevenueCycleOptions options)
    {
        using var claims = new MemoryStream();
        using var remittances = new MemoryStream();
        var summary = RevenueCycleGenerator.Write(claims, remittances, options);
        return (claims.ToArray(), remittances.ToArray(), summary);
    }
}
