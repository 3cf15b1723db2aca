using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;

namespace HealthFinance.X12.Hipaa.Claims;

/// <summary>Collects what the claim and claim-status maps produce for one or more transaction sets.</summary>
internal sealed class MapSink
{
    /// <summary>The events produced, in input order.</summary>
    public List<CanonicalEvent> Events { get; } = [];

    /// <summary>The findings, in input order.</summary>
    public List<Diagnostic> Diagnostics { get; } = [];

    /// <summary>The claims seen: CLM segments (837) or 2200D loops (277CA), mapped or not.</summary>
    public int ClaimCount { get; set; }

    /// <summary>Set when a transaction set could not be mapped because its guide or version is not supported.</summary>
    public bool Unsupported { get; set; }
}
