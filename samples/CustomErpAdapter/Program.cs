// Post the sample day through a custom ERP adapter: the sync pipeline does the parsing, rules, idempotency and
// outbox; the adapter only turns journals into the ERP's documents. CustomErpAdapter.Tests proves the adapter with
// the conformance kit. Run it from the repository root:
//   dotnet run --project samples/CustomErpAdapter [-- files or folders]
using CustomErpAdapter;
using HealthFinance.Canonical;
using HealthFinance.Sync;
using HealthFinance.Sync.DependencyInjection;
using HealthFinance.Sync.Inputs;
using Microsoft.Extensions.DependencyInjection;

var inputs = args.Length > 0 ? args : ["samples/data"];
var ledger = new GeneralLedger();

// The sample rules give every line an account code; these place lines that come without one.
var accounts = new Dictionary<AccountRole, string>
{
    [AccountRole.CashClearing] = "1010",
    [AccountRole.PayerAr] = "1200",
    [AccountRole.PatientAr] = "1210",
    [AccountRole.ContractualAllowance] = "4100",
};

var services = new ServiceCollection();
services.AddHealthFinance(hf => hf
    .UseRules("samples/rules/riverbend-core.json", "samples/rules/riverbend-reference.json")
    .UseInMemoryState()
    .UseErpAdapter(_ => new GeneralLedgerAdapter(ledger, accounts)));

await using var provider = services.BuildServiceProvider();
var report = await provider.GetRequiredService<SyncPipeline>().RunAsync(SyncInput.FromPaths(inputs));
Console.WriteLine($"{report.Posted} events posted as {report.Journals} journals, {report.DeliveredJournals} delivered, "
    + $"{report.RejectedJournals} rejected, {report.Quarantined} quarantined, {report.NothingToPost} with nothing to post");

// What the ERP holds: documents carrying our idempotency key as their external reference.
Console.WriteLine($"the ledger holds {ledger.Documents.Count} documents, e.g.:");
foreach (var document in ledger.Documents.Take(3))
{
    Console.WriteLine($"  {document.Number} {document.Date:yyyy-MM-dd} {document.Lines.Count,2} lines  ref {document.ExternalReference}");
}

Console.WriteLine("trial balance:");
foreach (var account in ledger.Documents.SelectMany(d => d.Lines).GroupBy(l => (l.Company, l.Account)).OrderBy(g => g.Key))
{
    Console.WriteLine($"  {account.Key.Company,-4} {account.Key.Account,-6} Dr {account.Sum(l => l.Debit),10:0.00} Cr {account.Sum(l => l.Credit),10:0.00}");
}
