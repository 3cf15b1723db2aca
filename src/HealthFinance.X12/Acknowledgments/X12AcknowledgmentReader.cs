using System.Globalization;
using System.Text;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;
using HealthFinance.X12.Validation;

namespace HealthFinance.X12.Acknowledgments;

/// <summary>
/// Reads inbound acknowledgments — TA1 interchange acknowledgments, 999 implementation acknowledgments and
/// 997 functional acknowledgments — into canonical <see cref="AcknowledgmentReceived"/> events, one per TA1
/// and one per acknowledgment transaction set (each acknowledges one functional group we sent).
/// </summary>
/// <remarks>
/// The input is validated first (envelope and syntax); findings are returned with the events. An
/// acknowledgment whose status code is unknown or whose AK1 is missing yields a finding instead of an event.
/// Never throws for bad input.
/// </remarks>
public static class X12AcknowledgmentReader
{
    /// <summary>An acknowledgment's status code (TA104, IK501/AK501, AK901) is not a known code; no event is produced.</summary>
    public const string UnknownStatusCode = "X12-0301";

    /// <summary>An acknowledgment transaction set lacks a required segment (AK1 or AK9) or the TA1 lacks TA101; no event is produced.</summary>
    public const string IncompleteAcknowledgment = "X12-0302";

    /// <summary>Reads the acknowledgments in <paramref name="data"/>.</summary>
    /// <param name="data">X12 bytes holding TA1 segments and/or 999/997 transaction sets.</param>
    /// <param name="fileName">The source file name to record on each event, when known.</param>
    /// <returns>The events and the findings.</returns>
    public static X12AcknowledgmentReadResult Read(ReadOnlySpan<byte> data, string? fileName = null)
    {
        var validation = X12Validator.Validate(data);
        var diagnostics = new List<Diagnostic>(validation.Diagnostics);
        var events = new List<AcknowledgmentReceived>();
        var state = new State(fileName, diagnostics, events);
        var reader = new X12Reader(data);
        try
        {
            while (reader.Read())
            {
                state.Accept(ref reader);
            }
        }
        catch (X12ReaderException)
        {
            // Already reported by the validation pass; keep what was read before the failure.
        }

        return new X12AcknowledgmentReadResult(events, diagnostics, validation.IsValid && !diagnostics.Any(d => d.IsError));
    }

    private static AcknowledgmentStatus? Status(ReadOnlySpan<byte> code) => code switch
    {
        [(byte)'A'] => AcknowledgmentStatus.Accepted,
        [(byte)'E'] => AcknowledgmentStatus.AcceptedWithErrors,
        [(byte)'P'] => AcknowledgmentStatus.PartiallyAccepted,
        [(byte)'R'] or [(byte)'M'] or [(byte)'W'] or [(byte)'X'] => AcknowledgmentStatus.Rejected,
        _ => null,
    };

    private static string Text(ReadOnlySpan<byte> value) => Encoding.Latin1.GetString(value);

    private static string? OptionalText(ReadOnlySpan<byte> value) => value.IsEmpty ? null : Text(value);

    private static int? OptionalInt(ref X12Reader reader, int position) => reader.TryGetInt32(position, out var v) && v >= 0 ? v : null;

    private sealed class State(string? fileName, List<Diagnostic> diagnostics, List<AcknowledgmentReceived> events)
    {
        private string _interchange = "";
        private string _group = "";
        private string? _kind;
        private string _transactionControl = "";
        private long _transactionIndex;
        private string? _functional;
        private string? _acknowledgedControl;
        private string? _version;
        private readonly List<AcknowledgedTransaction> _transactions = [];
        private PendingTransaction? _current;
        private AcknowledgmentReceived? _groupResult;
        private bool _broken;

        public void Accept(ref X12Reader reader)
        {
            var id = reader.SegmentId;
            if (id.SequenceEqual("ISA"u8))
            {
                _interchange = Text(reader.GetElement(13));
            }
            else if (id.SequenceEqual("GS"u8))
            {
                _group = Text(reader.GetElement(6));
            }
            else if (id.SequenceEqual("TA1"u8))
            {
                OnTa1(ref reader);
            }
            else if (id.SequenceEqual("ST"u8))
            {
                var set = reader.GetElement(1);
                _kind = set.SequenceEqual("999"u8) ? "999" : set.SequenceEqual("997"u8) ? "997" : null;
                _transactionControl = Text(reader.GetElement(2));
                _transactionIndex = reader.SegmentIndex;
                _functional = _acknowledgedControl = _version = null;
                _transactions.Clear();
                _current = null;
                _groupResult = null;
                _broken = false;
            }
            else if (_kind is not null)
            {
                OnAcknowledgmentSegment(ref reader, id);
            }
        }

