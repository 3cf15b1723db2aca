using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;

namespace HealthFinance.X12.Hipaa.Internal;

/// <summary>
/// Follows the envelope (ISA, GS, ST, SE, GE, IEA) segment by segment, buffers one ST…SE transaction set at a time
/// (only when a map exists for it), and when SE (or whatever ends it) arrives builds its loops, runs its map and
/// queues a <see cref="HipaaResult"/>. Feed it from an <see cref="X12Reader"/> loop or as an <see cref="X12SegmentHandler"/>
/// of <see cref="X12StreamReader"/>; drain results with <see cref="TryDequeue"/>.
/// </summary>
internal sealed class HipaaTransactionAssembler
{
    private readonly HipaaReaderOptions _options;
    private readonly HipaaTransaction _transaction = new();
    private readonly HipaaLoopBuilder _builder = new();
    private readonly HipaaCodeCache _codes = new();
    private readonly Queue<HipaaResult> _results = new();
    private readonly List<Diagnostic> _pending = [];
    private List<Diagnostic> _current = [];
    private string? _isa06;
    private string? _isa12;
    private string? _isa13;
    private string? _gs01;
    private string? _gs06;
    private string? _gs08;
    private bool _inTransaction;
    private IHipaaTransactionMap? _map;
    private string? _unsupportedCode;
    private string? _unsupportedMessage;
    private HipaaTransactionIdentity _identity = HipaaTransactionIdentity.Empty;
    private int _segmentCount;
    private bool _failed;

    /// <summary>Creates an assembler.</summary>
    /// <param name="options">The reader options.</param>
    public HipaaTransactionAssembler(HipaaReaderOptions options) => _options = options;

    /// <summary>The buffered transaction set (for tests of the memory bound).</summary>
    internal HipaaTransaction Buffer => _transaction;

    /// <summary>Handles the segment the reader is positioned on.</summary>
    /// <param name="reader">A reader positioned on a segment.</param>
    public void Accept(ref X12Reader reader)
    {
        if (_failed)
        {
            return;
        }

        var tag = SegmentTag.Of(reader.SegmentId);
        switch (tag)
        {
            case SegmentTag.Isa:
                EndUnterminated(ref reader);
                _isa06 = HipaaSegment.ToText(reader.GetElement(6));
                _isa12 = HipaaSegment.ToText(reader.GetElement(12));
                _isa13 = HipaaSegment.ToText(reader.GetElement(13));
                _gs01 = _gs06 = _gs08 = null;
                return;
            case SegmentTag.Gs:
                EndUnterminated(ref reader);
                _gs01 = HipaaSegment.ToText(reader.GetElement(1));
                _gs06 = HipaaSegment.ToText(reader.GetElement(6));
                _gs08 = HipaaSegment.ToText(reader.GetElement(8));
                return;
            case SegmentTag.Ge:
            case SegmentTag.Iea:
                EndUnterminated(ref reader);
                return;
            case SegmentTag.St:
                EndUnterminated(ref reader);
                Begin(ref reader);
                return;
            case SegmentTag.Ta1 when !_inTransaction:
                Ta1(ref reader);
                return;
            default:
                break;
        }

        if (!_inTransaction)
        {
            _pending.Add(new Diagnostic(HipaaDiagnosticCodes.SegmentOutsideTransaction, DiagnosticSeverity.Error,
                "The segment stands outside any ST…SE transaction set; it was not mapped.", Locate(ref reader, null, 0), isRecoverable: false));
            return;
        }

        _segmentCount++;
        if (_map is not null)
        {
            _transaction.Append(ref reader);
        }

        if (tag == SegmentTag.Se)
        {
            if (!reader.TryGetInt32(1, out var declared) || declared != _segmentCount)
            {
                _current.Add(new Diagnostic(HipaaDiagnosticCodes.SegmentCountMismatch, DiagnosticSeverity.Error,
                    $"SE01 does not state the {_segmentCount} segments counted from ST to SE.", Locate(ref reader, "SE", 1)));
            }

            if (!string.Equals(HipaaSegment.ToText(reader.GetElement(2)), _identity.TransactionSetControlNumber, StringComparison.Ordinal))
            {
                _current.Add(new Diagnostic(HipaaDiagnosticCodes.ControlNumberMismatch, DiagnosticSeverity.Error,
                    "SE02 differs from ST02.", Locate(ref reader, "SE", 2)));
            }

            End();
        }
    }

