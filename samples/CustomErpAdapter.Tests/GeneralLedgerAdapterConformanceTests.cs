using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using HealthFinance.Erp;
using HealthFinance.Erp.Testing;

namespace CustomErpAdapter.Tests;

/// <summary>
/// Every test of the conformance kit, run against <see cref="GeneralLedgerAdapter"/>. An ERP vendor writes this one
/// class: how to create the adapter over an empty ledger, how to read back what the ledger holds, and how to make
/// the next call fail the ways the transport can fail.
/// </summary>
public sealed class GeneralLedgerAdapterConformanceTests : ErpAdapterConformanceTests
{
    // The kit's journals use these roles (ErpConformanceJournals.Roles) and carry no account codes.
    private static readonly Dictionary<AccountRole, string> Accounts = new()
    {
        [AccountRole.CashClearing] = "1010",
        [AccountRole.PayerAr] = "1200",
        [AccountRole.ContractualAllowance] = "4100",
        [AccountRole.PatientAr] = "1210",
    };

    private readonly Dictionary<IErpAdapter, GeneralLedger> _ledgers = [];

    // The kit asks for a small line limit to see journals split; the ledger declares it as its document limit.
    protected override IErpAdapter CreateAdapter(ErpConformanceSettings settings)
    {
        var ledger = new GeneralLedger { MaxLinesPerDocument = Math.Min(settings.MaxLinesPerJournal, 500) };
        var adapter = new GeneralLedgerAdapter(ledger, Accounts);
        _ledgers.Add(adapter, ledger);
        return adapter;
    }

    protected override Task<IReadOnlyList<ErpHeldJournal>> ReadHeldJournalsAsync(IErpAdapter adapter, CancellationToken cancellationToken)
    {
        IReadOnlyList<ErpHeldJournal> held = [.. _ledgers[adapter].Documents.Select(d => new ErpHeldJournal(
            d.ExternalReference,
            d.Number,
            [.. d.Lines.Select(l => l.Debit > 0
                ? new ErpHeldLine(JournalSide.Debit, new Money(l.Debit, new CurrencyCode(l.Currency)), l.Company)
                : new ErpHeldLine(JournalSide.Credit, new Money(l.Credit, new CurrencyCode(l.Currency)), l.Company))]))];
        return Task.FromResult(held);
    }

    protected override void InjectAmbiguousFailure(IErpAdapter adapter) => _ledgers[adapter].FailNextCall(LedgerFault.TimeoutAfterCommit);

    protected override void InjectTransientFailure(IErpAdapter adapter) => _ledgers[adapter].FailNextCall(LedgerFault.Unavailable);

    protected override void InjectPermanentFailure(IErpAdapter adapter) => _ledgers[adapter].FailNextCall(LedgerFault.Unauthorized);

    // Interest income has no account in the adapter's map and the journal names none: the ledger refuses it (GL-110).
    protected override JournalEntry? CreateRejectedJournal(string idempotencyKey) => ErpConformanceJournals.Pairs(idempotencyKey, 1) with
    {
        Lines =
        [
            JournalLine.DebitOf(AccountRole.CashClearing, new Money(5.25m, CurrencyCode.USD), ErpConformanceJournals.Dimensions),
            JournalLine.CreditOf(AccountRole.InterestIncome, new Money(5.25m, CurrencyCode.USD), ErpConformanceJournals.Dimensions),
        ],
    };
}
