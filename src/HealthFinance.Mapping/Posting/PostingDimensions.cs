namespace HealthFinance.Mapping.Posting;

/// <summary>
/// The general-ledger dimensions of a posting line. Only low-cardinality values are dimensions; claim, account and
/// trace numbers travel in <see cref="PostingReferences"/>.
/// </summary>
public sealed record PostingDimensions
{
    /// <summary>The dimension names as rule sets and JSON spell them, in output order.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["legalEntity", "facility", "costCenter", "serviceLine", "payer", "payerClass", "adjustmentCategory", "adjustmentReason", "providerAdjustmentReason"];

    /// <summary>The legal entity (<c>legalEntity</c>).</summary>
    public string? LegalEntity { get; init; }

    /// <summary>The facility (<c>facility</c>).</summary>
    public string? Facility { get; init; }

    /// <summary>The department or cost center (<c>costCenter</c>).</summary>
    public string? CostCenter { get; init; }

    /// <summary>The service line (<c>serviceLine</c>).</summary>
    public string? ServiceLine { get; init; }

    /// <summary>The payer (<c>payer</c>).</summary>
    public string? Payer { get; init; }

    /// <summary>The payer class (<c>payerClass</c>).</summary>
    public string? PayerClass { get; init; }

    /// <summary>The adjustment category of an adjustment line (<c>adjustmentCategory</c>).</summary>
    public string? AdjustmentCategory { get; init; }

    /// <summary>The CAS group and reason of an adjustment line, e.g. <c>CO-45</c> (<c>adjustmentReason</c>).</summary>
    public string? AdjustmentReason { get; init; }

    /// <summary>The PLB reason code of a provider adjustment line (<c>providerAdjustmentReason</c>).</summary>
    public string? ProviderAdjustmentReason { get; init; }

    /// <summary>Gets a dimension by its name.</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <returns>The value, or <see langword="null"/> when absent or the name is unknown.</returns>
    public string? Get(string name) => name switch
    {
        "legalEntity" => LegalEntity,
        "facility" => Facility,
        "costCenter" => CostCenter,
        "serviceLine" => ServiceLine,
        "payer" => Payer,
        "payerClass" => PayerClass,
        "adjustmentCategory" => AdjustmentCategory,
        "adjustmentReason" => AdjustmentReason,
        "providerAdjustmentReason" => ProviderAdjustmentReason,
        _ => null,
    };

    /// <summary>The dimensions that have a value, in <see cref="Names"/> order.</summary>
    /// <returns>Name and value pairs.</returns>
    public IEnumerable<KeyValuePair<string, string>> Present()
    {
        foreach (var name in Names)
        {
            if (Get(name) is { } value)
            {
                yield return new(name, value);
            }
        }
    }
}

/// <summary>The references of a posting line back to its business objects (never GL dimensions).</summary>
public sealed record PostingReferences
{
    /// <summary>No references.</summary>
    public static PostingReferences None { get; } = new();

    /// <summary>The claim (patient control number, CLP01/CLM01).</summary>
    public string? ClaimId { get; init; }

    /// <summary>The payer claim control number (CLP07).</summary>
    public string? PayerClaimControlNumber { get; init; }

    /// <summary>The patient account.</summary>
    public string? PatientAccount { get; init; }

    /// <summary>The payment trace number (TRN02), keying cash-clearing.</summary>
    public string? TraceNumber { get; init; }

    /// <summary>The provider adjustment reference (PLB03-2).</summary>
    public string? ProviderAdjustmentReference { get; init; }

    /// <summary>The journal id of the original posting a reversal mirrors.</summary>
    public string? ReversedJournalId { get; init; }
}
