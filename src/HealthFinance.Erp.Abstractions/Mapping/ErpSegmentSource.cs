namespace HealthFinance.Erp;

/// <summary>Where a segment of an ERP account combination takes its value from. JSON names in parentheses.</summary>
/// <remarks>
/// Only low-cardinality values can be segments. Claim ids, patient accounts, trace numbers and other references
/// never are (DOMAIN.md §4.2): a mapping naming one is refused with <see cref="ErpErrorCodes.MappingHighCardinalitySegment"/>.
/// </remarks>
public enum ErpSegmentSource
{
    /// <summary>The natural account resolved for the line's role (<c>account</c>).</summary>
    Account = 0,

    /// <summary>The line's legal entity, else the journal's (<c>legalEntity</c>).</summary>
    LegalEntity = 1,

    /// <summary>The facility (<c>facility</c>).</summary>
    Facility = 2,

    /// <summary>The department or cost center (<c>costCenter</c>).</summary>
    CostCenter = 3,

    /// <summary>The service line (<c>serviceLine</c>).</summary>
    ServiceLine = 4,

    /// <summary>The payer (<c>payer</c>).</summary>
    Payer = 5,

    /// <summary>The payer class (<c>payerClass</c>).</summary>
    PayerClass = 6,

    /// <summary>The adjustment category (<c>adjustmentCategory</c>).</summary>
    AdjustmentCategory = 7,

    /// <summary>The CAS group and reason, e.g. <c>CO-45</c> (<c>adjustmentReason</c>).</summary>
    AdjustmentReason = 8,

    /// <summary>The PLB reason code (<c>providerAdjustmentReason</c>).</summary>
    ProviderAdjustmentReason = 9,

    /// <summary>A fixed value, <see cref="ErpSegmentDefinition.Value"/> (<c>constant</c>).</summary>
    Constant = 10,
}
