using HealthFinance.Canonical;

namespace HealthFinance.Idempotency.Keys;

/// <summary>
/// The keys that identify one business input: the primary key, derived from business fields, and aliases under
/// which the same input may also be recognised (e.g. its envelope control numbers). An input is a duplicate when
/// any of its keys was recorded before.
/// </summary>
/// <param name="Primary">The business key; stores record outcomes under it.</param>
/// <param name="Aliases">Further keys of the same input (never equal to <paramref name="Primary"/>).</param>
public sealed record EventKeys(IdempotencyKey Primary, EquatableArray<IdempotencyKey> Aliases)
{
    /// <summary>The primary key followed by the aliases.</summary>
    public IEnumerable<IdempotencyKey> All
    {
        get
        {
            yield return Primary;
            foreach (var alias in Aliases)
            {
                yield return alias;
            }
        }
    }

    /// <summary>Creates keys with no alias.</summary>
    /// <param name="primary">The business key.</param>
    /// <returns>The keys.</returns>
    public static EventKeys Of(IdempotencyKey primary) => new(primary, default);

    /// <summary>Creates keys with aliases; absent (<c>default</c>) aliases and repeats of the primary are dropped.</summary>
    /// <param name="primary">The business key.</param>
    /// <param name="aliases">Candidate aliases.</param>
    /// <returns>The keys.</returns>
    public static EventKeys Of(IdempotencyKey primary, params ReadOnlySpan<IdempotencyKey> aliases)
    {
        var list = new List<IdempotencyKey>(aliases.Length);
        foreach (var alias in aliases)
        {
            if (alias != default && alias != primary && !list.Contains(alias))
            {
                list.Add(alias);
            }
        }

        return new EventKeys(primary, list.ToArray());
    }
}
