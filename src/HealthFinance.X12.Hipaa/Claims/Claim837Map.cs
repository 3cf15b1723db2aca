using System.Globalization;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;
using HealthFinance.X12.Hipaa.Internal;
using static HealthFinance.X12.Hipaa.Internal.SegmentTag;
using static HealthFinance.X12.Hipaa.Claims.HipaaClaimDiagnosticCodes;

namespace HealthFinance.X12.Hipaa.Claims;

/// <summary>
/// Maps one 837 transaction set (005010X222A1 professional, 005010X223A2 institutional, 005010X224A2 dental)
/// to one <see cref="ClaimSubmitted"/> per CLM. The loops (2000A/2000B/2000C hierarchy, 2010xx names, 2300 claim,
/// 2310x, 2320/2330x, 2400 lines) come from <see cref="ClaimLoops"/> through the shared loop builder; the map reads
/// values by loop id. Only references leave the map: billing provider NPI and TIN, payer id, subscriber member id and
/// the medical record number — never names, addresses, dates of birth or diagnoses.
/// </summary>
internal sealed class Claim837Map : IHipaaTransactionMap
{
    private readonly ClaimType _type;
    private readonly string _facilityLoop;

    private Claim837Map(ClaimType type, HipaaTransactionDefinition definition, string facilityLoop)
    {
        _type = type;
        Definition = definition;
        _facilityLoop = facilityLoop;
    }

    /// <summary>837P, 005010X222A1.</summary>
    public static Claim837Map Professional { get; } = new(ClaimType.Professional, ClaimLoops.Professional, "2310C");

    /// <summary>837I, 005010X223A2.</summary>
    public static Claim837Map Institutional { get; } = new(ClaimType.Institutional, ClaimLoops.Institutional, "2310E");

    /// <summary>837D, 005010X224A2.</summary>
    public static Claim837Map Dental { get; } = new(ClaimType.Dental, ClaimLoops.Dental, "2310C");

    /// <inheritdoc/>
    public HipaaTransactionDefinition Definition { get; }

    /// <summary>Returns the map of an 837 implementation guide (ST03, else GS08), or <see langword="null"/> when it is not mapped.</summary>
    /// <param name="convention">The version / implementation convention, e.g. <c>005010X222A1</c> (any errata of the guide is accepted).</param>
    /// <returns>The map.</returns>
    public static Claim837Map? ForGuide(string convention) => (convention.Length >= 10 ? convention[..10] : convention) switch
    {
        "005010X222" => Professional,
        "005010X223" => Institutional,
        "005010X224" => Dental,
        _ => null,
    };

    /// <inheritdoc/>
    public void Map(HipaaTransaction transaction, HipaaMapContext context)
    {
        if (_type == ClaimType.Dental)
        {
            context.Report(DentalDetailNotMapped, DiagnosticSeverity.Information,
                "837D claims are mapped at claim and line level; tooth and oral cavity detail is not carried.", transaction[0]);
        }

        var walk = new Walk(this, transaction, context);
        for (var i = 1; i < transaction.Count; i++)
        {
            walk.Accept(transaction[i]);
        }

        walk.Complete();
    }

    /// <summary>One HL loop of the transaction, as the loop builder linked it.</summary>
    private sealed class HlNode(int index, int ordinal, string? id, string level, HlNode? parent, bool broken)
    {
        public int Index { get; } = index;

        public int Ordinal { get; } = ordinal;

        public string? Id { get; } = id;

        /// <summary>The loop id: 2000A, 2000B or 2000C.</summary>
        public string Level { get; } = level;

        public HlNode? Parent { get; } = parent;

        public bool Broken { get; } = broken;

        public int Children { get; set; }

        public int Claims { get; set; }

        // 2000A / 2010AA
        public int BillingProviderName { get; set; } = -1;

        public string? BillingProviderNpi { get; set; }

        public string? TaxId { get; set; }

        public bool ProviderUsable { get; set; }

        public bool Evaluated { get; set; }

        // 2000B / 2010BA / 2010BB
        public string? PayerResponsibility { get; set; }

        public string? FilingIndicator { get; set; }

        public string? Member { get; set; }

        public string? Payer { get; set; }
    }

