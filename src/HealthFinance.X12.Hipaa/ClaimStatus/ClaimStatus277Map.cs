using System.Globalization;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;
using HealthFinance.X12.Hipaa.Claims;
using static HealthFinance.X12.Hipaa.ClaimStatus.HipaaClaimStatusDiagnosticCodes;

namespace HealthFinance.X12.Hipaa.ClaimStatus;

/// <summary>
/// Maps one 277CA transaction set (005010X214) to one <see cref="ClaimStatusReported"/> per 2200D claim
/// status loop: TRN*2 (the 837 CLM01), STC (category, status, entity, date, action, amount) and REF*1K
/// (payer claim control number). The payer comes from 2100A NM1*PR. Patient names and ids are not carried.
/// </summary>
/// <remarks>
/// When a claim carries several STC segments, the first one with action <c>U</c> (rejected) is used, so a
/// rejection is never hidden behind an earlier informational status; otherwise the first STC is used.
/// Service line statuses (2220D, after SVC) are not mapped.
/// </remarks>
internal static class ClaimStatus277Map
{
    /// <summary>Maps <paramref name="tx"/> into <paramref name="sink"/>.</summary>
    /// <param name="tx">A 277 transaction set.</param>
    /// <param name="sink">Receives events, findings and the 2200D count.</param>
    public static void Map(TransactionUnit tx, MapSink sink)
    {
        var supported = tx.ImplementationReference.StartsWith("005010X214", StringComparison.Ordinal);
        if (!supported)
        {
            sink.Unsupported = true;
            sink.Diagnostics.Add(TransactionUnit.Finding(UnsupportedImplementation, DiagnosticSeverity.Error,
                "This 277 is not a 005010X214 claim acknowledgment (277CA); it is not mapped.", tx.Segments[0], $"ST*{tx.ControlNumber}", tx.Segments[0].Element(3).Length > 0 ? 3 : null));
        }

        var walk = new Walk(tx, sink, supported);
        foreach (var segment in tx.Segments)
        {
            walk.Accept(segment);
        }

        walk.Close();
    }

    private sealed class HlNode(string id, string level, HlNode? parent)
    {
        public string Id { get; } = id;

        public string Level { get; } = level;

        public HlNode? Parent { get; } = parent;

        public bool Broken { get; set; }

        public string? Payer { get; set; }
    }

    private sealed class PendingStatus(SegmentRecord trn, HlNode hl, int ordinal)
    {
        public SegmentRecord Trn { get; } = trn;

        public HlNode Hl { get; } = hl;

        public int Ordinal { get; } = ordinal;

        public List<SegmentRecord> Statuses { get; } = [];

        public string? PayerClaimControlNumber { get; set; }

        public bool InServiceLine { get; set; }
    }

    private sealed class Walk(TransactionUnit tx, MapSink sink, bool supported)
    {
        private readonly Dictionary<string, HlNode> _hls = new(StringComparer.Ordinal);
        private readonly string _st = $"ST*{tx.ControlNumber}";
        private HlNode? _current;
        private PendingStatus? _claim;
        private int _hlOrdinal;
        private int _claimOrdinal;

        public void Accept(SegmentRecord s)
        {
            switch (s.Id)
            {
                case "HL":
                    Close();
                    OpenHl(s);
                    break;
                case "SE":
                    Close();
                    break;
                case "NM1" when _current is { Level: "20" } source && s.Element(1) == "PR":
                    source.Payer = s.OptionalElement(9);
                    break;
                case "TRN" when _current is { Level: "PT" } patient:
                    Close();
                    _claim = new PendingStatus(s, patient, ++_claimOrdinal);
                    break;
                case "SVC" when _claim is not null:
                    _claim.InServiceLine = true;
                    break;
                case "STC" when _claim is { InServiceLine: false }:
                    _claim.Statuses.Add(s);
                    break;
                case "REF" when _claim is { InServiceLine: false } && s.Element(1) == "1K":
                    _claim.PayerClaimControlNumber = s.OptionalElement(2);
                    break;
                default:
                    break;
            }
        }

        public void Close()
        {
            if (_claim is not { } claim)
            {
                return;
            }

            _claim = null;
            sink.ClaimCount++;
            if (supported && !claim.Hl.Broken)
            {
                Build(claim);
            }
        }

