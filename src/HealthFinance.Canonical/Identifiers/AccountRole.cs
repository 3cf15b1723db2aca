using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using HealthFinance.Canonical.Internal;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.Canonical;

/// <summary>A canonical accounting role such as cash-clearing or payer AR, which an ERP adapter maps to a concrete account.</summary>
/// <remarks>
/// Well-known roles are exposed as static properties; rule sets may define more. The value is trimmed; it must be non-empty, at most 256 characters and free of control characters.
/// It serializes as a plain JSON string.
/// </remarks>
[JsonConverter(typeof(IdentifierJsonConverter<AccountRole>))]
public readonly record struct AccountRole : ICanonicalIdentifier<AccountRole>
{
    private readonly string? _value;

    /// <summary>Creates the identifier.</summary>
    /// <param name="value">The identifier text; surrounding whitespace is removed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="CanonicalFormatException"><paramref name="value"/> is empty, too long or has control characters (<see cref="CanonicalErrorCodes.InvalidIdentifier"/>).</exception>
    public AccountRole(string value) => _value = IdentifierText.Normalize(value, nameof(AccountRole));

    /// <summary>Gross patient service revenue. Value <c>gross-revenue</c>.</summary>
    public static AccountRole GrossRevenue { get; } = new("gross-revenue");

    /// <summary>Unbilled receivables (charges captured, claim not yet billed). Value <c>unbilled-ar</c>.</summary>
    public static AccountRole UnbilledAr { get; } = new("unbilled-ar");

    /// <summary>Receivables from payers. Value <c>payer-ar</c>.</summary>
    public static AccountRole PayerAr { get; } = new("payer-ar");

    /// <summary>Receivables from patients (patient responsibility). Value <c>patient-ar</c>.</summary>
    public static AccountRole PatientAr { get; } = new("patient-ar");

    /// <summary>Cash clearing: remittance cash awaiting its bank deposit. Value <c>cash-clearing</c>.</summary>
    public static AccountRole CashClearing { get; } = new("cash-clearing");

    /// <summary>Cash in the operating bank account. Value <c>cash</c>.</summary>
    public static AccountRole Cash { get; } = new("cash");

    /// <summary>Contractual allowance (contra-revenue, CARC group CO). Value <c>contractual-allowance</c>.</summary>
    public static AccountRole ContractualAllowance { get; } = new("contractual-allowance");

    /// <summary>Denial write-off (contra-revenue). Value <c>denial-writeoff</c>.</summary>
    public static AccountRole DenialWriteOff { get; } = new("denial-writeoff");

    /// <summary>Administrative adjustment (small balances, timely filing and similar). Value <c>administrative-adjustment</c>.</summary>
    public static AccountRole AdministrativeAdjustment { get; } = new("administrative-adjustment");

    /// <summary>Charity care adjustment (revenue deduction). Value <c>charity-adjustment</c>.</summary>
    public static AccountRole CharityAdjustment { get; } = new("charity-adjustment");

    /// <summary>Implicit price concession (ASC 606 revenue deduction). Value <c>implicit-price-concession</c>.</summary>
    public static AccountRole ImplicitPriceConcession { get; } = new("implicit-price-concession");

    /// <summary>Bad debt (credit loss). Value <c>bad-debt</c>.</summary>
    public static AccountRole BadDebt { get; } = new("bad-debt");

    /// <summary>Refunds payable to patients or payers (credit balances). Value <c>refunds-payable</c>.</summary>
    public static AccountRole RefundsPayable { get; } = new("refunds-payable");

    /// <summary>Prompt-pay interest income (835 AMT*I, PLB L6). Value <c>interest-income</c>.</summary>
    public static AccountRole InterestIncome { get; } = new("interest-income");

    /// <summary>Payer settlement clearing (835 PLB FB forward balances). Value <c>payer-settlement-clearing</c>.</summary>
    public static AccountRole PayerSettlementClearing { get; } = new("payer-settlement-clearing");

    /// <summary>Amounts a payer withholds and owes back later (PLB withholding). Value <c>withholding-receivable</c>.</summary>
    public static AccountRole WithholdingReceivable { get; } = new("withholding-receivable");

    /// <summary>Penalties a payer deducts (PLB penalty reasons). Value <c>penalty-expense</c>.</summary>
    public static AccountRole PenaltyExpense { get; } = new("penalty-expense");

    /// <summary>Third-party settlements (cost reports, periodic interim payments). Value <c>third-party-settlement</c>.</summary>
    public static AccountRole ThirdPartySettlement { get; } = new("third-party-settlement");

    /// <summary>Suspense for cash effects that cannot be placed (e.g. a reversal whose original is unknown). Value <c>suspense</c>.</summary>
    public static AccountRole Suspense { get; } = new("suspense");

    /// <summary>Every well-known role above, in the order listed; rule sets map each to an ERP account per legal entity.</summary>
    public static IReadOnlyList<AccountRole> WellKnown { get; } =
    [
        GrossRevenue, UnbilledAr, PayerAr, PatientAr, CashClearing, Cash, ContractualAllowance, DenialWriteOff,
        AdministrativeAdjustment, CharityAdjustment, ImplicitPriceConcession, BadDebt, RefundsPayable, InterestIncome,
        PayerSettlementClearing, WithholdingReceivable, PenaltyExpense, ThirdPartySettlement, Suspense,
    ];

    /// <summary>The identifier text, or an empty string for <c>default</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Parses the identifier.</summary>
    /// <param name="value">The identifier text.</param>
    /// <returns>The identifier.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="CanonicalFormatException"><paramref name="value"/> is not a usable identifier.</exception>
    public static AccountRole Parse(string value) => new(value);

    /// <summary>Tries to parse the identifier without throwing.</summary>
    /// <param name="value">The identifier text.</param>
    /// <param name="result">The identifier when valid; otherwise <c>default</c>.</param>
    /// <returns><see langword="true"/> when the text is a usable identifier.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, out AccountRole result)
    {
        if (IdentifierText.TryNormalize(value, out var normalized))
        {
            result = new AccountRole(normalized);
            return true;
        }

        result = default;
        return false;
    }

    /// <summary>Returns the identifier text.</summary>
    /// <returns>The identifier text.</returns>
    public override string ToString() => Value;

    static AccountRole ICanonicalIdentifier<AccountRole>.Create(string value) => new(value);
}
