using System.Text.Json.Serialization;

namespace HealthFinance.Mapping.Rules;

// The JSON shape of one rule file. Every file names the version it belongs to; the files of one version compose.

internal sealed class RuleFileModel
{
    public string? Version { get; set; }

    public DateOnly? EffectiveFrom { get; set; }

    public DateOnly? EffectiveTo { get; set; }

    public string? Description { get; set; }

    public List<LegalEntityModel>? LegalEntities { get; set; }

    public List<OrganizationModel>? Facilities { get; set; }

    public List<OrganizationModel>? Providers { get; set; }

    public List<OrganizationModel>? TaxIds { get; set; }

    public List<PayerModel>? Payers { get; set; }

    public List<ServiceCodeModel>? RevenueCodes { get; set; }

    public List<ServiceCodeModel>? ProcedureCodes { get; set; }

    public List<AdjustmentReasonModel>? AdjustmentReasons { get; set; }

    public List<ProviderAdjustmentModel>? ProviderAdjustmentReasons { get; set; }

    public Dictionary<string, PatternModel>? Patterns { get; set; }

    public List<ClosedPeriodModel>? ClosedPeriods { get; set; }
}

internal sealed class LegalEntityModel
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Currency { get; set; }

    public string? RevenueSource { get; set; }

    public Dictionary<string, string>? Accounts { get; set; }

    public Dictionary<string, List<string>>? RequiredDimensions { get; set; }
}

internal sealed class OrganizationModel
{
    public string? Id { get; set; }

    public string? LegalEntity { get; set; }

    public string? Facility { get; set; }

    public string? CostCenter { get; set; }
}

internal sealed class PayerModel
{
    public string? Payer { get; set; }

    public string? ClaimFilingIndicator { get; set; }

    public string? PayerClass { get; set; }
}

internal sealed class ServiceCodeModel
{
    public string? Code { get; set; }

    public string? ServiceLine { get; set; }

    public string? CostCenter { get; set; }

    public string? RevenueAccount { get; set; }
}

internal sealed class AdjustmentReasonModel
{
    public string? Group { get; set; }

    public string? Reason { get; set; }

    public string? Category { get; set; }
}

internal sealed class ProviderAdjustmentModel
{
    public string? Reason { get; set; }

    public string? Pattern { get; set; }

    public bool ClaimReference { get; set; }
}

internal sealed class PatternModel
{
    public string? Debit { get; set; }

    public string? Credit { get; set; }
}

internal sealed class ClosedPeriodModel
{
    public string? LegalEntity { get; set; }

    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(RuleFileModel))]
internal sealed partial class RuleFileJsonContext : JsonSerializerContext;
