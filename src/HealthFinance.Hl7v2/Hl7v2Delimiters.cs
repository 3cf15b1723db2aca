namespace HealthFinance.Hl7v2;

/// <summary>
/// The delimiters of one HL7 v2 message: the field separator (MSH-1) and the encoding characters (MSH-2) —
/// component, repetition, escape, subcomponent and, from v2.7, truncation. A delimiter a message does not
/// define is 0.
/// </summary>
/// <param name="Field">The field separator (usually <c>|</c>).</param>
/// <param name="Component">The component separator (usually <c>^</c>).</param>
/// <param name="Repetition">The repetition separator (usually <c>~</c>), or 0.</param>
/// <param name="Escape">The escape character (usually <c>\</c>), or 0.</param>
/// <param name="Subcomponent">The subcomponent separator (usually <c>&amp;</c>), or 0.</param>
/// <param name="Truncation">The v2.7 truncation character (usually <c>#</c>), or 0.</param>
public readonly record struct Hl7v2Delimiters(byte Field, byte Component, byte Repetition, byte Escape, byte Subcomponent, byte Truncation = 0)
{
    /// <summary>The recommended delimiters <c>|^~\&amp;</c> (no truncation character).</summary>
    public static Hl7v2Delimiters Default { get; } = new((byte)'|', (byte)'^', (byte)'~', (byte)'\\', (byte)'&');

    /// <summary>Whether <paramref name="value"/> may be a delimiter: printable ASCII other than a letter, digit or space.</summary>
    /// <param name="value">The byte.</param>
    /// <returns><see langword="true"/> when it may be a delimiter.</returns>
    public static bool IsValidDelimiter(byte value) =>
        value is > (byte)' ' and < 0x7F && !char.IsAsciiLetterOrDigit((char)value);

    /// <summary>The number of encoding characters (MSH-2 length): 4, or 5 with a truncation character (fewer for old senders).</summary>
    public int EncodingCharacterCount =>
        Truncation != 0 ? 5 : Subcomponent != 0 ? 4 : Escape != 0 ? 3 : Repetition != 0 ? 2 : 1;

    /// <summary>Whether <paramref name="value"/> is one of the delimiters (the truncation character included).</summary>
    /// <param name="value">The byte.</param>
    /// <returns><see langword="true"/> when it is a delimiter of this message.</returns>
    public bool IsDelimiter(byte value) =>
        value != 0 && (value == Field || value == Component || value == Repetition || value == Escape || value == Subcomponent || value == Truncation);
}