    private sealed class PendingLine(int lx, int ordinal, string? number)
    {
        public int Lx { get; } = lx;

        public int Ordinal { get; } = ordinal;

        public string? Number { get; } = number;

        public int Service { get; set; } = -1;

        public DateOnly? ServiceDate { get; set; }

        public string? ControlNumber { get; set; }
    }

    private sealed class PendingClaim(int clm, HlNode? hl, bool inClaimLoop, int ordinal)
    {
        public int Clm { get; } = clm;

        public HlNode? Hl { get; } = hl;

        public bool InClaimLoop { get; } = inClaimLoop;

        public int Ordinal { get; } = ordinal;

        public string? OriginalReference { get; set; }

        public string? MedicalRecordNumber { get; set; }

        public string? ServiceFacility { get; set; }

        public List<PendingLine> Lines { get; } = [];
    }

    private sealed class Walk(Claim837Map map, HipaaTransaction tx, HipaaMapContext context)
    {
        private readonly Dictionary<int, HlNode> _byLoop = [];
        private readonly List<HlNode> _order = [];
        private readonly string _st = context.TransactionPath;
        private HlNode? _current;
        private PendingClaim? _claim;
        private PendingLine? _line;
        private int _claimOrdinal;

        public void Accept(in HipaaSegment s)
        {
            var loop = map.Definition.Loops[tx.GetLoop(s.Loop).Definition].Id;
            switch (s.Tag)
            {
                case Hl:
                    CloseClaim();
                    CloseProvider();
                    OpenHl(s);
                    return;
                case Clm:
                    CloseClaim();
                    CloseProvider();
                    _claim = new PendingClaim(s.Index, _current, loop == "2300", ++_claimOrdinal);
                    return;
                case Lx when _claim is not null && loop == "2400":
                    _line = new PendingLine(s.Index, _claim.Lines.Count + 1, s.GetString(1));
                    _claim.Lines.Add(_line);
                    return;
                case Se:
                    CloseClaim();
                    CloseProvider();
                    return;
                default:
                    break;
            }

            switch (loop)
            {
                case "2010AA" when _current is not null:
                    if (s.Tag == Nm1)
                    {
                        _current.BillingProviderName = s.Index;
                        _current.BillingProviderNpi = s.ElementEquals(8, "XX"u8) ? s.GetString(9) : null;
                    }
                    else if (s.Tag == Ref && s.ElementEquals(1, "EI"u8))
                    {
                        _current.TaxId = s.GetString(2);
                    }

                    break;
                case "2000B" when _current is not null && s.Tag == Sbr:
                    _current.PayerResponsibility = s.GetString(1);
                    _current.FilingIndicator = s.GetString(9);
                    break;
                case "2010BA" when _current is not null && s.Tag == Nm1:
                    _current.Member = s.GetString(9);
                    break;
                case "2010BB" when _current is not null && s.Tag == Nm1:
                    _current.Payer = s.GetString(9);
                    break;
                case "2300" when _claim is not null && s.Tag == Ref:
                    if (s.ElementEquals(1, "F8"u8))
                    {
                        _claim.OriginalReference = s.GetString(2);
                    }
                    else if (s.ElementEquals(1, "EA"u8))
                    {
                        _claim.MedicalRecordNumber = s.GetString(2);
                    }

                    break;
                case "2400" when _line is not null:
                    if (s.Tag is Sv1 or Sv2 or Sv3)
                    {
                        if (_line.Service < 0)
                        {
                            _line.Service = s.Index;
                        }
                    }
                    else if (s.Tag == Dtp && s.ElementEquals(1, "472"u8))
                    {
                        _line.ServiceDate = ServiceDate(s);
                    }
                    else if (s.Tag == Ref && s.ElementEquals(1, "6R"u8))
                    {
                        _line.ControlNumber = s.GetString(2);
                    }

                    break;
                default:
                    if (_claim is not null && loop == map._facilityLoop && s.Tag == Nm1 && s.ElementEquals(8, "XX"u8))
                    {
                        _claim.ServiceFacility = s.GetString(9);
                    }

                    break;
            }
        }

