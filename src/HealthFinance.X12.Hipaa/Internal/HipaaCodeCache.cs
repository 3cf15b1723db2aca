using System.Runtime.CompilerServices;
using System.Text;
using HealthFinance.Canonical.Events;

namespace HealthFinance.X12.Hipaa.Internal;

/// <summary>
/// Strings of short coded values (CAS reasons, CLP06/CLP08/CLP09, procedure codes, modifiers, revenue codes) and the
/// <see cref="ChargeCode"/>s of procedure codes, shared across segments: a value met again returns the object made the
/// first time instead of a new one, so that mapping allocates per object produced, not per code read. A direct-mapped table of 1 024 entries; a collision replaces the
/// entry. One cache serves one reader (not thread-safe).
/// </summary>
internal sealed class HipaaCodeCache
{
    /// <summary>Values longer than this are not cached (identifiers rather than codes).</summary>
    public const int MaxLength = 8;

    private const int Size = 1024;
    private readonly ulong[] _keys = new ulong[Size];
    private readonly string?[] _values = new string?[Size];
    private readonly Dictionary<(ChargeCodeSet, string), ChargeCode> _chargeCodes = [];

    /// <summary>The most charge codes kept (procedure codes of one input are usually a few hundred).</summary>
    public const int MaxChargeCodes = 4096;

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

    /// <summary>
    /// Returns the <see cref="ChargeCode"/> of a procedure or service code (SVC01 of the 835; SV101, SV202, SV301 of the
    /// 837) from its product/service id qualifier: HC is CPT (five digits, or four and F/T/U) or else HCPCS, AD (ADA dental)
    /// HCPCS, N4 NDC, NU a revenue code, anything else a local code. The instance made the first time a pair was met is
    /// returned again (a record compares by value, so sharing it changes nothing a caller can see); at most
    /// <see cref="MaxChargeCodes"/> pairs are kept, past that the table starts over.
    /// </summary>
    /// <param name="qualifier">The qualifier bytes (component 1).</param>
    /// <param name="code">The code bytes (component 2).</param>
    /// <returns>The charge code, or <see langword="null"/> when the code is empty.</returns>
    public ChargeCode? ChargeCodeOf(ReadOnlySpan<byte> qualifier, ReadOnlySpan<byte> code)
    {
        if (Get(code) is not { } text)
        {
            return null;
        }

        qualifier = qualifier.Trim((byte)' ');
        var codeSet = qualifier.SequenceEqual("HC"u8) ? IsCpt(text) ? ChargeCodeSet.Cpt : ChargeCodeSet.Hcpcs
            : qualifier.SequenceEqual("AD"u8) ? ChargeCodeSet.Hcpcs
            : qualifier.SequenceEqual("N4"u8) ? ChargeCodeSet.Ndc
            : qualifier.SequenceEqual("NU"u8) ? ChargeCodeSet.RevenueCode
            : ChargeCodeSet.Local;
        if (_chargeCodes.TryGetValue((codeSet, text), out var cached))
        {
            return cached;
        }

        if (_chargeCodes.Count >= MaxChargeCodes)
        {
            _chargeCodes.Clear();
        }

        var created = new ChargeCode { CodeSet = codeSet, Code = text };
        _chargeCodes.Add((codeSet, text), created);
        return created;
    }

    /// <summary>CPT codes are five digits, or four digits and F/T/U (category II, III and PLA codes); HCPCS Level II codes start with a letter.</summary>
    private static bool IsCpt(string code)
        => code.Length == 5 && char.IsAsciiDigit(code[0]) && char.IsAsciiDigit(code[1]) && char.IsAsciiDigit(code[2]) && char.IsAsciiDigit(code[3])
           && (char.IsAsciiDigit(code[4]) || code[4] is 'F' or 'T' or 'U');

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Slot(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> 54);
}
