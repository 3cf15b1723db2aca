using System.Runtime.CompilerServices;

namespace HealthFinance.X12.Hipaa.Internal;

/// <summary>
/// A segment identifier packed into a <see cref="uint"/> (up to four ASCII bytes, big-endian, zero padded) so that
/// loop tables and maps compare identifiers without allocating strings. <c>CLP</c> is <c>0x434C5000</c>.
/// </summary>
internal static class SegmentTag
{
    /// <summary>The tag of an identifier that is empty or longer than four bytes.</summary>
    public const uint Invalid = uint.MaxValue;

    public const uint Isa = 'I' << 24 | 'S' << 16 | 'A' << 8;
    public const uint Iea = 'I' << 24 | 'E' << 16 | 'A' << 8;
    public const uint Gs = 'G' << 24 | 'S' << 16;
    public const uint Ge = 'G' << 24 | 'E' << 16;
    public const uint St = 'S' << 24 | 'T' << 16;
    public const uint Se = 'S' << 24 | 'E' << 16;
    public const uint Hl = 'H' << 24 | 'L' << 16;
    public const uint Ta1 = 'T' << 24 | 'A' << 16 | '1' << 8;
    public const uint Bpr = 'B' << 24 | 'P' << 16 | 'R' << 8;
    public const uint Trn = 'T' << 24 | 'R' << 16 | 'N' << 8;
    public const uint Cur = 'C' << 24 | 'U' << 16 | 'R' << 8;
    public const uint N1 = 'N' << 24 | '1' << 16;
    public const uint Ref = 'R' << 24 | 'E' << 16 | 'F' << 8;
    public const uint Clp = 'C' << 24 | 'L' << 16 | 'P' << 8;
    public const uint Cas = 'C' << 24 | 'A' << 16 | 'S' << 8;
    public const uint Amt = 'A' << 24 | 'M' << 16 | 'T' << 8;
    public const uint Svc = 'S' << 24 | 'V' << 16 | 'C' << 8;
    public const uint Dtm = 'D' << 24 | 'T' << 16 | 'M' << 8;
    public const uint Plb = 'P' << 24 | 'L' << 16 | 'B' << 8;
    public const uint Clm = 'C' << 24 | 'L' << 16 | 'M' << 8;
    public const uint Lx = 'L' << 24 | 'X' << 16;
    public const uint Nm1 = 'N' << 24 | 'M' << 16 | '1' << 8;
    public const uint Sbr = 'S' << 24 | 'B' << 16 | 'R' << 8;
    public const uint Dtp = 'D' << 24 | 'T' << 16 | 'P' << 8;
    public const uint Sv1 = 'S' << 24 | 'V' << 16 | '1' << 8;
    public const uint Sv2 = 'S' << 24 | 'V' << 16 | '2' << 8;
    public const uint Sv3 = 'S' << 24 | 'V' << 16 | '3' << 8;
    public const uint Stc = 'S' << 24 | 'T' << 16 | 'C' << 8;
    public const uint Ak1 = 'A' << 24 | 'K' << 16 | '1' << 8;
    public const uint Ak2 = 'A' << 24 | 'K' << 16 | '2' << 8;
    public const uint Ak3 = 'A' << 24 | 'K' << 16 | '3' << 8;
    public const uint Ak4 = 'A' << 24 | 'K' << 16 | '4' << 8;
    public const uint Ak5 = 'A' << 24 | 'K' << 16 | '5' << 8;
    public const uint Ak9 = 'A' << 24 | 'K' << 16 | '9' << 8;
    public const uint Ik3 = 'I' << 24 | 'K' << 16 | '3' << 8;
    public const uint Ik4 = 'I' << 24 | 'K' << 16 | '4' << 8;
    public const uint Ik5 = 'I' << 24 | 'K' << 16 | '5' << 8;

    /// <summary>Packs an identifier.</summary>
    /// <param name="id">The identifier bytes.</param>
    /// <returns>The tag, or <see cref="Invalid"/>.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Of(ReadOnlySpan<byte> id)
    {
        switch (id.Length)
        {
            case 2:
                return (uint)(id[0] << 24 | id[1] << 16);
            case 3:
                return (uint)(id[0] << 24 | id[1] << 16 | id[2] << 8);
            case 1:
                return (uint)(id[0] << 24);
            case 4:
                return (uint)(id[0] << 24 | id[1] << 16 | id[2] << 8 | id[3]);
            default:
                return Invalid;
        }
    }

    /// <summary>Packs an identifier given as text (used when definitions are built, not on the hot path).</summary>
    /// <param name="id">The identifier, ASCII.</param>
    /// <returns>The tag, or <see cref="Invalid"/>.</returns>
    public static uint Of(string id)
    {
        Span<byte> bytes = stackalloc byte[4];
        if (id.Length is 0 or > 4)
        {
            return Invalid;
        }

        for (var i = 0; i < id.Length; i++)
        {
            bytes[i] = (byte)id[i];
        }

        return Of(bytes[..id.Length]);
    }

    /// <summary>Unpacks a tag into its identifier text.</summary>
    /// <param name="tag">The tag.</param>
    /// <returns>The identifier, or <c>?</c> for <see cref="Invalid"/>.</returns>
    public static string ToText(uint tag)
    {
        if (tag == Invalid)
        {
            return "?";
        }

        Span<char> chars = stackalloc char[4];
        var length = 0;
        for (var shift = 24; shift >= 0 && ((tag >> shift) & 0xFF) != 0; shift -= 8)
        {
            chars[length++] = (char)((tag >> shift) & 0xFF);
        }

        return new string(chars[..length]);
    }
}
