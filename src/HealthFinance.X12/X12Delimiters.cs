namespace HealthFinance.X12;

/// <summary>The delimiters of one interchange, read from its ISA header.</summary>
/// <remarks>
/// X12 has no escape mechanism, so the four delimiters must be distinct and must never occur in data.
/// <see cref="Repetition"/> is 0 when the interchange has no repetition separator (version 4010 sends
/// <c>U</c> in ISA11; any letter or digit there means "none").
/// </remarks>
public readonly record struct X12Delimiters
{
    /// <summary>Creates a set of delimiters.</summary>
    /// <param name="element">The element separator (ISA byte 3).</param>
    /// <param name="component">The component (sub-element) separator (ISA16).</param>
    /// <param name="repetition">The repetition separator (ISA11), or 0 for none.</param>
    /// <param name="segment">The segment terminator (the byte after ISA16).</param>
    /// <exception cref="ArgumentException">Two delimiters are equal, or a delimiter is a letter, digit or space
    /// (a <paramref name="repetition"/> of 0 means none and is always allowed).</exception>
    public X12Delimiters(byte element, byte component, byte repetition, byte segment)
    {
        Validate(element, nameof(element));
        Validate(component, nameof(component));
        Validate(segment, nameof(segment));
        if (element == component || element == segment || component == segment)
        {
            throw new ArgumentException("The element separator, component separator and segment terminator must be distinct.", nameof(element));
        }

        if (repetition != 0)
        {
            Validate(repetition, nameof(repetition));
            if (repetition == element || repetition == component || repetition == segment)
            {
                throw new ArgumentException("The repetition separator must differ from the other delimiters.", nameof(repetition));
            }
        }

        Element = element;
        Component = component;
        Repetition = repetition;
        Segment = segment;
    }

    /// <summary>The common delimiters: <c>*</c> element, <c>:</c> component, <c>^</c> repetition, <c>~</c> segment.</summary>
    public static X12Delimiters Default { get; } = new((byte)'*', (byte)':', (byte)'^', (byte)'~');

    /// <summary>The element separator.</summary>
    public byte Element { get; }

    /// <summary>The component (sub-element) separator.</summary>
    public byte Component { get; }

    /// <summary>The repetition separator, or 0 when the interchange has none.</summary>
    public byte Repetition { get; }

    /// <summary>The segment terminator.</summary>
    public byte Segment { get; }

    /// <summary><see langword="true"/> when the interchange has a repetition separator (<see cref="Repetition"/> is not 0).</summary>
    public bool HasRepetition => Repetition != 0;

    /// <summary>Deconstructs the delimiters.</summary>
    /// <param name="element">The element separator.</param>
    /// <param name="component">The component separator.</param>
    /// <param name="repetition">The repetition separator, or 0.</param>
    /// <param name="segment">The segment terminator.</param>
    public void Deconstruct(out byte element, out byte component, out byte repetition, out byte segment)
    {
        element = Element;
        component = Component;
        repetition = Repetition;
        segment = Segment;
    }

    /// <summary><see langword="true"/> when <paramref name="value"/> may serve as a delimiter (not a letter, digit or space).</summary>
    internal static bool IsValidDelimiter(byte value) => value != (byte)' ' && !char.IsAsciiLetterOrDigit((char)value);

    private static void Validate(byte value, string paramName)
    {
        if (!IsValidDelimiter(value))
        {
            throw new ArgumentException($"A delimiter cannot be a letter, digit or space (0x{value:X2}).", paramName);
        }
    }
}
