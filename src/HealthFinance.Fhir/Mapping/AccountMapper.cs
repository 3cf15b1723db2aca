using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using HealthFinance.Fhir.Internal;
using Hl7.Fhir.Model;

namespace HealthFinance.Fhir.Mapping;

/// <summary>Account → <see cref="AccountContextUpdated"/>: identifiers of the account, its coverages and guarantors only.</summary>
internal static class AccountMapper
{
    public static AccountContextUpdated? Map(Account account, MappingContext context)
    {
        if (context.IsInactive(account.StatusElement, "account context"))
        {
            return null;
        }

        var id = account.Identifier.FirstOrDefault(i => i?.Value is { Length: > 0 })?.Value ?? (string.IsNullOrEmpty(account.Id) ? null : account.Id);
        if (id is null)
        {
            context.Error(FhirDiagnosticCodes.AccountMissing, "The Account has no identifier and no id.", "identifier");
            return null;
        }

        var coverages = new List<AccountCoverage>();
        var used = new HashSet<int>();
        for (var i = 0; i < account.Coverage.Count; i++)
        {
            var link = account.Coverage[i];
            var sequence = link?.Priority is > 0 and var p && !used.Contains(p) ? p : Enumerable.Range(1, account.Coverage.Count + used.Count + 1).First(n => !used.Contains(n));
            used.Add(sequence);
            var coverage = context.Index.Resolve(link?.Coverage, context.Entry) as Coverage;
            coverages.Add(new AccountCoverage
            {
                Sequence = sequence,
                Payer = coverage is not null && context.ReferenceIdFrom(coverage, coverage.Payor.FirstOrDefault()) is { } payer ? new PayerId(payer) : null,
                PolicyNumber = coverage?.SubscriberId is { Length: > 0 } subscriber ? subscriber : null,
                GroupNumber = ClassValue(coverage, "group"),
                Plan = ClassValue(coverage, "plan"),
            });
        }

        var guarantors = account.Guarantor.Select(g => context.ReferenceId(g?.Party)).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        return new AccountContextUpdated
        {
            EventId = context.EventId(),
            Source = context.Source(),
            Account = new PatientAccountNumber(id),
            Coverages = coverages.ToArray(),
            Guarantors = guarantors,
        };
    }

    private static string? ClassValue(Coverage? coverage, string type) =>
        coverage?.Class.FirstOrDefault(c => MappingContext.FirstCoding(c?.Type)?.Code == type)?.Value is { Length: > 0 } value ? value : null;
}
