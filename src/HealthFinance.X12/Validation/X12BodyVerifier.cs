using Microsoft.Win32.SafeHandles;

namespace HealthFinance.X12.Validation;

/// <summary>
/// Checks, on a second thread, the transaction-set body segments (everything but ISA, IEA, GS, GE, ST and SE) of the
/// part of the input after a split offset, and publishes how far the input is known to hold no body finding. The
/// validating thread skips the body checks of segments below that bound and does everything else itself (envelope
/// state, counts, control numbers, every finding), so its results are those of a sequential run.
/// </summary>
/// <remarks>
/// Body checks depend only on the segment's bytes, the delimiters and the definitions, never on envelope state, so a
/// segment the verifier found clean is clean in the sequential run too. The verifier stops at the first finding, at an
/// ISA (the delimiters may change) and at anything it cannot read; the validating thread then checks the rest itself.
/// It also checks that its segment boundaries meet the verifier's (see <see cref="Start"/>) and that the delimiters agree.
/// </remarks>
internal sealed class X12BodyVerifier : IDisposable
{
    /// <summary>Inputs smaller than this are validated on one thread (starting a thread costs more than it saves).</summary>
    internal const long MinimumParallelLength = 4L << 20;

    /// <summary>
    /// Where the input is split, as a fraction of its length: the validating thread checks everything before it; after
    /// it, it moves from mark to mark behind the verifier (envelope segments only), so both halves take about as long.
    /// </summary>
    internal const double SplitFraction = 0.5;

    private const int PublishEvery = 512;
    private const int MaxMarks = 1 << 20;
    private const int FileBufferSize = 1 << 20;

    private readonly ManualResetEventSlim _started = new();
    private readonly X12ValidatorOptions _options;
    private Mark[] _marks = new Mark[1024];
    private int _markCount;
    private long _index;
    private long _start = long.MaxValue;
    private long _cleanUpTo;
    private int _cancelled;
    private int _running;
    private Thread? _thread;

    /// <summary>Creates a verifier for input whose segments after <paramref name="splitOffset"/> use <paramref name="delimiters"/>.</summary>
    /// <param name="options">The validator options (element syntax on or off, reader options).</param>
    /// <param name="delimiters">The delimiters of the interchange that starts the input.</param>
    /// <param name="splitOffset">The offset from which the first segment boundary is searched.</param>
    public X12BodyVerifier(X12ValidatorOptions options, X12Delimiters delimiters, long splitOffset)
    {
        Delimiters = delimiters;
        SplitOffset = splitOffset;
        _options = options;
    }

    /// <summary>The delimiters the verifier reads with.</summary>
    public X12Delimiters Delimiters { get; }

    /// <summary>The offset from which the verifier's first segment boundary is searched.</summary>
    public long SplitOffset { get; }

    /// <summary>Every body segment starting in [<see cref="Start"/>, this) is verified clean.</summary>
    public long CleanUpTo => Volatile.Read(ref _cleanUpTo);

    /// <summary>Whether the verifier thread may still move <see cref="CleanUpTo"/>.</summary>
    public bool IsRunning => Volatile.Read(ref _running) != 0;

    /// <summary>
    /// The marks published so far, in input order: every envelope segment (ISA excepted) the verifier met, and a
    /// checkpoint every <c>PublishEvery</c> verified segments. All segments before a mark are verified; so is a
    /// checkpoint's own segment; segments between two marks are body segments.
    /// </summary>
    /// <param name="count">How many marks are valid.</param>
    /// <returns>The marks array (its first <paramref name="count"/> entries).</returns>
    public Mark[] GetMarks(out int count)
    {
        count = Volatile.Read(ref _markCount);
        return Volatile.Read(ref _marks);
    }

    /// <summary>Waits until the verifier knows its first segment, and returns that segment's offset (<see cref="long.MaxValue"/> when it has none).</summary>
    public long Start
    {
        get
        {
            _started.Wait();
            return Volatile.Read(ref _start);
        }
    }

