using System.Globalization;
using System.Text.Json;
using HealthFinance.TestUtilities.Generation;

namespace HealthFinance.Sync.Benchmarks;

/// <summary>
/// The generated input of one size: an 835 of about <see cref="Megabytes"/> MiB and the 837P of the claims it pays,
/// written once per seed and size into <c>HF_BENCH_DATA</c> (default <c>${TMPDIR:-/tmp}/hf-bench-data</c>) and reused
/// by later runs (the summary file is written last, so an interrupted generation is written again).
/// </summary>
internal sealed record SyncInputSet(int Megabytes, int Seed, string ClaimsPath, string RemittancePath, RevenueCycleSummary Summary)
{
    /// <summary>Environment variable naming the folder the inputs are generated into.</summary>
    public const string DataVariable = "HF_BENCH_DATA";

    public static string DataFolder => Environment.GetEnvironmentVariable(DataVariable) is { Length: > 0 } folder
        ? folder
        : Path.Combine(Path.GetTempPath(), "hf-bench-data");

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public long Bytes => Summary.ClaimBytes + Summary.RemittanceBytes;

    /// <summary>The inputs in the order the pipeline reads them: the claims, then the remittances.</summary>
    public string[] Paths => [ClaimsPath, RemittancePath];

    public static SyncInputSet Get(int megabytes, int seed = RevenueCycleOptions.DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(megabytes);
        var folder = Path.Combine(DataFolder, string.Create(CultureInfo.InvariantCulture, $"sync-{seed}-{megabytes}MiB"));
        var claims = Path.Combine(folder, "01-claims.837");
        var remittances = Path.Combine(folder, "02-remittances.835");
        var summaryPath = Path.Combine(folder, "summary.json");
        if (File.Exists(summaryPath) && JsonSerializer.Deserialize<RevenueCycleSummary>(File.ReadAllText(summaryPath)) is { } cached
            && File.Exists(claims) && new FileInfo(claims).Length == cached.ClaimBytes
            && File.Exists(remittances) && new FileInfo(remittances).Length == cached.RemittanceBytes)
        {
            return new SyncInputSet(megabytes, seed, claims, remittances, cached);
        }

        Directory.CreateDirectory(folder);
        File.Delete(summaryPath);
        var summary = RevenueCycleGenerator.Write(claims, remittances, new RevenueCycleOptions { Seed = seed, TargetRemittanceBytes = megabytes * 1024L * 1024L });
        File.WriteAllText(summaryPath, JsonSerializer.Serialize(summary, Indented));
        return new SyncInputSet(megabytes, seed, claims, remittances, summary);
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"835 {Summary.RemittanceBytes:N0} B ({Summary.RemittanceTransactions:N0} transaction sets, {Summary.ClaimPayments:N0} claim payments: {Summary.Paid:N0} paid, {Summary.PartiallyPaid:N0} partially paid, {Summary.Denied:N0} denied, {Summary.Reversals:N0} reversals + {Summary.Corrections:N0} corrections; {Summary.InterestAdjustments:N0} PLB L6, {Summary.Recoupments:N0} PLB WO); "
        + $"837P {Summary.ClaimBytes:N0} B ({Summary.ClaimTransactions:N0} transaction sets, {Summary.Claims:N0} claims)");
}
