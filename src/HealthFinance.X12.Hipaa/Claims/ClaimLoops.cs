using HealthFinance.X12.Hipaa.Internal;

namespace HealthFinance.X12.Hipaa.Claims;

/// <summary>
/// The loop tables of the 837 guides this package maps: 005010X222A1 (professional), 005010X223A2
/// (institutional) and 005010X224A2 (dental). Segment lists follow the TR3 order; <c>!</c> marks a required segment.
/// </summary>
/// <remarks>
/// Required loops that carry finance meaning (2010AA, a claim in every leaf 2000B/2000C) are checked by the claim
/// map with their own finding codes (<see cref="HipaaClaimDiagnosticCodes"/>), so they are not flagged as required here.
/// </remarks>
internal static class ClaimLoops
{
    /// <summary>837P, 005010X222A1.</summary>
    public static HipaaTransactionDefinition Professional { get; } = new(
        "837",
        "BHT! REF",
        [
            .. Header(),
            .. Hierarchy(),
            new("2300", "2000B|2000C", "CLM", "DTP PWK CN1 AMT REF K3 NTE CR1 CR2 CRC HI! HCP"),
            new("2310A", "2300", "NM1*DN,P3", "REF"),
            new("2310B", "2300", "NM1*82", "PRV REF"),
            new("2310C", "2300", "NM1*77", "N3! N4! REF PER"),
            new("2310D", "2300", "NM1*DQ", "REF"),
            new("2310E", "2300", "NM1*PW", "N3! N4!"),
            new("2310F", "2300", "NM1*45", "N3! N4!"),
            .. OtherSubscriber("DN,P3", "82", "77", "DQ", "85", string.Empty),
            new("2400", "2300", "LX", "SV1! SV5 PWK CR1 CR3 CRC DTP QTY MEA CN1 REF AMT K3 NTE PS1 HCP"),
            new("2410", "2400", "LIN", "CTP REF"),
            new("2420A", "2400", "NM1*82", "PRV REF"),
            new("2420B", "2400", "NM1*QB", "REF"),
            new("2420C", "2400", "NM1*77", "N3! N4! REF"),
            new("2420D", "2400", "NM1*DQ", "REF"),
            new("2420E", "2400", "NM1*DK", "N3 N4 REF PER"),
            new("2420F", "2400", "NM1*DN,P3", "REF"),
            new("2420G", "2400", "NM1*PW", "N3! N4!"),
            new("2420H", "2400", "NM1*45", "N3! N4!"),
            new("2430", "2400", "SVD", "CAS DTP! AMT"),
            new("2440", "2400", "LQ", "FRM!"),
        ]);

    /// <summary>837I, 005010X223A2.</summary>
    public static HipaaTransactionDefinition Institutional { get; } = new(
        "837",
        "BHT! REF",
        [
            .. Header(),
            .. Hierarchy(),
            new("2300", "2000B|2000C", "CLM", "DTP CL1 PWK CN1 AMT REF K3 NTE CRC HI! HCP"),
            new("2310A", "2300", "NM1*71", "PRV REF"),
            new("2310B", "2300", "NM1*72", "REF"),
            new("2310C", "2300", "NM1*ZZ", "REF"),
            new("2310D", "2300", "NM1*82", "REF"),
            new("2310E", "2300", "NM1*77", "N3! N4! REF"),
            new("2310F", "2300", "NM1*DN", "REF"),
            .. OtherSubscriber("71", "72", "ZZ", "82", "77", "DN"),
            new("2400", "2300", "LX", "SV2! PWK DTP REF AMT NTE HCP"),
            new("2410", "2400", "LIN", "CTP REF"),
            new("2420A", "2400", "NM1*72", "REF"),
            new("2420B", "2400", "NM1*ZZ", "REF"),
            new("2420C", "2400", "NM1*82", "REF"),
            new("2420D", "2400", "NM1*DN", "REF"),
            new("2430", "2400", "SVD", "CAS DTP! AMT"),
        ]);

    /// <summary>837D, 005010X224A2 (claim and line level; tooth detail is read but not mapped).</summary>
    public static HipaaTransactionDefinition Dental { get; } = new(
        "837",
        "BHT! REF",
        [
            .. Header(),
            .. Hierarchy(),
            new("2300", "2000B|2000C", "CLM", "DTP DN1 DN2 PWK CN1 AMT REF K3 NTE HI HCP"),
            new("2310A", "2300", "NM1*DN,P3", "REF"),
            new("2310B", "2300", "NM1*82", "PRV REF"),
            new("2310C", "2300", "NM1*77", "N3! N4! REF"),
            new("2310D", "2300", "NM1*DD", "REF"),
            new("2310E", "2300", "NM1*DK", "REF"),
            .. OtherSubscriber("DN,P3", "82", "77", "DD", "DK", string.Empty),
            new("2400", "2300", "LX", "SV3! TOO DTP QTY REF AMT NTE HCP"),
            new("2420A", "2400", "NM1*82", "PRV REF"),
            new("2420B", "2400", "NM1*DD", "REF"),
            new("2420C", "2400", "NM1*DK", "REF"),
            new("2430", "2400", "SVD", "CAS DTP! AMT"),
        ]);


    private static HipaaLoopDefinition[] Header() =>
    [
        new("1000A", "HEADER", "NM1*41", "N2 PER!"),
        new("1000B", "HEADER", "NM1*40", "N2"),
    ];

    /// <summary>2000A billing provider, 2000B subscriber, 2000C patient and their name loops.</summary>
    private static HipaaLoopDefinition[] Hierarchy() =>
    [
        new("2000A", "HEADER", "HL***20", "PRV CUR", required: true),
        new("2010AA", "2000A", "NM1*85", "N3! N4! REF PER"),
        new("2010AB", "2000A", "NM1*87", "N3! N4!"),
        new("2010AC", "2000A", "NM1*PE", "N3 N4 REF"),
        new("2000B", "2000A", "HL***22", "SBR! PAT"),
        new("2010BA", "2000B", "NM1*IL", "N3 N4 DMG REF PER"),
        new("2010BB", "2000B", "NM1*PR", "N3 N4 REF"),
        new("2000C", "2000B", "HL***23", "PAT!"),
        new("2010CA", "2000C", "NM1*QC", "N3! N4! DMG! REF PER"),
    ];

    /// <summary>2320 other subscriber and its 2330A–2330G name loops (the provider qualifiers vary by guide).</summary>
    private static IEnumerable<HipaaLoopDefinition> OtherSubscriber(params string[] providerQualifiers)
    {
        yield return new("2320", "2300", "SBR", "CAS AMT OI MIA MOA");
        yield return new("2330A", "2320", "NM1*IL", "N3 N4 REF");
        yield return new("2330B", "2320", "NM1*PR", "N3 N4 DTP REF");
        var suffix = 'C';
        foreach (var qualifier in providerQualifiers.Where(q => q.Length > 0))
        {
            yield return new($"2330{suffix}", "2320", $"NM1*{qualifier}", "REF");
            suffix++;
        }
    }
}
