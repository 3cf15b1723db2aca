using System.Globalization;
using System.Text.Json.Serialization;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.Canonical;

/// <summary>
/// An exact amount of money: a <see cref="decimal"/> with its ISO 4217 currency.
/// </summary>
/// <remarks>
/// <para>Arithmetic and comparison are defined only between amounts of the same currency; mixing currencies
/// throws <see cref="CurrencyMismatchException"/> (an <see cref="InvalidOperationException"/>). There is no implicit
/// conversion from <see cref="decimal"/> or <see cref="double"/>: every amount states its currency.</para>
/// <para>Nothing rounds implicitly. <see cref="Round(int, MidpointRounding)"/> rounds with an explicit mode, used only
/// where the source rounds. The decimal's scale is preserved, so <c>12.50</c> stays <c>12.50</c> in JSON.</para>
/// </remarks>
/// <param name="Amount">The exact amount; negative values are allowed (reversals, credits).</param>
/// <param name="Currency">The currency of the amount.</param>
[JsonConverter(typeof(MoneyJsonConverter))]
public readonly record struct Money(decimal Amount, CurrencyCode Currency) : IComparable<Money>, IComparable, IFormattable
{
    /// <summary>The currency of the amount.</summary>
    /// <exception cref="CanonicalModelException">The currency is <c>default(CurrencyCode)</c>.</exception>
    public CurrencyCode Currency { get; init => field = RequireCurrency(value, nameof(Currency)); } = RequireCurrency(Currency, nameof(Currency));

    /// <summary><see langword="true"/> when the amount is zero.</summary>
    public bool IsZero => Amount == 0m;

    /// <summary><see langword="true"/> when the amount is greater than zero.</summary>
    public bool IsPositive => Amount > 0m;

    /// <summary><see langword="true"/> when the amount is less than zero.</summary>
    public bool IsNegative => Amount < 0m;

    /// <summary>Returns a zero amount in <paramref name="currency"/>.</summary>
    /// <param name="currency">The currency.</param>
    /// <returns>Zero in that currency.</returns>
    public static Money Zero(CurrencyCode currency) => new(0m, currency);

    /// <summary>Sums amounts that all share <paramref name="currency"/>.</summary>
    /// <param name="values">The amounts; an empty sequence sums to zero.</param>
    /// <param name="currency">The currency every amount must have.</param>
    /// <returns>The exact sum.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is <see langword="null"/>.</exception>
    /// <exception cref="CurrencyMismatchException">An amount has another currency.</exception>
    public static Money Sum(IEnumerable<Money> values, CurrencyCode currency)
    {
        ArgumentNullException.ThrowIfNull(values);
        var total = Zero(currency);
        foreach (var value in values)
        {
            total += value;
        }

        return total;
    }

    /// <summary>Adds two amounts of the same currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The exact sum.</returns>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public static Money operator +(Money left, Money right)
    {
        EnsureSameCurrency(left, right, "Money addition");
        return new Money(left.Amount + right.Amount, left.Currency);
    }

    /// <summary>Subtracts two amounts of the same currency.</summary>
    /// <param name="left">The amount to subtract from.</param>
    /// <param name="right">The amount to subtract.</param>
    /// <returns>The exact difference.</returns>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public static Money operator -(Money left, Money right)
    {
        EnsureSameCurrency(left, right, "Money subtraction");
        return new Money(left.Amount - right.Amount, left.Currency);
    }

    /// <summary>Negates an amount.</summary>
    /// <param name="value">The amount.</param>
    /// <returns>The amount with the opposite sign.</returns>
    public static Money operator -(Money value) => value with { Amount = -value.Amount };

    /// <summary>Multiplies an amount by a factor (e.g. units or a percentage); the result is exact, not rounded.</summary>
    /// <param name="value">The amount.</param>
    /// <param name="factor">The factor.</param>
    /// <returns>The product in the same currency.</returns>
    public static Money operator *(Money value, decimal factor) => value with { Amount = value.Amount * factor };

    /// <summary>Multiplies an amount by a factor; the result is exact, not rounded.</summary>
    /// <param name="factor">The factor.</param>
    /// <param name="value">The amount.</param>
    /// <returns>The product in the same currency.</returns>
    public static Money operator *(decimal factor, Money value) => value * factor;

    /// <summary>Compares two amounts of the same currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is smaller.</returns>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public static bool operator <(Money left, Money right) => left.CompareTo(right) < 0;

    /// <summary>Compares two amounts of the same currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is greater.</returns>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public static bool operator >(Money left, Money right) => left.CompareTo(right) > 0;

    /// <summary>Compares two amounts of the same currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is smaller or equal.</returns>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public static bool operator <=(Money left, Money right) => left.CompareTo(right) <= 0;

    /// <summary>Compares two amounts of the same currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is greater or equal.</returns>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public static bool operator >=(Money left, Money right) => left.CompareTo(right) >= 0;

    /// <summary>Adds two amounts of the same currency (named alternative to <c>+</c>).</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The exact sum.</returns>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public static Money Add(Money left, Money right) => left + right;

    /// <summary>Subtracts two amounts of the same currency (named alternative to <c>-</c>).</summary>
    /// <param name="left">The amount to subtract from.</param>
    /// <param name="right">The amount to subtract.</param>
    /// <returns>The exact difference.</returns>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public static Money Subtract(Money left, Money right) => left - right;

    /// <summary>Negates an amount (named alternative to unary <c>-</c>).</summary>
    /// <param name="value">The amount.</param>
    /// <returns>The amount with the opposite sign.</returns>
    public static Money Negate(Money value) => -value;

    /// <summary>Multiplies an amount by a factor (named alternative to <c>*</c>).</summary>
    /// <param name="value">The amount.</param>
    /// <param name="factor">The factor.</param>
    /// <returns>The exact product.</returns>
    public static Money Multiply(Money value, decimal factor) => value * factor;

    /// <summary>Rounds the amount to <paramref name="decimals"/> places with an explicit midpoint rule.</summary>
    /// <param name="decimals">The number of decimal places, 0 to 28.</param>
    /// <param name="mode">How a value exactly halfway between two others is rounded.</param>
    /// <returns>The rounded amount in the same currency.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="decimals"/> is outside 0..28 or <paramref name="mode"/> is undefined.</exception>
    public Money Round(int decimals, MidpointRounding mode)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(decimals, 28);
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Undefined midpoint rounding mode.");
        }

        return this with { Amount = decimal.Round(Amount, decimals, mode) };
    }

    /// <summary>Returns the absolute value of the amount.</summary>
    /// <returns>The amount without its sign.</returns>
    public Money Abs() => this with { Amount = Math.Abs(Amount) };

    /// <summary>Compares with another amount of the same currency.</summary>
    /// <param name="other">The other amount.</param>
    /// <returns>Negative, zero or positive as for <see cref="decimal.CompareTo(decimal)"/>.</returns>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public int CompareTo(Money other)
    {
        EnsureSameCurrency(this, other, "Money comparison");
        return Amount.CompareTo(other.Amount);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="obj"/> is not a <see cref="Money"/>.</exception>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        Money other => CompareTo(other),
        _ => throw new ArgumentException("The object is not a Money value.", nameof(obj)),
    };

    /// <summary>Formats the amount as <c>12.50 USD</c> with the invariant culture.</summary>
    /// <returns>The amount and currency.</returns>
    public override string ToString() => ToString(null, CultureInfo.InvariantCulture);

    /// <summary>Formats the amount with a numeric format, followed by the currency code.</summary>
    /// <param name="format">A numeric format string for the amount, or <see langword="null"/>.</param>
    /// <param name="formatProvider">The culture; <see langword="null"/> means the invariant culture.</param>
    /// <returns>The amount and currency.</returns>
    public string ToString(string? format, IFormatProvider? formatProvider) =>
        Amount.ToString(format, formatProvider ?? CultureInfo.InvariantCulture) + " " + Currency.Value;

    private static CurrencyCode RequireCurrency(CurrencyCode currency, string member)
    {
        if (currency.IsDefault)
        {
            throw new CanonicalModelException(CanonicalErrorCodes.InvalidCurrencyCode, "Money requires a currency; default(CurrencyCode) is not one.", member);
        }

        return currency;
    }

    private static void EnsureSameCurrency(Money left, Money right, string context)
    {
        if (left.Currency != right.Currency)
        {
            throw new CurrencyMismatchException(left.Currency, right.Currency, context);
        }
    }
}
