using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using HealthFinance.Canonical.Diagnostics;

namespace HealthFinance.X12.Validation;

/// <summary>
/// Streaming envelope and syntax validation of X12 input: ISA/IEA, GS/GE and ST/SE pairing, control
/// numbers, segment and group counts, segment identifier form, invalid characters, and element length,
/// type and presence for the segments it knows. Each finding is a <see cref="Diagnostic"/> with a
/// permanent code (<see cref="X12DiagnosticCodes"/>) mapped to the TA1/999 code a receiver reports.
/// </summary>
/// <remarks>
/// Feed segments one at a time with <see cref="ValidateSegment(ref X12Reader)"/> (memory stays bounded by
/// the envelope structure, never the input), then call <see cref="Complete"/>; or use the static
/// <see cref="Validate(ReadOnlySpan{byte}, X12ValidatorOptions?)"/> and
/// <see cref="ValidateAsync(Stream, X12ValidatorOptions?, CancellationToken)"/>, which never throw for bad input.
/// </remarks>
public sealed class X12Validator
{
    private static readonly int[] IsaWidths = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1];
    private static readonly string[] IsaNoteCodes = ["010", "011", "012", "013", "005", "006", "007", "008", "014", "015", "024", "017", "018", "019", "020", "027"];

    private static readonly int KeyIsa = X12SegmentDictionary.Key("ISA"u8);
    private static readonly int KeyIea = X12SegmentDictionary.Key("IEA"u8);
    private static readonly int KeyGs = X12SegmentDictionary.Key("GS"u8);
    private static readonly int KeyGe = X12SegmentDictionary.Key("GE"u8);
    private static readonly int KeySt = X12SegmentDictionary.Key("ST"u8);
    private static readonly int KeySe = X12SegmentDictionary.Key("SE"u8);
    private static readonly int KeyTa1 = X12SegmentDictionary.Key("TA1"u8);

    private readonly X12ValidatorOptions _options;
    private readonly bool _reference;
    private readonly bool _checkElementSyntax;
    private readonly List<Diagnostic> _diagnostics = [];
    private readonly List<X12InterchangeReport> _interchanges = [];
    private readonly HashSet<string> _interchangeControlNumbers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _groupControlNumbers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _transactionControlNumbers = new(StringComparer.Ordinal);
    private readonly List<X12ElementError> _elementErrors = [];

    private X12InterchangeReport? _interchange;
    private X12GroupReport? _group;
    private X12TransactionReport? _transaction;
    private SearchValues<byte>? _invalidBytes;
    private SearchValues<byte>? _specialBytes;
    private bool _segmentHasSeparators = true;
    private X12Delimiters _invalidBytesFor;
    private long _errorCount;
    private long _warningCount;
    private long _suppressed;
    private long _segmentCount;
    private long _bytesRead;
    private bool _completed;

    // Two-thread validation (see X12BodyVerifier): body checks of segments starting in [_verifiedStart, _verifiedEnd)
    // were done by the verifier; the first segment at or after _alignAt is where the verifier's segments must begin.
    private X12BodyVerifier? _verifier;
    private long _alignAt = long.MaxValue;
    private long _verifiedStart = long.MaxValue;
    private long _verifiedEnd;
    private long _verifiedSegments;
    private long _reported;
    private bool _canSkipAhead;
    private long _alignIndex;
    private int _markCursor;

    /// <summary>Creates a validator.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    public X12Validator(X12ValidatorOptions? options = null)
    {
        _options = options ?? new X12ValidatorOptions();
        _reference = _options.UseReferenceChecks;
        _checkElementSyntax = _options.CheckElementSyntax;
    }

    /// <summary>Validates a whole input held in memory. Never throws for bad input.</summary>
    /// <param name="data">The X12 bytes.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <returns>The findings and the envelope structure.</returns>
    public static X12ValidationResult Validate(ReadOnlySpan<byte> data, X12ValidatorOptions? options = null)
    {
        var validator = new X12Validator(options);
        if (validator.CanUseSecondThread(data.Length) && TryReadDelimiters(data, isFinalBlock: true, validator._options.ReaderOptions, out var delimiters))
        {
            return ValidateOnTwoThreads(validator, data, delimiters);
        }

        return ValidateSequential(validator, data);
    }

    private static unsafe X12ValidationResult ValidateOnTwoThreads(X12Validator validator, ReadOnlySpan<byte> data, X12Delimiters delimiters)
    {
        fixed (byte* pointer = data)
        {
            using var verifier = new X12BodyVerifier(validator._options, delimiters, (long)(data.Length * validator._options.SecondThreadSplit));
            verifier.StartMemory(pointer, data.Length);
            validator.UseVerifier(verifier);
            validator._canSkipAhead = true;
            try
            {
                return ValidateSequential(validator, data);
            }
            finally
            {
                validator._verifier = null;
            }
        }
    }

    private static X12ValidationResult ValidateSequential(X12Validator validator, ReadOnlySpan<byte> data)
    {
        var reader = new X12Reader(data, validator._options.ReaderOptions);
        try
        {
            while (reader.Read())
            {
                validator.ValidateSegment(ref reader);
            }

            validator._bytesRead = reader.BytesConsumed;
        }
        catch (X12ReaderException ex)
        {
            validator.ReportReaderFailure(ex);
            validator._bytesRead = ex.BytePosition;
        }

        return validator.Complete();
    }

    /// <summary>Validates an input stream segment by segment, with memory bounded by the largest segment. Never throws for bad input.</summary>
    /// <param name="stream">The X12 input.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The findings and the envelope structure.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    /// <exception cref="OperationCanceledException">The read was cancelled.</exception>
    public static async ValueTask<X12ValidationResult> ValidateAsync(Stream stream, X12ValidatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var validator = new X12Validator(options);
        var verifier = validator.StartFileVerifier(stream);
        if (verifier is null)
        {
            return await ValidateStreamAsync(validator, stream, cancellationToken).ConfigureAwait(false);
        }

        X12ValidationResult? result;
        using (verifier)
        {
            result = await validator.ValidateFileOnTwoThreadsAsync((FileStream)stream, verifier, cancellationToken).ConfigureAwait(false);
        }

        if (result is not null)
        {
            return result;
        }

        // The input is structurally unreadable: validate it again on one thread from the stream (which was not moved),
        // so that the result is exactly that of one thread; the findings already passed to the callback are not repeated.
        var again = validator._options.Copy();
        again.MaxDegreeOfParallelism = 1;
        var callback = again.DiagnosticReported;
        if (callback is not null)
        {
            var alreadyReported = validator._reported;
            again.DiagnosticReported = d =>
            {
                if (alreadyReported > 0)
                {
                    alreadyReported--;
                }
                else
                {
                    callback(d);
                }
            };
        }

        return await ValidateStreamAsync(new X12Validator(again), stream, cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask<X12ValidationResult> ValidateStreamAsync(X12Validator validator, Stream stream, CancellationToken cancellationToken)
    {
        var counting = new ByteCountingStream(stream);
        var reader = new X12StreamReader(counting, validator._options.ReaderOptions, leaveOpen: true, bufferSize: StreamBufferSize);
        await using (reader.ConfigureAwait(false))
        {
            try
            {
                await reader.ReadAllAsync(validator.ValidateSegment, cancellationToken).ConfigureAwait(false);
            }
            catch (X12ReaderException ex)
            {
                validator.ReportReaderFailure(ex);
            }
        }

        validator._bytesRead = counting.BytesRead;
        return validator.Complete();
    }

    /// <summary>
    /// The validating thread's side of two-thread validation of a file: positional reads of 1 MiB blocks, so that it can
    /// move past the segments the verifier checked. Returns <see langword="null"/> when the input is structurally
    /// unreadable (the caller then validates on one thread).
    /// </summary>
    private async ValueTask<X12ValidationResult?> ValidateFileOnTwoThreadsAsync(FileStream file, X12BodyVerifier verifier, CancellationToken cancellationToken)
    {
        _canSkipAhead = true;
        var handle = file.SafeFileHandle;
        var length = verifier.Length;
        var maxBuffer = Math.Max(FileBlockSize, _options.ReaderOptions.MaxSegmentLength + 2);
        var buffer = ArrayPool<byte>.Shared.Rent(FileBlockSize);
        var state = new X12ReaderState(_options.ReaderOptions);
        var filled = 0;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var offset = state.AbsoluteOffset;
                var wanted = (int)Math.Min(buffer.Length - filled, length - offset - filled);
                if (wanted > 0)
                {
                    var read = await RandomAccess.ReadAsync(handle, buffer.AsMemory(filled, wanted), verifier.FileOffset + offset + filled, cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        length = offset + filled;
                    }

                    filled += read;
                }

                var final = offset + filled >= length;
                long consumed;
                try
                {
                    consumed = ValidateBlock(buffer.AsSpan(0, filled), final, ref state);
                }
                catch (X12ReaderException)
                {
                    return null;
                }

                if (final)
                {
                    break;
                }

                if (consumed >= filled)
                {
                    // Moved past the block to a segment the verifier marked.
                    filled = 0;
                    continue;
                }

                var remaining = filled - (int)consumed;
                if (remaining == buffer.Length)
                {
                    // One segment fills the block: grow (the reader reports a too-long segment before the limit).
                    if (buffer.Length >= maxBuffer)
                    {
                        throw new InvalidOperationException("The segment buffer cannot grow further.");
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, maxBuffer));
                    buffer.AsSpan(0, remaining).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                else if (consumed > 0)
                {
                    buffer.AsSpan((int)consumed, remaining).CopyTo(buffer);
                }

                filled = remaining;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            verifier.Cancel();
            _verifier = null;
        }

        // As after reading the stream to its end.
        file.Seek(verifier.FileOffset + length, SeekOrigin.Begin);
        _bytesRead = length;
        return Complete();
    }

    private long ValidateBlock(ReadOnlySpan<byte> block, bool isFinalBlock, ref X12ReaderState state)
    {
        var reader = new X12Reader(block, isFinalBlock, state);
        while (reader.Read())
        {
            ValidateSegment(ref reader);
        }

        state = reader.CurrentState;
        return reader.BytesConsumed;
    }

    /// <summary>The block size of two-thread file validation.</summary>
    private const int FileBlockSize = 1 << 20;

    /// <summary>The stream buffer of <see cref="ValidateAsync"/>: large enough that reads cost little, small enough for the L2 cache.</summary>
    private const int StreamBufferSize = 256 * 1024;

    /// <summary>The options this validator runs with.</summary>
    internal X12ValidatorOptions Options => _options;

    /// <summary>The number of error findings so far.</summary>
    public long ErrorCount => _errorCount;

    /// <summary>Validates the segment the reader is positioned on.</summary>
    /// <param name="reader">A reader positioned on a segment.</param>
    /// <exception cref="InvalidOperationException"><see cref="Complete"/> was already called.</exception>
    public void ValidateSegment(ref X12Reader reader)
    {
        if (_completed)
        {
            throw new InvalidOperationException("The validator has completed; create a new one for more input.");
        }

        _segmentCount++;
        if (reader.SegmentByteOffset >= _alignAt)
        {
            AlignWithVerifier(ref reader);
        }

        var key = X12SegmentDictionary.Key(reader.SegmentId);
        var transaction = _transaction;
        if (transaction is not null && !_reference
            && key != KeySe && key != KeySt && key != KeyGe && key != KeyIea && key != KeyGs && key != KeyIsa)
        {
            transaction.SegmentCount++;
            var offset = reader.SegmentByteOffset;
            if (offset >= _verifiedStart && _pendingCharacterError is null && (offset < _verifiedEnd || RefreshVerified(offset)))
            {
                // The verifier thread found no body finding here.
                _verifiedSegments++;
                if (_canSkipAhead)
                {
                    SkipAhead(ref reader, transaction);
                }

                return;
            }

            ValidateBodySegment(ref reader, transaction, key);
            return;
        }

        if (key == KeyIsa)
        {
            OnIsa(ref reader);
            return;
        }

        if (_interchange is null)
        {
            Report(X12DiagnosticCodes.SegmentOutsideInterchange, DiagnosticSeverity.Error,
                key == KeyIea ? "IEA without a matching ISA." : "Segment outside any interchange (ISA … IEA).", Loc(ref reader));
            return;
        }

        if (_transaction is not null)
        {
            _transaction.SegmentCount++;
            CheckCharacters(ref reader);
            if (key == KeySe)
            {
                OnSe(ref reader);
            }
            else if (key == KeySt || key == KeyGe || key == KeyIea || key == KeyGs)
            {
                // The transaction set ended without SE: close it, then treat the segment at its own level.
                _transaction.SegmentCount--;
                CloseTransactionWithoutTrailer(ref reader);
                ValidateEnvelopeSegment(ref reader, key);
            }
            else
            {
                ValidateTransactionSegment(ref reader, key);
            }

            return;
        }

        CheckCharacters(ref reader);
        ValidateEnvelopeSegment(ref reader, key);
    }

    /// <summary>
    /// On the verifier's thread: the body checks of one segment with this (private) validator. Returns
    /// <see langword="false"/> when the segment has a body finding or is an ISA (after which delimiters may change).
    /// </summary>
    internal BodyVerdict VerifyBodySegment(ref X12Reader reader, X12TransactionReport scratch)
    {
        var key = X12SegmentDictionary.Key(reader.SegmentId);
        if (key == KeyIsa)
        {
            return BodyVerdict.Stop;
        }

        if (key == KeySe || key == KeySt || key == KeyGe || key == KeyIea || key == KeyGs)
        {
            return BodyVerdict.Envelope;
        }

        // Nothing is written per segment that the validating thread reads (no false sharing of cache lines).
        if (_transaction != scratch)
        {
            _transaction = scratch;
        }

        var before = _errorCount + _warningCount;
        ValidateBodySegment(ref reader, scratch, key);
        return _errorCount + _warningCount == before && scratch.SegmentErrors.Count == 0 && _pendingCharacterError is null
            ? BodyVerdict.Clean
            : BodyVerdict.Stop;
    }

    /// <summary>What <see cref="VerifyBodySegment"/> found.</summary>
    internal enum BodyVerdict
    {
        /// <summary>A body segment without findings.</summary>
        Clean,

        /// <summary>An envelope segment (IEA, GS, GE, ST or SE), left to the validating thread.</summary>
        Envelope,

        /// <summary>A finding, or an ISA: verification ends before this segment.</summary>
        Stop,
    }

    private bool CanUseSecondThread(long length) =>
        _options.MaxDegreeOfParallelism > 1 && !_reference && Environment.ProcessorCount > 1 && length >= X12BodyVerifier.MinimumParallelLength;

    private void UseVerifier(X12BodyVerifier verifier)
    {
        _verifier = verifier;
        _alignAt = verifier.SplitOffset;
    }

    /// <summary>Starts a verifier over the rest of a seekable file stream (positional reads; the stream is not moved).</summary>
    private X12BodyVerifier? StartFileVerifier(Stream stream)
    {
        if (stream is not FileStream { CanSeek: true } file)
        {
            return null;
        }

        long start, length;
        try
        {
            start = file.Position;
            length = file.Length - start;
        }
        catch (IOException)
        {
            return null;
        }

        if (!CanUseSecondThread(length))
        {
            return null;
        }

        var handle = file.SafeFileHandle;
        var head = new byte[64 * 1024];
        int read;
        try
        {
            read = RandomAccess.Read(handle, head, start);
        }
        catch (Exception ex) when (ex is IOException or NotSupportedException or UnauthorizedAccessException)
        {
            return null;
        }

        if (!TryReadDelimiters(head.AsSpan(0, read), isFinalBlock: read < head.Length, _options.ReaderOptions, out var delimiters))
        {
            return null;
        }

        var verifier = new X12BodyVerifier(_options, delimiters, (long)(length * _options.SecondThreadSplit));
        verifier.StartFile(handle, start, length);
        UseVerifier(verifier);
        return verifier;
    }

    /// <summary>The delimiters of the first interchange, when its ISA can be read from <paramref name="head"/>.</summary>
    private static bool TryReadDelimiters(ReadOnlySpan<byte> head, bool isFinalBlock, X12ReaderOptions options, out X12Delimiters delimiters)
    {
        delimiters = default;
        try
        {
            var probe = new X12Reader(head, isFinalBlock, new X12ReaderState(options));
            if (!probe.Read() || !probe.SegmentId.SequenceEqual("ISA"u8))
            {
                return false;
            }

            delimiters = probe.Delimiters;
            return true;
        }
        catch (X12ReaderException)
        {
            return false;
        }
    }

    /// <summary>The first segment at or after the split: it must start exactly where the verifier's first segment does, with the same delimiters.</summary>
    private void AlignWithVerifier(ref X12Reader reader)
    {
        var verifier = _verifier;
        _alignAt = long.MaxValue;
        if (verifier is null)
        {
            return;
        }

        var start = verifier.Start;
        var offset = reader.SegmentByteOffset;
        if (offset < start)
        {
            _alignAt = start;
            return;
        }

        if (offset == start && reader.Delimiters == verifier.Delimiters)
        {
            _verifiedStart = start;
            _verifiedEnd = verifier.CleanUpTo;
            _alignIndex = _segmentCount;
        }
        else
        {
            verifier.Cancel();
        }
    }

    /// <summary>
    /// After a verified body segment inside a transaction set: moves the reader past the following verified body
    /// segments, to the next envelope segment or the last checkpoint the verifier published, counting the segments in
    /// between as this thread would (they are body segments of the same transaction set, without findings).
    /// </summary>
    private void SkipAhead(ref X12Reader reader, X12TransactionReport transaction)
    {
        var marks = _verifier!.GetMarks(out var count);
        var current = _segmentCount - _alignIndex;
        var cursor = _markCursor;
        while (cursor < count && marks[cursor].Index <= current)
        {
            cursor++;
        }

        _markCursor = cursor;
        if (cursor == count)
        {
            return;
        }

        while (cursor < count - 1 && !marks[cursor].Envelope)
        {
            cursor++;
        }

        var target = marks[cursor];
        var skipped = target.Index - current - 1;
        if (skipped <= 0)
        {
            return;
        }

        _segmentCount += skipped;
        transaction.SegmentCount += (int)skipped;
        _verifiedSegments += skipped;
        reader.SkipTo(target.Offset, skipped);
    }

    /// <summary>
    /// Reads the verifier's bound again. When this thread has caught up, it waits for the verifier (checking the same
    /// segments twice would only slow both); once the verifier has stopped, this thread checks the rest itself.
    /// </summary>
    private bool RefreshVerified(long offset)
    {
        var verifier = _verifier;
        if (verifier is not null)
        {
            var spinner = default(SpinWait);
            while (true)
            {
                var running = verifier.IsRunning;
                _verifiedEnd = verifier.CleanUpTo;
                if (offset < _verifiedEnd)
                {
                    return true;
                }

                if (!running)
                {
                    break;
                }

                spinner.SpinOnce();
            }
        }

        _verifiedStart = long.MaxValue;
        return false;
    }

    /// <summary>Records a structural reader failure (the input cannot be read further) as a finding.</summary>
    /// <param name="exception">The reader's exception.</param>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is <see langword="null"/>.</exception>
    public void ReportReaderFailure(X12ReaderException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var d = exception.ToDiagnostic();
        Record(d);
        _interchange?.AddNoteCode("023");
    }

    /// <summary>Closes any envelope left open at the end of input and returns the result. Idempotent.</summary>
    /// <returns>The findings and the envelope structure.</returns>
    public X12ValidationResult Complete()
    {
        if (!_completed)
        {
            _completed = true;
            var end = new SourceLocation { SegmentIndex = _segmentCount, Path = "end of input" };
            if (_transaction is not null)
            {
                Report(X12DiagnosticCodes.SeMissing, DiagnosticSeverity.Error, $"Transaction set {_transaction.ControlNumber} has no SE trailer.", end);
                _transaction.AddErrorCode("2");
                _transaction = null;
            }

            if (_group is not null)
            {
                Report(X12DiagnosticCodes.GeMissing, DiagnosticSeverity.Error, $"Functional group {_group.ControlNumber} has no GE trailer.", end);
                _group.AddErrorCode("3");
                _group = null;
            }

            if (_interchange is not null)
            {
                Report(X12DiagnosticCodes.IeaMissing, DiagnosticSeverity.Error, $"Interchange {_interchange.ControlNumber} has no IEA trailer (input ended early).", end);
                _interchange.AddNoteCode("023");
                _interchange = null;
            }
        }

        return new X12ValidationResult(_diagnostics, _interchanges, _errorCount, _warningCount, _suppressed, _segmentCount, _bytesRead)
        {
            SegmentsVerifiedOnSecondThread = _verifiedSegments,
        };
    }

    private void ValidateEnvelopeSegment(ref X12Reader reader, int key)
    {
        if (key == KeyIea)
        {
            OnIea(ref reader);
        }
        else if (key == KeyGs)
        {
            OnGs(ref reader);
        }
        else if (key == KeyGe)
        {
            OnGe(ref reader);
        }
        else if (key == KeySt)
        {
            OnSt(ref reader);
        }
        else if (key == KeyTa1 && _group is null)
        {
            // An inbound TA1 sits between ISA and GS.
            CheckEnvelopeElements(ref reader);
        }
        else if (_group is null)
        {
            Report(X12DiagnosticCodes.SegmentOutsideGroup, DiagnosticSeverity.Error, "Segment inside the interchange but outside any functional group (GS … GE).", Loc(ref reader));
            _interchange!.AddNoteCode("024");
        }
        else
        {
            Report(X12DiagnosticCodes.SegmentOutsideTransaction, DiagnosticSeverity.Error, "Segment inside the functional group but outside any transaction set (ST … SE).", Loc(ref reader));
            _interchange!.AddNoteCode("024");
        }
    }

    private void OnIsa(ref X12Reader reader)
    {
        if (_interchange is not null)
        {
            if (_transaction is not null)
            {
                CloseTransactionWithoutTrailer(ref reader);
            }

            if (_group is not null)
            {
                Report(X12DiagnosticCodes.GeMissing, DiagnosticSeverity.Error, $"Functional group {_group.ControlNumber} has no GE trailer.", Loc(ref reader));
                _group.AddErrorCode("3");
                _group = null;
            }

            Report(X12DiagnosticCodes.IeaMissing, DiagnosticSeverity.Error, $"Interchange {_interchange.ControlNumber} has no IEA trailer before the next ISA.", Loc(ref reader));
            _interchange.AddNoteCode("023");
        }

        var ic = new X12InterchangeReport(reader.SegmentIndex, reader.Delimiters);
        _interchange = ic;
        _interchanges.Add(ic);
        _groupControlNumbers.Clear();

        ic.SenderQualifier = Text(reader.GetElement(5));
        ic.SenderId = Text(reader.GetElement(6)).TrimEnd();
        ic.ReceiverQualifier = Text(reader.GetElement(7));
        ic.ReceiverId = Text(reader.GetElement(8)).TrimEnd();
        ic.Date = Text(reader.GetElement(9));
        ic.Time = Text(reader.GetElement(10));
        ic.Version = Text(reader.GetElement(12));
        ic.ControlNumber = Text(reader.GetElement(13));
        ic.UsageIndicator = Text(reader.GetElement(15));

        CheckCharacters(ref reader);

        if (reader.SegmentSpan.Length != 105 || reader.ElementCount != 16)
        {
            Report(X12DiagnosticCodes.IsaNotFixedLength, DiagnosticSeverity.Error,
                string.Create(CultureInfo.InvariantCulture, $"ISA is not the fixed 106-byte layout (found {reader.SegmentSpan.Length + 1} bytes, {reader.ElementCount} elements)."),
                Loc(ref reader));
            ic.AddNoteCode("024");
        }

        for (var i = 1; i <= 16; i++)
        {
            var value = reader.GetElement(i);
            var problem = IsaElementProblem(i, value);
            if (problem is not null)
            {
                Report(X12DiagnosticCodes.IsaElementInvalid, DiagnosticSeverity.Error, problem, Loc(ref reader, i));
                ic.AddNoteCode(IsaNoteCodes[i - 1]);
            }
        }

        if (ic.ControlNumber.Length > 0 && !_interchangeControlNumbers.Add(ic.ControlNumber))
        {
            // A warning, not an envelope error: duplicate detection across deliveries belongs to the
            // idempotency layer, and repeating a control number inside one file is legal syntax.
            Report(X12DiagnosticCodes.DuplicateInterchangeControlNumber, DiagnosticSeverity.Warning, $"Interchange control number {ic.ControlNumber} was already used in this input.", Loc(ref reader, 13));
        }
    }

    private static string? IsaElementProblem(int position, ReadOnlySpan<byte> value)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"ISA{position:00}");
        if (value.Length != IsaWidths[position - 1])
        {
            // Tolerated by the reader; reported here so that the sender fixes it.
            return string.Create(CultureInfo.InvariantCulture, $"{name} must be exactly {IsaWidths[position - 1]} characters (found {value.Length}).");
        }

        switch (position)
        {
            case 9 when !IsValidDate(value):
                return "ISA09 is not a valid YYMMDD date.";
            case 10 when !IsValidTime(value):
                return "ISA10 is not a valid HHMM time.";
            case 12 when !IsAllDigits(value):
                return "ISA12 (interchange control version number) must be 5 digits.";
            case 13 when !IsAllDigits(value):
                return "ISA13 (interchange control number) must be 9 digits.";
            case 14 when value[0] is not ((byte)'0' or (byte)'1'):
                return "ISA14 (acknowledgment requested) must be 0 or 1.";
            case 15 when value[0] is not ((byte)'P' or (byte)'T' or (byte)'I'):
                return "ISA15 (usage indicator) must be P, T or I.";
            default:
                return null;
        }
    }

    private void OnIea(ref X12Reader reader)
    {
        var ic = _interchange!;
        if (_group is not null)
        {
            Report(X12DiagnosticCodes.GeMissing, DiagnosticSeverity.Error, $"Functional group {_group.ControlNumber} has no GE trailer.", Loc(ref reader));
            _group.AddErrorCode("3");
            _group = null;
        }

        CheckEnvelopeElements(ref reader);
        ic.HasTrailer = true;
        var count = reader.GetElement(1);
        if (!reader.TryGetInt32(1, out var declared) || declared != ic.Groups.Count)
        {
            Report(X12DiagnosticCodes.GroupCountMismatch, DiagnosticSeverity.Error,
                string.Create(CultureInfo.InvariantCulture, $"IEA01 declares {Text(count)} functional groups; the interchange has {ic.Groups.Count}."),
                Loc(ref reader, 1));
            ic.AddNoteCode("021");
        }

        if (!reader.GetElement(2).SequenceEqual(Encoding.ASCII.GetBytes(ic.ControlNumber)))
        {
            Report(X12DiagnosticCodes.InterchangeControlNumberMismatch, DiagnosticSeverity.Error,
                $"IEA02 ({Text(reader.GetElement(2))}) does not match ISA13 ({ic.ControlNumber}).", Loc(ref reader, 2));
            ic.AddNoteCode("001");
        }

        _interchange = null;
    }

    private void OnGs(ref X12Reader reader)
    {
        var ic = _interchange!;
        if (_group is not null)
        {
            Report(X12DiagnosticCodes.GeMissing, DiagnosticSeverity.Error, $"Functional group {_group.ControlNumber} has no GE trailer before the next GS.", Loc(ref reader));
            _group.AddErrorCode("3");
        }

        var g = new X12GroupReport(reader.SegmentIndex)
        {
            FunctionalIdentifierCode = Text(reader.GetElement(1)),
            SenderCode = Text(reader.GetElement(2)),
            ReceiverCode = Text(reader.GetElement(3)),
            ControlNumber = Text(reader.GetElement(6)),
            Version = Text(reader.GetElement(8)),
        };
        _group = g;
        ic.AddGroup(g);
        _transactionControlNumbers.Clear();

        if (CheckEnvelopeElements(ref reader))
        {
            ic.AddNoteCode("024");
        }

        var gs06 = reader.GetElement(6);
        if (gs06.IsEmpty || gs06.Length > 9 || !IsAllDigits(gs06))
        {
            Report(X12DiagnosticCodes.GroupControlNumberInvalid, DiagnosticSeverity.Error, "GS06 (group control number) must be 1 to 9 digits.", Loc(ref reader, 6));
            g.AddErrorCode("6");
        }
        else if (!_groupControlNumbers.Add(g.ControlNumber))
        {
            Report(X12DiagnosticCodes.DuplicateGroupControlNumber, DiagnosticSeverity.Error, $"Group control number {g.ControlNumber} repeats within the interchange.", Loc(ref reader, 6));
            g.AddErrorCode("19");
        }
    }

    private void OnGe(ref X12Reader reader)
    {
        var g = _group;
        if (g is null)
        {
            Report(X12DiagnosticCodes.SegmentOutsideGroup, DiagnosticSeverity.Error, "GE without a matching GS.", Loc(ref reader));
            _interchange!.AddNoteCode("024");
            return;
        }

        if (CheckEnvelopeElements(ref reader))
        {
            _interchange!.AddNoteCode("024");
        }

        g.HasTrailer = true;
        if (!reader.TryGetInt32(1, out var declared) || declared != g.Transactions.Count)
        {
            Report(X12DiagnosticCodes.TransactionCountMismatch, DiagnosticSeverity.Error,
                string.Create(CultureInfo.InvariantCulture, $"GE01 declares {Text(reader.GetElement(1))} transaction sets; the group has {g.Transactions.Count}."),
                Loc(ref reader, 1));
            g.AddErrorCode("5");
        }

        if (!TextEquals(reader.GetElement(2), g.ControlNumber))
        {
            Report(X12DiagnosticCodes.GroupControlNumberMismatch, DiagnosticSeverity.Error,
                $"GE02 ({Text(reader.GetElement(2))}) does not match GS06 ({g.ControlNumber}).", Loc(ref reader, 2));
            g.AddErrorCode("4");
        }

        _group = null;
    }

    private void OnSt(ref X12Reader reader)
    {
        if (_group is null)
        {
            Report(X12DiagnosticCodes.TransactionOutsideGroup, DiagnosticSeverity.Error, "ST outside any functional group (GS … GE).", Loc(ref reader));
            _interchange!.AddNoteCode("024");
            return;
        }

        var t = new X12TransactionReport(reader.SegmentIndex)
        {
            TransactionSetId = Text(reader.GetElement(1)),
            ControlNumber = Text(reader.GetElement(2)),
            ImplementationReference = Text(reader.GetElement(3)),
            SegmentCount = 1,
        };
        _transaction = t;
        _group.AddTransaction(t);

        var st01 = reader.GetElement(1);
        if (st01.Length != 3 || !IsAllDigits(st01))
        {
            Report(X12DiagnosticCodes.TransactionSetIdInvalid, DiagnosticSeverity.Error, "ST01 (transaction set identifier) must be 3 digits.", Loc(ref reader, 1));
            t.AddErrorCode("6");
        }

        var st02 = reader.GetElement(2);
        if (st02.Length is < 4 or > 9)
        {
            Report(X12DiagnosticCodes.TransactionControlNumberInvalid, DiagnosticSeverity.Error, "ST02 (transaction set control number) must be 4 to 9 characters.", Loc(ref reader, 2));
            t.AddErrorCode("7");
        }
        else if (!_transactionControlNumbers.Add(t.ControlNumber))
        {
            Report(X12DiagnosticCodes.DuplicateTransactionControlNumber, DiagnosticSeverity.Error, $"Transaction set control number {t.ControlNumber} repeats within the group.", Loc(ref reader, 2));
            t.AddErrorCode("23");
        }

        if (t.ImplementationReference.Length > 0 && _group.Version.Length > 0 && !string.Equals(t.ImplementationReference, _group.Version, StringComparison.Ordinal))
        {
            Report(X12DiagnosticCodes.ImplementationReferenceMismatch, DiagnosticSeverity.Warning,
                $"ST03 ({t.ImplementationReference}) differs from GS08 ({_group.Version}).", Loc(ref reader, 3));
        }

        CheckSegmentSyntax(ref reader, t, 1);
    }

    private void OnSe(ref X12Reader reader)
    {
        var t = _transaction!;
        CheckSegmentSyntax(ref reader, t, t.SegmentCount);
        t.HasTrailer = true;
        if (!reader.TryGetInt32(1, out var declared) || declared != t.SegmentCount)
        {
            Report(X12DiagnosticCodes.SegmentCountMismatch, DiagnosticSeverity.Error,
                string.Create(CultureInfo.InvariantCulture, $"SE01 declares {Text(reader.GetElement(1))} segments; transaction set {t.ControlNumber} has {t.SegmentCount}."),
                Loc(ref reader, 1));
            t.AddErrorCode("4");
        }

        if (!TextEquals(reader.GetElement(2), t.ControlNumber))
        {
            Report(X12DiagnosticCodes.TransactionControlNumberMismatch, DiagnosticSeverity.Error,
                $"SE02 ({Text(reader.GetElement(2))}) does not match ST02 ({t.ControlNumber}).", Loc(ref reader, 2));
            t.AddErrorCode("3");
        }

        _transaction = null;
    }

    private void CloseTransactionWithoutTrailer(ref X12Reader reader)
    {
        var t = _transaction!;
        Report(X12DiagnosticCodes.SeMissing, DiagnosticSeverity.Error, $"Transaction set {t.ControlNumber} has no SE trailer.", Loc(ref reader));
        t.AddErrorCode("2");
        _transaction = null;
    }

    private void ValidateTransactionSegment(ref X12Reader reader, int key)
    {
        var t = _transaction!;
        var id = reader.SegmentId;
        if (_reference ? !IsValidSegmentId(id) : !IsValidSegmentIdFast(id))
        {
            Report(X12DiagnosticCodes.SegmentIdInvalid, DiagnosticSeverity.Error,
                "Segment identifier must be 2 or 3 upper-case letters or digits, starting with a letter.", Loc(ref reader));
            t.AddSegmentError(new X12SegmentError(SafeId(id), t.SegmentCount, "1", []), _options.MaxSegmentErrorsPerTransaction);
            return;
        }

        CheckSegmentSyntax(ref reader, t, t.SegmentCount, key);
    }

    /// <summary>
    /// A segment inside a transaction set that is not a trailer or envelope segment. Segments of up to 64 bytes are
    /// classified with one vector pass (control bytes, DEL and the repetition separator; the component separator; bytes
    /// that are not digits) into bit masks, and the element checks read those masks instead of the bytes. Anything
    /// else (a control byte or repetition separator, a longer segment, the end of the buffer) takes the byte-wise path.
    /// </summary>
    private void ValidateBodySegment(ref X12Reader reader, X12TransactionReport t, int key)
    {
        var data = reader.DataFromSegment;
        var length = reader.SegmentSpan.Length;
        if (length > 64 || data.Length < 64 || _pendingCharacterError is not null
            || !Classify(ref MemoryMarshal.GetReference(data), length, reader.Delimiters, out var nonDigit, out var component))
        {
            CheckCharacters(ref reader);
            ValidateTransactionSegment(ref reader, key);
            return;
        }

        _segmentHasSeparators = component != 0;
        var segment = _checkElementSyntax ? X12SegmentDictionary.Find(key) : null;
        var idLength = reader.ElementCount == 0 ? length : reader.ElementOffsets[0];
        if (segment is null || segment.IdLength != idLength)
        {
            // A known identifier of the same length is valid by construction; others are checked.
            var id = reader.SegmentId;
            if (!IsValidSegmentIdFast(id))
            {
                Report(X12DiagnosticCodes.SegmentIdInvalid, DiagnosticSeverity.Error,
                    "Segment identifier must be 2 or 3 upper-case letters or digits, starting with a letter.", Loc(ref reader));
                t.AddSegmentError(new X12SegmentError(SafeId(id), t.SegmentCount, "1", []), _options.MaxSegmentErrorsPerTransaction);
                return;
            }

            if (segment is null)
            {
                return;
            }
        }

        var errors = _elementErrors;
        errors.Clear();
        if (reader.ElementCount > reader.ElementOffsets.Length)
        {
            CheckElementsReference(ref reader, segment.Elements, errors);
        }
        else
        {
            CheckElementsMasked(ref reader, segment, nonDigit, component, errors);
        }

        if (errors.Count > 0)
        {
            t.AddSegmentError(new X12SegmentError(SafeId(reader.SegmentId), t.SegmentCount, "8", [.. errors]), _options.MaxSegmentErrorsPerTransaction);
        }
    }

    /// <summary>
    /// Classifies the first <paramref name="length"/> (at most 64) of 64 readable bytes. Returns <see langword="false"/>
    /// when a byte needs the byte-wise checks (a control byte, DEL, a byte of 0x80 or more, or the repetition separator)
    /// or when no 512- or 256-bit vectors are available. Otherwise gives the masks of non-digit bytes (bit i for byte i)
    /// and of component separators within the segment.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Classify(ref byte first, int length, X12Delimiters delimiters, out ulong nonDigit, out ulong component)
    {
        var range = length >= 64 ? ulong.MaxValue : (1UL << length) - 1;
        ulong special;
        if (Vector512.IsHardwareAccelerated)
        {
            var v = Vector512.LoadUnsafe(ref first);
            // (b + 1) as a signed byte is below 0x21 exactly for 0x00–0x1F, 0x7F and 0x80–0xFF.
            special = (Vector512.LessThan((v + Vector512.Create((byte)1)).AsSByte(), Vector512.Create((sbyte)0x21)).AsByte()
                | Vector512.Equals(v, Vector512.Create(delimiters.Repetition))).ExtractMostSignificantBits() & range;
            component = Vector512.Equals(v, Vector512.Create(delimiters.Component)).ExtractMostSignificantBits() & range;
            nonDigit = ~Vector512.LessThan(v - Vector512.Create((byte)'0'), Vector512.Create((byte)10)).ExtractMostSignificantBits();
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var lo = Vector256.LoadUnsafe(ref first);
            var hi = Vector256.LoadUnsafe(ref first, 32);
            var one = Vector256.Create((byte)1);
            var limit = Vector256.Create((sbyte)0x21);
            var repetition = Vector256.Create(delimiters.Repetition);
            var separator = Vector256.Create(delimiters.Component);
            var zero = Vector256.Create((byte)'0');
            var ten = Vector256.Create((byte)10);
            special = (Combine(
                (Vector256.LessThan((lo + one).AsSByte(), limit).AsByte() | Vector256.Equals(lo, repetition)).ExtractMostSignificantBits(),
                (Vector256.LessThan((hi + one).AsSByte(), limit).AsByte() | Vector256.Equals(hi, repetition)).ExtractMostSignificantBits())) & range;
            component = Combine(Vector256.Equals(lo, separator).ExtractMostSignificantBits(), Vector256.Equals(hi, separator).ExtractMostSignificantBits()) & range;
            nonDigit = ~Combine(
                Vector256.LessThan(lo - zero, ten).ExtractMostSignificantBits(),
                Vector256.LessThan(hi - zero, ten).ExtractMostSignificantBits());
        }
        else
        {
            nonDigit = 0;
            component = 0;
            return false;
        }

        return special == 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Combine(uint low, uint high) => low | ((ulong)high << 32);

    /// <summary>
    /// <see cref="CheckElementsFast"/> for a classified segment of at most 64 bytes without control bytes or repetition
    /// separators: separator, numeric and date checks are bit operations on the segment's masks.
    /// </summary>
    private void CheckElementsMasked(ref X12Reader reader, X12SegmentDefinition segment, ulong nonDigit, ulong component, List<X12ElementError> errors)
    {
        var count = reader.ElementCount;
        var offsets = reader.ElementOffsets;
        var span = reader.DataFromSegment;
        var length = reader.SegmentSpan.Length;
        var defs = segment.Elements;
        ref var bytes = ref MemoryMarshal.GetReference(span);
        ref var def0 = ref MemoryMarshal.GetArrayDataReference(defs);
        ref var offset0 = ref MemoryMarshal.GetReference(offsets);
        var checkedCount = Math.Min(count, defs.Length);
        for (var i = 1; i <= checkedCount; i++)
        {
            var start = Unsafe.Add(ref offset0, i - 1) + 1;
            var end = i < count ? Unsafe.Add(ref offset0, i) : length;
            ref var def = ref Unsafe.Add(ref def0, i - 1);
            var size = end - start;
            if (size == 0)
            {
                if (def.Required)
                {
                    ReportRequiredMissing(ref reader, i, errors);
                }

                continue;
            }

            var type = def.Type;
            if (type == X12ElementType.Any)
            {
                continue;
            }

            // size < 64 because the identifier takes at least one byte.
            var range = ((1UL << size) - 1) << start;
            var separators = component & range;
            if (separators != 0 || type == X12ElementType.Composite)
            {
                if (type == X12ElementType.Composite)
                {
                    if (BitOperations.PopCount(separators) + 1 > def.MaxComponents)
                    {
                        Report(X12DiagnosticCodes.TooManyComponents, DiagnosticSeverity.Error,
                            string.Create(CultureInfo.InvariantCulture, $"{SafeId(reader.SegmentId)}{i:00} allows at most {def.MaxComponents} components."), Loc(ref reader, i));
                        errors.Add(new X12ElementError(i, null, null, "13"));
                    }
                }
                else
                {
                    Report(X12DiagnosticCodes.TooManyComponents, DiagnosticSeverity.Error,
                        string.Create(CultureInfo.InvariantCulture, $"{SafeId(reader.SegmentId)}{i:00} is a simple element and has no components."), Loc(ref reader, i));
                    errors.Add(new X12ElementError(i, null, null, "13"));
                }

                continue;
            }

            var fault = ValueFault.None;
            if (type is X12ElementType.N0 or X12ElementType.R)
            {
                var bad = nonDigit & range;
                if (bad != 0)
                {
                    var others = bad;
                    if (size > 1 && Unsafe.Add(ref bytes, start) == (byte)'-')
                    {
                        others &= others - 1;
                    }

                    if (others != 0 && type == X12ElementType.R && Unsafe.Add(ref bytes, BitOperations.TrailingZeroCount(others)) == (byte)'.')
                    {
                        others &= others - 1;
                    }

                    if (others != 0)
                    {
                        fault = type == X12ElementType.R ? ValueFault.NotDecimal : ValueFault.NotWholeNumber;
                    }
                    else
                    {
                        size -= BitOperations.PopCount(bad);
                        if (size == 0)
                        {
                            fault = ValueFault.NotNumber;
                        }
                    }
                }
            }
            else if (type == X12ElementType.DT)
            {
                if ((size != 8 && size != 6) || (nonDigit & range) != 0
                    || !IsValidDateDigits(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref bytes, end - 8)), size))
                {
                    fault = ValueFault.BadDate;
                }
            }
            else if (type == X12ElementType.TM && !IsValidTime(span[start..end]))
            {
                fault = ValueFault.BadTime;
            }

            if (fault == ValueFault.None)
            {
                fault = size < def.MinLength ? ValueFault.TooShort : size > def.MaxLength ? ValueFault.TooLong : ValueFault.None;
            }

            if (fault != ValueFault.None)
            {
                ReportFault(ref reader, def, fault, i, errors);
            }
        }

        if (count > defs.Length || count < segment.LastRequired)
        {
            CheckElementCount(ref reader, segment, length, errors);
        }
    }

    private static ReadOnlySpan<byte> DaysInMonth => [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0, 0, 0];

    /// <summary>
    /// Date rules for 6 or 8 digits held in the last <paramref name="size"/> bytes of <paramref name="word"/> (little-endian):
    /// CCYYMMDD, or YYMMDD as 20YY; a real month and day. The digit pairs are combined in parallel.
    /// </summary>
    private static bool IsValidDateDigits(ulong word, int size)
    {
        var d = word & 0x0F0F0F0F0F0F0F0FUL;
        var pairs = ((d * 10) + (d >> 8)) & 0x00FF00FF00FF00FFUL;
        var century = (int)(pairs & 0xFF);
        var yy = (int)((pairs >> 16) & 0xFF);
        var month = (int)((pairs >> 32) & 0xFF);
        var day = (int)((pairs >> 48) & 0xFF);
        var year = size == 8 ? (century * 100) + yy : 2000 + yy;
        if ((uint)(month - 1) > 11 || day == 0)
        {
            return false;
        }

        var leap = year != 0 && (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
        return day <= DaysInMonth[month] + (month == 2 && leap ? 1 : 0);
    }

    /// <summary>Checks element syntax of a segment inside a transaction set and records IK3/IK4 detail.</summary>
    private void CheckSegmentSyntax(ref X12Reader reader, X12TransactionReport t, int position)
        => CheckSegmentSyntax(ref reader, t, position, X12SegmentDictionary.Key(reader.SegmentId));

    private void CheckSegmentSyntax(ref X12Reader reader, X12TransactionReport t, int position, int key)
    {
        var segment = _checkElementSyntax ? X12SegmentDictionary.Find(key) : null;
        if (segment is null)
        {
            if (_pendingCharacterError is { } pos)
            {
                t.AddSegmentError(new X12SegmentError(SafeId(reader.SegmentId), position, "8", [new X12ElementError(pos, null, null, "6")]), _options.MaxSegmentErrorsPerTransaction);
            }

            _pendingCharacterError = null;
            return;
        }

        _elementErrors.Clear();
        if (_pendingCharacterError is { } p)
        {
            _elementErrors.Add(new X12ElementError(p, null, null, "6"));
        }

        _pendingCharacterError = null;
        CheckElements(ref reader, segment, _elementErrors);
        if (_elementErrors.Count > 0)
        {
            t.AddSegmentError(new X12SegmentError(SafeId(reader.SegmentId), position, "8", [.. _elementErrors]), _options.MaxSegmentErrorsPerTransaction);
        }
    }

    /// <summary>Checks element syntax of an envelope segment (GS, GE, IEA, TA1); returns true when errors were found.</summary>
    private bool CheckEnvelopeElements(ref X12Reader reader)
    {
        _pendingCharacterError = null;
        var segment = _checkElementSyntax ? X12SegmentDictionary.Find(X12SegmentDictionary.Key(reader.SegmentId)) : null;
        if (segment is null)
        {
            return false;
        }

        _elementErrors.Clear();
        CheckElements(ref reader, segment, _elementErrors);
        return _elementErrors.Count > 0;
    }

    private void CheckElements(ref X12Reader reader, X12SegmentDefinition segment, List<X12ElementError> errors)
    {
        if (_reference || reader.ElementCount > reader.ElementOffsets.Length)
        {
            CheckElementsReference(ref reader, segment.Elements, errors);
        }
        else
        {
            CheckElementsFast(ref reader, segment, errors);
        }
    }

    /// <summary>
    /// The table-driven element checks: element bounds come from the reader's recorded separator offsets (no rescan),
    /// definitions are read by reference, and segments the reader found free of component and repetition separators
    /// skip the separator checks. The findings, their order and positions equal <see cref="CheckElementsReference"/>.
    /// </summary>
    private void CheckElementsFast(ref X12Reader reader, X12SegmentDefinition segment, List<X12ElementError> errors)
    {
        var count = reader.ElementCount;
        var offsets = reader.ElementOffsets;
        var span = reader.SegmentSpan;
        var defs = segment.Elements;
        var hasSeparators = _segmentHasSeparators;
        ref readonly var def0 = ref MemoryMarshal.GetArrayDataReference(defs);
        ref readonly var offset0 = ref MemoryMarshal.GetReference(offsets);
        var checkedCount = Math.Min(count, defs.Length);
        for (var i = 1; i <= checkedCount; i++)
        {
            var start = Unsafe.Add(ref Unsafe.AsRef(in offset0), i - 1) + 1;
            var end = i < count ? Unsafe.Add(ref Unsafe.AsRef(in offset0), i) : span.Length;
            ref readonly var def = ref Unsafe.Add(ref Unsafe.AsRef(in def0), i - 1);
            if (start == end)
            {
                if (def.Required)
                {
                    ReportRequiredMissing(ref reader, i, errors);
                }

                continue;
            }

            if (def.Type == X12ElementType.Any)
            {
                continue;
            }

            var value = span[start..end];
            if (hasSeparators)
            {
                if (!CheckSeparators(ref reader, in def, value, i, errors))
                {
                    continue;
                }
            }
            else if (def.Type == X12ElementType.Composite)
            {
                continue;
            }

            var fault = CheckValueFast(in def, value);
            if (fault != ValueFault.None)
            {
                ReportFault(ref reader, def, fault, i, errors);
            }
        }

        CheckElementCount(ref reader, segment, span.Length, errors);
    }

    /// <summary>After the defined positions: a non-empty extra element, or required positions beyond the last element.</summary>
    private void CheckElementCount(ref X12Reader reader, X12SegmentDefinition segment, int length, List<X12ElementError> errors)
    {
        var count = reader.ElementCount;
        var defs = segment.Elements;
        if (count > defs.Length)
        {
            var offsets = reader.ElementOffsets;
            for (var i = defs.Length + 1; i <= count; i++)
            {
                var end = i < count ? offsets[i] : length;
                if (end > offsets[i - 1] + 1)
                {
                    Report(X12DiagnosticCodes.TooManyElements, DiagnosticSeverity.Error,
                        string.Create(CultureInfo.InvariantCulture, $"{SafeId(reader.SegmentId)} allows at most {defs.Length} elements."), Loc(ref reader, i));
                    errors.Add(new X12ElementError(i, null, null, "3"));
                    return;
                }
            }
        }
        else
        {
            for (var i = count + 1; i <= segment.LastRequired; i++)
            {
                if (defs[i - 1].Required)
                {
                    ReportRequiredMissing(ref reader, i, errors);
                }
            }
        }
    }

    private void ReportRequiredMissing(ref X12Reader reader, int position, List<X12ElementError> errors)
    {
        Report(X12DiagnosticCodes.RequiredElementMissing, DiagnosticSeverity.Error,
            string.Create(CultureInfo.InvariantCulture, $"{SafeId(reader.SegmentId)}{position:00} is required."), Loc(ref reader, position));
        errors.Add(new X12ElementError(position, null, null, "1"));
    }

    /// <summary>
    /// Repetition and component checks of a non-empty element of a segment that may hold separators. Returns
    /// <see langword="true"/> when the value check should follow (a simple element without separators).
    /// </summary>
    private bool CheckSeparators(ref X12Reader reader, in X12ElementDefinition def, ReadOnlySpan<byte> value, int position, List<X12ElementError> errors)
    {
        var delimiters = reader.Delimiters;
        if (delimiters.HasRepetition && value.Contains(delimiters.Repetition))
        {
            Report(X12DiagnosticCodes.TooManyRepetitions, DiagnosticSeverity.Error,
                string.Create(CultureInfo.InvariantCulture, $"{SafeId(reader.SegmentId)}{position:00} does not repeat."), Loc(ref reader, position));
            errors.Add(new X12ElementError(position, null, null, "12"));
            return false;
        }

        if (def.Type == X12ElementType.Composite)
        {
            if (value.Count(delimiters.Component) + 1 > def.MaxComponents)
            {
                Report(X12DiagnosticCodes.TooManyComponents, DiagnosticSeverity.Error,
                    string.Create(CultureInfo.InvariantCulture, $"{SafeId(reader.SegmentId)}{position:00} allows at most {def.MaxComponents} components."), Loc(ref reader, position));
                errors.Add(new X12ElementError(position, null, null, "13"));
            }

            return false;
        }

        if (value.Contains(delimiters.Component))
        {
            Report(X12DiagnosticCodes.TooManyComponents, DiagnosticSeverity.Error,
                string.Create(CultureInfo.InvariantCulture, $"{SafeId(reader.SegmentId)}{position:00} is a simple element and has no components."), Loc(ref reader, position));
            errors.Add(new X12ElementError(position, null, null, "13"));
            return false;
        }

        return true;
    }

    /// <summary>The value rules of <see cref="CheckValue"/> with fewer branches per byte: same result for every input.</summary>
    private static ValueFault CheckValueFast(in X12ElementDefinition def, ReadOnlySpan<byte> value)
    {
        var length = value.Length;
        var type = def.Type;
        if (type is X12ElementType.N0 or X12ElementType.R)
        {
            ref var p = ref MemoryMarshal.GetReference(value);
            var k = p == (byte)'-' && length > 1 ? 1 : 0;
            var lead = k;
            var dots = 0;
            var allowDot = type == X12ElementType.R ? 1 : 0;
            for (; k < length; k++)
            {
                var b = Unsafe.Add(ref p, k);
                if ((uint)(b - '0') > 9)
                {
                    if (b != (byte)'.' || dots >= allowDot)
                    {
                        return type == X12ElementType.R ? ValueFault.NotDecimal : ValueFault.NotWholeNumber;
                    }

                    dots++;
                }
            }

            length -= lead + dots;
            if (length == 0)
            {
                return ValueFault.NotNumber;
            }
        }
        else if (type == X12ElementType.DT)
        {
            if (!IsValidDateFast(value))
            {
                return ValueFault.BadDate;
            }
        }
        else if (type == X12ElementType.TM && !IsValidTime(value))
        {
            return ValueFault.BadTime;
        }

        return length < def.MinLength ? ValueFault.TooShort : length > def.MaxLength ? ValueFault.TooLong : ValueFault.None;
    }

    /// <summary><see cref="IsValidDate"/> without the general-purpose calendar call: CCYYMMDD or YYMMDD, real month and day.</summary>
    private static bool IsValidDateFast(ReadOnlySpan<byte> value)
    {
        if (value.Length is not (6 or 8))
        {
            return false;
        }

        ref var p = ref MemoryMarshal.GetReference(value);
        var n = 0;
        for (var k = 0; k < value.Length; k++)
        {
            var d = (uint)(Unsafe.Add(ref p, k) - '0');
            if (d > 9)
            {
                return false;
            }

            n = (n * 10) + (int)d;
        }

        // n is YYYYMMDD or YYMMDD.
        var day = n % 100;
        var month = n / 100 % 100;
        var year = value.Length == 8 ? n / 10000 : 2000 + (n / 10000);
        if ((uint)(month - 1) > 11 || day < 1)
        {
            return false;
        }

        int days;
        if (month == 2)
        {
            year = Math.Max(year, 1);
            days = (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28;
        }
        else
        {
            days = 30 + ((0x15AA >> month) & 1);
        }

        return day <= days;
    }

    /// <summary>Segment identifier form (2 or 3 upper-case letters or digits, starting with a letter) by table lookup.</summary>
    private static bool IsValidSegmentIdFast(ReadOnlySpan<byte> id)
    {
        var classes = IdClasses;
        return id.Length switch
        {
            2 => (classes[id[0]] & IdLetter) != 0 && (classes[id[1]] & IdAlnum) != 0,
            3 => (classes[id[0]] & IdLetter) != 0 && (classes[id[1]] & IdAlnum) != 0 && (classes[id[2]] & IdAlnum) != 0,
            _ => false,
        };
    }

    private const byte IdLetter = 1;
    private const byte IdAlnum = 3;

    private static ReadOnlySpan<byte> IdClasses => [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    /// <summary>The straightforward element checks (enumerator, one definition copy per element); the reference for the fast path.</summary>
    private void CheckElementsReference(ref X12Reader reader, X12ElementDefinition[] defs, List<X12ElementError> errors)
    {
        var delimiters = reader.Delimiters;
        var hasSeparators = _segmentHasSeparators;
        var enumerator = reader.EnumerateElements();
        var i = 0;
        while (enumerator.MoveNext())
        {
            i++;
            var value = enumerator.Current;
            if (i > defs.Length)
            {
                if (!value.IsEmpty)
                {
                    Report(X12DiagnosticCodes.TooManyElements, DiagnosticSeverity.Error,
                        string.Create(CultureInfo.InvariantCulture, $"{SafeId(reader.SegmentId)} allows at most {defs.Length} elements."), Loc(ref reader, i));
                    errors.Add(new X12ElementError(i, null, null, "3"));
                    return;
                }

                continue;
            }

            var def = defs[i - 1];
            if (value.IsEmpty)
            {
                if (def.Required)
                {
                    Report(X12DiagnosticCodes.RequiredElementMissing, DiagnosticSeverity.Error,
                        string.Create(CultureInfo.InvariantCulture, $"{SafeId(reader.SegmentId)}{i:00} is required."), Loc(ref reader, i));
                    errors.Add(new X12ElementError(i, null, null, "1"));
                }

                continue;
            }

            if (def.Type == X12ElementType.Any)
            {
                continue;
            }

            if (hasSeparators)
            {
                if (delimiters.HasRepetition && value.IndexOf(delimiters.Repetition) >= 0)
                {
                    Report(X12DiagnosticCodes.TooManyRepetitions, DiagnosticSeverity.Error,
                        string.Create(CultureInfo.InvariantCulture, $"{SafeId(reader.SegmentId)}{i:00} does not repeat."), Loc(ref reader, i));
                    errors.Add(new X12ElementError(i, null, null, "12"));
                    continue;
                }

                if (def.Type == X12ElementType.Composite)
                {
                    var components = value.Count(delimiters.Component) + 1;
                    if (components > def.MaxComponents)
                    {
                        Report(X12DiagnosticCodes.TooManyComponents, DiagnosticSeverity.Error,
                            string.Create(CultureInfo.InvariantCulture, $"{SafeId(reader.SegmentId)}{i:00} allows at most {def.MaxComponents} components."), Loc(ref reader, i));
                        errors.Add(new X12ElementError(i, null, null, "13"));
                    }

                    continue;
                }

                if (value.IndexOf(delimiters.Component) >= 0)
                {
                    Report(X12DiagnosticCodes.TooManyComponents, DiagnosticSeverity.Error,
                        string.Create(CultureInfo.InvariantCulture, $"{SafeId(reader.SegmentId)}{i:00} is a simple element and has no components."), Loc(ref reader, i));
                    errors.Add(new X12ElementError(i, null, null, "13"));
                    continue;
                }
            }
            else if (def.Type == X12ElementType.Composite)
            {
                continue;
            }

            var fault = CheckValue(def, value);
            if (fault != ValueFault.None)
            {
                ReportFault(ref reader, def, fault, i, errors);
            }
        }

        for (i++; i <= defs.Length; i++)
        {
            if (defs[i - 1].Required)
            {
                Report(X12DiagnosticCodes.RequiredElementMissing, DiagnosticSeverity.Error,
                    string.Create(CultureInfo.InvariantCulture, $"{SafeId(reader.SegmentId)}{i:00} is required."), Loc(ref reader, i));
                errors.Add(new X12ElementError(i, null, null, "1"));
            }
        }
    }

    private enum ValueFault : byte
    {
        None,
        NotDecimal,
        NotWholeNumber,
        NotNumber,
        BadDate,
        BadTime,
        TooShort,
        TooLong,
    }

    private void ReportFault(ref X12Reader reader, X12ElementDefinition def, ValueFault fault, int position, List<X12ElementError> errors)
    {
        var (code, ik4, message) = fault switch
        {
            ValueFault.NotDecimal => (X12DiagnosticCodes.InvalidNumeric, "6", "is not a decimal number."),
            ValueFault.NotWholeNumber => (X12DiagnosticCodes.InvalidNumeric, "6", "is not a whole number."),
            ValueFault.NotNumber => (X12DiagnosticCodes.InvalidNumeric, "6", "is not a number."),
            ValueFault.BadDate => (X12DiagnosticCodes.InvalidDate, "8", "is not a valid date."),
            ValueFault.BadTime => (X12DiagnosticCodes.InvalidTime, "9", "is not a valid time."),
            ValueFault.TooShort => (X12DiagnosticCodes.ElementTooShort, "4", string.Create(CultureInfo.InvariantCulture, $"is shorter than its minimum length {def.MinLength}.")),
            _ => (X12DiagnosticCodes.ElementTooLong, "5", string.Create(CultureInfo.InvariantCulture, $"is longer than its maximum length {def.MaxLength}.")),
        };
        Report(code, DiagnosticSeverity.Error,
            string.Create(CultureInfo.InvariantCulture, $"{SafeId(reader.SegmentId)}{position:00} {message}"), Loc(ref reader, position));
        errors.Add(new X12ElementError(position, null, null, ik4));
    }

    private static ValueFault CheckValue(X12ElementDefinition def, ReadOnlySpan<byte> value)
    {
        var length = value.Length;
        switch (def.Type)
        {
            case X12ElementType.N0:
            case X12ElementType.R:
                {
                    var digits = 0;
                    var dot = false;
                    for (var k = 0; k < value.Length; k++)
                    {
                        var b = value[k];
                        if ((uint)(b - '0') <= 9)
                        {
                            digits++;
                        }
                        else if (b == (byte)'-' && k == 0 && value.Length > 1)
                        {
                            continue;
                        }
                        else if (b == (byte)'.' && def.Type == X12ElementType.R && !dot)
                        {
                            dot = true;
                        }
                        else
                        {
                            return def.Type == X12ElementType.R ? ValueFault.NotDecimal : ValueFault.NotWholeNumber;
                        }
                    }

                    if (digits == 0)
                    {
                        return ValueFault.NotNumber;
                    }

                    length = digits;
                    break;
                }

            case X12ElementType.DT:
                if (!IsValidDate(value))
                {
                    return ValueFault.BadDate;
                }

                break;

            case X12ElementType.TM:
                if (!IsValidTime(value))
                {
                    return ValueFault.BadTime;
                }

                break;

            default:
                break;
        }

        return length < def.MinLength ? ValueFault.TooShort : length > def.MaxLength ? ValueFault.TooLong : ValueFault.None;
    }

    private int? _pendingCharacterError;

    /// <summary>
    /// One scan per segment for every byte that needs a closer look: control characters (findings) and the
    /// component and repetition separators (which only composite or repeating elements may hold). Segments
    /// without any (most of them) skip the per-element separator checks.
    /// </summary>
    private void CheckCharacters(ref X12Reader reader)
    {
        var delimiters = reader.Delimiters;
        if (_specialBytes is null || _invalidBytesFor != delimiters)
        {
            _invalidBytes = BuildInvalidBytes(delimiters);
            _specialBytes = BuildSpecialBytes(delimiters);
            _invalidBytesFor = delimiters;
        }

        var span = reader.SegmentSpan;
        var first = span.IndexOfAny(_specialBytes);
        _segmentHasSeparators = first >= 0;
        if (first < 0)
        {
            return;
        }

        var at = span[first..].IndexOfAny(_invalidBytes!);
        if (at < 0)
        {
            return;
        }

        at += first;
        var element = span[..at].Count(delimiters.Element);
        var location = Loc(ref reader, element) with { ByteOffset = reader.SegmentByteOffset + at };
        Report(X12DiagnosticCodes.InvalidCharacter, DiagnosticSeverity.Error,
            string.Create(CultureInfo.InvariantCulture, $"Control character 0x{span[at]:X2} is not allowed in data."), location);
        if (_transaction is null)
        {
            _interchange?.AddNoteCode("024");
        }
        else
        {
            _pendingCharacterError = Math.Max(element, 1);
        }
    }

    private static SearchValues<byte> BuildSpecialBytes(X12Delimiters d)
    {
        var bytes = new List<byte>(35);
        for (var b = 0; b < 0x20; b++)
        {
            bytes.Add((byte)b);
        }

        bytes.Add(0x7F);
        bytes.Remove(d.Element);
        bytes.Remove(d.Segment);
        if (!bytes.Contains(d.Component))
        {
            bytes.Add(d.Component);
        }

        if (d.HasRepetition && !bytes.Contains(d.Repetition))
        {
            bytes.Add(d.Repetition);
        }

        return SearchValues.Create([.. bytes]);
    }

    private static SearchValues<byte> BuildInvalidBytes(X12Delimiters d)
    {
        var bytes = new List<byte>(33);
        for (var b = 0; b < 0x20; b++)
        {
            bytes.Add((byte)b);
        }

        bytes.Add(0x7F);
        bytes.Remove(d.Element);
        bytes.Remove(d.Component);
        bytes.Remove(d.Segment);
        if (d.HasRepetition)
        {
            bytes.Remove(d.Repetition);
        }

        return SearchValues.Create([.. bytes]);
    }

    private void Report(string code, DiagnosticSeverity severity, string message, SourceLocation location)
        => Record(new Diagnostic(code, severity, message, location, isRecoverable: severity != DiagnosticSeverity.Error));

    private void Record(Diagnostic diagnostic)
    {
        if (diagnostic.Severity == DiagnosticSeverity.Error)
        {
            _errorCount++;
        }
        else if (diagnostic.Severity == DiagnosticSeverity.Warning)
        {
            _warningCount++;
        }

        _reported++;
        _options.DiagnosticReported?.Invoke(diagnostic);
        if (_diagnostics.Count < _options.MaxRetainedDiagnostics)
        {
            _diagnostics.Add(diagnostic);
        }
        else
        {
            _suppressed++;
        }
    }

    private SourceLocation Loc(ref X12Reader reader, int elementPosition = 0)
    {
        var id = SafeId(reader.SegmentId);
        string path;
        if (_transaction is not null)
        {
            path = elementPosition > 0
                ? string.Create(CultureInfo.InvariantCulture, $"ST*{_transaction.ControlNumber}/{id}[{_transaction.SegmentCount}]/{id}{elementPosition:00}")
                : string.Create(CultureInfo.InvariantCulture, $"ST*{_transaction.ControlNumber}/{id}[{_transaction.SegmentCount}]");
        }
        else
        {
            path = elementPosition > 0 ? string.Create(CultureInfo.InvariantCulture, $"{id}{elementPosition:00}") : id;
        }

        return new SourceLocation
        {
            Path = path,
            SegmentIndex = reader.SegmentIndex,
            SegmentId = id,
            SegmentPositionInTransaction = _transaction?.SegmentCount,
            ElementPosition = elementPosition > 0 ? elementPosition : null,
            ByteOffset = elementPosition > 0 && elementPosition <= reader.ElementCount
                ? reader.GetElementByteOffset(elementPosition)
                : reader.SegmentByteOffset,
        };
    }

    private static bool IsValidSegmentId(ReadOnlySpan<byte> id)
    {
        if (id.Length is < 2 or > 3 || id[0] is < (byte)'A' or > (byte)'Z')
        {
            return false;
        }

        for (var i = 1; i < id.Length; i++)
        {
            if (id[i] is not ((>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')))
            {
                return false;
            }
        }

        return true;
    }

    private static string SafeId(ReadOnlySpan<byte> id)
    {
        if (id.Length is 0 or > 3)
        {
            return id.Length == 0 ? "(empty)" : "(invalid)";
        }

        Span<char> chars = stackalloc char[3];
        for (var i = 0; i < id.Length; i++)
        {
            var b = id[i];
            chars[i] = b is >= 0x21 and < 0x7F ? (char)b : '?';
        }

        return new string(chars[..id.Length]);
    }

    private static bool IsAllDigits(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        foreach (var b in value)
        {
            if ((uint)(b - '0') > 9)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidDate(ReadOnlySpan<byte> value) => IsAllDigits(value) && IsValidDateDigits(value);

    /// <summary>Date rules for a value already known to be all digits: CCYYMMDD or YYMMDD with a real month and day.</summary>
    private static bool IsValidDateDigits(ReadOnlySpan<byte> value)
    {
        if (value.Length is not (6 or 8))
        {
            return false;
        }

        var offset = value.Length - 4;
        var year = value.Length == 8 ? Number(value[..4]) : 2000 + Number(value[..2]);
        var month = Number(value.Slice(offset, 2));
        var day = Number(value.Slice(offset + 2, 2));
        return month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(Math.Max(year, 1), month);
    }

    private static bool IsValidTime(ReadOnlySpan<byte> value) => IsAllDigits(value) && IsValidTimeDigits(value);

    /// <summary>Time rules for a value already known to be all digits: HHMM[SS[d..d]] with a real hour, minute and second.</summary>
    private static bool IsValidTimeDigits(ReadOnlySpan<byte> value)
    {
        if (value.Length is < 4 or > 8 || value.Length == 5)
        {
            return false;
        }

        var hour = Number(value[..2]);
        var minute = Number(value.Slice(2, 2));
        var second = value.Length >= 6 ? Number(value.Slice(4, 2)) : 0;
        return hour <= 23 && minute <= 59 && second <= 59;
    }

    private static int Number(ReadOnlySpan<byte> digits)
    {
        var n = 0;
        foreach (var b in digits)
        {
            n = (n * 10) + (b - '0');
        }

        return n;
    }

    private static string Text(ReadOnlySpan<byte> value) => Encoding.Latin1.GetString(value);

    private static bool TextEquals(ReadOnlySpan<byte> value, string text)
    {
        if (value.Length != text.Length)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != text[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Counts the bytes a stream hands out, so the result can report how much was read.</summary>
    private sealed class ByteCountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int n)
        {
            BytesRead += n;
            return n;
        }
    }
}
