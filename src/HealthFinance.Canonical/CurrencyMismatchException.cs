namespace HealthFinance.Canonical;

/// <summary>
/// Thrown when two amounts that must share one currency do not: arithmetic or comparison of
/// <see cref="Money"/> values, or amounts inside one canonical object.
/// </summary>
public sealed class CurrencyMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public CurrencyMismatchException()
        : this("The amounts have different currencies.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Describes the mismatch.</param>
    public CurrencyMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">Describes the mismatch.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public CurrencyMismatchException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for two currencies.</summary>
    /// <param name="expected">The currency the operation or object requires.</param>
    /// <param name="actual">The currency that was supplied.</param>
    /// <param name="context">What was being done, e.g. <c>Money addition</c> or a member name.</param>
    public CurrencyMismatchException(CurrencyCode expected, CurrencyCode actual, string context)
        : base($"Currency mismatch in {context}: expected {expected}, got {actual}.")
    {
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The permanent error code, <see cref="CanonicalErrorCodes.CurrencyMismatch"/>.</summary>
    public string ErrorCode { get; } = CanonicalErrorCodes.CurrencyMismatch;

    /// <summary>The currency the operation or object requires, when known.</summary>
    public CurrencyCode? Expected { get; }

    /// <summary>The currency that was supplied, when known.</summary>
    public CurrencyCode? Actual { get; }
}
