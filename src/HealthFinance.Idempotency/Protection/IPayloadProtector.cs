namespace HealthFinance.Idempotency.Protection;

/// <summary>Encrypts payloads before they are stored and decrypts them when read.</summary>
public interface IPayloadProtector
{
    /// <summary>The id of the key new payloads are encrypted with; stored beside each payload for rotation.</summary>
    string CurrentKeyId { get; }

    /// <summary>Encrypts a payload with the current key.</summary>
    /// <param name="plaintext">The payload.</param>
    /// <param name="associatedData">Bound to the ciphertext (e.g. the row's key): decryption with other data fails.</param>
    /// <returns>The protected payload, which names its key id.</returns>
    byte[] Protect(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData);

    /// <summary>Decrypts a payload written by <see cref="Protect"/> with any key still in the key ring.</summary>
    /// <param name="protectedPayload">The protected payload.</param>
    /// <param name="associatedData">The data given to <see cref="Protect"/>.</param>
    /// <returns>The payload.</returns>
    /// <exception cref="PayloadProtectionException">The payload is damaged, was bound to other data, or its key is not in the key ring.</exception>
    byte[] Unprotect(ReadOnlySpan<byte> protectedPayload, ReadOnlySpan<byte> associatedData);
}

/// <summary>A protected payload cannot be decrypted.</summary>
public sealed class PayloadProtectionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PayloadProtectionException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    public PayloadProtectionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public PayloadProtectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
