namespace HealthFinance.TestUtilities.Generation;

/// <summary>What <see cref="RevenueCycleGenerator"/> writes: how much, in transaction sets of what size, from which seed.</summary>
public sealed record RevenueCycleOptions
{
    /// <summary>The default seed.</summary>
    public const int DefaultSeed = 20250313;

    /// <summary>The seed of the pseudo-random choices: the same seed and options always give byte-identical files.</summary>
    public int Seed { get; init; } = DefaultSeed;

    /// <summary>The number of claims (837 CLM) to write; set this or <see cref="TargetRemittanceBytes"/>.</summary>
    public int? Claims { get; init; }

    /// <summary>Write claims until the 835 holds at least this many bytes; set this or <see cref="Claims"/>.</summary>
    public long? TargetRemittanceBytes { get; init; }

    /// <summary>The fewest claims per transaction set (837 CLM per ST, new 835 CLP per ST). At least 1.</summary>
    public int MinClaimsPerTransaction { get; init; } = 50;

    /// <summary>The most claims per transaction set. At least <see cref="MinClaimsPerTransaction"/>.</summary>
    public int MaxClaimsPerTransaction { get; init; } = 200;

    /// <summary>The bill date (BHT04) of the first 837 transaction set; later ones move one day every four transaction sets.</summary>
    public DateOnly FirstBillDate { get; init; } = new(2025, 1, 6);

    /// <summary>Throws when the options cannot be generated.</summary>
    /// <exception cref="ArgumentException">Neither or both of <see cref="Claims"/> and <see cref="TargetRemittanceBytes"/> are set, or a count is out of range.</exception>
    public void Validate()
    {
        if (Claims is null == TargetRemittanceBytes is null)
        {
            throw new ArgumentException("Set exactly one of Claims and TargetRemittanceBytes.");
        }

        if (Claims is < 1 || TargetRemittanceBytes is < 1)
        {
            throw new ArgumentException("Claims and TargetRemittanceBytes must be positive.");
        }

        if (MinClaimsPerTransaction < 1 || MaxClaimsPerTransaction < MinClaimsPerTransaction || MaxClaimsPerTransaction > 10_000)
        {
            throw new ArgumentException("Claims per transaction set must satisfy 1 <= MinClaimsPerTransaction <= MaxClaimsPerTransaction <= 10,000.");
        }
    }
}
