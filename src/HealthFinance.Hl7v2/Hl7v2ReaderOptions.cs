namespace HealthFinance.Hl7v2;

/// <summary>Options of <see cref="Hl7v2Reader"/>.</summary>
/// <remarks>
/// <c>default(Hl7v2ReaderOptions)</c> and <c>new Hl7v2ReaderOptions()</c> are equal and both carry the documented defaults.
/// </remarks>
public readonly record struct Hl7v2ReaderOptions
{
    /// <summary>The default <see cref="MaxSegmentLength"/>: 1 MiB.</summary>
    public const int DefaultMaxSegmentLength = 1 << 20;

    private readonly int _maxSegmentLength;

    /// <summary>Creates options with the defaults.</summary>
    public Hl7v2ReaderOptions()
    {
    }

    /// <summary>The longest segment accepted, in bytes without its terminator; a longer one throws <see cref="Hl7v2ReaderException"/> HL7-0004.</summary>
    /// <value>Defaults to <see cref="DefaultMaxSegmentLength"/> (1 MiB).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 16 or greater than 1 GiB.</exception>
    public int MaxSegmentLength
    {
        get => _maxSegmentLength == 0 ? DefaultMaxSegmentLength : _maxSegmentLength;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 16);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1 << 30);
            _maxSegmentLength = value;
        }
    }
}
