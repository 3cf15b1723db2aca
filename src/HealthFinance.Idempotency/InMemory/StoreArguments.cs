using HealthFinance.Idempotency.Keys;

namespace HealthFinance.Idempotency.InMemory;

/// <summary>Argument checks shared by the in-memory stores.</summary>
internal static class StoreArguments
{
    /// <summary>Rejects the empty (<c>default</c>) key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="paramName">The parameter name.</param>
    /// <exception cref="ArgumentException">The key is <c>default</c>.</exception>
    public static void Key(IdempotencyKey key, string paramName)
    {
        if (key == default)
        {
            throw new ArgumentException("The idempotency key is empty.", paramName);
        }
    }

    /// <summary>Rejects an undefined enum value.</summary>
    /// <typeparam name="TEnum">The enum type.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="paramName">The parameter name.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is not defined.</exception>
    public static void Defined<TEnum>(TEnum value, string paramName)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"Not a defined {typeof(TEnum).Name}.");
        }
    }

    /// <summary>Checks an input to record.</summary>
    /// <param name="record">The input.</param>
    /// <param name="paramName">The parameter name.</param>
    public static void Record(IdempotencyRecord record, string paramName)
    {
        ArgumentNullException.ThrowIfNull(record, paramName);
        ArgumentNullException.ThrowIfNull(record.Keys, paramName);
        ArgumentNullException.ThrowIfNull(record.EventType, paramName);
        foreach (var key in record.Keys.All)
        {
            Key(key, paramName);
        }

        Defined(record.Status, paramName);
    }
}
