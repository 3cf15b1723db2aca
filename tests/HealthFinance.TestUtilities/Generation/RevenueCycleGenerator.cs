using System.Globalization;

namespace HealthFinance.TestUtilities.Generation;

/// <summary>
/// Writes a deterministic revenue cycle of Riverbend Physician Group (the fictitious health system of
/// <c>samples/rules</c>): an 837P of N claims and the 835 that pays them, both streamed to their outputs (memory
/// holds one transaction set of each, never a file).
/// </summary>
/// <remarks>
/// <para><b>Claims.</b> One 837P interchange (005010X222A1) of transaction sets of
/// <see cref="RevenueCycleOptions.MinClaimsPerTransaction"/>–<see cref="RevenueCycleOptions.MaxClaimsPerTransaction"/>
/// claims, each transaction set billed to one payer of the sample day (Lakeshore Mutual, Heartland Medicare Part B,
/// Riverlands Medicaid, Blue Cross of the Riverlands, Summit Senior Advantage) by billing provider NPI 1234567893 /
/// TIN 999988880, with rendering NPIs, procedure codes and claim filing indicators that map under the sample rules.</para>
/// <para><b>Remittances.</b> One 835 interchange (005010X221A1) with one transaction set per 837 transaction set,
/// paying each of its claims once: paid (CO-45, and CO-253 for Medicare), partially paid (CO-45 and PR-1/2/3) or
/// denied (CLP02 4, a CO denial reason per line). A few transaction sets also reverse a payment of an earlier
/// transaction set of the same payer (CLP02 22, every amount negated, same CLP07) followed by its correction (CLP02 1,
/// a new CLP07, REF*F8, a higher allowed amount); some carry a PLB L6 interest (matched by an AMT*I on one claim)
/// or, for Lakeshore, a PLB WO recoupment naming an earlier claim. Every service line, claim and transaction set
/// balances (SVC02 − Σ CAS = SVC03, CLP03 − Σ CAS = CLP04, BPR02 = Σ CLP04 − Σ PLB), CLP05 = Σ CAS PR, and every
/// CLP01 is a CLM01 of the 837.</para>
/// <para><b>Envelopes.</b> SE01, SE02, GE01, GE02, IEA01 and IEA02 agree with what they count and close. Segments end
/// with '~' and a line feed.</para>
/// </remarks>
public static class RevenueCycleGenerator
{
    /// <summary>Writes the 837 and the 835 to files (created or overwritten).</summary>
    /// <param name="claimsPath">The 837 file.</param>
    /// <param name="remittancePath">The 835 file.</param>
    /// <param name="options">What to write.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static RevenueCycleSummary Write(string claimsPath, string remittancePath, RevenueCycleOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(claimsPath);
        ArgumentException.ThrowIfNullOrEmpty(remittancePath);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        using var claims = new FileStream(claimsPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var remittances = new FileStream(remittancePath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        return Write(claims, remittances, options);
    }

    /// <summary>Writes the 837 and the 835 to streams (not disposed).</summary>
    /// <param name="claims">Receives the 837.</param>
    /// <param name="remittances">Receives the 835.</param>
    /// <param name="options">What to write.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static RevenueCycleSummary Write(Stream claims, Stream remittances, RevenueCycleOptions options)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(remittances);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new Run(claims, remittances, options).Execute();
    }

    /// <summary>The billing provider and payee of every claim: Riverbend Physician Group.</summary>
    public const string BillingProviderNpi = "1234567893";

    private sealed record Payer(
        string Name, string Id, string Ein, string Street, string City, string State, string Zip, string Routing, string Account, string Phone,
        string PccnPrefix, string FilingIndicator, string Clp06, int Weight, int AllowedMinPercent, int AllowedMaxPercent, PayerKind Kind, string? GroupPrefix);

    private enum PayerKind
    {
        Commercial,
        Medicare,
        Medicaid,
    }

    private sealed record Doctor(string Last, string First, string Npi, string Taxonomy);

    private sealed class Claim
    {
        public required string Id { get; init; }

        public required Payer Payer { get; init; }

        public required string Last { get; init; }

        public required string First { get; init; }

        public required string Member { get; init; }

        public required string Group { get; init; }

        public required DateOnly BirthDate { get; init; }

        public required char Sex { get; init; }

        public required string Street { get; init; }

        public required string Zip { get; init; }

        public required Doctor Doctor { get; init; }

        public required string[] Diagnoses { get; init; }