    /// <summary>Starts verifying an input held in memory; the memory must stay valid until <see cref="Dispose"/> returns.</summary>
    /// <param name="data">The first byte of the input.</param>
    /// <param name="length">The input length.</param>
    public unsafe void StartMemory(byte* data, long length)
    {
        var address = (nint)data;
        StartThread(() => RunMemory((byte*)address, length));
    }

    /// <summary>Starts verifying a file region through positional reads (the caller's stream position is not used).</summary>
    /// <param name="handle">The open file.</param>
    /// <param name="baseOffset">The file offset of input offset 0.</param>
    /// <param name="length">The input length from <paramref name="baseOffset"/>.</param>
    public void StartFile(SafeFileHandle handle, long baseOffset, long length)
    {
        FileOffset = baseOffset;
        Length = length;
        StartThread(() => RunFile(handle, baseOffset, length));
    }

    /// <summary>For a file: the file offset of input offset 0.</summary>
    public long FileOffset { get; private set; }

    /// <summary>For a file: the input length from <see cref="FileOffset"/>.</summary>
    public long Length { get; private set; }

    /// <summary>Asks the verifier to stop (the validating thread has caught up or finished).</summary>
    public void Cancel() => Volatile.Write(ref _cancelled, 1);

    /// <summary>Stops the verifier and waits for its thread.</summary>
    public void Dispose()
    {
        Cancel();
        _thread?.Join();
        _started.Set();
        _started.Dispose();
    }

    private void StartThread(Action run)
    {
        _running = 1;
        _thread = new Thread(() =>
        {
            try
            {
                run();
            }
            catch (Exception)
            {
                // Whatever stopped the verifier, nothing beyond the published bound is claimed: the validating thread
                // checks the rest itself, and an exception on this thread must not end the process.
            }
            finally
            {
                Volatile.Write(ref _running, 0);
                _started.Set();
            }
        })
        {
            IsBackground = true,
            Name = "X12 body verifier",
        };
        _thread.Start();
    }

    private unsafe void RunMemory(byte* data, long length)
    {
        var input = new ReadOnlySpan<byte>(data, checked((int)length));
        var terminator = input[(int)SplitOffset..].IndexOf(Delimiters.Segment);
        if (terminator < 0)
        {
            return;
        }

        var from = (int)SplitOffset + terminator + 1;
        var state = StateAt(from);
        var checker = CreateChecker(out var transaction);
        Verify(input[from..], isFinalBlock: true, ref state, checker, transaction);
    }