        private void OnTa1(ref X12Reader reader)
        {
            var control = reader.GetElement(1);
            var status = Status(reader.GetElement(4));
            if (control.IsEmpty)
            {
                Report(ref reader, IncompleteAcknowledgment, "TA1 has no TA101 (acknowledged interchange control number); no acknowledgment produced.", 1);
                return;
            }

            if (status is null)
            {
                Report(ref reader, UnknownStatusCode, "TA104 is not A, E or R; no acknowledgment produced.", 4);
                return;
            }

            var controlText = Text(control);
            events.Add(new AcknowledgmentReceived
            {
                EventId = $"x12-ta1:{_interchange}:{controlText}:{reader.SegmentIndex.ToString(CultureInfo.InvariantCulture)}",
                Source = Source(reader.SegmentIndex, null, "TA1"),
                Kind = AcknowledgmentKind.Interchange,
                Status = status.Value,
                AcknowledgedControlNumber = controlText,
                NoteCode = OptionalText(reader.GetElement(5)),
            });
        }

        private void OnAcknowledgmentSegment(ref X12Reader reader, ReadOnlySpan<byte> id)
        {
            if (id.SequenceEqual("AK1"u8))
            {
                _functional = OptionalText(reader.GetElement(1));
                _acknowledgedControl = OptionalText(reader.GetElement(2));
                _version = OptionalText(reader.GetElement(3));
            }
            else if (id.SequenceEqual("AK2"u8))
            {
                FlushTransaction();
                _current = new PendingTransaction(Text(reader.GetElement(1)), Text(reader.GetElement(2)), OptionalText(reader.GetElement(3)));
            }
            else if (id.SequenceEqual("IK3"u8) || id.SequenceEqual("AK3"u8))
            {
                if (_current is null)
                {
                    return;
                }

                var position = reader.TryGetInt32(2, out var p) && p > 0 ? p : 1;
                _current.Segments.Add(new PendingSegment(Text(reader.GetElement(1)), position, OptionalText(reader.GetElement(3)), OptionalText(reader.GetElement(4))));
            }
            else if (id.SequenceEqual("IK4"u8) || id.SequenceEqual("AK4"u8))
            {
                if (_current is null || _current.Segments.Count == 0)
                {
                    return;
                }

                var element = Number(reader.GetComponent(1, 1));
                var code = OptionalText(reader.GetElement(3));
                if (element is null || code is null)
                {
                    Report(ref reader, IncompleteAcknowledgment, "IK4 lacks its element position or error code; the element error is not recorded.", 1);
                    return;
                }

                _current.Segments[^1].Elements.Add(new AcknowledgedElementError
                {
                    ElementPosition = element.Value,
                    ComponentPosition = Number(reader.GetComponent(1, 2)),
                    RepetitionPosition = Number(reader.GetComponent(1, 3)),
                    ElementReference = OptionalText(reader.GetElement(2)),
                    Code = code,
                });
            }
            else if (id.SequenceEqual("IK5"u8) || id.SequenceEqual("AK5"u8))
            {
                if (_current is null)
                {
                    return;
                }

                var status = Status(reader.GetElement(1));
                if (status is null)
                {
                    Report(ref reader, UnknownStatusCode, "IK501 is not a known acknowledgment code; the acknowledgment is not produced.", 1);
                    _broken = true;
                    return;
                }

                _current.Status = status;
                _current.Codes.AddRange(Codes(ref reader, 2, 6));
            }
            else if (id.SequenceEqual("AK9"u8))
            {
                FlushTransaction();
                var status = Status(reader.GetElement(1));
                if (status is null)
                {
                    Report(ref reader, UnknownStatusCode, "AK901 is not a known acknowledgment code; the acknowledgment is not produced.", 1);
                    _broken = true;
                    return;
                }

                if (_acknowledgedControl is null)
                {
                    Report(ref reader, IncompleteAcknowledgment, "The acknowledgment has no AK1 (acknowledged group); it is not produced.", 0);
                    _broken = true;
                    return;
                }

                _groupResult = new AcknowledgmentReceived
                {
                    EventId = $"x12-{_kind}:{_interchange}:{_group}:{_transactionControl}",
                    Source = Source(_transactionIndex, _transactionControl, $"ST*{_transactionControl}"),
                    Kind = _kind == "999" ? AcknowledgmentKind.Implementation : AcknowledgmentKind.Functional,
                    Status = status.Value,
                    AcknowledgedControlNumber = _acknowledgedControl,
                    AcknowledgedFunctionalCode = _functional,
                    AcknowledgedVersion = _version,
                    ErrorCodes = [.. Codes(ref reader, 5, 9)],
                    TransactionSetsIncluded = OptionalInt(ref reader, 2),
                    TransactionSetsReceived = OptionalInt(ref reader, 3),
                    TransactionSetsAccepted = OptionalInt(ref reader, 4),
                    Transactions = [.. _transactions],
                };
            }
            else if (id.SequenceEqual("SE"u8))
            {
                FlushTransaction();
                if (_groupResult is not null && !_broken)
                {
                    events.Add(_groupResult);
                }
                else if (_groupResult is null && !_broken)
                {
                    Report(ref reader, IncompleteAcknowledgment, "The acknowledgment has no AK9 (group response); it is not produced.", 0);
                }

                _kind = null;
            }
        }

