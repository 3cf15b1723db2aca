using System.Security.Cryptography;
using System.Text;

namespace HealthFinance.Erp.FileExport.Internal;

/// <summary>Shortens values to an ERP column's length without losing their identity.</summary>
internal static class Fit
{
    /// <summary>
    /// The value when it fits in <paramref name="max"/> characters; otherwise its first <c>max - 33</c> characters, a
    /// <c>~</c> and 32 hexadecimal digits of its SHA-256, so that distinct values stay distinct and the same value
    /// always gives the same text.
    /// </summary>
    public static string To(string value, int max)
    {
        if (value.Length <= max)
        {
            return value;
        }

        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)).AsSpan(0, 16));
        return string.Concat(value.AsSpan(0, max - 33), "~", digest);
    }

    /// <summary>Hexadecimal digits (upper case) of the SHA-256 of a value.</summary>
    public static string Digest(string value, int digits) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value))).Substring(0, digits);
}
