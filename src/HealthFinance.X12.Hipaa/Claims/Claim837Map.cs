using System.Globalization;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;
using static HealthFinance.X12.Hipaa.Claims.HipaaClaimDiagnosticCodes;

namespace HealthFinance.X12.Hipaa.Claims;

/// <summary>
/// Maps one 837 transaction set (005010X222A1 professional, 005010X223A2 institutional, 005010X224A2 dental)
/// to one <see cref="ClaimSubmitted"/> per CLM, following the 2000A/2000B/2000C hierarchy and the 2300/2400 loops.
/// Only references leave the map: billing provider NPI and TIN, payer id, subscriber member id and the
/// medical record number — never names, addresses, dates of birth or diagnoses.
/// </summary>
internal static class Claim837Map
{
    private static readonly CurrencyCode Usd = CurrencyCode.USD;

    /// <summary>Maps <paramref name="tx"/> into <paramref name="sink"/>.</summary>
    /// <param name="tx">An 837 transaction set.</param>
    /// <param name="sink">Receives events, findings and the claim count.</param>
    public static void Map(TransactionUnit tx, MapSink sink)
    {
        var claimType = ResolveImplementation(tx, sink);
        var walk = new Walk(tx, sink, claimType);
        foreach (var segment in tx.Segments)
        {
            walk.Accept(segment);
        }

        walk.Complete();
    }

    /// <summary>Reads ST03/GS08 and returns the claim type, or <see langword="null"/> (with a finding) when it is not mapped.</summary>
    private static ClaimType? ResolveImplementation(TransactionUnit tx, MapSink sink)
    {
        var st = tx.Segments[0];
        var reference = tx.ImplementationReference;
        var path = $"ST*{tx.ControlNumber}";
        var stGuide = st.Element(3);
        var guide = Guide(reference);
        ClaimType? type = guide switch
        {
            "005010X222" => ClaimType.Professional,
            "005010X223" => ClaimType.Institutional,
            "005010X224" => ClaimType.Dental,
            _ => null,
        };

        if (type is null)
        {
            sink.Unsupported = true;
            if (reference.StartsWith("004010", StringComparison.Ordinal) || reference.StartsWith("00401", StringComparison.Ordinal))
            {
                sink.Diagnostics.Add(TransactionUnit.Finding(UnsupportedVersion, DiagnosticSeverity.Error,
                    "This 837 follows a 4010 implementation guide; only 5010 claims are mapped. Its claims are counted but not produced.", st, path, stGuide.Length > 0 ? 3 : null));
            }
            else
            {
                sink.Diagnostics.Add(TransactionUnit.Finding(UnknownImplementation, DiagnosticSeverity.Error,
                    "ST03/GS08 name no 837 implementation guide that is mapped (005010X222, 005010X223, 005010X224). Its claims are counted but not produced.", st, path, stGuide.Length > 0 ? 3 : null));
            }
        }
        else if (type == ClaimType.Dental)
        {
            sink.Diagnostics.Add(TransactionUnit.Finding(DentalDetailNotMapped, DiagnosticSeverity.Information,
                "837D claims are mapped at claim and line level; tooth and oral cavity detail is not carried.", st, path));
        }

        return type;
    }

    /// <summary>The first ten characters of a version code (e.g. <c>005010X222</c> of <c>005010X222A1</c>).</summary>
    private static string Guide(string version) => version.Length >= 10 ? version[..10] : version;

    /// <summary>Maps an SV101/SV202/SV301 product/service qualifier and code to a canonical code.</summary>
    internal static ChargeCode? Code(string qualifier, string code)
    {
        if (code.Length == 0)
        {
            return null;
        }

        var set = qualifier switch
        {
            "HC" => IsCpt(code) ? ChargeCodeSet.Cpt : ChargeCodeSet.Hcpcs,
            "AD" => ChargeCodeSet.Hcpcs,
            "N4" => ChargeCodeSet.Ndc,
            _ => ChargeCodeSet.Local,
        };
        return new ChargeCode { CodeSet = set, Code = code };
    }