    private void RunFile(SafeFileHandle handle, long baseOffset, long length)
    {
        var buffer = new byte[FileBufferSize];
        var position = SplitOffset;

        // Find the first terminator at or after the split.
        long from = -1;
        while (from < 0 && position < length && Volatile.Read(ref _cancelled) == 0)
        {
            var read = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - position)), baseOffset + position);
            if (read <= 0)
            {
                return;
            }

            var at = buffer.AsSpan(0, read).IndexOf(Delimiters.Segment);
            if (at >= 0)
            {
                from = position + at + 1;
            }

            position += read;
        }

        if (from < 0)
        {
            return;
        }

        var state = StateAt(from);
        var checker = CreateChecker(out var transaction);
        position = from;
        var filled = 0;
        while (Volatile.Read(ref _cancelled) == 0)
        {
            var read = RandomAccess.Read(handle, buffer.AsSpan(filled, (int)Math.Min(buffer.Length - filled, length - position)), baseOffset + position);
            position += read;
            filled += read;
            var final = position >= length || read == 0;
            var consumed = Verify(buffer.AsSpan(0, filled), final, ref state, checker, transaction);
            if (consumed < 0 || final)
            {
                return;
            }

            // Keep the incomplete segment; a segment larger than the buffer ends the verification.
            var remaining = filled - (int)consumed;
            if (remaining == buffer.Length)
            {
                return;
            }

            buffer.AsSpan((int)consumed, remaining).CopyTo(buffer);
            filled = remaining;
        }
    }

    /// <summary>
    /// Creates, on the verifier thread, the validator that checks the body segments and its scratch transaction report.
    /// Allocated here, they lie in this thread's allocation region, away from the objects the validating thread writes
    /// per segment: a cache line shared by the two threads' per-segment state would slow both.
    /// </summary>
    private X12Validator CreateChecker(out X12TransactionReport transaction)
    {
        transaction = new X12TransactionReport(0) { SegmentCount = 1 };
        return new X12Validator(new X12ValidatorOptions
        {
            ReaderOptions = _options.ReaderOptions,
            CheckElementSyntax = _options.CheckElementSyntax,
            MaxRetainedDiagnostics = 0,
        });
    }

    private X12ReaderState StateAt(long offset) => new(_options.ReaderOptions)
    {
        Delimiters = Delimiters,
        HasDelimiters = true,
        AbsoluteOffset = offset,
    };

    /// <summary>Checks the segments of one block; returns the bytes consumed, or -1 when verification ended (a finding, an ISA, cancellation).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private long Verify(ReadOnlySpan<byte> block, bool isFinalBlock, ref X12ReaderState state, X12Validator checker, X12TransactionReport transaction)
    {
        var reader = new X12Reader(block, isFinalBlock, state);
        var sinceLastPublish = 0;
        var clean = true;

        // Kept in locals: per segment, this loop reads and writes no field of an object the validating thread allocated
        // (they may share a cache line with that thread's per-segment state); published fields are written only when
        // something is published.
        var index = _index;
        var started = _start != long.MaxValue;
        while (reader.Read())
        {
            if (!started)
            {
                started = true;
                Volatile.Write(ref _start, reader.SegmentByteOffset);
                _cleanUpTo = reader.SegmentByteOffset;
                _started.Set();
            }

            var verdict = checker.VerifyBodySegment(ref reader, transaction);
            if (verdict == X12Validator.BodyVerdict.Stop || (verdict == X12Validator.BodyVerdict.Envelope && !AddMark(reader.SegmentByteOffset, index, envelope: true)))
            {
                clean = false;
                break;
            }

            if (++sinceLastPublish == PublishEvery)
            {
                sinceLastPublish = 0;
                if (verdict == X12Validator.BodyVerdict.Clean && !AddMark(reader.SegmentByteOffset, index, envelope: false))
                {
                    clean = false;
                    break;
                }

                Volatile.Write(ref _cleanUpTo, reader.SegmentByteOffset + 1);
                if (Volatile.Read(ref _cancelled) != 0)
                {
                    return -1;
                }
            }

            index++;
        }

        _index = index;

        if (!clean)
        {
            return -1;
        }

        if (_start != long.MaxValue)
        {
            // Everything read so far is clean: the bound moves to the first byte not yet read.
            Volatile.Write(ref _cleanUpTo, reader.CurrentState.AbsoluteOffset);
        }

        state = reader.CurrentState;
        return reader.BytesConsumed;
    }

    /// <summary>Publishes a mark for a segment; false when the mark limit is reached.</summary>
    private bool AddMark(long offset, long index, bool envelope)
    {
        var count = _markCount;
        if (count == MaxMarks)
        {
            return false;
        }

        var marks = _marks;
        if (count == marks.Length)
        {
            var larger = new Mark[marks.Length * 2];
            marks.AsSpan().CopyTo(larger);
            Volatile.Write(ref _marks, larger);
            marks = larger;
        }

        marks[count] = new Mark(offset, index, envelope);
        Volatile.Write(ref _markCount, count + 1);
        return true;
    }

    /// <summary>A segment the validating thread may move to: its offset, its 0-based index among the verifier's segments, and whether it is an envelope segment.</summary>
    /// <param name="Offset">The segment's absolute offset.</param>
    /// <param name="Index">The segment's index counted from the verifier's first segment.</param>
    /// <param name="Envelope">Whether it is an envelope segment (which the validating thread must process).</param>
    internal readonly record struct Mark(long Offset, long Index, bool Envelope);
}