    /// <summary>Ends the input: a transaction set still open has no SE.</summary>
    public void Complete()
    {
        if (_failed)
        {
            return;
        }

        if (_inTransaction)
        {
            _current.Add(new Diagnostic(HipaaDiagnosticCodes.TransactionNotTerminated, DiagnosticSeverity.Error,
                "The input ended before the SE trailer of the transaction set.", new SourceLocation { Path = PathPrefix() }, isRecoverable: false));
            End();
        }

        FlushPending();
    }

    /// <summary>Stops at unreadable input: the open transaction set (or a result of its own) carries the finding.</summary>
    /// <param name="exception">The reader's exception.</param>
    public void Fail(X12ReaderException exception)
    {
        if (_failed)
        {
            return;
        }

        var finding = new Diagnostic(HipaaDiagnosticCodes.InputUnreadable, DiagnosticSeverity.Error,
            $"The input is unreadable from here (X12 reader {exception.ErrorCode}); reading stopped.",
            new SourceLocation
            {
                SegmentIndex = exception.SegmentIndex,
                SegmentId = exception.SegmentId,
                ElementPosition = exception.ElementPosition == 0 ? null : exception.ElementPosition,
                ByteOffset = exception.BytePosition,
            },
            isRecoverable: false);
        if (_inTransaction)
        {
            _current.Add(finding);
            End();
        }
        else
        {
            _pending.Add(finding);
        }

        FlushPending();
        _failed = true;
    }

    /// <summary>Takes the next finished result.</summary>
    /// <param name="result">The result.</param>
    /// <returns><see langword="true"/> when one was queued.</returns>
    public bool TryDequeue(out HipaaResult result) => _results.TryDequeue(out result!);

    private void Begin(ref X12Reader reader)
    {
        _inTransaction = true;
        _segmentCount = 1;
        var st03 = HipaaSegment.ToText(reader.GetElement(3));
        _identity = new HipaaTransactionIdentity
        {
            InterchangeSenderId = _isa06,
            InterchangeVersion = _isa12,
            InterchangeControlNumber = _isa13,
            FunctionalIdentifierCode = _gs01,
            GroupControlNumber = _gs06,
            GroupVersion = _gs08,
            TransactionSetId = HipaaSegment.ToText(reader.GetElement(1)),
            TransactionSetControlNumber = HipaaSegment.ToText(reader.GetElement(2)),
            ImplementationConvention = st03 ?? _gs08,
            SegmentIndex = reader.SegmentIndex,
            ByteOffset = reader.SegmentByteOffset,
        };
        _current = [.. _pending];
        _pending.Clear();
        _map = HipaaMapRegistry.Find(_identity, out _unsupportedCode, out _unsupportedMessage);
        _transaction.Reset(reader.Delimiters, _identity);
        if (_map is not null)
        {
            _transaction.Append(ref reader);
        }
    }

    private void EndUnterminated(ref X12Reader reader)
    {
        if (!_inTransaction)
        {
            return;
        }

        _current.Add(new Diagnostic(HipaaDiagnosticCodes.TransactionNotTerminated, DiagnosticSeverity.Error,
            "The transaction set has no SE trailer: another envelope segment follows it.", Locate(ref reader, null, 0), isRecoverable: false));
        End();
    }