        public required DateOnly ServiceDate { get; init; }

        public required DateOnly BillDate { get; init; }

        public required (string Code, long Charge)[] Lines { get; init; }

        public long Total => Lines.Sum(static l => l.Charge);
    }

    private readonly record struct Adjustment(string Group, string Reason, long Amount);

    private sealed class ServicePayment
    {
        public required long Charge { get; init; }

        public required long Paid { get; init; }

        public required long? Allowed { get; init; }

        public required Adjustment[] Adjustments { get; init; }

        public ServicePayment Negated() => new()
        {
            Charge = -Charge,
            Paid = -Paid,
            Allowed = -Allowed,
            Adjustments = [.. Adjustments.Select(static a => a with { Amount = -a.Amount })],
        };
    }

    private sealed class Payment
    {
        public required Claim Claim { get; init; }

        public required string Status { get; init; }

        public required string Pccn { get; init; }

        public string? OriginalPccn { get; init; }

        public required DateOnly Received { get; init; }

        public required ServicePayment[] Services { get; init; }

        public long Interest { get; set; }

        public long Charge => Services.Sum(static s => s.Charge);

        public long Paid => Services.Sum(static s => s.Paid);

        public long Patient => Services.Sum(static s => s.Adjustments.Where(static a => a.Group == "PR").Sum(static a => a.Amount));
    }

    private sealed class Run(Stream claimsOutput, Stream remittanceOutput, RevenueCycleOptions options)
    {
        private const int ClaimsInterchange = 1001;
        private const int RemittanceInterchange = 2001;
        private const int RecentPaymentsPerPayer = 32;

        private static readonly string SubmitterName = "RIVERBEND HEALTH REVENUE CYCLE";
        private static readonly string SubmitterId = "RBHRCM01";
        private static readonly string ClearinghouseName = "CLEARPATH EDI";
        private static readonly string ClearinghouseId = "CLEARPATH01";
        private static readonly string PayeeName = "RIVERBEND PHYSICIAN GROUP";
        private static readonly string PayeeTaxId = "999988880";
        private static readonly string PayeeRouting = Aba("12310078");
        private static readonly string PayeeAccount = "4471093826";

        private static readonly Payer[] Payers =
        [
            new("LAKESHORE MUTUAL HEALTH", "1512345678", "512345678", "PO BOX 4410", "PORTLAND", "OR", "972084410", Aba("32307065"), "88120457", "8005550190",
                "LK25", "12", "12", 35, 55, 75, PayerKind.Commercial, "LKG"),
            new("HEARTLAND MEDICARE SERVICES PART B", "05302", "470612233", "PO BOX 6702", "FARGO", "ND", "581086702", Aba("09140017"), "20055127", "8775550161",
                "1225", "MB", "MB", 25, 40, 55, PayerKind.Medicare, null),
            new("RIVERLANDS STATE MEDICAID", "61013", "936002107", "PO BOX 14015", "SALEM", "OR", "973094015", Aba("12300007"), "71100388", "8005550112",
                "6125", "MC", "MC", 15, 30, 42, PayerKind.Medicaid, null),
            new("BLUE CROSS OF THE RIVERLANDS", "00790", "930221188", "PO BOX 1271", "PORTLAND", "OR", "972071271", Aba("12300078"), "30092216", "8885550178",
                "B25", "BL", "12", 20, 50, 70, PayerKind.Commercial, "BCR"),
            new("SUMMIT SENIOR ADVANTAGE", "SNR42", "861204473", "PO BOX 30420", "BOISE", "ID", "837110420", Aba("12410081"), "55071942", "8665550124",
                "SSA25", "16", "16", 5, 45, 60, PayerKind.Commercial, "SSA"),
        ];

        private static readonly Doctor[] Doctors =
        [
            new("MARSH", "ELENA", Npi("147702558"), "207Q00000X"),
            new("HADDAD", "OMAR", Npi("162908175"), "207R00000X"),
            new("OKAFOR", "SAMUEL", Npi("138455021"), "207Q00000X"),
            new("RAMAN", "PRIYA", Npi("171043986"), "207P00000X"),
        ];

        // Procedure codes the sample rules map to a service line, with the physician group's charge in cents.
        private static readonly (string Code, long Charge)[] Procedures =
        [
            ("99202", 15000), ("99203", 21000), ("99212", 12000), ("99213", 18000), ("99214", 24500),
            ("99283", 42000), ("99284", 61000), ("71046", 9500), ("80053", 8500), ("81002", 2800), ("85025", 6500),
        ];

