using System.Diagnostics;
using System.Globalization;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using HealthFinance.Erp.FileExport.Tests.Support;
using HealthFinance.Erp.Testing;
using Microsoft.Extensions.Time.Testing;

namespace HealthFinance.Erp.FileExport.Tests;

/// <summary>
/// The hledger export read by the real <c>hledger</c>: <c>hledger check</c> passes (strict: accounts and commodities
/// declared) and <c>hledger balance</c> gives our totals per account and commodity. Skipped when hledger is not on
/// PATH, except under CI=true, where it must be.
/// </summary>
public sealed class HledgerCheckTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Hledger()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "hledger"))
            .FirstOrDefault(File.Exists);
        if (found is null)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail("hledger is not on PATH; CI must install it (apt-get install -y hledger).");
            }

            Assert.Skip("hledger is not on PATH; install it (apt-get install -y hledger) to run this test.");
        }

        return found;
    }

    private static async Task<(int Code, string Out, string Error)> RunAsync(string hledger, params string[] args)
    {
        var info = new ProcessStartInfo(hledger) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["LANG"] = "C.UTF-8";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output, await error);
    }

    private static JournalEntry Journal(string key, string entity, CurrencyCode currency, params (AccountRole Role, string? Code, decimal Amount)[] debitsThenCredits)
    {
        var dims = new JournalDimensions { LegalEntity = new LegalEntityId(entity) };
        var lines = debitsThenCredits.Select(l => (l.Amount > 0 ? JournalLine.DebitOf(l.Role, new Money(l.Amount, currency), dims) : JournalLine.CreditOf(l.Role, new Money(-l.Amount, currency), dims)) with { AccountCode = l.Code, Memo = "memo; with: a tag-like word" });
        return ErpConformanceJournals.Pairs(key, 1) with { LegalEntity = new LegalEntityId(entity), Lines = lines.ToArray(), Description = "desc | with ; odd characters" };
    }

    [Fact]
    public async Task Export_IsAcceptedByHledger_AndItsBalancesEqualOurs()
    {
        var hledger = Hledger();
        var journals = new[]
        {
            ErpConformanceJournals.Pairs("X12:1:1:0001|CLP|PCN1 (a)|1", 5),
            Journal("k-eur", "E2", CurrencyCode.EUR, (AccountRole.Cash, "1000 Bank", 1.000m), (AccountRole.CashClearing, null, 1000.5m), (AccountRole.PayerAr, null, -1001.500m)),
            Journal("k%29-odd", "E1", CurrencyCode.USD, (AccountRole.InterestIncome, "(4900)", 0.01m), (AccountRole.CashClearing, null, -0.01m)),
            Journal("k-gbp", "E1", CurrencyCode.GBP, (AccountRole.PatientAr, null, 123456789.1234m), (AccountRole.RefundsPayable, null, -123456789.1234m)),
        };
        using var adapter = new FileExportAdapter(new FileExportOptions { Format = FileExportFormat.Hledger, OutputDirectory = _folder.Path, MaxJournalsPerBatch = 2 }, new FakeTimeProvider(Samples.Now));
        var report = await new ErpPoster(adapter).PostAsync(journals, TestContext.Current.CancellationToken);
        Assert.True(report.AllPosted);
        var files = await adapter.ListFilesAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, files.Count);
        var arguments = files.SelectMany(f => new[] { "-f", Path.Combine(_folder.Path, f) }).ToArray();

        var check = await RunAsync(hledger, [.. arguments, "check", "-s"]);
        var balance = await RunAsync(hledger, [.. arguments, "balance", "--flat", "-N", "-O", "csv", "--layout=bare"]);

        Assert.True(check.Code == 0, check.Error);
        Assert.True(balance.Code == 0, balance.Error);
        var theirs = CsvReader.Read(balance.Out.Replace("\n", "\r\n", StringComparison.Ordinal).Replace("\r\r\n", "\r\n", StringComparison.Ordinal))
            .Skip(1)
            .ToDictionary(r => (r[0], r[1]), r => decimal.Parse(r[2], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture));
        var ours = journals
            .SelectMany(j => j.Lines.Select(l => (
                Account: Clean($"{(l.Dimensions.LegalEntity ?? j.LegalEntity)!.Value.Value}:{l.AccountCode ?? l.Account.Value}"),
                Commodity: l.Amount.Currency.Value,
                Amount: l.Side == JournalSide.Debit ? l.Amount.Amount : -l.Amount.Amount)))
            .GroupBy(x => (x.Account, x.Commodity))
            .Where(g => g.Sum(x => x.Amount) != 0m)
            .ToDictionary(g => g.Key, g => g.Sum(x => x.Amount));
        Assert.Equal(ours.OrderBy(p => p.Key), theirs.OrderBy(p => p.Key));
        Assert.Equal(theirs.GroupBy(p => p.Key.Item2).Select(g => (g.Key, 0m)), theirs.GroupBy(p => p.Key.Item2).Select(g => (g.Key, g.Sum(p => p.Value))));
    }

    [Fact]
    public async Task Export_TransactionCodes_CarryTheIdempotencyKeys()
    {
        var hledger = Hledger();
        using var adapter = new FileExportAdapter(new FileExportOptions { Format = FileExportFormat.Hledger, OutputDirectory = _folder.Path }, new FakeTimeProvider(Samples.Now));
        var journals = new[] { ErpConformanceJournals.Pairs("key (with) parens %", 1), ErpConformanceJournals.Pairs("plain-key", 1) };
        await adapter.PostAsync(new ErpBatch(journals.Select(j => new ErpJournal(j))), TestContext.Current.CancellationToken);
        var file = Path.Combine(_folder.Path, Assert.Single(await adapter.ListFilesAsync(TestContext.Current.CancellationToken)));

        var register = await RunAsync(hledger, "-f", file, "print", "-O", "csv");

        Assert.True(register.Code == 0, register.Error);
        var codes = CsvReader.Read(register.Out.Replace("\n", "\r\n", StringComparison.Ordinal).Replace("\r\r\n", "\r\n", StringComparison.Ordinal))
            .Skip(1).Select(r => Uri.UnescapeDataString(r[4])).Distinct().ToList();
        Assert.Equal(["key (with) parens %", "plain-key"], codes);
    }

    // hledger account names keep single spaces; a leading parenthesis would make a virtual posting.
    private static string Clean(string name) => name.StartsWith('(') ? "_" + name[1..] : name;
}
