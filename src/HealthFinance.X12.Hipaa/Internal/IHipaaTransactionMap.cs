namespace HealthFinance.X12.Hipaa.Internal;

/// <summary>
/// Maps one buffered transaction set to canonical events. The engine buffers ST…SE, builds the loops from
/// <see cref="Definition"/> (reporting structure findings), then calls <see cref="Map"/> once per transaction set.
/// </summary>
internal interface IHipaaTransactionMap
{
    /// <summary>The loop table the engine builds loops from before <see cref="Map"/> runs.</summary>
    HipaaTransactionDefinition Definition { get; }

    /// <summary>Maps the transaction set: add events with <see cref="HipaaMapContext.AddEvent"/>, findings with <c>HipaaMapContext.Report</c>.</summary>
    /// <param name="transaction">The buffered transaction set with loops recognised.</param>
    /// <param name="context">The options, identity, findings and events of this transaction set.</param>
    void Map(HipaaTransaction transaction, HipaaMapContext context);
}

/// <summary>
/// Selects the map of a transaction set by ST01 and the implementation guide it claims (ST03, else GS08; ISA12 for
/// 4010 interchanges): 835 (005010X221A1, 004010X091A1 as far as readable), 837P (005010X222A1), 837I (005010X223A2),
/// 837D (005010X224A2), 277CA (005010X214) and 999 (005010X231A1). A transaction set with a known id but a guide that
/// is not mapped gets a permanent error code instead of a map.
/// </summary>
internal static class HipaaMapRegistry
{
    /// <summary>Returns the map for a transaction set, or <see langword="null"/> when it is not mapped.</summary>
    /// <param name="identity">The envelope identity (ST01, ST03/GS08, ISA12).</param>
    /// <param name="unsupportedCode">When the id is mapped but not this guide or version: the permanent code to report; otherwise <see langword="null"/>.</param>
    /// <param name="unsupportedMessage">The message of <paramref name="unsupportedCode"/>.</param>
    /// <returns>The map.</returns>
    public static IHipaaTransactionMap? Find(HipaaTransactionIdentity identity, out string? unsupportedCode, out string? unsupportedMessage)
    {
        unsupportedCode = null;
        unsupportedMessage = null;
        var convention = identity.ImplementationConvention ?? string.Empty;
        switch (identity.TransactionSetId)
        {
            case "835":
                // The 835 map reads 5010 and 4010 and says itself what it did with an unknown guide.
                return Remittance.Remittance835Map.Instance;
            case "837":
                if (Claims.Claim837Map.ForGuide(convention) is { } claims)
                {
                    return claims;
                }

                if (convention.StartsWith("00401", StringComparison.Ordinal) || (identity.InterchangeVersion ?? string.Empty).StartsWith("00401", StringComparison.Ordinal))
                {
                    unsupportedCode = Claims.HipaaClaimDiagnosticCodes.UnsupportedVersion;
                    unsupportedMessage = "This 837 follows a 4010 implementation guide (004010X096/X097/X098); only 5010 claims are mapped, so it was read and not mapped.";
                }
                else
                {
                    unsupportedCode = Claims.HipaaClaimDiagnosticCodes.UnknownImplementation;
                    unsupportedMessage = "ST03/GS08 name no 837 implementation guide that is mapped (005010X222, 005010X223, 005010X224); the transaction set was read and not mapped.";
                }

                return null;
            case "277":
                if (convention.StartsWith("005010X214", StringComparison.Ordinal))
                {
                    return ClaimStatus.ClaimStatus277Map.Instance;
                }

                unsupportedCode = ClaimStatus.HipaaClaimStatusDiagnosticCodes.UnsupportedImplementation;
                unsupportedMessage = "This 277 is not a 005010X214 claim acknowledgment (277CA), e.g. a 005010X212 claim status response; it was read and not mapped.";
                return null;
            case "999":
                return Acknowledgments.Acknowledgment999Map.Instance;
            case "997":
                return Acknowledgments.Acknowledgment999Map.Functional;
            default:
                return null;
        }
    }
}
