namespace HealthFinance.X12.Hipaa;

/// <summary>
/// The envelope identity of one transaction set: interchange, group and transaction set control numbers, the
/// transaction set id and implementation convention, and where the transaction set starts in the input.
/// </summary>
/// <remarks>Every text member is <see langword="null"/> when the input did not carry it (e.g. findings about segments outside any transaction set).</remarks>
public sealed record HipaaTransactionIdentity
{
    /// <summary>An identity with nothing known.</summary>
    public static HipaaTransactionIdentity Empty { get; } = new();

    /// <summary>ISA06, the interchange sender id (trimmed).</summary>
    public string? InterchangeSenderId { get; init; }

    /// <summary>ISA13, the interchange control number.</summary>
    public string? InterchangeControlNumber { get; init; }

    /// <summary>ISA12, the interchange control version (e.g. <c>00501</c>).</summary>
    public string? InterchangeVersion { get; init; }

    /// <summary>GS01, the functional identifier code (e.g. <c>HP</c> for 835).</summary>
    public string? FunctionalIdentifierCode { get; init; }

    /// <summary>GS06, the group control number.</summary>
    public string? GroupControlNumber { get; init; }

    /// <summary>GS08, the version / implementation convention of the group (e.g. <c>005010X221A1</c>).</summary>
    public string? GroupVersion { get; init; }

    /// <summary>ST01, the transaction set identifier (e.g. <c>835</c>).</summary>
    public string? TransactionSetId { get; init; }

    /// <summary>ST02, the transaction set control number.</summary>
    public string? TransactionSetControlNumber { get; init; }

    /// <summary>ST03 when present, otherwise GS08: the implementation convention the transaction set claims.</summary>
    public string? ImplementationConvention { get; init; }

    /// <summary>The 0-based index of the ST segment in the input, or -1 when there is no ST.</summary>
    public long SegmentIndex { get; init; } = -1;

    /// <summary>The 0-based byte offset of the ST segment in the input, or -1 when there is no ST.</summary>
    public long ByteOffset { get; init; } = -1;

    /// <summary>The number of segments read from ST to SE inclusive (0 when there is no ST).</summary>
    public int SegmentCount { get; init; }
}
