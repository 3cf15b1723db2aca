using System.Text.Json.Serialization;

namespace HealthFinance.Erp.Mapping;

// The JSON shape of a ledger mapping file.

internal sealed class LedgerMappingModel
{
    public string? Erp { get; set; }

    public string? Ledger { get; set; }

    public string? Delimiter { get; set; }

    public List<AccountRowModel?>? Accounts { get; set; }

    public List<SegmentModel?>? Segments { get; set; }
}

internal sealed class AccountRowModel
{
    public string? Role { get; set; }

    public string? LegalEntity { get; set; }

    public string? Account { get; set; }
}

internal sealed class SegmentModel
{
    public string? Name { get; set; }

    public string? Source { get; set; }

    public string? Value { get; set; }

    public Dictionary<string, string?>? Values { get; set; }

    public string? Default { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(LedgerMappingModel))]
internal sealed partial class LedgerMappingJsonContext : JsonSerializerContext;
