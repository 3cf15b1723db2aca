using System.Security.Cryptography;
using System.Text;

namespace HealthFinance.Idempotency.Protection;

/// <summary>
/// AES-256-GCM payload encryption with a key ring: new payloads use the current key, old payloads are read with
/// the key whose id they carry.
/// </summary>
/// <remarks>
/// Layout: version byte (1), key id length (1 byte) and ASCII key id, 12-byte random nonce, 16-byte tag, ciphertext.
/// </remarks>
public sealed class AesGcmPayloadProtector : IPayloadProtector
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly Dictionary<string, byte[]> _keys;
    private readonly byte[] _currentKeyIdBytes;

    /// <summary>Creates the protector from validated options.</summary>
    /// <param name="options">The options whose key ring to use.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The key ring is not usable; the message says why without showing keys.</exception>
    public AesGcmPayloadProtector(StateStoreOptions options)
        : this(options?.PayloadKeys ?? throw new ArgumentNullException(nameof(options)), options.CurrentPayloadKeyId)
    {
    }

    /// <summary>Creates the protector from a key ring.</summary>
    /// <param name="keys">Key ids to base64 AES-256 keys.</param>
    /// <param name="currentKeyId">The id of the key for new payloads.</param>
    /// <exception cref="ArgumentException">The key ring is not usable.</exception>
    public AesGcmPayloadProtector(IDictionary<string, string> keys, string? currentKeyId)
    {
        var errors = PayloadKeyRing.Validate(keys, currentKeyId);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(keys));
        }

        _keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, key) in keys)
        {
            PayloadKeyRing.TryDecode(key, out var bytes);
            _keys[id] = bytes;
        }

        CurrentKeyId = currentKeyId!;
        _currentKeyIdBytes = Encoding.ASCII.GetBytes(CurrentKeyId);
    }

    /// <inheritdoc/>
    public string CurrentKeyId { get; }

    /// <inheritdoc/>
    public byte[] Protect(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var header = 2 + _currentKeyIdBytes.Length;
        var output = new byte[header + NonceSize + TagSize + plaintext.Length];
        output[0] = Version;
        output[1] = (byte)_currentKeyIdBytes.Length;
        _currentKeyIdBytes.CopyTo(output.AsSpan(2));
        var nonce = output.AsSpan(header, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[CurrentKeyId], TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(header + NonceSize + TagSize), output.AsSpan(header + NonceSize, TagSize), associatedData);
        return output;
    }

    /// <inheritdoc/>
    public byte[] Unprotect(ReadOnlySpan<byte> protectedPayload, ReadOnlySpan<byte> associatedData)
    {
        var keyId = ReadKeyId(protectedPayload);
        if (!_keys.TryGetValue(keyId, out var key))
        {
            throw new PayloadProtectionException($"The payload was encrypted with key '{keyId}', which is not in the key ring.");
        }

        var header = 2 + protectedPayload[1];
        if (protectedPayload.Length < header + NonceSize + TagSize)
        {
            throw new PayloadProtectionException("The protected payload is truncated.");
        }

        var plaintext = new byte[protectedPayload.Length - header - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(protectedPayload.Slice(header, NonceSize), protectedPayload[(header + NonceSize + TagSize)..], protectedPayload.Slice(header + NonceSize, TagSize), plaintext, associatedData);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new PayloadProtectionException("The protected payload is damaged or bound to other data.", ex);
        }

        return plaintext;
    }

    /// <summary>Reads the key id a protected payload names.</summary>
    /// <param name="protectedPayload">The protected payload.</param>
    /// <returns>The key id.</returns>
    /// <exception cref="PayloadProtectionException">The payload is not in this format.</exception>
    public static string ReadKeyId(ReadOnlySpan<byte> protectedPayload)
    {
        if (protectedPayload.Length < 2 || protectedPayload[0] != Version || protectedPayload.Length < 2 + protectedPayload[1])
        {
            throw new PayloadProtectionException("The protected payload is not in a known format.");
        }

        return Encoding.ASCII.GetString(protectedPayload.Slice(2, protectedPayload[1]));
    }
}
