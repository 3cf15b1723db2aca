using System.Runtime.CompilerServices;
using HealthFinance.X12.Hipaa.Internal;

namespace HealthFinance.X12.Hipaa;

/// <summary>
/// Reads X12 interchanges and maps each HIPAA transaction set to canonical finance events — 835 remittances to
/// <see cref="Canonical.Events.RemittanceReceived"/>, 837P/837I/837D claims to <see cref="Canonical.Events.ClaimSubmitted"/>,
/// 277CA claim acknowledgments to <see cref="Canonical.Events.ClaimStatusReported"/>, 999/997 and TA1 acknowledgments to
/// <see cref="Canonical.Events.AcknowledgmentReceived"/> — with loop structure, balancing and code rules reported as findings.
/// </summary>
/// <remarks>
/// <para>The map is selected per transaction set by ST01 and the implementation guide it claims (ST03, else GS08; ISA12 for
/// 4010 interchanges). A known transaction set on a guide that is not mapped (a 4010 837, a 277 that is not a 277CA) is read
/// and reported with a permanent error code; one that nothing maps (270, 271, 276, 834 …) with HIPAA-0001.</para>
/// <para>One <see cref="HipaaResult"/> is produced per ST…SE transaction set, in input order. Only one transaction set is
/// buffered at a time, so memory is bounded by the largest transaction set (plus the read buffer), not by the input.</para>
/// <para>Malformed input never throws: unreadable bytes, broken envelopes and unsupported transaction sets become findings
/// (<see cref="HipaaDiagnosticCodes"/>). Only misuse (a <see langword="null"/> stream, invalid options) throws.</para>
/// </remarks>
public static class HipaaReader
{
    /// <summary>Maps every transaction set of an in-memory input.</summary>
    /// <param name="data">The X12 bytes (one or more interchanges).</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="HipaaReaderOptions.Default"/>.</param>
    /// <returns>One result per transaction set, in input order (plus one for findings outside any transaction set, when there are such).</returns>
    /// <exception cref="ArgumentException"><paramref name="options"/> has no currency.</exception>
    public static IReadOnlyList<HipaaResult> Read(ReadOnlySpan<byte> data, HipaaReaderOptions? options = null)
    {
        options = Validate(options);
        var assembler = new HipaaTransactionAssembler(options);
        var results = new List<HipaaResult>();
        var reader = new X12Reader(data, options.ReaderOptions);
        try
        {
            while (reader.Read())
            {
                assembler.Accept(ref reader);
                Drain(assembler, results);
            }

            assembler.Complete();
        }
        catch (X12ReaderException ex)
        {
            assembler.Fail(ex);
        }

        Drain(assembler, results);
        return results;
    }

    /// <summary>Maps every transaction set of a stream, yielding each result as soon as its SE is read.</summary>
    /// <param name="stream">The input; read to its end, not disposed.</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="HipaaReaderOptions.Default"/>.</param>
    /// <returns>The results, in input order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> has no currency.</exception>
    /// <exception cref="IOException">The stream fails.</exception>
    public static IEnumerable<HipaaResult> Read(Stream stream, HipaaReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadIterator(stream, Validate(options));
    }

    /// <summary>Maps every transaction set of a stream asynchronously, yielding each result as soon as its SE is read.</summary>
    /// <param name="stream">The input; read to its end, not disposed.</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="HipaaReaderOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels reading between buffer fills.</param>
    /// <returns>The results, in input order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> has no currency.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    /// <exception cref="IOException">The stream fails.</exception>
    public static IAsyncEnumerable<HipaaResult> ReadAsync(Stream stream, HipaaReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadAsyncIterator(stream, Validate(options), cancellationToken);
    }

    private static IEnumerable<HipaaResult> ReadIterator(Stream stream, HipaaReaderOptions options)
    {
        var assembler = new HipaaTransactionAssembler(options);
        using var input = new HipaaStreamInput(options);
        while (!input.Completed)
        {
            var space = input.FreeSpace;
            var read = stream.ReadAtLeast(space.Span, space.Length, throwOnEndOfStream: false);
            input.Advance(read, read < space.Length, assembler);
            while (assembler.TryDequeue(out var result))
            {
                yield return result;
            }
        }
    }

    private static async IAsyncEnumerable<HipaaResult> ReadAsyncIterator(Stream stream, HipaaReaderOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var assembler = new HipaaTransactionAssembler(options);
        using var input = new HipaaStreamInput(options);
        while (!input.Completed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var space = input.FreeSpace;
            var read = await stream.ReadAtLeastAsync(space, space.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            input.Advance(read, read < space.Length, assembler);
            while (assembler.TryDequeue(out var result))
            {
                yield return result;
            }
        }
    }

    private static void Drain(HipaaTransactionAssembler assembler, List<HipaaResult> results)
    {
        while (assembler.TryDequeue(out var result))
        {
            results.Add(result);
        }
    }

    private static HipaaReaderOptions Validate(HipaaReaderOptions? options)
    {
        options ??= HipaaReaderOptions.Default;
        if (options.Currency.IsDefault)
        {
            throw new ArgumentException("The options must name a currency.", nameof(options));
        }

        return options;
    }
}
