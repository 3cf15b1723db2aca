using System.Runtime.CompilerServices;
using System.Text;

namespace HealthFinance.X12.Hipaa.Internal;

/// <summary>
/// Strings of short coded values (CAS reasons, CLP06/CLP08/CLP09, procedure codes, modifiers, revenue codes) shared
/// across segments: a value met again returns the string made the first time instead of a new one, so that mapping
/// allocates per object produced, not per code read. A direct-mapped table of 1 024 entries; a collision replaces the
/// entry. One cache serves one reader (not thread-safe).
/// </summary>
internal sealed class HipaaCodeCache
{
    /// <summary>Values longer than this are not cached (identifiers rather than codes).</summary>
    public const int MaxLength = 8;

    private const int Size = 1024;
    private readonly ulong[] _keys = new ulong[Size];
    private readonly string?[] _values = new string?[Size];

    /// <summary>Returns the text of a value, trimmed of spaces; <see langword="null"/> when nothing is left.</summary>
    /// <param name="value">The bytes.</param>
    /// <returns>The text, shared with earlier equal values when short.</returns>
    public string? Get(ReadOnlySpan<byte> value)
    {
        value = value.Trim((byte)' ');
        if (value.IsEmpty)
        {
            return null;
        }

        if (value.Length > MaxLength || !Ascii.IsValid(value))
        {
            return Encoding.UTF8.GetString(value);
        }

        // Pack the bytes (at most 8) and the length into one key; the length byte keeps "1" and "1\0" apart.
        ulong key = 0;
        for (var i = 0; i < value.Length; i++)
        {
            key = (key << 8) | value[i];
        }

        key ^= (ulong)value.Length << 60;
        var slot = Slot(key);
        if (_keys[slot] == key && _values[slot] is { } cached)
        {
            return cached;
        }

        var text = Encoding.ASCII.GetString(value);
        _keys[slot] = key;
        _values[slot] = text;
        return text;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Slot(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> 54);
}
