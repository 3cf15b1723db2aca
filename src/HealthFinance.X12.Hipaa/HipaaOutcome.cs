namespace HealthFinance.X12.Hipaa;

/// <summary>What became of one transaction set.</summary>
public enum HipaaOutcome
{
    /// <summary>Mapped to canonical events with no error finding; the events may be posted.</summary>
    Mapped = 0,

    /// <summary>
    /// At least one error finding (unbalanced, missing required data, broken envelope): the events that could be built
    /// are still returned so that the pipeline can quarantine them with their reasons, but they must not be posted.
    /// </summary>
    Rejected = 1,

    /// <summary>The transaction set has no map (e.g. 270, 834); it yields no events and an informational finding.</summary>
    NotMapped = 2,
}
