namespace HealthFinance.Sync.Inputs;

/// <summary>
/// Reads one input format into <see cref="InputUnit"/>s. Register an implementation to teach the pipeline a new
/// format; the built-in ones read X12, HL7 v2, FHIR R4 JSON and payment feeds.
/// </summary>
/// <remarks>Readers never throw on malformed input: every problem is a finding of the unit it belongs to.</remarks>
public interface IInputFormat
{
    /// <summary>The format name (e.g. <c>x12</c>), used in reports and dead-letter payload types.</summary>
    string Name { get; }

    /// <summary>Whether the input looks like this format, from its first bytes (up to <see cref="InputFormatDetector.PeekSize"/>).</summary>
    /// <param name="head">The first bytes of the input.</param>
    /// <returns><see langword="true"/> when this reader should read it.</returns>
    bool CanRead(ReadOnlySpan<byte> head);

    /// <summary>Reads the units of an input, streaming: memory stays bounded by the largest unit, not the input.</summary>
    /// <param name="stream">The input, positioned at its start.</param>
    /// <param name="sourceName">The input's name (a file name), carried into events and findings.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The units, in input order.</returns>
    IAsyncEnumerable<InputUnit> ReadAsync(Stream stream, string sourceName, CancellationToken cancellationToken);
}
