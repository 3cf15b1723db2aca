using System.Globalization;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;
using HealthFinance.X12.Hipaa.Internal;
using static HealthFinance.X12.Hipaa.Internal.SegmentTag;

namespace HealthFinance.X12.Hipaa.Acknowledgments;

/// <summary>
/// Maps an inbound 999 implementation acknowledgment (005010X231A1) or 997 functional acknowledgment to one
/// <see cref="AcknowledgmentReceived"/>: AK1 (the acknowledged group), one <see cref="AcknowledgedTransaction"/> per
/// 2000 AK2 loop with its IK3/IK4 (AK3/AK4) segment and element errors and its IK5 (AK5) status, and the AK9 verdict.
/// </summary>
/// <remarks>
/// An acknowledgment whose status code is unknown, or that lacks AK102, AK201/AK202 or a transaction status, yields a
/// finding instead of an event: a partner verdict that cannot be read exactly must not be acted on.
/// </remarks>
internal sealed class Acknowledgment999Map : IHipaaTransactionMap
{
    private readonly AcknowledgmentKind _kind;

    private Acknowledgment999Map(AcknowledgmentKind kind, HipaaTransactionDefinition definition)
    {
        _kind = kind;
        Definition = definition;
    }

    /// <summary>The 999 map (005010X231A1).</summary>
    public static Acknowledgment999Map Instance { get; } = new(AcknowledgmentKind.Implementation, new HipaaTransactionDefinition(
        "999",
        "AK1! | AK9!",
        new HipaaLoopDefinition("2000", "HEADER", "AK2", "| IK5!"),
        new HipaaLoopDefinition("2100", "2000", "IK3", "CTX"),
        new HipaaLoopDefinition("2110", "2100", "IK4", "CTX")));

    /// <summary>The 997 map (the 4010-era functional acknowledgment, same shape with AK3/AK4/AK5).</summary>
    public static Acknowledgment999Map Functional { get; } = new(AcknowledgmentKind.Functional, new HipaaTransactionDefinition(
        "997",
        "AK1! | AK9!",
        new HipaaLoopDefinition("2000", "HEADER", "AK2", "| AK5!"),
        new HipaaLoopDefinition("2100", "2000", "AK3", string.Empty),
        new HipaaLoopDefinition("2110", "2100", "AK4", string.Empty)));

    /// <inheritdoc/>
    public HipaaTransactionDefinition Definition { get; }

