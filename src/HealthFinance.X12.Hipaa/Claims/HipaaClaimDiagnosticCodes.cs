namespace HealthFinance.X12.Hipaa.Claims;

/// <summary>
/// The permanent finding codes of the 837 claim maps (range <c>HIPAA-0400</c>–<c>HIPAA-0499</c>).
/// A code never changes meaning once published; docs/hipaa-claims.md describes each.
/// </summary>
public static class HipaaClaimDiagnosticCodes
{
    /// <summary>Error: CLM02 (total claim charge) differs from the sum of the line charges (SV102 / SV203 / SV302). The claim is still produced, so it can be quarantined.</summary>
    public const string ChargeMismatch = "HIPAA-0401";

    /// <summary>Error: a 2000A billing provider loop has no 2010AA billing provider name (NM1*85); its claims are not produced.</summary>
    public const string BillingProviderMissing = "HIPAA-0402";

    /// <summary>Error: a 2000B subscriber or 2000C patient loop has neither a subordinate HL nor a claim (CLM).</summary>
    public const string ClaimMissing = "HIPAA-0403";

    /// <summary>Error: the 2010AA billing provider identifier is not an NPI (NM108 is not <c>XX</c>) or fails the NPI check digit; its claims are not produced.</summary>
    public const string InvalidBillingProviderNpi = "HIPAA-0404";

    /// <summary>Error: a replacement (CLM05-3 = 7) or void (8) has no 2300 REF*F8 payer claim control number. The claim is still produced.</summary>
    public const string OriginalReferenceMissing = "HIPAA-0405";

    /// <summary>Error: an HL parent link is broken (HL01 missing or repeated, HL02 naming no earlier HL or an HL of the wrong level, unknown HL03) or a CLM stands outside a 2000B/2000C loop; the claims below it are not produced.</summary>
    public const string HierarchyBroken = "HIPAA-0406";

    /// <summary>Error: the subscriber loop has no 2010BB payer (NM1*PR with NM109); the claim is not produced.</summary>
    public const string PayerMissing = "HIPAA-0407";

    /// <summary>Error: CLM01 is empty, or CLM02 is missing, not a number or negative, or another claim value cannot be represented; the claim is not produced.</summary>
    public const string ClaimHeaderInvalid = "HIPAA-0408";

    /// <summary>Error: the claim has no 2400 service line (LX with SV1/SV2/SV3); it is not produced.</summary>
    public const string ServiceLinesMissing = "HIPAA-0409";

    /// <summary>Error: a service line has neither procedure nor revenue code, or its charge or units are missing, not a number or negative; the claim is not produced.</summary>
    public const string ServiceLineInvalid = "HIPAA-0410";

    /// <summary>Error: the 837 follows a 4010 guide (004010X096, X097, X098); claims are counted but not produced.</summary>
    public const string UnsupportedVersion = "HIPAA-0411";

    /// <summary>Error: ST03/GS08 name no 837 implementation guide this package maps (5010 X222, X223, X224); claims are counted but not produced.</summary>
    public const string UnknownImplementation = "HIPAA-0412";

    /// <summary>Information: an 837D is mapped at claim and line level only; tooth and oral cavity detail (TOO, DN1, DN2) is not carried.</summary>
    public const string DentalDetailNotMapped = "HIPAA-0413";
}