    /// <summary>CPT codes are five digits, or four digits and F/T/U (category II, III and PLA codes); HCPCS Level II codes start with a letter.</summary>
    private static bool IsCpt(string code)
        => code.Length == 5 && char.IsAsciiDigit(code[0]) && char.IsAsciiDigit(code[1]) && char.IsAsciiDigit(code[2]) && char.IsAsciiDigit(code[3])
           && (char.IsAsciiDigit(code[4]) || code[4] is 'F' or 'T' or 'U');

    private enum Zone
    {
        Header,
        Provider,
        BillingProviderName,
        ProviderOther,
        Subscriber,
        Patient,
        Claim,
        ClaimProvider,
        OtherSubscriber,
        Line,
        LineOther,
    }

    /// <summary>One HL of the transaction.</summary>
    private sealed class HlNode(SegmentRecord segment, string id, string level, HlNode? parent, int ordinal)
    {
        public SegmentRecord Segment { get; } = segment;

        public string Id { get; } = id;

        public string Level { get; } = level;

        public HlNode? Parent { get; } = parent;

        public int Ordinal { get; } = ordinal;

        public bool Broken { get; set; }

        public int Children { get; set; }

        public int Claims { get; set; }

        // 2000A / 2010AA
        public SegmentRecord? BillingProviderName { get; set; }

        public string? TaxId { get; set; }

        public bool ProviderUsable { get; set; }

        // 2000B / 2010BA / 2010BB
        public string? PayerResponsibility { get; set; }

        public string? FilingIndicator { get; set; }

        public string? Member { get; set; }

        public string? Payer { get; set; }

        public bool Evaluated { get; set; }
    }

    private sealed class PendingLine(SegmentRecord lx, int ordinal)
    {
        public SegmentRecord Lx { get; } = lx;

        public int Ordinal { get; } = ordinal;

        public SegmentRecord? Service { get; set; }

        public DateOnly? ServiceDate { get; set; }

        public string? ControlNumber { get; set; }
    }

    private sealed class PendingClaim(SegmentRecord clm, HlNode? hl, int ordinal)
    {
        public SegmentRecord Clm { get; } = clm;

        public HlNode? Hl { get; } = hl;

        public int Ordinal { get; } = ordinal;

        public string? OriginalReference { get; set; }

        public string? MedicalRecordNumber { get; set; }

        public string? ServiceFacility { get; set; }

        public List<PendingLine> Lines { get; } = [];
    }

    private sealed class Walk(TransactionUnit tx, MapSink sink, ClaimType? claimType)
    {
        private readonly Dictionary<string, HlNode> _hls = new(StringComparer.Ordinal);
        private readonly List<HlNode> _order = [];
        private readonly string _st = $"ST*{tx.ControlNumber}";
        private HlNode? _current;
        private PendingClaim? _claim;
        private PendingLine? _line;
        private Zone _zone = Zone.Header;
        private int _claimOrdinal;

