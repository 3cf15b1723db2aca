using HealthFinance.Canonical.Internal;

namespace HealthFinance.Canonical.Events;

/// <summary>A billing code with the code system it belongs to, e.g. CPT <c>99213</c> or revenue code <c>0450</c>.</summary>
public sealed record ChargeCode
{
    /// <summary>The code system.</summary>
    /// <exception cref="CanonicalModelException">The value is not a defined <see cref="ChargeCodeSet"/>.</exception>
    public required ChargeCodeSet CodeSet { get; init => field = Guard.Defined(value); }

    /// <summary>The code, trimmed and non-empty.</summary>
    /// <exception cref="CanonicalModelException">The value is empty.</exception>
    public required string Code { get; init => field = Guard.Text(value); }

    /// <summary>Formats the code as <c>cpt:99213</c>.</summary>
    /// <returns>The code set and code.</returns>
    public override string ToString() => $"{CodeSet}:{Code}";
}
