using System.Net;

namespace HealthFinance.Erp.Http;

/// <summary>
/// An <see cref="ErpException"/> from the HTTP adapter, with the HTTP status the ERP answered (when it answered)
/// and the wait it asked for (<c>Retry-After</c>). Messages name statuses and codes only: never a secret, a token
/// or the content of a journal.
/// </summary>
public sealed class HttpErpException : ErpException
{
    /// <summary>Creates the exception with <see cref="ErpErrorCodes.RequestRefused"/> (permanent).</summary>
    public HttpErpException()
    {
    }

    /// <summary>Creates the exception with <see cref="ErpErrorCodes.RequestRefused"/> (permanent) and a message.</summary>
    /// <param name="message">Describes the failure.</param>
    public HttpErpException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <see cref="ErpErrorCodes.RequestRefused"/> (permanent), a message and an inner exception.</summary>
    /// <param name="message">Describes the failure.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public HttpErpException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="errorCode">The code, one of <see cref="ErpErrorCodes"/>.</param>
    /// <param name="message">Describes the failure.</param>
    /// <param name="isTransient">Whether trying again may succeed.</param>
    /// <param name="isAmbiguous">Whether the ERP may have committed before the failure.</param>
    /// <param name="statusCode">The HTTP status the ERP answered, or <see langword="null"/> when no answer came.</param>
    /// <param name="retryAfter">The wait the ERP asked for, or <see langword="null"/>.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    /// <exception cref="ArgumentException"><paramref name="errorCode"/> is empty, or <paramref name="isAmbiguous"/> is set without <paramref name="isTransient"/>.</exception>
    public HttpErpException(string errorCode, string message, bool isTransient, bool isAmbiguous, HttpStatusCode? statusCode, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(errorCode, message, isTransient, isAmbiguous, innerException)
    {
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status the ERP answered, or <see langword="null"/> when no answer came (connection failure, timeout, open circuit).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The wait the ERP (or the open circuit) asked for before the next call, when known.</summary>
    public TimeSpan? RetryAfter { get; }
}
