using System.Runtime.CompilerServices;

namespace HealthFinance.Hl7v2.Internal;

/// <summary>
/// Offsets (relative to the segment start) of a segment's field separators. The reader records the first
/// <see cref="Capacity"/>; 32 spare slots let a 32-byte block be stored without a bound check per separator.
/// </summary>
[InlineArray(Capacity + 32)]
internal struct FieldOffsetBuffer
{
    /// <summary>Separators recorded per segment; fields after them are found by scanning.</summary>
    internal const int Capacity = 64;

    private int _element0;
}