        public void Accept(SegmentRecord s)
        {
            switch (s.Id)
            {
                case "HL":
                    CloseClaim();
                    CloseProvider();
                    OpenHl(s);
                    return;
                case "CLM":
                    CloseClaim();
                    CloseProvider();
                    _claim = new PendingClaim(s, _current, ++_claimOrdinal);
                    _zone = Zone.Claim;
                    return;
                case "LX" when _claim is not null:
                    _line = new PendingLine(s, _claim.Lines.Count + 1);
                    _claim.Lines.Add(_line);
                    _zone = Zone.Line;
                    return;
                case "SE":
                    CloseClaim();
                    CloseProvider();
                    return;
                default:
                    break;
            }

            switch (_zone)
            {
                case Zone.Provider when s.Is("NM1", "85"):
                    _current!.BillingProviderName = s;
                    _zone = Zone.BillingProviderName;
                    break;
                case Zone.Provider or Zone.BillingProviderName or Zone.ProviderOther when s.Is("NM1"):
                    _zone = Zone.ProviderOther;
                    break;
                case Zone.BillingProviderName when s.Is("REF", "EI"):
                    _current!.TaxId = s.OptionalElement(2);
                    break;
                case Zone.Subscriber when s.Is("SBR"):
                    _current!.PayerResponsibility = s.OptionalElement(1);
                    _current.FilingIndicator = s.OptionalElement(9);
                    break;
                case Zone.Subscriber when s.Is("NM1", "IL"):
                    _current!.Member = s.OptionalElement(9);
                    break;
                case Zone.Subscriber when s.Is("NM1", "PR"):
                    _current!.Payer = s.OptionalElement(9);
                    break;
                case Zone.Claim when s.Is("REF", "F8"):
                    _claim!.OriginalReference = s.OptionalElement(2);
                    break;
                case Zone.Claim when s.Is("REF", "EA"):
                    _claim!.MedicalRecordNumber = s.OptionalElement(2);
                    break;
                case Zone.Claim or Zone.ClaimProvider when s.Is("NM1"):
                    _zone = Zone.ClaimProvider;
                    if (s.Element(1) == "77" && s.Element(8) == "XX")
                    {
                        _claim!.ServiceFacility = s.OptionalElement(9);
                    }

                    break;
                case Zone.Claim or Zone.ClaimProvider when s.Is("SBR"):
                    _zone = Zone.OtherSubscriber;
                    break;
                case Zone.Line when s.Id is "SV1" or "SV2" or "SV3":
                    _line!.Service ??= s;
                    break;
                case Zone.Line when s.Is("DTP", "472"):
                    _line!.ServiceDate = ServiceDate(s);
                    break;
                case Zone.Line when s.Is("REF", "6R"):
                    _line!.ControlNumber = s.OptionalElement(2);
                    break;
                case Zone.Line when s.Id is "LIN" or "NM1" or "SVD":
                    _zone = Zone.LineOther;
                    break;
                default:
                    break;
            }
        }

        public void Complete()
        {
            CloseClaim();
            CloseProvider();
            if (claimType is null)
            {
                return;
            }

            foreach (var node in _order)
            {
                if (!node.Broken && node.Level is "22" or "23" && node.Children == 0 && node.Claims == 0)
                {
                    var what = node.Level == "22" ? "2000B subscriber" : "2000C patient";
                    sink.Diagnostics.Add(TransactionUnit.Finding(ClaimMissing, DiagnosticSeverity.Error,
                        $"The {what} loop (HL {node.Id}) has neither a subordinate HL nor a claim (CLM).", node.Segment, HlPath(node)));
                }
            }
        }

        private static DateOnly? ServiceDate(SegmentRecord dtp)
        {
            var text = dtp.Element(3);
            if (dtp.Element(2) == "RD8" && text.IndexOf('-', StringComparison.Ordinal) is var dash and > 0)
            {
                text = text[..dash];
            }

            return SegmentRecord.TryDate(text, out var date) ? date : null;
        }

        private string HlPath(HlNode node) => string.Create(CultureInfo.InvariantCulture, $"{_st}/HL[{node.Ordinal}]");

        private string ClaimPath(PendingClaim claim) => string.Create(CultureInfo.InvariantCulture, $"{_st}/CLM[{claim.Ordinal}]");

        private void OpenHl(SegmentRecord s)
        {
            var id = s.Element(1);
            var parentId = s.Element(2);
            var level = s.Element(3);
            HlNode? parent = null;
            string? problem = null;
            if (parentId.Length > 0 && !_hls.TryGetValue(parentId, out parent))
            {
                problem = "HL02 names no earlier HL";
            }

            var node = new HlNode(s, id, level, parent, _order.Count + 1);
            _order.Add(node);
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
                var expected = level switch
                {
                    "20" => string.Empty,
                    "22" => "20",
                    "23" => "22",
                    _ => null,
                };
                if (expected is null)
                {
                    problem = "HL03 is not a level of an 837 (20, 22, 23)";
                }
                else if (expected.Length == 0 && parent is not null)
                {
                    problem = "a 2000A billing provider HL has a parent";
                }
                else if (expected.Length > 0 && parent is null)
                {
                    problem = "HL02 is empty";
                }
                else if (expected.Length > 0 && parent!.Level != expected)
                {
                    problem = $"its parent is a level {parent.Level} HL, not {expected}";
                }
            }

