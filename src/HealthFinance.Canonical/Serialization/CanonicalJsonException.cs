using System.Text.Json;

namespace HealthFinance.Canonical.Serialization;

/// <summary>
/// Thrown by <see cref="CanonicalJson"/> when a document cannot be read as a canonical event: an unsupported or
/// missing <c>schemaVersion</c>, malformed JSON, or content that violates a model invariant.
/// </summary>
public sealed class CanonicalJsonException : JsonException
{
    /// <summary>Creates the exception with <see cref="CanonicalErrorCodes.InvalidJson"/>.</summary>
    public CanonicalJsonException()
        : this(CanonicalErrorCodes.InvalidJson, "The document is not a valid canonical event.", null)
    {
    }

    /// <summary>Creates the exception with <see cref="CanonicalErrorCodes.InvalidJson"/> and a message.</summary>
    /// <param name="message">Describes the problem.</param>
    public CanonicalJsonException(string message)
        : this(CanonicalErrorCodes.InvalidJson, message, null)
    {
    }

    /// <summary>Creates the exception with <see cref="CanonicalErrorCodes.InvalidJson"/>, a message and an inner exception.</summary>
    /// <param name="message">Describes the problem.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public CanonicalJsonException(string message, Exception? innerException)
        : this(CanonicalErrorCodes.InvalidJson, message, innerException)
    {
    }

    /// <summary>Creates the exception with an explicit error code.</summary>
    /// <param name="errorCode">One of <see cref="CanonicalErrorCodes"/>.</param>
    /// <param name="message">Describes the problem.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    public CanonicalJsonException(string errorCode, string message, Exception? innerException)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorCode);
        ErrorCode = errorCode;
    }

    /// <summary>The permanent error code, one of <see cref="CanonicalErrorCodes"/>.</summary>
    public string ErrorCode { get; }
}
