namespace HealthFinance.Canonical.Internal;

/// <summary>A string-backed value type that serializes as a plain JSON string.</summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
internal interface ICanonicalIdentifier<TSelf>
    where TSelf : struct, ICanonicalIdentifier<TSelf>
{
    /// <summary>The text of the value; empty for <c>default</c>.</summary>
    string Value { get; }

    /// <summary>Creates a validated value from text.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The value.</returns>
    static abstract TSelf Create(string value);
}
