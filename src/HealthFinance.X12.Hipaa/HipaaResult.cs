using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;

namespace HealthFinance.X12.Hipaa;

/// <summary>What one transaction set became: its identity, the canonical events produced and the findings.</summary>
public sealed class HipaaResult
{
    internal HipaaResult(HipaaTransactionIdentity identity, IReadOnlyList<CanonicalEvent> events, IReadOnlyList<Diagnostic> diagnostics, bool isMapped)
    {
        Identity = identity;
        Events = events;
        Diagnostics = diagnostics;
        HasErrors = diagnostics.Any(d => d.IsError);
        Outcome = !isMapped ? HipaaOutcome.NotMapped : HasErrors ? HipaaOutcome.Rejected : HipaaOutcome.Mapped;
    }

    /// <summary>The envelope identity (ISA13, GS06, ST02, ST01, GS08 …) and position of the transaction set.</summary>
    public HipaaTransactionIdentity Identity { get; }

    /// <summary>
    /// The canonical events produced: one <see cref="RemittanceReceived"/> for an 835, one <see cref="ClaimSubmitted"/> per
    /// CLM of an 837, one <see cref="ClaimStatusReported"/> per 2200D of a 277CA, one <see cref="AcknowledgmentReceived"/> for a
    /// 999/997 or a TA1; empty when nothing could be mapped.
    /// </summary>
    public IReadOnlyList<CanonicalEvent> Events { get; }

    /// <summary>The findings, in input order of the segments they refer to (structure first, then rules).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary><see langword="true"/> when at least one finding is an error.</summary>
    public bool HasErrors { get; }

    /// <summary>Mapped, rejected (errors: quarantine, do not post) or not mapped (no map for the transaction set).</summary>
    public HipaaOutcome Outcome { get; }
}
