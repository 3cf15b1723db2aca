using System.Security.Cryptography;
using HealthFinance.Idempotency;

namespace HealthFinance.Sync;

/// <summary>
/// A payload encryption key kept in a file beside an embedded state store: created (32 random bytes, base64, readable
/// by the owner only) when missing, read otherwise. For a server, take the keys from a secret store instead and set
/// <see cref="StateStoreOptions.PayloadKeys"/> directly.
/// </summary>
public static class PayloadKeyFile
{
    /// <summary>The key id the file's key is registered under.</summary>
    public const string KeyId = "file";

    /// <summary>Reads the key in <paramref name="path"/>, creating the file with a new key when it does not exist, and registers it as the current key of <paramref name="options"/>.</summary>
    /// <param name="path">The key file.</param>
    /// <param name="options">The state store options to register the key with.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidDataException">The file does not hold a base64 32-byte key.</exception>
    public static void Apply(string path, StateStoreOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        options.PayloadKeys[KeyId] = LoadOrCreate(path);
        options.CurrentPayloadKeyId = KeyId;
    }

    /// <summary>Reads the key in <paramref name="path"/>, creating the file with a new key when it does not exist.</summary>
    /// <param name="path">The key file.</param>
    /// <returns>The key, base64.</returns>
    /// <exception cref="InvalidDataException">The file does not hold a base64 32-byte key.</exception>
    public static string LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using var stream = new FileStream(path, options);
                using var writer = new StreamWriter(stream);
                writer.Write(key);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs.
            }
        }

        var text = File.ReadAllText(path).Trim();
        Span<byte> bytes = stackalloc byte[48];
        if (!Convert.TryFromBase64String(text, bytes, out var written) || written != 32)
        {
            throw new InvalidDataException($"The payload key file '{path}' does not hold a base64 32-byte key.");
        }

        return text;
    }
}
