using HealthFinance.X12.Hipaa.Internal;

namespace HealthFinance.X12.Hipaa.Remittance;

/// <summary>The loop table of the 835 (005010X221A1; 004010X091A1 has the same loops).</summary>
internal static class Remittance835Definition
{
    /// <summary>Loop index of the header (BPR, TRN, CUR, REF, DTM).</summary>
    public const int Header = 0;

    /// <summary>Loop index of 1000A, the payer (N1*PR).</summary>
    public const int Payer = 1;

    /// <summary>Loop index of 1000B, the payee (N1*PE).</summary>
    public const int Payee = 2;

    /// <summary>Loop index of 2000, the header number (LX).</summary>
    public const int HeaderNumber = 3;

    /// <summary>Loop index of 2100, claim payment (CLP).</summary>
    public const int Claim = 4;

    /// <summary>Loop index of 2110, service payment (SVC).</summary>
    public const int Service = 5;

    /// <summary>Loop index of the summary provider adjustments (PLB).</summary>
    public const int ProviderAdjustment = 6;

    /// <summary>The table.</summary>
    public static HipaaTransactionDefinition Definition { get; } = new(
        "835",
        "BPR! TRN! CUR REF DTM",
        new HipaaLoopDefinition("1000A", "HEADER", "N1*PR", "N3 N4 REF PER", required: true),
        new HipaaLoopDefinition("1000B", "HEADER", "N1*PE", "N3 N4 REF RDM", required: true),
        new HipaaLoopDefinition("2000", "HEADER", "LX", "TS3 TS2", inPath: false),
        new HipaaLoopDefinition("2100", "2000", "CLP", "CAS NM1 MIA MOA REF DTM PER AMT QTY", required: true),
        new HipaaLoopDefinition("2110", "2100", "SVC", "DTM CAS REF AMT QTY LQ"),
        new HipaaLoopDefinition("PLB", "HEADER", "PLB", string.Empty));
}
