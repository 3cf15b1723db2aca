namespace HealthFinance.Canonical;

/// <summary>
/// Thrown when text cannot be turned into a canonical primitive: an empty identifier, a currency code
/// that is not ISO 4217 alpha-3, an NPI with a wrong check digit.
/// </summary>
public sealed class CanonicalFormatException : FormatException
{
    /// <summary>Creates the exception with <see cref="CanonicalErrorCodes.InvalidIdentifier"/>.</summary>
    public CanonicalFormatException()
        : this(CanonicalErrorCodes.InvalidIdentifier, "The value is not a valid identifier.")
    {
    }

    /// <summary>Creates the exception with <see cref="CanonicalErrorCodes.InvalidIdentifier"/> and a message.</summary>
    /// <param name="message">Describes the problem.</param>
    public CanonicalFormatException(string message)
        : this(CanonicalErrorCodes.InvalidIdentifier, message)
    {
    }

    /// <summary>Creates the exception with <see cref="CanonicalErrorCodes.InvalidIdentifier"/>, a message and an inner exception.</summary>
    /// <param name="message">Describes the problem.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public CanonicalFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
        ErrorCode = CanonicalErrorCodes.InvalidIdentifier;
    }

    /// <summary>Creates the exception with an explicit error code.</summary>
    /// <param name="errorCode">One of <see cref="CanonicalErrorCodes"/>.</param>
    /// <param name="message">Describes the problem; never contains the rejected value (it may be PHI).</param>
    public CanonicalFormatException(string errorCode, string message)
        : base(message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorCode);
        ErrorCode = errorCode;
    }

    /// <summary>The permanent error code, one of <see cref="CanonicalErrorCodes"/>.</summary>
    public string ErrorCode { get; }
}
