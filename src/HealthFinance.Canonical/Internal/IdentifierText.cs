namespace HealthFinance.Canonical.Internal;

/// <summary>Validation shared by the string-backed identifiers.</summary>
internal static class IdentifierText
{
    /// <summary>The maximum length of an identifier, generous enough for every source format's id elements.</summary>
    public const int MaxLength = 256;

    /// <summary>Trims <paramref name="value"/> and checks it is a usable identifier.</summary>
    /// <param name="value">The raw text.</param>
    /// <param name="typeName">The identifier type, for the message.</param>
    /// <returns>The trimmed text.</returns>
    public static string Normalize(string? value, string typeName)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryNormalize(value, out var normalized)
            ? normalized
            : throw new CanonicalFormatException(
                CanonicalErrorCodes.InvalidIdentifier,
                $"A {typeName} must be non-empty after trimming, at most {MaxLength} characters, and contain no control characters.");
    }

    /// <summary>Trims <paramref name="value"/> and reports whether it is a usable identifier.</summary>
    /// <param name="value">The raw text.</param>
    /// <param name="normalized">The trimmed text when valid.</param>
    /// <returns><see langword="true"/> when the value is usable.</returns>
    public static bool TryNormalize(string? value, out string normalized)
    {
        normalized = string.Empty;
        if (value is null)
        {
            return false;
        }

        var span = value.AsSpan().Trim();
        if (span.IsEmpty || span.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in span)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        normalized = span.Length == value.Length ? value : span.ToString();
        return true;
    }
}