            if (parent is not null)
            {
                parent.Children++;
            }

            if (problem is not null)
            {
                node.Broken = true;
                if (claimType is not null)
                {
                    sink.Diagnostics.Add(TransactionUnit.Finding(HierarchyBroken, DiagnosticSeverity.Error,
                        $"HL {id} ({level}) cannot be placed in the hierarchy: {problem}. Claims below it are not produced.", s, HlPath(node), problem.StartsWith("HL01", StringComparison.Ordinal) ? 1 : problem.StartsWith("HL03", StringComparison.Ordinal) ? 3 : 2));
                }
            }
            else if (parent is { Broken: true })
            {
                node.Broken = true;
            }

            _current = node;
            _zone = level switch
            {
                "20" => Zone.Provider,
                "22" => Zone.Subscriber,
                "23" => Zone.Patient,
                _ => Zone.Header,
            };
        }

        /// <summary>Checks a 2000A loop once, when it ends: 2010AA present, NPI qualifier and check digit.</summary>
        private void CloseProvider()
        {
            if (_current is not { Level: "20", Evaluated: false } node)
            {
                return;
            }

            node.Evaluated = true;
            if (claimType is null || node.Broken)
            {
                return;
            }

            if (node.BillingProviderName is not { } name)
            {
                sink.Diagnostics.Add(TransactionUnit.Finding(BillingProviderMissing, DiagnosticSeverity.Error,
                    $"The 2000A billing provider loop (HL {node.Id}) has no 2010AA billing provider (NM1*85); its claims are not produced.", node.Segment, HlPath(node)));
                return;
            }

            if (name.Element(8) != "XX")
            {
                sink.Diagnostics.Add(TransactionUnit.Finding(InvalidBillingProviderNpi, DiagnosticSeverity.Error,
                    "The 2010AA billing provider is not identified by an NPI (NM108 is not XX); its claims are not produced.", name, HlPath(node) + "/NM1*85/NM108", 8));
                return;
            }

            if (!Npi.IsValid(name.Element(9)))
            {
                sink.Diagnostics.Add(TransactionUnit.Finding(InvalidBillingProviderNpi, DiagnosticSeverity.Error,
                    "The 2010AA billing provider NPI (NM109) is not ten digits with a valid check digit; its claims are not produced.", name, HlPath(node) + "/NM1*85/NM109", 9));
                return;
            }

            node.ProviderUsable = true;
        }

        private void CloseClaim()
        {
            if (_claim is not { } claim)
            {
                return;
            }

            _claim = null;
            _line = null;
            sink.ClaimCount++;
            if (claim.Hl is { } hl)
            {
                hl.Claims++;
            }

            if (claimType is { } type)
            {
                Build(claim, type);
            }
        }

