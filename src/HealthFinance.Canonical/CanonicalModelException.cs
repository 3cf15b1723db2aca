namespace HealthFinance.Canonical;

/// <summary>
/// Thrown when a value would violate an invariant of a canonical object, for example negative units,
/// a non-positive journal amount or an empty list that must hold at least one item.
/// </summary>
/// <remarks>Derives from <see cref="ArgumentException"/>: the offending value was passed by the caller.</remarks>
public class CanonicalModelException : ArgumentException
{
    /// <summary>Creates the exception with <see cref="CanonicalErrorCodes.InvalidValue"/>.</summary>
    public CanonicalModelException()
        : this(CanonicalErrorCodes.InvalidValue, "A canonical object invariant was violated.", null)
    {
    }

    /// <summary>Creates the exception with <see cref="CanonicalErrorCodes.InvalidValue"/> and a message.</summary>
    /// <param name="message">Describes the violated invariant.</param>
    public CanonicalModelException(string message)
        : this(CanonicalErrorCodes.InvalidValue, message, null)
    {
    }

    /// <summary>Creates the exception with <see cref="CanonicalErrorCodes.InvalidValue"/>, a message and an inner exception.</summary>
    /// <param name="message">Describes the violated invariant.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public CanonicalModelException(string message, Exception? innerException)
        : base(message, innerException)
    {
        ErrorCode = CanonicalErrorCodes.InvalidValue;
    }

    /// <summary>Creates the exception with an explicit error code.</summary>
    /// <param name="errorCode">One of <see cref="CanonicalErrorCodes"/>.</param>
    /// <param name="message">Describes the violated invariant.</param>
    /// <param name="paramName">The member or parameter that received the value.</param>
    public CanonicalModelException(string errorCode, string message, string? paramName)
        : base(message, paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorCode);
        ErrorCode = errorCode;
    }

    /// <summary>Creates the exception with an explicit error code and an inner exception.</summary>
    /// <param name="errorCode">One of <see cref="CanonicalErrorCodes"/>.</param>
    /// <param name="message">Describes the violated invariant.</param>
    /// <param name="paramName">The member or parameter that received the value.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public CanonicalModelException(string errorCode, string message, string? paramName, Exception? innerException)
        : base(message, paramName, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorCode);
        ErrorCode = errorCode;
    }

    /// <summary>The permanent error code, one of <see cref="CanonicalErrorCodes"/>.</summary>
    public string ErrorCode { get; }
}
