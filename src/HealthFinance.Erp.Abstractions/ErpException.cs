namespace HealthFinance.Erp;

/// <summary>
/// Thrown by an ERP adapter when a call fails as a whole. <see cref="IsTransient"/> says whether trying again may
/// succeed; <see cref="IsAmbiguous"/> says whether the ERP may have committed the postings before the failure, so
/// that they must be looked up before any resubmission.
/// </summary>
/// <remarks>
/// A resilience pipeline classifies failures with these two properties (e.g. Polly <c>ShouldHandle</c> on
/// <see cref="IsTransient"/>). Rejections of single journals are not exceptions: they are acknowledgments.
/// </remarks>
public class ErpException : Exception
{
    /// <summary>Creates the exception with <see cref="ErpErrorCodes.RequestRefused"/> (permanent).</summary>
    public ErpException()
        : this(ErpErrorCodes.RequestRefused, "The ERP call failed.", isTransient: false)
    {
    }

    /// <summary>Creates the exception with <see cref="ErpErrorCodes.RequestRefused"/> (permanent) and a message.</summary>
    /// <param name="message">Describes the failure; never quotes patient data.</param>
    public ErpException(string message)
        : this(ErpErrorCodes.RequestRefused, message, isTransient: false)
    {
    }

    /// <summary>Creates the exception with <see cref="ErpErrorCodes.RequestRefused"/> (permanent), a message and an inner exception.</summary>
    /// <param name="message">Describes the failure; never quotes patient data.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public ErpException(string message, Exception? innerException)
        : this(ErpErrorCodes.RequestRefused, message, isTransient: false, isAmbiguous: false, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="errorCode">A permanent code, one of <see cref="ErpErrorCodes"/> or an adapter's own <c>ERP-</c> code.</param>
    /// <param name="message">Describes the failure; never quotes patient data.</param>
    /// <param name="isTransient">Whether trying again may succeed.</param>
    /// <param name="isAmbiguous">Whether the ERP may have committed before the failure; only a transient failure can be ambiguous.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    /// <exception cref="ArgumentException"><paramref name="errorCode"/> is empty, or <paramref name="isAmbiguous"/> is set without <paramref name="isTransient"/>.</exception>
    public ErpException(string errorCode, string message, bool isTransient, bool isAmbiguous = false, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorCode);
        if (isAmbiguous && !isTransient)
        {
            throw new ArgumentException("Only a transient failure can be ambiguous.", nameof(isAmbiguous));
        }

        ErrorCode = errorCode;
        IsTransient = isTransient;
        IsAmbiguous = isAmbiguous;
    }

    /// <summary>The permanent error code, e.g. <see cref="ErpErrorCodes.OutcomeUnknown"/>.</summary>
    public string ErrorCode { get; }

    /// <summary>Whether trying again may succeed (timeouts, throttling, unavailability).</summary>
    public bool IsTransient { get; }

    /// <summary>Whether the ERP may have committed the postings before the failure (a timeout or a connection lost after the request was sent).</summary>
    public bool IsAmbiguous { get; }
}
