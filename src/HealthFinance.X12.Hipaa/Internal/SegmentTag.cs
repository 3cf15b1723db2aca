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