    /// <inheritdoc/>
    public void Map(HipaaTransaction transaction, HipaaMapContext context)
    {
        string? functional = null;
        string? acknowledgedControl = null;
        string? version = null;
        var transactions = new List<AcknowledgedTransaction>();
        Pending? current = null;
        AcknowledgmentReceived? result = null;
        var usable = true;
        for (var i = 1; i < transaction.Count; i++)
        {
            var s = transaction[i];
            switch (s.Tag)
            {
                case Ak1:
                    functional = s.GetString(1);
                    acknowledgedControl = s.GetString(2);
                    version = s.GetString(3);
                    if (acknowledgedControl is null)
                    {
                        context.ReportMissing(s, 2);
                        usable = false;
                    }

                    break;
                case Ak2:
                    usable &= Flush(current, transactions);
                    current = new Pending(s.GetString(1), s.GetString(2), s.GetString(3));
                    if (current.SetId is null || current.Control is null)
                    {
                        context.ReportMissing(s, current.SetId is null ? 1 : 2);
                        usable = false;
                    }

                    break;
                case Ik3 or Ak3 when current is not null:
                    current.OpenSegment(s.GetString(1) ?? "?", Number(s.GetElement(2)) ?? 1, s.GetString(3), s.GetString(4));
                    break;
                case Ik4 or Ak4 when current is { HasOpenSegment: true }:
                    var element = Number(s.GetComponent(1, 1));
                    var code = s.GetString(3);
                    if (element is null || code is null)
                    {
                        context.Report(HipaaDiagnosticCodes.RequiredElementMissing, DiagnosticSeverity.Warning,
                            "The element error lacks its element position (IK401-1) or error code (IK403); it is not recorded.", s, element is null ? 1 : 3);
                        break;
                    }

                    current.ElementErrors.Add(new AcknowledgedElementError
                    {
                        ElementPosition = element.Value,
                        ComponentPosition = Number(s.GetComponent(1, 2)),
                        RepetitionPosition = Number(s.GetComponent(1, 3)),
                        ElementReference = s.GetString(2),
                        Code = code,
                    });
                    break;
                case Ik5 or Ak5 when current is not null:
                    current.CloseSegment();
                    current.Status = Status(s.GetElement(1));
                    if (current.Status is null)
                    {
                        ReportUnknownStatus(context, s, "IK501");
                        usable = false;
                    }

                    current.Codes.AddRange(Codes(s, 2, 6));
                    break;
                case Ak9:
                    usable &= Flush(current, transactions);
                    current = null;
                    var status = Status(s.GetElement(1));
                    if (status is null)
                    {
                        ReportUnknownStatus(context, s, "AK901");
                        usable = false;
                        break;
                    }

                    result = new AcknowledgmentReceived
                    {
                        EventId = string.Create(CultureInfo.InvariantCulture,
                            $"x12-{context.Identity.TransactionSetId}:{context.Identity.InterchangeControlNumber}:{context.Identity.GroupControlNumber}:{context.Identity.TransactionSetControlNumber}"),
                        Source = context.CreateSource(),
                        Kind = _kind,
                        Status = status.Value,
                        AcknowledgedControlNumber = acknowledgedControl ?? "?",
                        AcknowledgedFunctionalCode = functional,
                        AcknowledgedVersion = version,
                        ErrorCodes = [.. Codes(s, 5, 9)],
                        TransactionSetsIncluded = Count(s.GetElement(2)),
                        TransactionSetsReceived = Count(s.GetElement(3)),
                        TransactionSetsAccepted = Count(s.GetElement(4)),
                        Transactions = [.. transactions],
                    };
                    break;
                default:
                    break;
            }
        }

        usable &= Flush(current, transactions);

        // A missing AK1 or AK9 is reported by the loop builder (required segment); nothing is produced then.
        if (usable && result is not null && acknowledgedControl is not null)
        {
            context.AddEvent(result);
        }
    }

    /// <summary>Maps a TA1 interchange acknowledgment (it stands between ISA and GS, outside any transaction set).</summary>
    /// <param name="reader">A reader positioned on the TA1.</param>
    /// <param name="interchangeControlNumber">ISA13 of the interchange holding the TA1.</param>
    /// <param name="fileName">The source file name, when known.</param>
    /// <param name="finding">The reason no event was produced, or <see langword="null"/>.</param>
    /// <returns>The event, or <see langword="null"/> with a <paramref name="finding"/>.</returns>
    public static AcknowledgmentReceived? MapTa1(ref X12Reader reader, string? interchangeControlNumber, string? fileName, out Diagnostic? finding)
    {
        finding = null;
        var control = HipaaSegment.ToText(reader.GetElement(1));
        var status = Status(reader.GetElement(4));
        if (control is null || status is null)
        {
            finding = new Diagnostic(
                control is null ? HipaaDiagnosticCodes.RequiredElementMissing : HipaaDiagnosticCodes.InvalidCode,
                DiagnosticSeverity.Error,
                control is null
                    ? "TA101 (acknowledged interchange control number) is empty; no acknowledgment is produced."
                    : "TA104 is not A, E or R; no acknowledgment is produced.",
                new SourceLocation
                {
                    Path = control is null ? "TA1/TA101" : "TA1/TA104",
                    SegmentIndex = reader.SegmentIndex,
                    SegmentId = "TA1",
                    ElementPosition = control is null ? 1 : 4,
                    ByteOffset = reader.SegmentByteOffset,
                },
                isRecoverable: false);
            return null;
        }

        return new AcknowledgmentReceived
        {
            EventId = string.Create(CultureInfo.InvariantCulture, $"x12-ta1:{interchangeControlNumber}:{control}:{reader.SegmentIndex}"),
            Source = new Canonical.SourceReference
            {
                Format = Canonical.SourceFormat.X12,
                InterchangeControlNumber = interchangeControlNumber,
                Position = "TA1",
                SegmentIndex = reader.SegmentIndex,
                FileName = fileName,
            },
            Kind = AcknowledgmentKind.Interchange,
            Status = status.Value,
            AcknowledgedControlNumber = control,
            NoteCode = HipaaSegment.ToText(reader.GetElement(5)),
        };
    }

