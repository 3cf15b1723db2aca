using System.Text.Json.Serialization;
using HealthFinance.Canonical.Internal;

namespace HealthFinance.Canonical.Events;

/// <summary>
/// One journal line: a positive amount on exactly one side (debit or credit) of an account role.
/// </summary>
/// <remarks>
/// Exactly one side is non-zero by construction: <see cref="Side"/> names it and <see cref="Amount"/> must be
/// positive. <see cref="Debit"/> and <see cref="Credit"/> present the line in two-column form.
/// </remarks>
public sealed record JournalLine
{
    /// <summary>The side the amount is on.</summary>
    /// <exception cref="CanonicalModelException">The value is undefined.</exception>
    public required JournalSide Side { get; init => field = Guard.Defined(value); }

    /// <summary>The amount; always positive.</summary>
    /// <exception cref="CanonicalModelException">The value is zero, negative or has no currency.</exception>
    public required Money Amount { get; init => field = Guard.Positive(value); }

    /// <summary>The canonical account role, e.g. <see cref="AccountRole.CashClearing"/>.</summary>
    /// <exception cref="CanonicalModelException">The value is <c>default</c>.</exception>
    public required AccountRole Account { get; init => field = Guard.Id(value); }

    /// <summary>A concrete ERP account code that overrides the role mapping, when the rules name one.</summary>
    public string? AccountCode { get; init => field = Guard.OptionalText(value); }

    /// <summary>The accounting dimensions.</summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public JournalDimensions Dimensions { get; init => field = value ?? throw new ArgumentNullException(nameof(Dimensions)); } = JournalDimensions.None;

    /// <summary>
    /// The references back to the claim, patient account, payment trace and reversed journal, when the line has any;
    /// <see langword="null"/> when it has none. References are never general-ledger dimensions.
    /// </summary>
    /// <remarks>An empty <see cref="JournalLineReferences"/> is stored as <see langword="null"/>, so equality and JSON agree.</remarks>
    public JournalLineReferences? References { get; init => field = value is { IsEmpty: true } ? null : value; }

    /// <summary>A line memo, when present. Never holds clinical data.</summary>
    public string? Memo { get; init => field = Guard.OptionalText(value); }

    /// <summary>The debit amount: <see cref="Amount"/> for a debit line, zero for a credit line.</summary>
    [JsonIgnore]
    public Money Debit => Side == JournalSide.Debit ? Amount : Money.Zero(Amount.Currency);

    /// <summary>The credit amount: <see cref="Amount"/> for a credit line, zero for a debit line.</summary>
    [JsonIgnore]
    public Money Credit => Side == JournalSide.Credit ? Amount : Money.Zero(Amount.Currency);

    /// <summary>Creates a debit line.</summary>
    /// <param name="account">The account role.</param>
    /// <param name="amount">The positive amount.</param>
    /// <param name="dimensions">The dimensions, or <see langword="null"/> for none.</param>
    /// <returns>The line.</returns>
    /// <exception cref="CanonicalModelException"><paramref name="amount"/> is not positive.</exception>
    public static JournalLine DebitOf(AccountRole account, Money amount, JournalDimensions? dimensions = null) =>
        new() { Side = JournalSide.Debit, Account = account, Amount = amount, Dimensions = dimensions ?? JournalDimensions.None };

    /// <summary>Creates a credit line.</summary>
    /// <param name="account">The account role.</param>
    /// <param name="amount">The positive amount.</param>
    /// <param name="dimensions">The dimensions, or <see langword="null"/> for none.</param>
    /// <returns>The line.</returns>
    /// <exception cref="CanonicalModelException"><paramref name="amount"/> is not positive.</exception>
    public static JournalLine CreditOf(AccountRole account, Money amount, JournalDimensions? dimensions = null) =>
        new() { Side = JournalSide.Credit, Account = account, Amount = amount, Dimensions = dimensions ?? JournalDimensions.None };
}
