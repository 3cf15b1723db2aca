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

    /// <summary>Cash in the operating bank account. Value <c>cash</c>.</summary>
    public static AccountRole Cash { get; } = new("cash");

    /// <summary>Cash-clearing (ERA or gateway suspense), keyed by trace number until the deposit is matched. Value <c>cash-clearing</c>.</summary>
    public static AccountRole CashClearing { get; } = new("cash-clearing");

    /// <summary>Unbilled receivable (discharged, not final billed). Value <c>unbilled-ar</c>.</summary>
    public static AccountRole UnbilledReceivable { get; } = new("unbilled-ar");

    /// <summary>Receivable from a payer, sub-ledgered by payer and coverage sequence. Value <c>payer-ar</c>.</summary>
    public static AccountRole PayerReceivable { get; } = new("payer-ar");

    /// <summary>Receivable from the patient (self-pay). Value <c>patient-ar</c>.</summary>
    public static AccountRole PatientReceivable { get; } = new("patient-ar");

    /// <summary>Gross patient service revenue. Value <c>gross-revenue</c>.</summary>
    public static AccountRole GrossPatientServiceRevenue { get; } = new("gross-revenue");

    /// <summary>Contractual allowance (contra-revenue). Value <c>contractual-allowance</c>.</summary>
    public static AccountRole ContractualAllowance { get; } = new("contractual-allowance");

    /// <summary>Administrative or denial write-off (contra-revenue). Value <c>denial-write-off</c>.</summary>
    public static AccountRole DenialWriteOff { get; } = new("denial-write-off");

    /// <summary>Charity care adjustment (revenue deduction). Value <c>charity-care</c>.</summary>
    public static AccountRole CharityCare { get; } = new("charity-care");

    /// <summary>Implicit price concession (revenue deduction). Value <c>implicit-price-concession</c>.</summary>
    public static AccountRole ImplicitPriceConcession { get; } = new("implicit-price-concession");

    /// <summary>Bad debt expense (credit loss). Value <c>bad-debt-expense</c>.</summary>
    public static AccountRole BadDebtExpense { get; } = new("bad-debt-expense");

    /// <summary>Allowance for implicit price concessions or credit losses. Value <c>allowance-credit-losses</c>.</summary>
    public static AccountRole AllowanceForCreditLosses { get; } = new("allowance-credit-losses");

    /// <summary>Refunds payable (credit balances owed back). Value <c>refunds-payable</c>.</summary>
    public static AccountRole RefundsPayable { get; } = new("refunds-payable");

    /// <summary>Prompt-pay interest income (835 PLB L6). Value <c>interest-income</c>.</summary>
    public static AccountRole InterestIncome { get; } = new("interest-income");

    /// <summary>Payer settlement clearing (835 PLB FB forward balances). Value <c>payer-settlement-clearing</c>.</summary>
    public static AccountRole PayerSettlementClearing { get; } = new("payer-settlement-clearing");

    /// <summary>Payment gateway or merchant fee expense. Value <c>merchant-fee-expense</c>.</summary>
    public static AccountRole MerchantFeeExpense { get; } = new("merchant-fee-expense");

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