    private static bool Flush(Pending? pending, List<AcknowledgedTransaction> transactions)
    {
        if (pending is null)
        {
            return true;
        }

        pending.CloseSegment();
        if (pending.Status is not { } status || pending.SetId is null || pending.Control is null)
        {
            // A missing IK5 is reported by the loop builder, an unknown one or an empty AK201/AK202 by the map.
            return false;
        }

        transactions.Add(new AcknowledgedTransaction
        {
            TransactionSetId = pending.SetId,
            ControlNumber = pending.Control,
            ImplementationReference = pending.Reference,
            Status = status,
            ErrorCodes = [.. pending.Codes],
            SegmentErrors = [.. pending.SegmentErrors],
        });
        return true;
    }

    private static void ReportUnknownStatus(HipaaMapContext context, in HipaaSegment s, string element)
        => context.Report(HipaaDiagnosticCodes.InvalidCode, DiagnosticSeverity.Error,
            $"{element} is not a known acknowledgment code (A, E, P, R, M, W, X); the acknowledgment is not produced.", s, 1, 0, isRecoverable: false);

    /// <summary>The verdict of an acknowledgment code (TA104, IK501/AK501, AK901).</summary>
    private static AcknowledgmentStatus? Status(ReadOnlySpan<byte> code) => code switch
    {
        [(byte)'A'] => AcknowledgmentStatus.Accepted,
        [(byte)'E'] => AcknowledgmentStatus.AcceptedWithErrors,
        [(byte)'P'] => AcknowledgmentStatus.PartiallyAccepted,
        [(byte)'R'] or [(byte)'M'] or [(byte)'W'] or [(byte)'X'] => AcknowledgmentStatus.Rejected,
        _ => null,
    };

    private static List<string> Codes(in HipaaSegment s, int from, int to)
    {
        var codes = new List<string>();
        for (var p = from; p <= to; p++)
        {
            if (s.GetString(p) is { } code)
            {
                codes.Add(code);
            }
        }

        return codes;
    }

    private static int? Number(ReadOnlySpan<byte> value)
        => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;

    private static int? Count(ReadOnlySpan<byte> value)
        => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>One 2000 AK2 loop being read: the segment error (IK3) being filled with its element errors (IK4), and the status.</summary>
    private sealed class Pending(string? setId, string? control, string? reference)
    {
        private (string Id, int Position, string? Loop, string? Code)? _segment;

        public string? SetId { get; } = setId;

        public string? Control { get; } = control;

        public string? Reference { get; } = reference;

        public AcknowledgmentStatus? Status { get; set; }

        public List<string> Codes { get; } = [];

        public List<AcknowledgedSegmentError> SegmentErrors { get; } = [];

        public List<AcknowledgedElementError> ElementErrors { get; } = [];

        public bool HasOpenSegment => _segment is not null;

        public void OpenSegment(string id, int position, string? loop, string? code)
        {
            CloseSegment();
            _segment = (id, position, loop, code);
        }

        public void CloseSegment()
        {
            if (_segment is not { } open)
            {
                return;
            }

            SegmentErrors.Add(new AcknowledgedSegmentError
            {
                SegmentId = open.Id,
                PositionInTransaction = open.Position,
                LoopId = open.Loop,
                Code = open.Code,
                ElementErrors = [.. ElementErrors],
            });
            ElementErrors.Clear();
            _segment = null;
        }
    }
}
