using System.Diagnostics.CodeAnalysis;

namespace HealthFinance.Mapping.Rules;

/// <summary>The loaded rule set versions; the version in force is chosen by accounting date.</summary>
public sealed class RuleSetCatalog
{
    internal RuleSetCatalog(IReadOnlyList<RuleSet> versions) => Versions = versions;

    /// <summary>The versions, ordered by effective date; their date ranges never overlap.</summary>
    public IReadOnlyList<RuleSet> Versions { get; }

    /// <summary>Finds the version in force on an accounting date.</summary>
    /// <param name="accountingDate">The accounting date.</param>
    /// <param name="ruleSet">The version in force, when one is.</param>
    /// <returns><see langword="true"/> when a version is in force on <paramref name="accountingDate"/>.</returns>
    public bool TrySelect(DateOnly accountingDate, [NotNullWhen(true)] out RuleSet? ruleSet)
    {
        foreach (var version in Versions)
        {
            if (version.IsInForceOn(accountingDate))
            {
                ruleSet = version;
                return true;
            }
        }

        ruleSet = null;
        return false;
    }
}
