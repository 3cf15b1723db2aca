using System.Runtime.ExceptionServices;

namespace HealthFinance.X12;

/// <summary>Reads one part of an input to its end and returns what it computed (see <see cref="X12InputPartitioner.ReadParts{TResult}"/>).</summary>
/// <remarks>
/// The state <paramref name="reader"/> ends in tells whether the next part continues this one, so read it to its end
/// through the reference. For the fastest loop, copy it into a local (<c>var local = reader;</c>), read the local, and
/// assign it back before returning (<c>reader = local;</c>): the JIT keeps a local reader's fields closer at hand than
/// those of a reader reached through a reference.
/// </remarks>
/// <typeparam name="TResult">What the part's reading computes.</typeparam>
/// <param name="reader">A reader over the part, before its first segment; call <see cref="X12Reader.Read"/> until it returns <see langword="false"/>.</param>
/// <param name="part">The part being read.</param>
/// <returns>The part's result.</returns>
public delegate TResult X12PartReader<out TResult>(ref X12Reader reader, X12InputPart part);

/// <summary>
/// Splits an in-memory X12 input into parts that start at segment boundaries and reads them on several threads, with
/// the same segments as one <see cref="X12Reader"/> over the whole input.
/// </summary>
/// <remarks>
/// <para>
/// A boundary is the first segment terminator at or after an even share of the input, taken with the delimiters of the
/// input's first interchange. X12 forbids a delimiter inside data, so inside an interchange with those delimiters the
/// boundary is exact. An input may hold interchanges with other delimiters, where a boundary found that way can fall
/// inside a segment: a part is trusted only when the reader of the part before it ended exactly at the part's first
/// byte, inside an interchange with the delimiters the part was started with (<see cref="X12InputPart.Continues"/>).
/// <see cref="ReadParts{TResult}"/> checks that for every part and reads an untrusted part again, after the part
/// before, from the state that part's reader ended with; so its results are always those of sequential reading.
/// </para>
/// <para>Partitioning never throws for bad input: an input without a readable first ISA is one part.</para>
/// </remarks>
public static class X12InputPartitioner
{
    /// <summary>
    /// Reads <paramref name="input"/> in at most <paramref name="partCount"/> parts, the first on the calling thread and
    /// the others on thread-pool threads, and returns each part's result in input order.
    /// </summary>
    /// <typeparam name="TResult">What each part's reading computes.</typeparam>
    /// <param name="input">The whole X12 input.</param>
    /// <param name="partCount">How many parts to aim for (e.g. <see cref="Environment.ProcessorCount"/>).</param>
    /// <param name="readPart">
    /// Reads one part to its end. It may run several times for a part (a part read again replaces the earlier result),
    /// and on several threads at once for different parts.
    /// </param>
    /// <param name="options">The reader options.</param>
    /// <returns>One result per part, in input order; their segments together are the input's, each once.</returns>
    /// <exception cref="X12ReaderException">The input is unreadable where sequential reading finds it unreadable.</exception>
    /// <remarks>An exception thrown by <paramref name="readPart"/> for a trusted part is rethrown once the parts before it are read.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="partCount"/> is less than 1.</exception>
    public static TResult[] ReadParts<TResult>(ReadOnlyMemory<byte> input, int partCount, X12PartReader<TResult> readPart, X12ReaderOptions options = default)
    {
        ArgumentNullException.ThrowIfNull(readPart);
        var parts = Partition(input.Span, partCount, options);
        var results = new TResult[parts.Length];
        var ends = new X12ReaderState[parts.Length];
        var failures = new ExceptionDispatchInfo?[parts.Length];

        void Run(int i)
        {
            try
            {
                var reader = parts[i].CreateReader(input.Span);
                results[i] = readPart(ref reader, parts[i]);
                ends[i] = reader.CurrentState;
            }
            catch (Exception ex) when (i > 0)
            {
                // Possibly the consequence of a wrong boundary (the part read with the wrong delimiters or from inside a
                // segment); it stands only if the part is found to continue the part before.
                failures[i] = ExceptionDispatchInfo.Capture(ex);
            }
        }

        var others = new Task[parts.Length - 1];
        for (var i = 1; i < parts.Length; i++)
        {
            var index = i;
            others[i - 1] = Task.Run(() => Run(index));
        }

        try
        {
            Run(0);
        }
        finally
        {
            Task.WaitAll(others);
        }

        for (var i = 1; i < parts.Length; i++)
        {
            if (parts[i].Continues(ends[i - 1]))
            {
                failures[i]?.Throw();
                continue;
            }

            var reader = parts[i].CreateReader(input.Span, ends[i - 1]);
            results[i] = readPart(ref reader, parts[i]);
            ends[i] = reader.CurrentState;
        }

        return results;
    }

    /// <summary>Splits <paramref name="input"/> into at most <paramref name="partCount"/> parts of about equal length.</summary>
    /// <param name="input">The whole X12 input.</param>
    /// <param name="partCount">How many parts to aim for.</param>
    /// <param name="options">The reader options every part is read with.</param>
    /// <returns>
    /// The parts in input order, together covering the input without gaps; fewer than <paramref name="partCount"/> when
    /// the input is small or has no boundary after a share.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="partCount"/> is less than 1.</exception>
    public static X12InputPart[] Partition(ReadOnlySpan<byte> input, int partCount, X12ReaderOptions options = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partCount, 1);
        if (partCount == 1 || !TryReadFirstSegment(input, options, out var delimiters, out var firstSegmentEnd))
        {
            return [new X12InputPart(0, 0, input.Length, isLast: true, delimiters: default, options)];
        }