    private void End()
    {
        _inTransaction = false;
        var identity = _identity with { SegmentCount = _segmentCount };
        var diagnostics = _current;
        _current = [];
        if (_map is null)
        {
            // A known transaction set id with a guide or version that is not mapped is an error (say clearly what is
            // not supported); a transaction set nothing maps (270, 271, 276, 834 …) is information.
            diagnostics.Insert(0, new Diagnostic(
                _unsupportedCode ?? HipaaDiagnosticCodes.TransactionSetNotMapped,
                _unsupportedCode is null ? DiagnosticSeverity.Information : DiagnosticSeverity.Error,
                _unsupportedMessage ?? $"Transaction set {identity.TransactionSetId ?? "(no ST01)"} has no map to canonical objects; it was read and skipped.",
                new SourceLocation
                {
                    Path = _unsupportedCode is null ? PathPrefix() : PathPrefix() + "/ST03",
                    SegmentIndex = identity.SegmentIndex,
                    SegmentId = "ST",
                    SegmentPositionInTransaction = 1,
                    ElementPosition = _unsupportedCode is null ? null : 3,
                    ByteOffset = identity.ByteOffset,
                },
                isRecoverable: _unsupportedCode is null));
            _results.Enqueue(new HipaaResult(identity, [], diagnostics, isMapped: false));
            return;
        }

        _transaction.SetIdentity(identity);
        var context = new HipaaMapContext(_options, _transaction, _map.Definition, diagnostics, _codes);
        _builder.Build(_transaction, _map.Definition, context);
        try
        {
            _map.Map(_transaction, context);
        }
        catch (CanonicalModelException ex)
        {
            diagnostics.Add(new Diagnostic(HipaaDiagnosticCodes.MappingFailed, DiagnosticSeverity.Error,
                $"A canonical object could not be built from the transaction set ({ex.ErrorCode}); no event was produced for it.",
                new SourceLocation { Path = PathPrefix(), SegmentIndex = identity.SegmentIndex, SegmentId = "ST", ByteOffset = identity.ByteOffset },
                isRecoverable: false));
        }

        _results.Enqueue(new HipaaResult(identity, [.. context.Events], diagnostics, isMapped: true));
    }

    private void Ta1(ref X12Reader reader)
    {
        var identity = new HipaaTransactionIdentity
        {
            InterchangeSenderId = _isa06,
            InterchangeVersion = _isa12,
            InterchangeControlNumber = _isa13,
            SegmentIndex = reader.SegmentIndex,
            ByteOffset = reader.SegmentByteOffset,
        };
        List<Diagnostic> diagnostics = [.. _pending];
        _pending.Clear();
        CanonicalEvent[] events = [];
        try
        {
            var ack = Acknowledgments.Acknowledgment999Map.MapTa1(ref reader, _isa13, _options.FileName, out var finding);
            if (ack is not null)
            {
                events = [ack];
            }
            else
            {
                diagnostics.Add(finding!);
            }
        }
        catch (CanonicalModelException ex)
        {
            diagnostics.Add(new Diagnostic(HipaaDiagnosticCodes.MappingFailed, DiagnosticSeverity.Error,
                $"The TA1 acknowledgment could not be built canonically ({ex.ErrorCode}); no event was produced for it.",
                new SourceLocation { SegmentIndex = reader.SegmentIndex, SegmentId = "TA1", ByteOffset = reader.SegmentByteOffset },
                isRecoverable: false));
        }

        _results.Enqueue(new HipaaResult(identity, events, diagnostics, isMapped: true));
    }

    private void FlushPending()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        _results.Enqueue(new HipaaResult(
            new HipaaTransactionIdentity { InterchangeSenderId = _isa06, InterchangeVersion = _isa12, InterchangeControlNumber = _isa13, GroupControlNumber = _gs06, GroupVersion = _gs08, FunctionalIdentifierCode = _gs01 },
            [],
            [.. _pending],
            isMapped: true));
        _pending.Clear();
    }

    private string PathPrefix() => "ST*" + (_identity.TransactionSetControlNumber ?? "?");

    private SourceLocation Locate(ref X12Reader reader, string? segmentId, int element)
    {
        var id = segmentId ?? HipaaSegment.ToText(reader.SegmentId);
        return new SourceLocation
        {
            Path = _inTransaction
                ? element > 0 ? $"{PathPrefix()}/{id}{element:00}" : $"{PathPrefix()}/{id}"
                : null,
            SegmentIndex = reader.SegmentIndex,
            SegmentId = id,
            SegmentPositionInTransaction = _inTransaction ? _segmentCount : null,
            ElementPosition = element > 0 ? element : null,
            ByteOffset = element > 0 && element <= reader.ElementCount ? reader.GetElementByteOffset(element) : reader.SegmentByteOffset,
        };
    }
}