        private void OpenHl(SegmentRecord s)
        {
            _hlOrdinal++;
            var id = s.Element(1);
            var parentId = s.Element(2);
            var level = s.Element(3);
            HlNode? parent = null;
            string? problem = null;
            if (parentId.Length > 0 && !_hls.TryGetValue(parentId, out parent))
            {
                problem = "HL02 names no earlier HL";
            }

            var node = new HlNode(id, level, parent);
            if (id.Length == 0)
            {
                problem = "HL01 is empty";
            }
            else if (!_hls.TryAdd(id, node))
            {
                problem = "HL01 repeats an earlier HL";
            }

            if (problem is null)
            {
                // 2000A information source (20) > 2000B receiver (21) > 2000C billing provider (19) > 2000D patient (PT).
                var expected = level switch
                {
                    "20" => string.Empty,
                    "21" => "20",
                    "19" => "21",
                    "PT" => "19",
                    _ => null,
                };
                problem = expected switch
                {
                    null => "HL03 is not a level of a 277CA (20, 21, 19, PT)",
                    "" when parent is not null => "a 2000A information source HL has a parent",
                    { Length: > 0 } when parent is null => "HL02 is empty",
                    { Length: > 0 } when parent!.Level != expected => $"its parent is a level {parent.Level} HL, not {expected}",
                    _ => null,
                };
            }

            if (problem is not null)
            {
                node.Broken = true;
                if (supported)
                {
                    sink.Diagnostics.Add(TransactionUnit.Finding(HierarchyBroken, DiagnosticSeverity.Error,
                        $"HL {id} ({level}) cannot be placed in the hierarchy: {problem}. Claim statuses below it are not produced.",
                        s, string.Create(CultureInfo.InvariantCulture, $"{_st}/HL[{_hlOrdinal}]"), problem.StartsWith("HL01", StringComparison.Ordinal) ? 1 : problem.StartsWith("HL03", StringComparison.Ordinal) ? 3 : 2));
                }
            }
            else if (parent is { Broken: true })
            {
                node.Broken = true;
            }

            _current = node;
        }

        private void Build(PendingStatus claim)
        {
            var trn = claim.Trn;
            var path = string.Create(CultureInfo.InvariantCulture, $"{_st}/TRN[{claim.Ordinal}]");
            if (trn.Element(1) != "2" || !PatientControlNumber.TryParse(trn.Element(2), out var claimId))
            {
                sink.Diagnostics.Add(TransactionUnit.Finding(ClaimIdMissing, DiagnosticSeverity.Error,
                    "The 2200D claim status loop has no TRN*2 with the patient control number (TRN02); no status is produced.", trn, path, 2));
                return;
            }

            var stc = claim.Statuses.FirstOrDefault(s => s.Element(3) == "U") ?? claim.Statuses.FirstOrDefault();
            if (stc is null)
            {
                sink.Diagnostics.Add(TransactionUnit.Finding(StatusMissing, DiagnosticSeverity.Error,
                    "The 2200D claim status loop has no STC; no status is produced.", trn, path));
                return;
            }

            var stcPath = path + "/STC";
            var category = stc.Component(1, 1);
            var status = stc.Component(1, 2);
            if (category.Length == 0 || status.Length == 0)
            {
                sink.Diagnostics.Add(TransactionUnit.Finding(StatusMissing, DiagnosticSeverity.Error,
                    "STC01 has no claim status category (STC01-1) or status code (STC01-2); no status is produced.", stc, stcPath, 1, category.Length == 0 ? 1 : 2));
                return;
            }

            var action = stc.Element(3) switch
            {
                "WQ" => ClaimStatusAction.Accepted,
                "U" => ClaimStatusAction.Rejected,
                _ => ClaimStatusAction.Unspecified,
            };
            if (action == ClaimStatusAction.Unspecified)
            {
                sink.Diagnostics.Add(TransactionUnit.Finding(UnknownAction, DiagnosticSeverity.Warning,
                    "STC03 is neither WQ (accepted) nor U (rejected); the status is produced with an unspecified action.", stc, stcPath, 3));
            }
            else if (action == ClaimStatusAction.Accepted && category is "A3" or "A6" or "A7" or "A8")
            {
                sink.Diagnostics.Add(TransactionUnit.Finding(InconsistentAction, DiagnosticSeverity.Warning,
                    $"The status category {category} is a rejection but STC03 is WQ (accepted); the status counts as a rejection.", stc, stcPath, 3));
            }

            Money? charge = null;
            if (stc.Element(4).Length > 0)
            {
                if (stc.TryDecimal(4, out var amount) && amount >= 0)
                {
                    charge = new Money(amount, CurrencyCode.USD);
                }
                else
                {
                    sink.Diagnostics.Add(TransactionUnit.Finding(InvalidChargeAmount, DiagnosticSeverity.Warning,
                        "STC04 (total claim charge) is not a non-negative number; the status is produced without it.", stc, stcPath, 4));
                }
            }

            var payer = Payer(claim.Hl);
            sink.Events.Add(new ClaimStatusReported
            {
                EventId = string.Create(CultureInfo.InvariantCulture, $"x12-277:{tx.InterchangeControlNumber}:{tx.GroupControlNumber}:{tx.ControlNumber}:{claim.Ordinal}"),
                Source = tx.Source(trn, path),
                ClaimId = claimId,
                PayerClaimControlNumber = PayerClaimControlNumber.TryParse(claim.PayerClaimControlNumber, out var pccn) ? pccn : null,
                Payer = PayerId.TryParse(payer, out var payerId) ? payerId : null,
                CategoryCode = category,
                StatusCode = status,
                EntityIdentifierCode = stc.Component(1, 3) is { Length: > 0 } entity ? entity : null,
                Action = action,
                StatusDate = SegmentRecord.TryDate(stc.Element(2), out var date) ? date : null,
                TotalCharge = charge,
            });
        }

        private static string? Payer(HlNode node)
        {
            for (HlNode? n = node; n is not null; n = n.Parent)
            {
                if (n.Level == "20")
                {
                    return n.Payer;
                }
            }

            return null;
        }
    }
}
