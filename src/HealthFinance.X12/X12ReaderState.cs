namespace HealthFinance.X12;

/// <summary>
/// Everything an <see cref="X12Reader"/> needs to resume at the next chunk of input (like <c>JsonReaderState</c>).
/// <c>default(X12ReaderState)</c> is the state at the start of an input with default options.
/// </summary>
public struct X12ReaderState
{
    /// <summary>Creates the state at the start of an input.</summary>
    /// <param name="options">The reader options.</param>
    public X12ReaderState(X12ReaderOptions options = default)
    {
        Options = options;
    }

    /// <summary>The reader options.</summary>
    public readonly X12ReaderOptions Options { get; }

    /// <summary>The delimiters of the current interchange (valid when <see cref="HasDelimiters"/>).</summary>
    internal X12Delimiters Delimiters { get; set; }

    /// <summary>Whether an ISA header has been read.</summary>
    internal bool HasDelimiters { get; set; }

    /// <summary>Whether a UTF-8 byte order mark was skipped at the start.</summary>
    internal bool BomSkipped { get; set; }

    /// <summary>The number of segments read so far.</summary>
    internal long SegmentCount { get; set; }

    /// <summary>The absolute offset of the first byte not yet consumed.</summary>
    internal long AbsoluteOffset { get; set; }

    /// <summary>Bytes skipped before the first ISA.</summary>
    internal long SkippedBytesBeforeIsa { get; set; }
}