        private void FlushTransaction()
        {
            if (_current is null)
            {
                return;
            }

            if (_current.Status is { } status && _current.SetId.Length > 0 && _current.Control.Length > 0)
            {
                _transactions.Add(new AcknowledgedTransaction
                {
                    TransactionSetId = _current.SetId,
                    ControlNumber = _current.Control,
                    ImplementationReference = _current.Reference,
                    Status = status,
                    ErrorCodes = [.. _current.Codes],
                    SegmentErrors = [.. _current.Segments.Select(s => new AcknowledgedSegmentError
                    {
                        SegmentId = s.Id.Length > 0 ? s.Id : "?",
                        PositionInTransaction = s.Position,
                        LoopId = s.Loop,
                        Code = s.Code,
                        ElementErrors = [.. s.Elements],
                    })],
                });
            }
            else
            {
                _broken = true;
                diagnostics.Add(new Diagnostic(IncompleteAcknowledgment, DiagnosticSeverity.Error,
                    "An AK2 transaction response has no IK5 status (or no AK201/AK202); the acknowledgment is not produced.",
                    new SourceLocation { Path = $"ST*{_transactionControl}/AK2", SegmentIndex = _transactionIndex }));
            }

            _current = null;
        }

        private SourceReference Source(long segmentIndex, string? transaction, string position) => new()
        {
            Format = SourceFormat.X12,
            InterchangeControlNumber = _interchange.Length > 0 ? _interchange : null,
            GroupControlNumber = _group.Length > 0 ? _group : null,
            TransactionSetControlNumber = transaction,
            Position = position,
            SegmentIndex = segmentIndex,
            FileName = fileName,
        };

        private void Report(ref X12Reader reader, string code, string message, int element)
            => diagnostics.Add(new Diagnostic(code, DiagnosticSeverity.Error, message, new SourceLocation
            {
                SegmentIndex = reader.SegmentIndex,
                SegmentId = Text(reader.SegmentId),
                ElementPosition = element > 0 ? element : null,
                ByteOffset = reader.SegmentByteOffset,
            }));

        private static List<string> Codes(ref X12Reader reader, int from, int to)
        {
            var codes = new List<string>();
            for (var i = from; i <= to; i++)
            {
                var value = reader.GetElement(i);
                if (!value.IsEmpty)
                {
                    codes.Add(Text(value));
                }
            }

            return codes;
        }

        private static int? Number(ReadOnlySpan<byte> value)
            => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
    }

    private sealed class PendingTransaction(string setId, string control, string? reference)
    {
        public string SetId { get; } = setId;

        public string Control { get; } = control;

        public string? Reference { get; } = reference;

        public AcknowledgmentStatus? Status { get; set; }

        public List<string> Codes { get; } = [];

        public List<PendingSegment> Segments { get; } = [];
    }

    private sealed class PendingSegment(string id, int position, string? loop, string? code)
    {
        public string Id { get; } = id;

        public int Position { get; } = position;

        public string? Loop { get; } = loop;

        public string? Code { get; } = code;

        public List<AcknowledgedElementError> Elements { get; } = [];
    }
}

/// <summary>The outcome of <see cref="X12AcknowledgmentReader.Read"/>.</summary>
public sealed class X12AcknowledgmentReadResult
{
    internal X12AcknowledgmentReadResult(IReadOnlyList<AcknowledgmentReceived> acknowledgments, IReadOnlyList<Diagnostic> diagnostics, bool isValid)
    {
        Acknowledgments = acknowledgments;
        Diagnostics = diagnostics;
        IsValid = isValid;
    }

    /// <summary>The acknowledgments read, in input order.</summary>
    public IReadOnlyList<AcknowledgmentReceived> Acknowledgments { get; }

    /// <summary>Envelope, syntax and acknowledgment findings.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary><see langword="true"/> when no error was found.</summary>
    public bool IsValid { get; }
}