        public void Complete()
        {
            CloseClaim();
            CloseProvider();
            foreach (var node in _order)
            {
                if (!node.Broken && node.Level is "2000B" or "2000C" && node.Children == 0 && node.Claims == 0)
                {
                    var what = node.Level == "2000B" ? "2000B subscriber" : "2000C patient";
                    context.ReportAt(ClaimMissing, DiagnosticSeverity.Error,
                        $"The {what} loop (HL {node.Id}) has neither a subordinate HL nor a claim (CLM).", tx[node.Index], HlPath(node));
                }
            }
        }

        private static DateOnly? ServiceDate(in HipaaSegment dtp)
        {
            var text = dtp.GetElement(3);
            if (dtp.ElementEquals(2, "RD8"u8) && text.IndexOf((byte)'-') is var dash and > 0)
            {
                text = text[..dash];
            }

            return HipaaSegment.TryParseDate(text, out var date) && text.Length == 8 ? date : null;
        }

        private string HlPath(HlNode node) => string.Create(CultureInfo.InvariantCulture, $"{_st}/HL[{node.Ordinal}]");

        private string ClaimPath(PendingClaim claim) => string.Create(CultureInfo.InvariantCulture, $"{_st}/CLM[{claim.Ordinal}]");

        /// <summary>
        /// Follows the hierarchy the loop builder recognised: an HL that opened a 2000A/2000B/2000C loop becomes a node
        /// linked to its parent loop's node; an HL the builder could not place (already reported) leaves the claims
        /// below it without a hierarchy, so they are not produced.
        /// </summary>
        private void OpenHl(in HipaaSegment s)
        {
            ref var instance = ref tx.GetLoop(s.Loop);
            var def = map.Definition.Loops[instance.Definition];
            HlNode node;
            if (s.Loop > 0 && instance.FirstSegment == s.Index && def.IsHierarchical)
            {
                _byLoop.TryGetValue(instance.Parent, out var parent);
                node = new HlNode(s.Index, _order.Count + 1, s.GetString(1), def.Id, parent, instance.Broken || parent is { Broken: true });
                _byLoop[s.Loop] = node;
                if (parent is not null)
                {
                    parent.Children++;
                }
            }
            else
            {
                node = new HlNode(s.Index, _order.Count + 1, s.GetString(1), string.Empty, null, broken: true);
            }

            _order.Add(node);
            _current = node;
        }

