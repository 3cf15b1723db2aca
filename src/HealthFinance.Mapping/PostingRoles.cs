using System.Collections.Frozen;
using HealthFinance.Canonical;

namespace HealthFinance.Mapping;

/// <summary>
/// The stable canonical account roles every journal line is posted to. A rule set's chart of accounts maps each
/// role to an ERP account per legal entity; ERP adapters map on the same names.
/// </summary>
public static class PostingRoles
{
    /// <summary>Gross patient service revenue. Value <c>gross-revenue</c>.</summary>
    public static AccountRole GrossRevenue { get; } = new("gross-revenue");

    /// <summary>Unbilled receivable (charges not yet final billed). Value <c>unbilled-ar</c>.</summary>
    public static AccountRole UnbilledAr { get; } = new("unbilled-ar");

    /// <summary>Receivable from a payer. Value <c>payer-ar</c>.</summary>
    public static AccountRole PayerAr { get; } = new("payer-ar");

    /// <summary>Receivable from the patient (self-pay balance). Value <c>patient-ar</c>.</summary>
    public static AccountRole PatientAr { get; } = new("patient-ar");

    /// <summary>Cash-clearing (ERA or gateway suspense) until the deposit is matched. Value <c>cash-clearing</c>.</summary>
    public static AccountRole CashClearing { get; } = new("cash-clearing");

    /// <summary>Cash in the operating bank account. Value <c>cash</c>.</summary>
    public static AccountRole Cash { get; } = new("cash");

    /// <summary>Contractual allowance (contra-revenue). Value <c>contractual-allowance</c>.</summary>
    public static AccountRole ContractualAllowance { get; } = new("contractual-allowance");

    /// <summary>Denial write-off (contra-revenue). Value <c>denial-writeoff</c>.</summary>
    public static AccountRole DenialWriteOff { get; } = new("denial-writeoff");

    /// <summary>Administrative adjustment (contra-revenue). Value <c>administrative-adjustment</c>.</summary>
    public static AccountRole AdministrativeAdjustment { get; } = new("administrative-adjustment");

    /// <summary>Charity care adjustment (revenue deduction). Value <c>charity-adjustment</c>.</summary>
    public static AccountRole CharityAdjustment { get; } = new("charity-adjustment");

    /// <summary>Implicit price concession (revenue deduction). Value <c>implicit-price-concession</c>.</summary>
    public static AccountRole ImplicitPriceConcession { get; } = new("implicit-price-concession");

    /// <summary>Bad debt (credit loss). Value <c>bad-debt</c>.</summary>
    public static AccountRole BadDebt { get; } = new("bad-debt");

    /// <summary>Refunds payable (credit balances owed back). Value <c>refunds-payable</c>.</summary>
    public static AccountRole RefundsPayable { get; } = new("refunds-payable");

    /// <summary>Prompt-pay interest income (PLB L6). Value <c>interest-income</c>.</summary>
    public static AccountRole InterestIncome { get; } = new("interest-income");

    /// <summary>Payer settlement clearing (PLB FB forward balances). Value <c>payer-settlement-clearing</c>.</summary>
    public static AccountRole PayerSettlementClearing { get; } = new("payer-settlement-clearing");

    /// <summary>Withholding or levy receivable (PLB IR, E3, LE). Value <c>withholding-receivable</c>.</summary>
    public static AccountRole WithholdingReceivable { get; } = new("withholding-receivable");

    /// <summary>Penalty and fee expense (PLB 50, 51, L3, AH). Value <c>penalty-expense</c>.</summary>
    public static AccountRole PenaltyExpense { get; } = new("penalty-expense");

    /// <summary>Third-party (cost report, interim payment) settlement. Value <c>third-party-settlement</c>.</summary>
    public static AccountRole ThirdPartySettlement { get; } = new("third-party-settlement");

    /// <summary>Suspense for cash effects that cannot be placed (e.g. a reversal whose original is unknown). Value <c>suspense</c>.</summary>
    public static AccountRole Suspense { get; } = new("suspense");

    /// <summary>Every role above, by name.</summary>
    public static FrozenSet<string> All { get; } = new[]
    {
        GrossRevenue, UnbilledAr, PayerAr, PatientAr, CashClearing, Cash, ContractualAllowance, DenialWriteOff,
        AdministrativeAdjustment, CharityAdjustment, ImplicitPriceConcession, BadDebt, RefundsPayable, InterestIncome,
        PayerSettlementClearing, WithholdingReceivable, PenaltyExpense, ThirdPartySettlement, Suspense,
    }.Select(r => r.Value).ToFrozenSet(StringComparer.Ordinal);
}
