using System.Collections.Frozen;
using HealthFinance.Canonical;

namespace HealthFinance.Mapping.Rules;

/// <summary>
/// One version of the posting rules, composed from one or more rule files: effective dates, posting patterns and
/// reference data. Immutable once loaded; obtain it from <see cref="RuleSetLoader"/>.
/// </summary>
public sealed class RuleSet
{
    internal RuleSet(
        string version,
        DateOnly effectiveFrom,
        DateOnly? effectiveTo,
        IReadOnlyList<string> files,
        IEnumerable<LegalEntityRules> legalEntities,
        RuleTables tables)
    {
        Version = version;
        EffectiveFrom = effectiveFrom;
        EffectiveTo = effectiveTo;
        Files = files;
        LegalEntities = legalEntities.ToFrozenDictionary(e => e.Id, StringComparer.Ordinal);
        Tables = tables;
    }

    /// <summary>The version id (e.g. <c>riverbend-2025.1</c>); it is part of every journal id produced with it.</summary>
    public string Version { get; }

    /// <summary>The first accounting date the version is in force.</summary>
    public DateOnly EffectiveFrom { get; }

    /// <summary>The last accounting date the version is in force, or <see langword="null"/> when open-ended.</summary>
    public DateOnly? EffectiveTo { get; }

    /// <summary>The files the version was composed from, in load order.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The legal entities with their chart of accounts and required dimensions, by id.</summary>
    public IReadOnlyDictionary<string, LegalEntityRules> LegalEntities { get; }

    internal RuleTables Tables { get; }

    /// <summary>Whether the version is in force on an accounting date.</summary>
    /// <param name="accountingDate">The accounting date.</param>
    /// <returns><see langword="true"/> when <paramref name="accountingDate"/> lies within the effective dates (both inclusive).</returns>
    public bool IsInForceOn(DateOnly accountingDate) => accountingDate >= EffectiveFrom && (EffectiveTo is not { } to || accountingDate <= to);

