using HealthFinance.X12.Hipaa.Internal;

namespace HealthFinance.X12.Hipaa.ClaimStatus;

/// <summary>
/// The loop table of the 277CA claim acknowledgment, 005010X214: 2000A information source (HL 20),
/// 2000B information receiver (21), 2000C billing provider (19), 2000D patient (PT), each with its name
/// loop (2100x) and trace/status loop (2200x); 2220D holds service line statuses.
/// </summary>
internal static class ClaimStatusLoops
{
    /// <summary>277CA, 005010X214.</summary>
    public static HipaaTransactionDefinition ClaimAcknowledgment { get; } = new(
        "277",
        "BHT!",
        new("2000A", "HEADER", "HL***20", string.Empty, required: true),
        new("2100A", "2000A", "NM1", string.Empty),
        new("2200A", "2000A", "TRN", "DTP"),
        new("2000B", "2000A", "HL***21", string.Empty),
        new("2100B", "2000B", "NM1", string.Empty),
        new("2200B", "2000B", "TRN", "STC QTY AMT"),
        new("2000C", "2000B", "HL***19", string.Empty),
        new("2100C", "2000C", "NM1", string.Empty),
        new("2200C", "2000C", "TRN", "STC REF QTY AMT"),
        new("2000D", "2000C", "HL***PT", string.Empty),
        new("2100D", "2000D", "NM1", string.Empty),
        new("2200D", "2000D", "TRN", "STC REF DTP"),
        new("2220D", "2200D", "SVC", "STC REF DTP"));
}
