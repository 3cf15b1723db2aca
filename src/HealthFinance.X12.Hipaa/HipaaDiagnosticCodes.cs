namespace HealthFinance.X12.Hipaa;

/// <summary>
/// The permanent codes of HIPAA findings (<c>HIPAA-0xxx</c>): envelope of a transaction set (<c>00xx</c>), loop structure
/// (<c>01xx</c>), element values (<c>02xx</c>) and 835 balancing and code rules (<c>03xx</c>). A code never changes meaning
/// once published. Each summary starts with the severity the readers give it. Messages never quote data values (they may be
/// PHI); they name positions, element references, codes from published code lists and amounts. docs/diagnostics.md lists them.
/// </summary>
public static class HipaaDiagnosticCodes
{
    /// <summary>Information: the transaction set (e.g. 270, 834) has no map to canonical objects; it was read and skipped.</summary>
    public const string TransactionSetNotMapped = "HIPAA-0001";

    /// <summary>Warning: GS08/ST03 names no supported implementation convention; the map read it under the rules the message names (chosen from ISA12).</summary>
    public const string ImplementationConventionUnknown = "HIPAA-0002";

    /// <summary>Information: an older convention (004010X091A1) was mapped; the message says which rules differ and what is not supported.</summary>
    public const string PartialVersionSupport = "HIPAA-0003";

    /// <summary>Error: the transaction set has no SE trailer (ST, GE, IEA or the end of input came first); what was read is mapped but must not be posted.</summary>
    public const string TransactionNotTerminated = "HIPAA-0004";

    /// <summary>Error: SE01 differs from the number of segments from ST to SE.</summary>
    public const string SegmentCountMismatch = "HIPAA-0005";

    /// <summary>Error: SE02 differs from ST02.</summary>
    public const string ControlNumberMismatch = "HIPAA-0006";

    /// <summary>Error: a segment stands outside any ST…SE transaction set (reported with the next transaction set, or alone at the end).</summary>
    public const string SegmentOutsideTransaction = "HIPAA-0007";

    /// <summary>Error: the input is structurally unreadable from this point (the X12 reader code is in the message); reading stopped.</summary>
    public const string InputUnreadable = "HIPAA-0008";

    /// <summary>Error: values that passed element checks still could not form a canonical object; the event was not produced.</summary>
    public const string MappingFailed = "HIPAA-0009";

    /// <summary>Warning: the segment id is not part of the transaction set's implementation guide; the segment was not mapped.</summary>
    public const string UnknownSegment = "HIPAA-0101";

    /// <summary>Warning: the segment belongs to the transaction set but not to the loop it appears in (or any enclosing loop); it was not mapped.</summary>
    public const string SegmentNotExpected = "HIPAA-0102";

    /// <summary>Warning: the segment is allowed in its loop but appears after a segment or child loop that the guide orders after it.</summary>
    public const string SegmentOutOfOrder = "HIPAA-0103";

    /// <summary>Error: a segment the guide requires in a loop is missing.</summary>
    public const string RequiredSegmentMissing = "HIPAA-0104";

    /// <summary>Error: a loop the guide requires (e.g. 835 1000A payer) is missing.</summary>
    public const string RequiredLoopMissing = "HIPAA-0105";

    /// <summary>Warning: a loop appears after a sibling loop that the guide orders after it (e.g. N1*PR after LX).</summary>
    public const string LoopOutOfOrder = "HIPAA-0106";

    /// <summary>Error: HL02 names a parent hierarchical id that is not an open HL of the transaction set.</summary>
    public const string HierarchicalParentNotFound = "HIPAA-0107";

    /// <summary>Error: the HL03 level code is unknown to the transaction set or not allowed under its parent's level.</summary>
    public const string HierarchicalLevelNotAllowed = "HIPAA-0108";

    /// <summary>Error: HL01 (hierarchical id) is empty or repeats an earlier HL of the transaction set; nothing below the HL is mapped.</summary>
    public const string HierarchicalIdInvalid = "HIPAA-0109";

    /// <summary>Error: a required element is missing or empty.</summary>
    public const string RequiredElementMissing = "HIPAA-0201";

    /// <summary>Error: an amount or quantity element is not an X12 decimal number.</summary>
    public const string InvalidNumber = "HIPAA-0202";

    /// <summary>Error: a date element is not a valid CCYYMMDD date.</summary>
    public const string InvalidDate = "HIPAA-0203";

    /// <summary>Error: a coded element holds a value outside the guide's code list (the message names the element, not the value when it could be data).</summary>
    public const string InvalidCode = "HIPAA-0204";

    /// <summary>Warning: an identifier (NPI check digit, nine-digit TIN) is malformed; it was left out of the canonical object.</summary>
    public const string InvalidIdentifier = "HIPAA-0205";

    /// <summary>Warning: the CUR segment names a currency other than the one the reader maps amounts in.</summary>
    public const string CurrencyMismatch = "HIPAA-0206";

    /// <summary>Error: a segment has more elements than the guide defines (e.g. a seventh CAS triplet); the extra elements were not mapped.</summary>
    public const string TooManyElements = "HIPAA-0207";

    /// <summary>Error: 835 service line does not balance: SVC02 − Σ service-level CAS ≠ SVC03.</summary>
    public const string ServiceLineUnbalanced = "HIPAA-0301";

    /// <summary>Error: 835 claim does not balance: CLP03 − Σ claim-level CAS − Σ service-level CAS ≠ CLP04.</summary>
    public const string ClaimUnbalanced = "HIPAA-0302";

    /// <summary>Error: 835 transaction does not balance: BPR02 ≠ Σ CLP04 − Σ PLB amounts.</summary>
    public const string TransactionUnbalanced = "HIPAA-0303";

    /// <summary>Warning: CLP05 differs from Σ CAS amounts with group PR (claim and service level); not checked on reversals (CLP02 = 22).</summary>
    public const string PatientResponsibilityMismatch = "HIPAA-0304";

    /// <summary>Warning: Σ AMT*I claim interest differs from the negated net PLB L6 amount (checked when either is non-zero).</summary>
    public const string InterestMismatch = "HIPAA-0305";

    /// <summary>Error: CAS01 is not CO, OA, PI or PR (CR is accepted only under 004010X091A1).</summary>
    public const string InvalidAdjustmentGroup = "HIPAA-0306";

    /// <summary>Error: CLP02 is not one of 1, 2, 3, 4, 19, 20, 21, 22, 23, 25.</summary>
    public const string InvalidClaimStatus = "HIPAA-0307";

    /// <summary>Error: BPR payment rules: BPR02 = 0 requires BPR01 = H with BPR04 = NON, or BPR01 = P; BPR01 = H requires BPR02 = 0 and BPR04 = NON.</summary>
    public const string PaymentHandlingInconsistent = "HIPAA-0308";

    /// <summary>Error: BPR02 is negative; a negative remittance is an anomaly and is not posted automatically.</summary>
    public const string NegativePayment = "HIPAA-0309";

    /// <summary>Warning: a reversal (CLP02 = 22) carries a positive charge or payment; reversals negate the original amounts.</summary>
    public const string ReversalNotNegated = "HIPAA-0310";

    /// <summary>Warning: a denial (CLP02 = 4) carries a non-zero claim payment.</summary>
    public const string DenialWithPayment = "HIPAA-0311";
}
