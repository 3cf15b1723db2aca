namespace HealthFinance.X12.Hipaa.ClaimStatus;

/// <summary>
/// The permanent finding codes of the 277CA claim acknowledgment map (range <c>HIPAA-0500</c>–<c>HIPAA-0599</c>).
/// A code never changes meaning once published; docs/hipaa-claims.md describes each.
/// </summary>
public static class HipaaClaimStatusDiagnosticCodes
{
    /// <summary>Error: a 2200D claim status loop has no TRN*2 with the patient control number (TRN02); no status is produced.</summary>
    public const string ClaimIdMissing = "HIPAA-0501";

    /// <summary>Error: a 2200D claim status loop has no STC, or its STC01-1 category or STC01-2 status code is empty; no status is produced.</summary>
    public const string StatusMissing = "HIPAA-0502";

    /// <summary>Warning: STC03 is neither <c>WQ</c> (accepted) nor <c>U</c> (rejected); the status is produced with an unspecified action.</summary>
    public const string UnknownAction = "HIPAA-0503";

    /// <summary>Warning: the category says the claim was rejected (A3, A6, A7, A8) while STC03 says accepted (<c>WQ</c>); the status is produced and counts as a rejection.</summary>
    public const string InconsistentAction = "HIPAA-0504";

    /// <summary>Error: an HL parent link is broken (HL01 missing or repeated, HL02 naming no earlier HL or an HL of the wrong level) or a claim stands outside a 2000D loop; the claims below it are not produced.</summary>
    public const string HierarchyBroken = "HIPAA-0505";

    /// <summary>Error: the 277 is not a 005010X214 claim acknowledgment (e.g. a 005010X212 claim status response); it is not mapped.</summary>
    public const string UnsupportedImplementation = "HIPAA-0506";

    /// <summary>Warning: STC04 (total claim charge) is not a non-negative number; the status is produced without it.</summary>
    public const string InvalidChargeAmount = "HIPAA-0507";
}
