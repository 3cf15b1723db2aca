using System.Security.Cryptography;

namespace HealthFinance.Idempotency.Protection;

/// <summary>Validates payload keys given as options and creates keys for new deployments.</summary>
public static class PayloadKeyRing
{
    /// <summary>The key size in bytes (AES-256).</summary>
    public const int KeySize = 32;

    /// <summary>Creates a new random key, base64-encoded, for <see cref="StateStoreOptions.PayloadKeys"/>.</summary>
    /// <returns>The key.</returns>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeySize));

    /// <summary>Lists the problems of a key ring.</summary>
    /// <param name="keys">Key ids to base64 keys.</param>
    /// <param name="currentKeyId">The current key id.</param>
    /// <returns>The problems; empty when usable.</returns>
    public static IReadOnlyList<string> Validate(IDictionary<string, string>? keys, string? currentKeyId)
    {
        var errors = new List<string>();
        if (keys is null || keys.Count == 0)
        {
            errors.Add("PayloadKeys must hold at least one key (payloads can hold protected health information and are always encrypted); create one with PayloadKeyRing.NewKey().");
            return errors;
        }

        foreach (var (id, key) in keys)
        {
            if (string.IsNullOrWhiteSpace(id) || id.Length > 64 || id.Any(c => c is < '!' or > '~'))
            {
                errors.Add($"Payload key id '{id}' must be 1 to 64 printable ASCII characters without spaces.");
            }

            if (!TryDecode(key, out _))
            {
                // Never echo the key itself.
                errors.Add($"Payload key '{id}' must be {KeySize} bytes written in base64.");
            }
        }

        if (string.IsNullOrEmpty(currentKeyId))
        {
            errors.Add("CurrentPayloadKeyId is required.");
        }
        else if (!keys.ContainsKey(currentKeyId))
        {
            errors.Add($"CurrentPayloadKeyId '{currentKeyId}' is not in PayloadKeys.");
        }

        return errors;
    }

    internal static bool TryDecode(string? key, out byte[] bytes)
    {
        bytes = [];
        if (key is null)
        {
            return false;
        }

        var buffer = new byte[KeySize + 3];
        if (!Convert.TryFromBase64String(key, buffer, out var written) || written != KeySize)
        {
            return false;
        }

        bytes = buffer[..KeySize];
        return true;
    }
}
