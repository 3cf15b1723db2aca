using System.Collections.Frozen;
using HealthFinance.Canonical;

namespace HealthFinance.Mapping;

/// <summary>
/// The stable canonical account roles every journal line is posted to (<see cref="AccountRole.WellKnown"/>). A rule
/// set's chart of accounts maps each role to an ERP account per legal entity; ERP adapters map on the same names.
/// </summary>
public static class PostingRoles
{
    /// <summary>The names of <see cref="AccountRole.WellKnown"/>, the roles a rule set's chart of accounts may map.</summary>
    public static FrozenSet<string> All { get; } = AccountRole.WellKnown.Select(r => r.Value).ToFrozenSet(StringComparer.Ordinal);
}
