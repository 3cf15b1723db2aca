namespace HealthFinance.X12;

/// <summary>Options of <see cref="X12Reader"/> and <see cref="X12StreamReader"/>.</summary>
/// <remarks>
/// <c>default(X12ReaderOptions)</c> and <c>new X12ReaderOptions()</c> are equal and both carry the documented
/// defaults, so an omitted <c>options = default</c> argument reads leniently.
/// </remarks>
public readonly record struct X12ReaderOptions
{
    /// <summary>The default <see cref="MaxSegmentLength"/>: 1 MiB.</summary>
    public const int DefaultMaxSegmentLength = 1 << 20;

    // Stored inverted so that the zeroed struct means "defaults".
    private readonly bool _keepLineBreaks;
    private readonly bool _rejectBom;
    private readonly bool _rejectTextBeforeIsa;
    private readonly int _maxSegmentLength;

    /// <summary>Creates options with the defaults.</summary>
    public X12ReaderOptions()
    {
    }

    /// <summary>
    /// Whether CR, LF or CRLF after a segment terminator, and indentation (spaces, tabs) before a segment, are skipped
    /// (not data). When the terminator is itself CR or LF, blank lines are skipped and, for an LF terminator, a CR just
    /// before it is not part of the segment.
    /// </summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool SkipLineBreaksAfterTerminator { get => !_keepLineBreaks; init => _keepLineBreaks = !value; }

    /// <summary>Whether a UTF-8 byte order mark at the start of the input is skipped.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool AllowBom { get => !_rejectBom; init => _rejectBom = !value; }

    /// <summary>Whether bytes before the first <c>ISA</c> are skipped (their count is reported by <see cref="X12Reader.SkippedBytesBeforeIsa"/>).</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool AllowTextBeforeIsa { get => !_rejectTextBeforeIsa; init => _rejectTextBeforeIsa = !value; }

    /// <summary>The longest segment accepted, in bytes without its terminator; a longer one throws <see cref="X12ReaderException"/> X12-0004.</summary>
    /// <value>Defaults to <see cref="DefaultMaxSegmentLength"/> (1 MiB).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 106 (an ISA header must fit) or greater than 1 GiB.</exception>
    public int MaxSegmentLength
    {
        get => _maxSegmentLength == 0 ? DefaultMaxSegmentLength : _maxSegmentLength;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 106);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1 << 30);
            _maxSegmentLength = value;
        }
    }
}