        /// <summary>Checks a 2000A loop once, when it ends: 2010AA present, NPI qualifier and check digit.</summary>
        private void CloseProvider()
        {
            if (_current is not { Level: "2000A", Evaluated: false } node)
            {
                return;
            }

            node.Evaluated = true;
            if (node.Broken)
            {
                return;
            }

            if (node.BillingProviderName < 0)
            {
                context.ReportAt(BillingProviderMissing, DiagnosticSeverity.Error,
                    $"The 2000A billing provider loop (HL {node.Id}) has no 2010AA billing provider (NM1*85); its claims are not produced.", tx[node.Index], HlPath(node));
                return;
            }

            var name = tx[node.BillingProviderName];
            if (!name.ElementEquals(8, "XX"u8))
            {
                context.ReportAt(InvalidBillingProviderNpi, DiagnosticSeverity.Error,
                    "The 2010AA billing provider is not identified by an NPI (NM108 is not XX); its claims are not produced.", name, HlPath(node) + "/NM1*85/NM108", 8);
                return;
            }

            if (node.BillingProviderNpi is not { } npi || !Npi.IsValid(npi))
            {
                context.ReportAt(InvalidBillingProviderNpi, DiagnosticSeverity.Error,
                    "The 2010AA billing provider NPI (NM109) is not ten digits with a valid check digit; its claims are not produced.", name, HlPath(node) + "/NM1*85/NM109", 9);
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
            if (claim.Hl is { } hl)
            {
                hl.Claims++;
            }

            Build(claim);
        }

        private void Build(PendingClaim claim)
        {
            var clm = tx[claim.Clm];
            var path = ClaimPath(claim);

            // Hierarchy: the claim sits in a 2000B (subscriber is the patient) or a 2000C below a 2000A.
            // A claim that cannot be produced is still checked, so that every finding is reported at once.
            var hl = claim.Hl;
            var subscriber = hl?.Level switch
            {
                "2000B" => hl,
                "2000C" => hl.Parent,
                _ => null,
            };
            var provider = subscriber?.Parent;
            var ok = true;
            if (hl is { Broken: true })
            {
                // The HL finding itself (HIPAA-0107/0108/0109) was reported by the loop builder; this names the claim it costs.
                context.ReportAt(HierarchyBroken, DiagnosticSeverity.Error,
                    "The claim (CLM) is below an HL that could not be placed in the 2000A/2000B/2000C hierarchy; it is not produced.", clm, path);
                ok = false;
            }
            else if (!claim.InClaimLoop || hl is null || subscriber is null || provider is null)
            {
                context.ReportAt(HierarchyBroken, DiagnosticSeverity.Error,
                    "The claim (CLM) is not inside a 2000B subscriber or 2000C patient loop below a 2000A billing provider; it is not produced.", clm, path);
                ok = false;
            }
            else if (!provider.ProviderUsable)
            {
                // Already reported on the 2000A loop.
                ok = false;
            }

            var payer = default(PayerId);
            if (hl is { Broken: false } && subscriber is { Level: "2000B" } && !PayerId.TryParse(subscriber.Payer, out payer))
            {
                context.ReportAt(PayerMissing, DiagnosticSeverity.Error,
                    $"The subscriber loop (HL {subscriber.Id}) has no 2010BB payer identifier (NM1*PR NM109); the claim is not produced.", clm, path);
                ok = false;
            }

            if (!PatientControlNumber.TryParse(clm.GetString(1), out var claimId))
            {
                context.ReportAt(ClaimHeaderInvalid, DiagnosticSeverity.Error,
                    "CLM01 (patient control number) is empty or unusable; the claim is not produced.", clm, path + "/CLM01", 1);
                ok = false;
            }

            var totalValid = clm.TryGetDecimal(2, out var total) && total >= 0;
            if (!totalValid)
            {
                context.ReportAt(ClaimHeaderInvalid, DiagnosticSeverity.Error,
                    "CLM02 (total claim charge) is missing, not a number or negative; the claim is not produced.", clm, path + "/CLM02", 2);
                ok = false;
            }

            if (claim.Lines.Count == 0)
            {
                context.ReportAt(ServiceLinesMissing, DiagnosticSeverity.Error,
                    "The claim has no 2400 service line (LX); it is not produced.", clm, path);
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

            if (lines.Count != claim.Lines.Count || claim.Lines.Count == 0 || !totalValid)
            {
                return;
            }

            var lineTotal = lines.Sum(l => l.Charge.Amount);
            if (lineTotal != total)
            {
                var which = map._type switch
                {
                    ClaimType.Institutional => "SV203",
                    ClaimType.Dental => "SV302",
                    _ => "SV102",
                };
                context.ReportAt(ChargeMismatch, DiagnosticSeverity.Error,
                    $"CLM02 (total claim charge) differs from the sum of the {claim.Lines.Count} line charges ({which}).", clm, path + "/CLM02", 2);
            }

            var frequency = clm.GetString(5, 3);
            if (frequency is "7" or "8" && claim.OriginalReference is null)
            {
                context.ReportAt(OriginalReferenceMissing, DiagnosticSeverity.Error,
                    $"The claim frequency code (CLM05-3) is {frequency} ({(frequency == "7" ? "replacement" : "void")}) but the claim has no REF*F8 payer claim control number of the original claim.", clm, path + "/CLM05-3", 5, 3);
            }

            if (!ok)
            {
                return;
            }

            try
            {
                var identity = context.Identity;
                context.AddEvent(new ClaimSubmitted
                {
                    EventId = string.Create(CultureInfo.InvariantCulture, $"x12-837:{identity.InterchangeControlNumber}:{identity.GroupControlNumber}:{identity.TransactionSetControlNumber}:{claim.Ordinal}"),
                    Source = context.CreateSource(clm, path),
                    ClaimId = claimId,
                    ClaimType = map._type,
                    TotalCharge = new Money(total, context.Currency),
                    Payer = payer,
                    BillingProvider = new Npi(provider!.BillingProviderNpi!),
                    BillingProviderTaxId = TaxId.TryParse(provider.TaxId, out var tin) ? tin : null,
                    SubscriberReference = subscriber!.Member,
                    PatientReference = claim.MedicalRecordNumber,
                    PayerResponsibilitySequence = subscriber.PayerResponsibility,
                    ClaimFilingIndicator = subscriber.FilingIndicator,
                    FacilityCode = clm.GetString(5, 1),
                    ClaimFrequencyCode = frequency,
                    OriginalPayerClaimControlNumber = PayerClaimControlNumber.TryParse(claim.OriginalReference, out var original) ? original : null,
                    ServiceFacility = FacilityId.TryParse(claim.ServiceFacility, out var facilityId) ? facilityId : null,
                    Lines = [.. lines],
                });
            }
            catch (ArgumentException)
            {
                // CanonicalModelException and CanonicalFormatException (via FormatException below) carry no field values.
                context.ReportAt(ClaimHeaderInvalid, DiagnosticSeverity.Error,
                    "A claim value cannot be represented canonically (too long or holding control characters); the claim is not produced.", clm, path);
            }
            catch (FormatException)
            {
                context.ReportAt(ClaimHeaderInvalid, DiagnosticSeverity.Error,
                    "A claim identifier cannot be represented canonically (too long or holding control characters); the claim is not produced.", clm, path);
            }
        }

        private ClaimLine? Line(PendingLine pending, string claimPath)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"{claimPath}/LX[{pending.Ordinal}]");
            if (pending.Service < 0)
            {
                context.ReportAt(ServiceLineInvalid, DiagnosticSeverity.Error,
                    "The service line has no SV1/SV2/SV3 segment; the claim is not produced.", tx[pending.Lx], path);
                return null;
            }

            var sv = tx[pending.Service];

            // SV1: 01 procedure, 02 charge, 04 units. SV2: 01 revenue code, 02 procedure, 03 charge, 05 units. SV3: 01 procedure, 02 charge, 06 units.
            var (procedureAt, chargeAt, unitsAt) = sv.Tag switch
            {
                Sv2 => (2, 3, 5),
                Sv3 => (1, 2, 6),
                _ => (1, 2, 4),
            };
            var id = SegmentTag.ToText(sv.Tag);
            path = $"{path}/{id}";
            var procedure = context.Codes.ChargeCodeOf(sv.GetComponent(procedureAt, 1), sv.GetComponent(procedureAt, 2));
            var modifiers = new List<string>(4);
            for (var c = 3; c <= 6; c++)
            {
                if (sv.GetString(procedureAt, c) is { } modifier)
                {
                    modifiers.Add(modifier);
                }
            }

            var revenue = sv.Tag == Sv2 ? sv.GetString(1) : null;
            if (procedure is null && revenue is null)
            {
                context.ReportAt(ServiceLineInvalid, DiagnosticSeverity.Error,
                    "The service line has neither a procedure code nor a revenue code; the claim is not produced.", sv, path, procedureAt);
                return null;
            }

            if (!sv.TryGetDecimal(chargeAt, out var charge) || charge < 0)
            {
                context.ReportAt(ServiceLineInvalid, DiagnosticSeverity.Error,
                    "The line charge is missing, not a number or negative; the claim is not produced.", sv, path, chargeAt);
                return null;
            }

            decimal units;
            if (!sv.HasElement(unitsAt) && sv.Tag == Sv3)
            {
                // SV306 (procedure count) is situational on dental lines; one procedure is implied.
                units = 1;
            }
            else if (!sv.TryGetDecimal(unitsAt, out units) || units < 0)
            {
                context.ReportAt(ServiceLineInvalid, DiagnosticSeverity.Error,
                    "The line units are missing, not a number or negative; the claim is not produced.", sv, path, unitsAt);
                return null;
            }

            return new ClaimLine
            {
                LineNumber = int.TryParse(pending.Number, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : pending.Ordinal,
                Procedure = procedure,
                Modifiers = [.. modifiers],
                RevenueCode = revenue,
                Units = units,
                Charge = new Money(charge, context.Currency),
                ServiceDate = pending.ServiceDate,
                LineItemControlNumber = pending.ControlNumber,
            };
        }
    }
}
