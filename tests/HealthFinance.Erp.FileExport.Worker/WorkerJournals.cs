using System.Globalization;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Erp.FileExport.Worker;

/// <summary>The deterministic run of journals the worker posts: journal <c>i</c> has key <c>w{i}</c> and 1 to 3 debit/credit pairs.</summary>
internal static class WorkerJournals
{
    public static JournalEntry Make(int i)
    {
        var dims = new JournalDimensions { LegalEntity = new LegalEntityId(i % 5 == 0 ? "E2" : "E1"), CostCenter = "C100", PayerClass = "commercial" };
        var lines = new List<JournalLine>();
        for (var p = 0; p <= i % 3; p++)
        {
            var amount = new Money(i + (p * 0.01m) + 1m, CurrencyCode.USD);
            lines.Add(JournalLine.DebitOf(p == 0 ? AccountRole.CashClearing : AccountRole.ContractualAllowance, amount, dims) with { Memo = "CLP04, \"worker\"" });
            lines.Add(JournalLine.CreditOf(AccountRole.PayerAr, amount, dims) with { Memo = "CLP04, \"worker\"" });
        }

        var key = "w" + i.ToString(CultureInfo.InvariantCulture);
        return new JournalEntry
        {
            EventId = "J-" + key,
            Source = new SourceReference { Format = SourceFormat.X12, InterchangeControlNumber = "1", FileName = "worker.835" },
            LegalEntity = dims.LegalEntity,
            IdempotencyKey = key,
            EntryDate = new DateOnly(2024, 1, 5),
            SourceEventIds = ["x12-835:" + key],
            RuleSetVersion = "worker-1",
            Description = "worker journal",
            Lines = lines.ToArray(),
        };
    }
}
