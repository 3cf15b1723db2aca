// Compose the sync pipeline in a console host, feed it an 835 remittance, and print what it posted: the run's
// totals and the journal lines the file export wrote. Run it from the repository root (the rule and data paths are
// relative to it): dotnet run --project samples/RemittanceToJournal [-- path/to/file.835]
using System.Text.Json;
using HealthFinance.Sync;
using HealthFinance.Sync.DependencyInjection;
using HealthFinance.Sync.Inputs;
using Microsoft.Extensions.DependencyInjection;

var input = args.Length > 0 ? args[0] : "samples/data/05-remittance-bcbs.835";
var work = Directory.CreateTempSubdirectory("hf-remittance-").FullName;
var journals = Path.Combine(work, "journals");

var services = new ServiceCollection();
services.AddHealthFinance(hf => hf
    .AddX12()
    .UseRules("samples/rules/riverbend-core.json", "samples/rules/riverbend-reference.json")
    .UseSqliteState(Path.Combine(work, "state.db"))         // idempotency keys, outbox, dead letters
    .UseFileExport(o => o.OutputDirectory = journals)        // JSON lines, one file per delivered batch
    // This host receives remittances only: post their cash without waiting for the claims (the default parks
    // each claim's lifecycle step until its 837 arrives).
    .Configure(o => o.UnknownClaims = UnknownClaimPolicy.Ignore));

await using var provider = services.BuildServiceProvider();
var pipeline = provider.GetRequiredService<SyncPipeline>();

// The same file twice: the second run finds every event's idempotency key in the state and posts nothing.
foreach (var run in new[] { "first run", "second run" })
{
    var report = await pipeline.RunAsync(SyncInput.FromPaths([input]));
    Console.WriteLine($"{run}: {report.Received} received, {report.Posted} posted ({report.Journals} journals, {report.JournalLines} lines), "
        + $"{report.Duplicates} duplicates, {report.Quarantined} quarantined, {report.Parked} parked, {report.DeliveredJournals} delivered, "
        + $"variance {report.ReconciliationVariance:0.00}");
    foreach (var q in report.Quarantines)
    {
        Console.WriteLine($"  quarantined {q.Unit} of {q.Input} at {q.Position}: {q.Codes} ({q.DeadLetterId})");
    }
}

// What the ERP would import: one JSON object per journal line (the contract of `healthfinance journal`).
Console.WriteLine($"journal lines in {journals}:");
foreach (var file in Directory.EnumerateFiles(journals, "*.jsonl").Order(StringComparer.Ordinal))
{
    foreach (var text in File.ReadLines(file))
    {
        var line = JsonDocument.Parse(text).RootElement;
        Console.WriteLine($"  {line.GetProperty("accountingDate")} {line.GetProperty("legalEntity"),-4} {line.GetProperty("account"),-6} "
            + $"{line.GetProperty("role"),-22} Dr {line.GetProperty("debit").GetDecimal(),8:0.00} Cr {line.GetProperty("credit").GetDecimal(),8:0.00}  "
            + $"{line.GetProperty("references").GetProperty("claimId")}");
    }
}