        private static readonly string[] Diagnoses = ["J069", "R509", "I10", "E119", "M5450", "E785", "Z0000", "R0602", "J0190", "N390", "M25561", "R079"];

        private static readonly string[] DenialReasons = ["50", "16", "29", "96", "197"];

        private static readonly string[] LastNames =
        [
            "ELLISON", "BRENNAN", "THORNTON", "DELGADO", "CALDWELL", "ABERNATHY", "NGUYEN", "MARCHETTI", "VANCE", "ASHBY",
            "LINDQVIST", "ORTEGA", "BURROWS", "PRUITT", "CASTELLANO", "HOLLOWAY", "KESSLER", "MORROW", "OYELARAN", "PARK",
            "QUINTERO", "RASMUSSEN", "SATO", "TREMBLAY", "UPTON", "VOSS", "WHITAKER", "YOUNGBLOOD", "ZIMMER", "ABBOTT",
        ];

        private static readonly string[] FirstNames =
        [
            "JORDAN", "HAROLD", "AVA", "MARCUS", "DENISE", "RUTH", "TREVOR", "SOFIA", "HARRIET", "COLIN",
            "NORA", "LUIS", "KEISHA", "WALTER", "IRENE", "MAYA", "OWEN", "PRIYA", "DANIEL", "GRACE",
        ];

        private static readonly string[] Streets =
        [
            "HERON WAY", "MAPLE STREET", "CEDAR AVENUE", "WILLOW BEND ROAD", "BIRCH STREET", "ORCHARD LANE", "RIVERVIEW TERRACE",
            "SUMMIT DRIVE", "ALDER COURT", "SPRUCE LANE", "FERRY STREET", "QUARRY ROAD", "LANTERN WAY", "GRANGE HALL ROAD",
        ];

        private readonly Random _random = new(options.Seed);
        private readonly X12SegmentWriter _claims = new(claimsOutput);
        private readonly X12SegmentWriter _remittances = new(remittanceOutput);
        private readonly X12SegmentWriter _body = new(null);
        private readonly Dictionary<Payer, List<Payment>> _recent = [];
        private readonly int _totalWeight = Payers.Sum(static p => p.Weight);
        private long _claimNumber;
        private long _pccnNumber;
        private long _paid;
        private long _partiallyPaid;
        private long _denied;
        private long _reversals;
        private long _corrections;
        private long _interest;
        private long _recoupments;
        private long _claimPayments;
        private decimal _totalPayment;

        public RevenueCycleSummary Execute()
        {
            var start = options.FirstBillDate;
            WriteIsa(_claims, SubmitterId, ClearinghouseId, start, "0800", ClaimsInterchange);
            _claims.Start("GS").El("HC").El(SubmitterId).El(ClearinghouseId).Date(start).El("0800").El(ClaimsInterchange).El("X").El("005010X222A1").End();
            WriteIsa(_remittances, ClearinghouseId, SubmitterId, start.AddDays(14), "0600", RemittanceInterchange);
            _remittances.Start("GS").El("HP").El(ClearinghouseId).El(SubmitterId).Date(start.AddDays(14)).El("0600").El(RemittanceInterchange).El("X").El("005010X221A1").End();

            var transactions = 0;
            while (options.Claims is { } total ? _claimNumber < total : _remittances.BytesWritten < options.TargetRemittanceBytes)
            {
                transactions++;
                var payer = PickPayer();
                var count = _random.Next(options.MinClaimsPerTransaction, options.MaxClaimsPerTransaction + 1);
                if (options.Claims is { } limit)
                {
                    count = (int)Math.Min(count, limit - _claimNumber);
                }

                var billDate = start.AddDays((transactions - 1) / 4);
                var claims = new List<Claim>(count);
                for (var i = 0; i < count; i++)
                {
                    claims.Add(NewClaim(payer, billDate));
                }

                WriteClaimTransaction(transactions, billDate, claims);
                WriteRemittanceTransaction(transactions, payer, billDate, claims);
            }

            _claims.Start("GE").El(transactions).El(ClaimsInterchange).End();
            _claims.Start("IEA").El(1).El(ClaimsInterchange.ToString("D9", CultureInfo.InvariantCulture)).End();
            _remittances.Start("GE").El(transactions).El(RemittanceInterchange).End();
            _remittances.Start("IEA").El(1).El(RemittanceInterchange.ToString("D9", CultureInfo.InvariantCulture)).End();
            _claims.Flush();
            _remittances.Flush();
            return new RevenueCycleSummary
            {
                Claims = _claimNumber,
                ClaimTransactions = transactions,
                ClaimSegments = _claims.SegmentCount,
                ClaimBytes = _claims.BytesWritten,
                RemittanceTransactions = transactions,
                ClaimPayments = _claimPayments,
                Paid = _paid,
                PartiallyPaid = _partiallyPaid,
                Denied = _denied,
                Reversals = _reversals,
                Corrections = _corrections,
                InterestAdjustments = _interest,
                Recoupments = _recoupments,
                RemittanceSegments = _remittances.SegmentCount,
                RemittanceBytes = _remittances.BytesWritten,
                TotalPayment = _totalPayment,
            };
        }

