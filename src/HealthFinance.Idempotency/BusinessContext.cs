using HealthFinance.Canonical;

namespace HealthFinance.Idempotency;

/// <summary>
/// What an operator needs to find and judge a held input without opening its payload: the claim, payer, amount
/// and where it came from. Stored in clear text; the payload itself is encrypted.
/// </summary>
public sealed record BusinessContext
{
    /// <summary>The claim (patient control number, CLM01/CLP01), when the input concerns one.</summary>
    public string? ClaimId { get; init; }

    /// <summary>The payer id, when known.</summary>
    public string? PayerId { get; init; }

    /// <summary>The amount at stake (e.g. BPR02 or CLP04), when known.</summary>
    public Money? Amount { get; init; }

    /// <summary>The source format.</summary>
    public SourceFormat? Format { get; init; }

    /// <summary>The file or message the input came from, when known.</summary>
    public string? SourceName { get; init; }

    /// <summary>The position in the source (e.g. a segment index or line), when known.</summary>
    public string? Position { get; init; }

    /// <summary>An empty context.</summary>
    public static BusinessContext None { get; } = new();
}
