using System.Runtime.CompilerServices;

namespace HealthFinance.Canonical.Internal;

/// <summary>Invariant checks used by the canonical records' init accessors.</summary>
internal static class Guard
{
    public static string Text(string? value, [CallerMemberName] string member = "")
    {
        if (value is null)
        {
            throw new ArgumentNullException(member);
        }

        var trimmed = value.Trim();
        return trimmed.Length == 0
            ? throw new CanonicalModelException(CanonicalErrorCodes.InvalidValue, $"{member} must not be empty.", member)
            : trimmed;
    }

    public static string? OptionalText(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var trimmed = value.Trim();
        return trimmed.Length == 0 ? null : trimmed;
    }

    public static TEnum Defined<TEnum>(TEnum value, [CallerMemberName] string member = "")
        where TEnum : struct, Enum =>
        Enum.IsDefined(value)
            ? value
            : throw new CanonicalModelException(CanonicalErrorCodes.InvalidValue, $"{member} has the undefined {typeof(TEnum).Name} value {value}.", member);

    public static decimal NonNegative(decimal value, [CallerMemberName] string member = "") =>
        value >= 0m
            ? value
            : throw new CanonicalModelException(CanonicalErrorCodes.InvalidValue, $"{member} must not be negative.", member);

    public static long NonNegative(long value, [CallerMemberName] string member = "") =>
        value >= 0
            ? value
            : throw new CanonicalModelException(CanonicalErrorCodes.InvalidValue, $"{member} must not be negative.", member);

    public static int Positive(int value, [CallerMemberName] string member = "") =>
        value > 0
            ? value
            : throw new CanonicalModelException(CanonicalErrorCodes.InvalidValue, $"{member} must be greater than zero.", member);

    public static T Id<T>(T value, [CallerMemberName] string member = "")
        where T : struct, ICanonicalIdentifier<T> =>
        value.Value.Length > 0
            ? value
            : throw new CanonicalModelException(CanonicalErrorCodes.InvalidIdentifier, $"{member} must be set; default({typeof(T).Name}) is not a valid value.", member);

    public static T? OptionalId<T>(T? value, [CallerMemberName] string member = "")
        where T : struct, ICanonicalIdentifier<T> =>
        value is { } v ? Id(v, member) : null;

    public static Money Money(Money value, [CallerMemberName] string member = "") =>
        !value.Currency.IsDefault
            ? value
            : throw new CanonicalModelException(CanonicalErrorCodes.InvalidCurrencyCode, $"{member} must have a currency.", member);

    public static Money NonNegative(Money value, [CallerMemberName] string member = "") =>
        Money(value, member).Amount >= 0m
            ? value
            : throw new CanonicalModelException(CanonicalErrorCodes.InvalidValue, $"{member} must not be negative.", member);

    public static Money Positive(Money value, [CallerMemberName] string member = "") =>
        Money(value, member).Amount > 0m
            ? value
            : throw new CanonicalModelException(CanonicalErrorCodes.InvalidValue, $"{member} must be greater than zero.", member);

    public static EquatableArray<T> Items<T>(EquatableArray<T> value, [CallerMemberName] string member = "")
    {
        foreach (var item in value)
        {
            if (item is null)
            {
                throw new CanonicalModelException(CanonicalErrorCodes.InvalidValue, $"{member} must not contain null items.", member);
            }
        }

        return value;
    }

    public static EquatableArray<T> NonEmpty<T>(EquatableArray<T> value, [CallerMemberName] string member = "") =>
        Items(value, member).IsEmpty
            ? throw new CanonicalModelException(CanonicalErrorCodes.InvalidValue, $"{member} must contain at least one item.", member)
            : value;

    public static EquatableArray<string> Codes(EquatableArray<string> value, [CallerMemberName] string member = "")
    {
        foreach (var item in value)
        {
            if (string.IsNullOrWhiteSpace(item) || item.Length != item.Trim().Length)
            {
                throw new CanonicalModelException(CanonicalErrorCodes.InvalidValue, $"{member} must contain only non-empty, trimmed codes.", member);
            }
        }

        return value;
    }

    /// <summary>
    /// Records the currency of <paramref name="value"/> in <paramref name="scope"/>, or checks it against the
    /// currency already recorded. All amounts of one object therefore share one currency, whatever order
    /// their init accessors run in.
    /// </summary>
    public static void SameCurrency(ref CurrencyCode? scope, CurrencyCode value, string member)
    {
        if (value.IsDefault)
        {
            throw new CanonicalModelException(CanonicalErrorCodes.InvalidCurrencyCode, $"{member} must have a currency.", member);
        }

        if (scope is { } existing && existing != value)
        {
            throw new CurrencyMismatchException(existing, value, member);
        }

        scope = value;
    }

    public static Money SameCurrency(ref CurrencyCode? scope, Money value, [CallerMemberName] string member = "")
    {
        SameCurrency(ref scope, value.Currency, member);
        return value;
    }

    public static Money? SameCurrency(ref CurrencyCode? scope, Money? value, [CallerMemberName] string member = "")
    {
        if (value is { } v)
        {
            SameCurrency(ref scope, v.Currency, member);
        }

        return value;
    }
}