        var starts = new List<int>(partCount) { 0 };
        for (var k = 1; k < partCount; k++)
        {
            var share = (int)((long)input.Length * k / partCount);
            var from = Math.Max(Math.Max(share, firstSegmentEnd), starts[^1] + 1);
            if (from >= input.Length)
            {
                break;
            }

            var terminator = input[from..].IndexOf(delimiters.Segment);
            if (terminator < 0 || from + terminator + 1 >= input.Length)
            {
                break;
            }

            starts.Add(from + terminator + 1);
        }

        var parts = new X12InputPart[starts.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            var isLast = i + 1 == starts.Count;
            var end = isLast ? input.Length : starts[i + 1];
            parts[i] = new X12InputPart(i, starts[i], end - starts[i], isLast, i == 0 ? default : delimiters, options);
        }

        return parts;
    }

    /// <summary>Reads the input's first segment, which must be an ISA (after any BOM or text before it), for its delimiters.</summary>
    private static bool TryReadFirstSegment(ReadOnlySpan<byte> input, X12ReaderOptions options, out X12Delimiters delimiters, out int firstSegmentEnd)
    {
        delimiters = default;
        firstSegmentEnd = 0;
        try
        {
            var reader = new X12Reader(input, options);
            if (!reader.Read() || !reader.SegmentIdEquals("ISA"u8))
            {
                return false;
            }

            delimiters = reader.Delimiters;
            firstSegmentEnd = (int)reader.BytesConsumed;
            return true;
        }
        catch (X12ReaderException)
        {
            return false;
        }
    }
}

/// <summary>One part of an input split by <see cref="X12InputPartitioner.Partition"/>.</summary>
public readonly record struct X12InputPart
{
    internal X12InputPart(int index, int offset, int length, bool isLast, X12Delimiters delimiters, X12ReaderOptions options)
    {
        Index = index;
        Offset = offset;
        Length = length;
        IsLast = isLast;
        Delimiters = delimiters;
        Options = options;
    }

    /// <summary>The part's 0-based position among the parts.</summary>
    public int Index { get; }

    /// <summary>The offset of the part's first byte in the input.</summary>
    public int Offset { get; }

    /// <summary>The number of bytes in the part.</summary>
    public int Length { get; }

    /// <summary>Whether the part ends the input (its reader treats its end as the end of the input).</summary>
    public bool IsLast { get; }

    /// <summary>The delimiters the part starts with (<c>default</c> for the first part, which starts before its ISA).</summary>
    public X12Delimiters Delimiters { get; }

    /// <summary>The reader options the part is read with.</summary>
    public X12ReaderOptions Options { get; }

    /// <summary>
    /// Creates a reader over this part of <paramref name="input"/>. Byte offsets are those of the whole input;
    /// <see cref="X12Reader.SegmentIndex"/> counts from the part's first segment. A part other than the last ends
    /// like a chunk of streamed input: a segment cut by the part's end is left unread rather than reported.
    /// </summary>
    /// <param name="input">The whole input the part was taken from.</param>
    /// <returns>The reader.</returns>
    public X12Reader CreateReader(ReadOnlySpan<byte> input)
    {
        var state = new X12ReaderState(Options);
        if (Index > 0)
        {
            state.Delimiters = Delimiters;
            state.HasDelimiters = true;
            state.BomSkipped = true;
            state.AbsoluteOffset = Offset;
        }

        return new X12Reader(input.Slice(Offset, Length), IsLast, state);
    }

    /// <summary>
    /// Creates a reader that reads this part after the part before it, from <paramref name="previousPartEnd"/>, the
    /// <see cref="X12Reader.CurrentState"/> its reader ended with (bytes that reader left unread are read first): the
    /// way to read a part for which <see cref="Continues"/> is <see langword="false"/>.
    /// <see cref="X12Reader.SegmentIndex"/> counts from the first segment this reader reads.
    /// </summary>
    /// <param name="input">The whole input the part was taken from.</param>
    /// <param name="previousPartEnd">The state the reader of the part before ended with.</param>
    /// <returns>The reader.</returns>
    /// <exception cref="ArgumentException"><paramref name="previousPartEnd"/> is past this part's start.</exception>
    public X12Reader CreateReader(ReadOnlySpan<byte> input, X12ReaderState previousPartEnd)
    {
        var from = previousPartEnd.AbsoluteOffset;
        if (from > Offset || from < 0)
        {
            throw new ArgumentException(
                $"The state is at byte {from}, past the start of part {Index} (byte {Offset}); pass the state the reader of the part before ended with.",
                nameof(previousPartEnd));
        }

        previousPartEnd.SegmentCount = 0;
        return new X12Reader(input[(int)from..(Offset + Length)], IsLast, previousPartEnd);
    }

    /// <summary>
    /// Whether this part's own reader (<see cref="CreateReader(ReadOnlySpan{byte})"/>) reads the input's segments: the
    /// reader of the part before, given as the <see cref="X12Reader.CurrentState"/> it ended with, stopped exactly at
    /// this part's first byte inside an interchange with the delimiters this part starts with. Always true for the first part.
    /// </summary>
    /// <param name="previousPartEnd">The state the reader of the part before ended with.</param>
    /// <returns><see langword="true"/> when the part's segments are the input's.</returns>
    public bool Continues(X12ReaderState previousPartEnd) =>
        Index == 0
        || (previousPartEnd.HasDelimiters && previousPartEnd.AbsoluteOffset == Offset && previousPartEnd.Delimiters == Delimiters);
}