        private void Build(PendingClaim claim, ClaimType type)
        {
            var clm = claim.Clm;
            var path = ClaimPath(claim);

            // Hierarchy: the claim sits in a 2000B (subscriber is the patient) or a 2000C below a 2000A.
            // A claim that cannot be produced is still checked, so that every finding is reported at once.
            var hl = claim.Hl;
            var subscriber = hl?.Level switch
            {
                "22" => hl,
                "23" => hl.Parent,
                _ => null,
            };
            var provider = subscriber?.Parent;
            var ok = true;
            if (hl is { Broken: true })
            {
                // Already reported on the HL.
                ok = false;
            }
            else if (hl is null || subscriber is null || provider is null)
            {
                sink.Diagnostics.Add(TransactionUnit.Finding(HierarchyBroken, DiagnosticSeverity.Error,
                    "The claim (CLM) is not inside a 2000B subscriber or 2000C patient loop below a 2000A billing provider; it is not produced.", clm, path));
                ok = false;
            }
            else if (!provider.ProviderUsable)
            {
                // Already reported on the 2000A loop.
                ok = false;
            }

            var payer = default(PayerId);
            if (hl is { Broken: false } && subscriber is { Level: "22" } && !PayerId.TryParse(subscriber.Payer, out payer))
            {
                sink.Diagnostics.Add(TransactionUnit.Finding(PayerMissing, DiagnosticSeverity.Error,
                    $"The subscriber loop (HL {subscriber.Id}) has no 2010BB payer identifier (NM1*PR NM109); the claim is not produced.", clm, path));
                ok = false;
            }

            if (!PatientControlNumber.TryParse(clm.Element(1), out var claimId))
            {
                sink.Diagnostics.Add(TransactionUnit.Finding(ClaimHeaderInvalid, DiagnosticSeverity.Error,
                    "CLM01 (patient control number) is empty or unusable; the claim is not produced.", clm, path + "/CLM01", 1));
                ok = false;
            }

            if (!clm.TryDecimal(2, out var total) || total < 0)
            {
                sink.Diagnostics.Add(TransactionUnit.Finding(ClaimHeaderInvalid, DiagnosticSeverity.Error,
                    "CLM02 (total claim charge) is missing, not a number or negative; the claim is not produced.", clm, path + "/CLM02", 2));
                ok = false;
            }

            if (claim.Lines.Count == 0)
            {
                sink.Diagnostics.Add(TransactionUnit.Finding(ServiceLinesMissing, DiagnosticSeverity.Error,
                    "The claim has no 2400 service line (LX); it is not produced.", clm, path));
                ok = false;
            }

            var lines = new List<ClaimLine>(claim.Lines.Count);
            foreach (var pending in claim.Lines)
            {
                if (Line(pending, path) is { } line)
                {
                    lines.Add(line);
                }
                else
                {
                    ok = false;
                }
            }

            if (lines.Count != claim.Lines.Count || claim.Lines.Count == 0 || !clm.TryDecimal(2, out var checkedTotal) || checkedTotal < 0)
            {
                return;
            }

            var lineTotal = lines.Sum(l => l.Charge.Amount);
            if (lineTotal != total)
            {
                var which = type switch
                {
                    ClaimType.Institutional => "SV203",
                    ClaimType.Dental => "SV302",
                    _ => "SV102",
                };
                sink.Diagnostics.Add(TransactionUnit.Finding(ChargeMismatch, DiagnosticSeverity.Error,
                    $"CLM02 (total claim charge) differs from the sum of the {claim.Lines.Count} line charges ({which}).", clm, path + "/CLM02", 2));
            }

            var frequency = clm.Component(5, 3);
            if (frequency is "7" or "8" && claim.OriginalReference is null)
            {
                sink.Diagnostics.Add(TransactionUnit.Finding(OriginalReferenceMissing, DiagnosticSeverity.Error,
                    $"The claim frequency code (CLM05-3) is {frequency} ({(frequency == "7" ? "replacement" : "void")}) but the claim has no REF*F8 payer claim control number of the original claim.", clm, path + "/CLM05-3", 5, 3));
            }

            if (!ok)
            {
                return;
            }

            try
            {
                sink.Events.Add(new ClaimSubmitted
                {
                    EventId = string.Create(CultureInfo.InvariantCulture, $"x12-837:{tx.InterchangeControlNumber}:{tx.GroupControlNumber}:{tx.ControlNumber}:{claim.Ordinal}"),
                    Source = tx.Source(clm, path),
                    ClaimId = claimId,
                    ClaimType = type,
                    TotalCharge = new Money(total, Usd),
                    Payer = payer,
                    BillingProvider = new Npi(provider!.BillingProviderName!.Element(9)),
                    BillingProviderTaxId = TaxId.TryParse(provider.TaxId, out var tin) ? tin : null,
                    SubscriberReference = subscriber!.Member,
                    PatientReference = claim.MedicalRecordNumber,
                    PayerResponsibilitySequence = subscriber.PayerResponsibility,
                    ClaimFilingIndicator = subscriber.FilingIndicator,
                    FacilityCode = clm.Component(5, 1) is { Length: > 0 } facility ? facility : null,
                    ClaimFrequencyCode = frequency.Length > 0 ? frequency : null,
                    OriginalPayerClaimControlNumber = PayerClaimControlNumber.TryParse(claim.OriginalReference, out var original) ? original : null,
                    ServiceFacility = FacilityId.TryParse(claim.ServiceFacility, out var facilityId) ? facilityId : null,
                    Lines = [.. lines],
                });
            }
            catch (ArgumentException)
            {
                // CanonicalModelException and CanonicalFormatException (via FormatException below) carry no field values.
                sink.Diagnostics.Add(TransactionUnit.Finding(ClaimHeaderInvalid, DiagnosticSeverity.Error,
                    "A claim value cannot be represented canonically (too long or holding control characters); the claim is not produced.", clm, path));
            }
            catch (FormatException)
            {
                sink.Diagnostics.Add(TransactionUnit.Finding(ClaimHeaderInvalid, DiagnosticSeverity.Error,
                    "A claim identifier cannot be represented canonically (too long or holding control characters); the claim is not produced.", clm, path));
            }
        }

