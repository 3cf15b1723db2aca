namespace HealthFinance.X12.Validation;

/// <summary>
/// The permanent diagnostic codes of envelope and syntax validation. Each code maps to the
/// acknowledgment code a receiver reports for it: TA1 TA105 (interchange), 999 AK9 (group),
/// IK5 (transaction set), IK3 (segment) or IK4 (element). docs/diagnostics.md lists them all.
/// </summary>
public static class X12DiagnosticCodes
{
    /// <summary>An ISA element has the wrong width or an invalid value (TA1 by element, e.g. 014 invalid date).</summary>
    public const string IsaElementInvalid = "X12-0101";

    /// <summary>The input ended inside an interchange: IEA missing (TA1 023, improper end of file).</summary>
    public const string IeaMissing = "X12-0102";

    /// <summary>IEA02 differs from ISA13 (TA1 001).</summary>
    public const string InterchangeControlNumberMismatch = "X12-0103";

    /// <summary>IEA01 differs from the number of functional groups (TA1 021).</summary>
    public const string GroupCountMismatch = "X12-0104";

    /// <summary>Warning: the interchange control number repeats one seen earlier in the same input (a receiver may answer TA1 025).</summary>
    public const string DuplicateInterchangeControlNumber = "X12-0105";

    /// <summary>A segment stands outside any interchange, or IEA has no ISA (TA1 022, invalid control structure).</summary>
    public const string SegmentOutsideInterchange = "X12-0106";

    /// <summary>The ISA segment is not the fixed 106-byte layout (TA1 024).</summary>
    public const string IsaNotFixedLength = "X12-0107";

    /// <summary>A segment inside an interchange stands outside any functional group, or GE has no GS (TA1 024).</summary>
    public const string SegmentOutsideGroup = "X12-0110";

    /// <summary>A functional group has no GE trailer (AK9 3).</summary>
    public const string GeMissing = "X12-0111";

    /// <summary>GE02 differs from GS06 (AK9 4).</summary>
    public const string GroupControlNumberMismatch = "X12-0112";

    /// <summary>GE01 differs from the number of transaction sets (AK9 5).</summary>
    public const string TransactionCountMismatch = "X12-0113";

    /// <summary>GS06 is missing or not a 1–9 digit number (AK9 6).</summary>
    public const string GroupControlNumberInvalid = "X12-0114";

    /// <summary>A GS element is missing or malformed (TA1 024).</summary>
    public const string GsElementInvalid = "X12-0115";

    /// <summary>The group control number repeats within the interchange (AK9 19).</summary>
    public const string DuplicateGroupControlNumber = "X12-0116";

    /// <summary>ST stands outside a functional group (IK5 18).</summary>
    public const string TransactionOutsideGroup = "X12-0120";

    /// <summary>A transaction set has no SE trailer (IK5 2).</summary>
    public const string SeMissing = "X12-0121";

    /// <summary>SE02 differs from ST02 (IK5 3).</summary>
    public const string TransactionControlNumberMismatch = "X12-0122";

    /// <summary>SE01 differs from the number of segments from ST to SE (IK5 4).</summary>
    public const string SegmentCountMismatch = "X12-0123";

    /// <summary>ST01 is missing or not a transaction set identifier (IK5 6).</summary>
    public const string TransactionSetIdInvalid = "X12-0124";

    /// <summary>ST02 is missing or not 4–9 characters (IK5 7).</summary>
    public const string TransactionControlNumberInvalid = "X12-0125";

    /// <summary>The transaction set control number repeats within the group (IK5 23).</summary>
    public const string DuplicateTransactionControlNumber = "X12-0126";

    /// <summary>A segment inside a group stands outside any transaction set, or SE has no ST (AK9 1 not applicable: reported with TA1 024).</summary>
    public const string SegmentOutsideTransaction = "X12-0127";

    /// <summary>Warning: ST03 differs from GS08 (the implementation guide named twice disagrees).</summary>
    public const string ImplementationReferenceMismatch = "X12-0130";

    /// <summary>The segment identifier is not 2–3 upper-case letters or digits starting with a letter (IK3 1).</summary>
    public const string SegmentIdInvalid = "X12-0201";

    /// <summary>An element holds a control character that is not a delimiter (IK4 6).</summary>
    public const string InvalidCharacter = "X12-0202";

    /// <summary>The segment has more elements than its definition allows (IK4 3).</summary>
    public const string TooManyElements = "X12-0203";

    /// <summary>A mandatory element is empty (IK4 1).</summary>
    public const string RequiredElementMissing = "X12-0204";

    /// <summary>An element is shorter than its minimum length (IK4 4).</summary>
    public const string ElementTooShort = "X12-0205";

    /// <summary>An element is longer than its maximum length (IK4 5).</summary>
    public const string ElementTooLong = "X12-0206";

    /// <summary>A numeric (N0/R) element is not a number (IK4 6).</summary>
    public const string InvalidNumeric = "X12-0207";

    /// <summary>A date (DT) element is not a valid date (IK4 8).</summary>
    public const string InvalidDate = "X12-0208";

    /// <summary>A time (TM) element is not a valid time (IK4 9).</summary>
    public const string InvalidTime = "X12-0209";

    /// <summary>An identifier (ID) element holds a value outside its code list (IK4 7).</summary>
    public const string InvalidCodeValue = "X12-0210";

    /// <summary>An element has more components than its definition allows (IK4 13).</summary>
    public const string TooManyComponents = "X12-0211";

    /// <summary>An element repeats more often than its definition allows (IK4 12).</summary>
    public const string TooManyRepetitions = "X12-0212";

    /// <summary>Information: further findings were not reported because the retention limit was reached.</summary>
    public const string FindingsSuppressed = "X12-0299";
}