    /// <summary>Whether the closed-period calendar closes an accounting date for a legal entity.</summary>
    /// <param name="legalEntity">The legal entity id.</param>
    /// <param name="accountingDate">The accounting date.</param>
    /// <returns><see langword="true"/> when a closed period of the entity (or of every entity, <c>*</c>) covers the date.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="legalEntity"/> is <see langword="null"/>.</exception>
    public bool IsPeriodClosed(string legalEntity, DateOnly accountingDate)
    {
        ArgumentNullException.ThrowIfNull(legalEntity);
        foreach (var period in Tables.ClosedPeriods)
        {
            if ((period.LegalEntity == "*" || period.LegalEntity == legalEntity) && accountingDate >= period.From && accountingDate <= period.To)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns the version id.</summary>
    /// <returns>The version id.</returns>
    public override string ToString() => Version;
}

/// <summary>How a legal entity books revenue: from the charge feed (claims then only move unbilled to billed AR) or from claims.</summary>
public enum RevenueSource
{
    /// <summary>Charges (HL7 DFT, FHIR ChargeItem) book gross revenue; a claim moves unbilled AR to payer AR. JSON <c>charges</c>.</summary>
    Charges = 0,

    /// <summary>Claims (837) book gross revenue; charge events book nothing. JSON <c>claims</c>.</summary>
    Claims = 1,
}

/// <summary>A legal entity of a rule set: its currency, revenue source, chart of accounts and required dimensions.</summary>
public sealed class LegalEntityRules
{
    internal LegalEntityRules(string id, string? name, CurrencyCode currency, RevenueSource revenueSource, IDictionary<string, string> accounts, IDictionary<string, IReadOnlyList<string>> requiredDimensions)
    {
        Id = id;
        Name = name;
        Currency = currency;
        RevenueSource = revenueSource;
        Accounts = accounts.ToFrozenDictionary(StringComparer.Ordinal);
        RequiredDimensions = requiredDimensions.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The legal entity id (the <c>legalEntity</c> dimension of its lines).</summary>
    public string Id { get; }

    /// <summary>A display name, when given.</summary>
    public string? Name { get; }

    /// <summary>The functional currency of the entity.</summary>
    public CurrencyCode Currency { get; }

    /// <summary>Which events book gross revenue for the entity.</summary>
    public RevenueSource RevenueSource { get; }

    /// <summary>The chart of accounts: canonical role name → ERP account code.</summary>
    public IReadOnlyDictionary<string, string> Accounts { get; }

    /// <summary>The dimensions each role requires (role name, or <c>*</c> for every line) → dimension names.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> RequiredDimensions { get; }

    /// <summary>The dimensions a line posted to <paramref name="role"/> must carry: those of <c>*</c> and those of the role.</summary>
    /// <param name="role">The account role.</param>
    /// <returns>The dimension names, without duplicates, in rule order.</returns>
    public IReadOnlyList<string> RequiredDimensionsFor(AccountRole role)
    {
        var result = new List<string>();
        if (RequiredDimensions.TryGetValue("*", out var all))
        {
            result.AddRange(all);
        }

        if (RequiredDimensions.TryGetValue(role.Value, out var specific))
        {
            result.AddRange(specific.Where(d => !result.Contains(d, StringComparer.Ordinal)));
        }

        return result;
    }

    /// <summary>The rule path that names the chart-of-accounts row of a role, e.g. <c>legalEntities[id=E1].accounts['payer-ar']</c>.</summary>
    /// <param name="role">The account role.</param>
    /// <returns>The path.</returns>
    public string AccountRowPath(AccountRole role) => $"legalEntities[id={Id}].accounts['{role.Value}']";
}

/// <summary>A posting pattern: the debit and credit roles for a positive amount (a negative amount swaps the sides).</summary>
/// <param name="Debit">The role debited for a positive amount.</param>
/// <param name="Credit">The role credited for a positive amount.</param>
public sealed record PostingPattern(AccountRole Debit, AccountRole Credit);

internal sealed record OrganizationRow(string Id, string LegalEntity, string? Facility, string? CostCenter);

internal sealed record ServiceCodeRow(string Code, string? ServiceLine, string? CostCenter, string? RevenueAccount);

internal sealed record ProviderAdjustmentRow(string Reason, string Pattern, bool ClaimReference);

internal sealed record ClosedPeriodRow(string LegalEntity, DateOnly From, DateOnly To);

internal sealed class RuleTables
{
    public required FrozenDictionary<string, OrganizationRow> Facilities { get; init; }

    public required FrozenDictionary<string, OrganizationRow> Providers { get; init; }

    public required FrozenDictionary<string, OrganizationRow> TaxIds { get; init; }

    // Key: payer + "|" + claim filing indicator ("*" = any).
    public required FrozenDictionary<string, string> PayerClasses { get; init; }

    public required FrozenDictionary<string, ServiceCodeRow> RevenueCodes { get; init; }

    public required FrozenDictionary<string, ServiceCodeRow> ProcedureCodes { get; init; }

    // Key: group + "|" + reason ("*" = any reason of the group).
    public required FrozenDictionary<string, string> AdjustmentCategories { get; init; }

    public required FrozenDictionary<string, ProviderAdjustmentRow> ProviderAdjustments { get; init; }

    public required FrozenDictionary<string, PostingPattern> Patterns { get; init; }

    public required IReadOnlyList<ClosedPeriodRow> ClosedPeriods { get; init; }

    public string? FindPayerClass(string payer, string? claimFilingIndicator)
    {
        if (claimFilingIndicator is not null && PayerClasses.TryGetValue(payer + "|" + claimFilingIndicator, out var exact))
        {
            return exact;
        }

        if (PayerClasses.TryGetValue(payer + "|*", out var anyIndicator))
        {
            return anyIndicator;
        }

        return claimFilingIndicator is not null && PayerClasses.TryGetValue("*|" + claimFilingIndicator, out var anyPayer) ? anyPayer : null;
    }

    public string? FindAdjustmentCategory(string group, string reason)
        => AdjustmentCategories.TryGetValue(group + "|" + reason, out var exact) ? exact
            : AdjustmentCategories.TryGetValue(group + "|*", out var any) ? any : null;
}