        private ClaimLine? Line(PendingLine pending, string claimPath)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"{claimPath}/LX[{pending.Ordinal}]");
            if (pending.Service is not { } sv)
            {
                sink.Diagnostics.Add(TransactionUnit.Finding(ServiceLineInvalid, DiagnosticSeverity.Error,
                    "The service line has no SV1/SV2/SV3 segment; the claim is not produced.", pending.Lx, path));
                return null;
            }

            // SV1: 01 procedure, 02 charge, 04 units. SV2: 01 revenue code, 02 procedure, 03 charge, 05 units. SV3: 01 procedure, 02 charge, 06 units.
            var (procedureAt, chargeAt, unitsAt) = sv.Id switch
            {
                "SV2" => (2, 3, 5),
                "SV3" => (1, 2, 6),
                _ => (1, 2, 4),
            };
            path = $"{path}/{sv.Id}";
            var composite = sv.Components(procedureAt);
            var procedure = Code(composite[0], composite.Length > 1 ? composite[1] : string.Empty);
            var modifiers = composite.Length > 2 ? composite[2..].Where(m => m.Length > 0).Take(4).ToArray() : [];
            var revenue = sv.Id == "SV2" ? sv.OptionalElement(1) : null;
            if (procedure is null && revenue is null)
            {
                sink.Diagnostics.Add(TransactionUnit.Finding(ServiceLineInvalid, DiagnosticSeverity.Error,
                    "The service line has neither a procedure code nor a revenue code; the claim is not produced.", sv, path, procedureAt));
                return null;
            }

            if (!sv.TryDecimal(chargeAt, out var charge) || charge < 0)
            {
                sink.Diagnostics.Add(TransactionUnit.Finding(ServiceLineInvalid, DiagnosticSeverity.Error,
                    "The line charge is missing, not a number or negative; the claim is not produced.", sv, path, chargeAt));
                return null;
            }

            decimal units;
            if (sv.Element(unitsAt).Length == 0 && sv.Id == "SV3")
            {
                // SV306 (procedure count) is situational on dental lines; one procedure is implied.
                units = 1;
            }
            else if (!sv.TryDecimal(unitsAt, out units) || units < 0)
            {
                sink.Diagnostics.Add(TransactionUnit.Finding(ServiceLineInvalid, DiagnosticSeverity.Error,
                    "The line units are missing, not a number or negative; the claim is not produced.", sv, path, unitsAt));
                return null;
            }

            return new ClaimLine
            {
                LineNumber = int.TryParse(pending.Lx.Element(1), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : pending.Ordinal,
                Procedure = procedure,
                Modifiers = [.. modifiers],
                RevenueCode = revenue,
                Units = units,
                Charge = new Money(charge, Usd),
                ServiceDate = pending.ServiceDate,
                LineItemControlNumber = pending.ControlNumber,
            };
        }
    }
}