        private Payer PickPayer()
        {
            var n = _random.Next(_totalWeight);
            foreach (var payer in Payers)
            {
                if (n < payer.Weight)
                {
                    return payer;
                }

                n -= payer.Weight;
            }

            return Payers[^1];
        }

        private Claim NewClaim(Payer payer, DateOnly billDate)
        {
            var r = _random;
            _claimNumber++;
            var lineCount = r.Next(0, 10) switch { < 5 => 1, < 8 => 2, < 9 => 3, _ => 4 };
            var lines = new (string, long)[lineCount];
            for (var i = 0; i < lineCount; i++)
            {
                // An evaluation and management visit first, then tests and imaging; a code appears once per claim.
                (string Code, long Charge) procedure;
                do
                {
                    procedure = i == 0 ? Procedures[r.Next(0, 7)] : Procedures[r.Next(7, Procedures.Length)];
                }
                while (Array.Exists(lines, l => l.Item1 == procedure.Code));

                lines[i] = procedure;
            }

            var dx = r.Next(0, 3) == 0
                ? new[] { Diagnoses[r.Next(Diagnoses.Length)], Diagnoses[r.Next(Diagnoses.Length)] }.Distinct(StringComparer.Ordinal).ToArray()
                : [Diagnoses[r.Next(Diagnoses.Length)]];
            return new Claim
            {
                Id = string.Create(CultureInfo.InvariantCulture, $"PG{billDate:yyMMdd}-{_claimNumber:D7}"),
                Payer = payer,
                Last = LastNames[r.Next(LastNames.Length)],
                First = FirstNames[r.Next(FirstNames.Length)],
                Member = Member(payer),
                Group = payer.GroupPrefix is null ? string.Empty : payer.GroupPrefix + r.Next(10_000, 100_000).ToString(CultureInfo.InvariantCulture),
                BirthDate = new DateOnly(1940, 1, 1).AddDays(r.Next(0, 365 * 75)),
                Sex = r.Next(2) == 0 ? 'F' : 'M',
                Street = r.Next(1, 4000).ToString(CultureInfo.InvariantCulture) + " " + Streets[r.Next(Streets.Length)],
                Zip = "97401" + r.Next(0, 10_000).ToString("D4", CultureInfo.InvariantCulture),
                Doctor = Doctors[r.Next(Doctors.Length)],
                Diagnoses = dx,
                ServiceDate = billDate.AddDays(-r.Next(1, 6)),
                BillDate = billDate,
                Lines = lines,
            };
        }

        private string Member(Payer payer)
        {
            var r = _random;
            string Digits(int n) => string.Create(n, r, static (span, random) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = (char)('0' + random.Next(10));
                }
            });

            return payer.Kind switch
            {
                // A Medicare beneficiary identifier: digit, letter, letter or digit, digit, letter, letter or digit, digit, two letters, two digits.
                PayerKind.Medicare => string.Create(11, r, static (span, random) =>
                {
                    const string letters = "ACDEFGHJKMNPQRTUVWXY";
                    const string alnum = "0123456789ACDEFGHJKMNPQRTUVWXY";
                    span[0] = (char)('1' + random.Next(9));
                    span[1] = letters[random.Next(letters.Length)];
                    span[2] = alnum[random.Next(alnum.Length)];
                    span[3] = (char)('0' + random.Next(10));
                    span[4] = letters[random.Next(letters.Length)];
                    span[5] = alnum[random.Next(alnum.Length)];
                    span[6] = (char)('0' + random.Next(10));
                    span[7] = letters[random.Next(letters.Length)];
                    span[8] = letters[random.Next(letters.Length)];
                    span[9] = (char)('0' + random.Next(10));
                    span[10] = (char)('0' + random.Next(10));
                }),
                PayerKind.Medicaid => "900" + Digits(7),
                _ => payer.GroupPrefix switch
                {
                    "LKG" => "LKM" + Digits(8),
                    "BCR" => "RBX" + Digits(9),
                    _ => "SSA" + Digits(9),
                },
            };
        }

        private void WriteClaimTransaction(int number, DateOnly billDate, List<Claim> claims)
        {
            var w = _claims;
            var body = _body;
            body.Reset();
            var control = number.ToString("D4", CultureInfo.InvariantCulture);
            body.Start("ST").El("837").El(control).El("005010X222A1").End();
            body.Start("BHT").El("0019").El("00").El("RPG" + billDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + control).Date(billDate).El("0800").El("CH").End();
            body.Start("NM1").El("41").El("2").El(SubmitterName).Skip(4).El("46").El(SubmitterId).End();
            body.Start("PER").El("IC").El("PATIENT FINANCIAL SERVICES").El("TE").El("5415550142").El("EM").El("EDI@RIVERBENDHEALTH.EXAMPLE").End();
            body.Start("NM1").El("40").El("2").El(ClearinghouseName).Skip(4).El("46").El(ClearinghouseId).End();
            body.Start("HL").El("1").Skip().El("20").El("1").End();
            body.Start("PRV").El("BI").El("PXC").El("193200000X").End();
            body.Start("NM1").El("85").El("2").El(PayeeName).Skip(4).El("XX").El(BillingProviderNpi).End();
            body.Start("N3").El("2200 NORTH RIVER PARKWAY").End();
            body.Start("N4").El("RIVERBEND").El("OR").El("974010042").End();
            body.Start("REF").El("EI").El(PayeeTaxId).End();
            var hl = 1;
            foreach (var c in claims)
            {
                hl++;
                body.Start("HL").El(hl).El("1").El("22").El("0").End();
                body.Start("SBR").El("P").El("18").El(c.Group).Skip(5).El(c.Payer.FilingIndicator).End();
                body.Start("NM1").El("IL").El("1").El(c.Last).El(c.First).Skip(3).El("MI").El(c.Member).End();
                body.Start("N3").El(c.Street).End();
                body.Start("N4").El("RIVERBEND").El("OR").El(c.Zip).End();
                body.Start("DMG").El("D8").Date(c.BirthDate).El(c.Sex.ToString()).End();
                body.Start("NM1").El("PR").El("2").El(c.Payer.Name).Skip(4).El("PI").El(c.Payer.Id).End();
                body.Start("CLM").El(c.Id).Amount(c.Total).Skip(2).El("11").Comp("B").Comp("1").El("Y").El("A").El("Y").El("Y").End();
                body.Start("HI").El("ABK").Comp(c.Diagnoses[0]);
                for (var d = 1; d < c.Diagnoses.Length; d++)
                {
                    body.El("ABF").Comp(c.Diagnoses[d]);
                }

                body.End();
                body.Start("NM1").El("82").El("1").El(c.Doctor.Last).El(c.Doctor.First).Skip(3).El("XX").El(c.Doctor.Npi).End();
                body.Start("PRV").El("PE").El("PXC").El(c.Doctor.Taxonomy).End();
                for (var n = 0; n < c.Lines.Length; n++)
                {
                    var (code, charge) = c.Lines[n];
                    body.Start("LX").El(n + 1).End();
                    body.Start("SV1").El("HC").Comp(code).Amount(charge).El("UN").El("1").Skip(2).El(c.Diagnoses.Length > 1 && n == 0 ? "1:2" : "1").End();
                    body.Start("DTP").El("472").El("D8").Date(c.ServiceDate).End();
                    body.Start("REF").El("6R").El(LineControl(c, n)).End();
                }
            }

            w.Append(body);
            w.Start("SE").El(body.SegmentCount + 1).El(control).End();
        }

        private void WriteRemittanceTransaction(int number, Payer payer, DateOnly billDate, List<Claim> claims)
        {
            var r = _random;
            var payDate = billDate.AddDays(14);
            var payments = new List<Payment>(claims.Count + 4);
            foreach (var claim in claims)
            {
                payments.Add(Adjudicate(claim, billDate.AddDays(1)));
            }

            // Reversals of payments made in earlier transaction sets of this payer, each followed by its correction.
            var recent = _recent.TryGetValue(payer, out var list) ? list : _recent[payer] = [];
            var reversals = recent.Count == 0 ? 0 : r.Next(0, 10) switch { < 5 => 0, < 9 => 1, _ => 2 };
            for (var i = 0; i < reversals && recent.Count > 0; i++)
            {
                var at = r.Next(recent.Count);
                var original = recent[at];
                recent.RemoveAt(at);
                var reversal = new Payment
                {
                    Claim = original.Claim,
                    Status = "22",
                    Pccn = original.Pccn,
                    Received = original.Received,
                    Services = [.. original.Services.Select(static s => s.Negated())],
                };
                var correction = Correct(original);
                var position = r.Next(payments.Count + 1);
                payments.Insert(position, correction);
                payments.Insert(position, reversal);
                _reversals++;
                _corrections++;
            }

            // Provider-level adjustments: interest on a late claim (L6, negative: it adds to the payment, matched by the
            // claim's AMT*I) and, for Lakeshore, the recoupment of an earlier claim's overpayment (WO, positive).
            var adjustments = new List<(string Reason, string? Reference, long Amount)>();
            if (r.Next(0, 10) == 0)
            {
                var candidates = payments.Where(static p => p.Status == "1" && p.OriginalPccn is null && p.Paid > 0).ToList();
                if (candidates.Count > 0)
                {
                    var late = candidates[r.Next(candidates.Count)];
                    late.Interest = r.Next(5, 2_500);
                    adjustments.Add(("L6", null, -late.Interest));
                    _interest++;
                }
            }

            if (payer.Kind == PayerKind.Commercial && payer.Id == "1512345678" && recent.Count > 0 && r.Next(0, 5) == 0)
            {
                var overpaid = recent[r.Next(recent.Count)];
                adjustments.Add(("WO", overpaid.Claim.Id + " " + overpaid.Pccn, Math.Min(overpaid.Paid / 10, r.Next(500, 5_000)) + 1));
                _recoupments++;
            }

            var totalPaid = payments.Sum(static p => p.Paid);
            var totalAdjustments = adjustments.Sum(static a => a.Amount);
            if (totalPaid - totalAdjustments <= 0 && adjustments.Count > 0)
            {
                // Never seen with 50 or more claims, but a transaction set must pay something.
                adjustments.Clear();
                totalAdjustments = 0;
            }

            var payment = totalPaid - totalAdjustments;
            var control = number.ToString("D4", CultureInfo.InvariantCulture);
            var body = _body;
            body.Reset();
            body.Start("ST").El("835").El(control).El("005010X221A1").End();
            body.Start("BPR").El("I").Amount(payment).El("C").El("ACH").El("CCP").El("01").El(payer.Routing).El("DA").El(payer.Account).El("1" + payer.Ein).Skip()
                .El("01").El(PayeeRouting).El("DA").El(PayeeAccount).Date(payDate).End();
            body.Start("TRN").El("1").El("74" + number.ToString("D8", CultureInfo.InvariantCulture)).El("1" + payer.Ein).End();
            body.Start("REF").El("EV").El(SubmitterId).End();
            body.Start("DTM").El("405").Date(payDate).End();
            body.Start("N1").El("PR").El(payer.Name).End();
            body.Start("N3").El(payer.Street).End();
            body.Start("N4").El(payer.City).El(payer.State).El(payer.Zip).End();
            body.Start("REF").El("2U").El(payer.Id).End();
            body.Start("PER").El("BL").El("EDI SUPPORT").El("TE").El(payer.Phone).End();
            body.Start("N1").El("PE").El(PayeeName).El("XX").El(BillingProviderNpi).End();
            body.Start("N3").El("2200 NORTH RIVER PARKWAY").End();
            body.Start("N4").El("RIVERBEND").El("OR").El("974010042").End();
            body.Start("REF").El("TJ").El(PayeeTaxId).End();
            body.Start("LX").El("1").End();
            foreach (var p in payments)
            {
                WriteClaimPayment(body, p);
            }

            if (adjustments.Count > 0)
            {
                body.Start("PLB").El(BillingProviderNpi).El(payDate.Year.ToString(CultureInfo.InvariantCulture) + "1231");
                foreach (var (reason, reference, amount) in adjustments)
                {
                    body.El(reason);
                    if (reference is not null)
                    {
                        body.Comp(reference);
                    }

                    body.Amount(amount);
                }

                body.End();
            }

            _remittances.Append(body);
            _remittances.Start("SE").El(body.SegmentCount + 1).El(control).End();
            _claimPayments += payments.Count;
            _totalPayment += payment / 100m;

            // Payments of this transaction set may be reversed or recouped by a later one.
            foreach (var p in payments)
            {
                if (p.Status == "1" && p.OriginalPccn is null && p.Paid > 0)
                {
                    recent.Add(p);
                    if (recent.Count > RecentPaymentsPerPayer)
                    {
                        recent.RemoveAt(0);
                    }
                }
            }
        }

        // Adjudicates a claim: denied (about 8 %), paid with a contractual adjustment only (about 45 %) or partially paid
        // with patient responsibility as well; Medicare adds a 2 % sequestration (CO-253). Amounts are in cents.
        private Payment Adjudicate(Claim claim, DateOnly received)
        {
            var r = _random;
            var payer = claim.Payer;
            var kind = r.Next(0, 100);
            var denied = kind < 8;
            var partial = kind >= 53;
            var services = new ServicePayment[claim.Lines.Length];
            var copayLeft = payer.Kind == PayerKind.Medicaid ? 300L : 2_500L;
            var deductible = partial && payer.Kind != PayerKind.Medicaid && r.Next(0, 4) == 0;
            var denial = DenialReasons[r.Next(DenialReasons.Length)];
            for (var i = 0; i < services.Length; i++)
            {
                var charge = claim.Lines[i].Charge;
                if (denied)
                {
                    services[i] = new ServicePayment { Charge = charge, Paid = 0, Allowed = null, Adjustments = [new("CO", denial, charge)] };
                    continue;
                }

                var allowed = charge * r.Next(payer.AllowedMinPercent, payer.AllowedMaxPercent + 1) / 100;
                var contractual = charge - allowed;
                var adjustments = new List<Adjustment>(4) { new("CO", "45", contractual) };
                long patient = 0;
                if (partial)
                {
                    if (deductible && i == 0)
                    {
                        // The deductible takes part (or all) of the first line's allowed amount.
                        var amount = Math.Min(allowed, r.Next(2_000, 30_000));
                        adjustments.Add(new("PR", "1", amount));
                        patient += amount;
                    }

                    var rest = allowed - patient;
                    if (payer.Kind == PayerKind.Medicare)
                    {
                        var coinsurance = rest * 20 / 100;
                        if (coinsurance > 0)
                        {
                            adjustments.Add(new("PR", "2", coinsurance));
                            patient += coinsurance;
                        }
                    }
                    else if (copayLeft > 0 && rest > 0)
                    {
                        var copay = Math.Min(copayLeft, rest);
                        copayLeft -= copay;
                        adjustments.Add(new("PR", "3", copay));
                        patient += copay;
                    }
                }

                var sequestration = payer.Kind == PayerKind.Medicare ? (allowed - patient) * 2 / 100 : 0;
                if (sequestration > 0)
                {
                    adjustments.Insert(1, new("CO", "253", sequestration));
                }

                services[i] = new ServicePayment
                {
                    Charge = charge,
                    Paid = allowed - patient - sequestration,
                    Allowed = allowed,
                    Adjustments = [.. adjustments],
                };
            }

            var payment = new Payment { Claim = claim, Status = denied ? "4" : "1", Pccn = NextPccn(payer), Received = received, Services = services };
            if (denied)
            {
                _denied++;
            }
            else if (payment.Patient > 0)
            {
                _partiallyPaid++;
            }
            else
            {
                _paid++;
            }

            return payment;
        }

        // The corrected payment after a fee schedule reload: each line's allowed amount is 3–11 % higher (the contractual
        // adjustment lower by as much), patient responsibility and sequestration unchanged; a new CLP07 and REF*F8.
        private Payment Correct(Payment original)
        {
            var services = new ServicePayment[original.Services.Length];
            for (var i = 0; i < services.Length; i++)
            {
                var s = original.Services[i];
                var contractual = s.Adjustments[0].Amount;
                var raise = Math.Min(contractual - 1, Math.Max(1, s.Allowed!.Value * _random.Next(3, 12) / 100));
                services[i] = new ServicePayment
                {
                    Charge = s.Charge,
                    Paid = s.Paid + raise,
                    Allowed = s.Allowed + raise,
                    Adjustments = [.. s.Adjustments.Select((a, n) => n == 0 ? a with { Amount = a.Amount - raise } : a)],
                };
            }

            return new Payment
            {
                Claim = original.Claim,
                Status = "1",
                Pccn = NextPccn(original.Claim.Payer),
                OriginalPccn = original.Pccn,
                Received = original.Received,
                Services = services,
            };
        }

        private string NextPccn(Payer payer) => payer.PccnPrefix + (++_pccnNumber).ToString("D9", CultureInfo.InvariantCulture);

        private static void WriteClaimPayment(X12SegmentWriter w, Payment p)
        {
            var c = p.Claim;
            w.Start("CLP").El(c.Id).El(p.Status).Amount(p.Charge).Amount(p.Paid).Amount(p.Patient).El(c.Payer.Clp06).El(p.Pccn).El("11").El("1").End();
            w.Start("NM1").El("QC").El("1").El(c.Last).El(c.First).Skip(3).El("MI").El(c.Member).End();
            w.Start("NM1").El("82").El("1").El(c.Doctor.Last).El(c.Doctor.First).Skip(3).El("XX").El(c.Doctor.Npi).End();
            if (p.OriginalPccn is not null)
            {
                w.Start("REF").El("F8").El(p.OriginalPccn).End();
            }

            if (c.Group.Length > 0)
            {
                w.Start("REF").El("1L").El(c.Group).End();
            }

            w.Start("DTM").El("050").Date(p.Received).End();
            if (p.Interest != 0)
            {
                w.Start("AMT").El("I").Amount(p.Interest).End();
            }

            for (var n = 0; n < p.Services.Length; n++)
            {
                var s = p.Services[n];
                w.Start("SVC").El("HC").Comp(c.Lines[n].Code).Amount(s.Charge).Amount(s.Paid).Skip().El("1").End();
                w.Start("DTM").El("472").Date(c.ServiceDate).End();
                foreach (var group in (ReadOnlySpan<string>)["CO", "PR"])
                {
                    var first = true;
                    foreach (var a in s.Adjustments)
                    {
                        if (a.Group != group)
                        {
                            continue;
                        }

                        if (first)
                        {
                            w.Start("CAS").El(group);
                            first = false;
                        }
                        else
                        {
                            w.Skip();
                        }

                        w.El(a.Reason).Amount(a.Amount);
                    }

                    if (!first)
                    {
                        w.End();
                    }
                }

                w.Start("REF").El("6R").El(LineControl(c, n)).End();
                if (s.Allowed is { } allowed)
                {
                    w.Start("AMT").El("B6").Amount(allowed).End();
                }
            }
        }

        private static string LineControl(Claim c, int index) => string.Concat(c.Id.Replace("-", string.Empty, StringComparison.Ordinal), "L", (index + 1).ToString(CultureInfo.InvariantCulture));

        private static void WriteIsa(X12SegmentWriter w, string sender, string receiver, DateOnly date, string time, int control)
        {
            // Fixed width: ISA06 and ISA08 are padded to 15 characters, ISA13 has 9 digits.
            w.Start("ISA").El("00").El("          ").El("00").El("          ")
                .El("ZZ").El(sender.PadRight(15)).El("ZZ").El(receiver.PadRight(15))
                .El(date.ToString("yyMMdd", CultureInfo.InvariantCulture)).El(time).El("^").El("00501")
                .El(control.ToString("D9", CultureInfo.InvariantCulture)).El("0").El("P").El(":").End();
        }

        /// <summary>An NPI: nine digits and the Luhn check digit over the 80840 prefix.</summary>
        private static string Npi(string base9)
        {
            var digits = "80840" + base9;
            var total = 0;
            for (var i = 0; i < digits.Length; i++)
            {
                var d = digits[digits.Length - 1 - i] - '0';
                if (i % 2 == 0)
                {
                    d *= 2;
                    if (d > 9)
                    {
                        d -= 9;
                    }
                }

                total += d;
            }

            return base9 + (char)('0' + ((10 - (total % 10)) % 10));
        }

        /// <summary>An ABA routing number: eight digits and the check digit (weights 3, 7, 1).</summary>
        private static string Aba(string base8)
        {
            int[] weights = [3, 7, 1, 3, 7, 1, 3, 7];
            var total = 0;
            for (var i = 0; i < 8; i++)
            {
                total += (base8[i] - '0') * weights[i];
            }

            return base8 + (char)('0' + ((10 - (total % 10)) % 10));
        }
    }
}
