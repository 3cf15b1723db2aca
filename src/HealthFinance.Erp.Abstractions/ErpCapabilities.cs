namespace HealthFinance.Erp;

/// <summary>What an ERP adapter accepts and offers; <see cref="ErpPoster"/> shapes its calls to fit.</summary>
/// <remarks>
/// Examples: SAP S/4HANA takes at most 999 line items per document, NetSuite about 1,000 lines per journal entry,
/// Dynamics 365 prefers small vouchers; only NetSuite and Workday deduplicate by a key of ours (DOMAIN.md §4).
/// </remarks>
public sealed record ErpCapabilities
{
    /// <summary>Capabilities with no limits, no lookup and no native idempotency.</summary>
    public static ErpCapabilities Unlimited { get; } = new();

    /// <summary>The most lines one journal (ERP document) may have; longer journals are split into balanced parts. At least 2. Default <see cref="int.MaxValue"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 2.</exception>
    public int MaxLinesPerJournal
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 2);
            field = value;
        }
    } = int.MaxValue;

    /// <summary>The most journals one <see cref="IErpAdapter.PostAsync"/> call may carry. At least 1. Default <see cref="int.MaxValue"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxJournalsPerBatch
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = value;
        }
    } = int.MaxValue;

    /// <summary>Whether <see cref="IErpAdapter.LookupAsync"/> can find a posting by our idempotency key.</summary>
    public bool SupportsLookup { get; init; }

    /// <summary>Whether the ERP itself deduplicates a resubmission by our key (NetSuite <c>externalId</c>, Workday reference id), so resubmitting after an ambiguous failure cannot post twice.</summary>
    public bool NativeIdempotency { get; init; }

    /// <summary>The most calls (posts and lookups) per second the ERP allows, or <see langword="null"/> for no limit.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero, negative or not finite.</exception>
    public double? MaxRequestsPerSecond
    {
        get;
        init
        {
            if (value is { } v && (!double.IsFinite(v) || v <= 0))
            {
                throw new ArgumentOutOfRangeException(nameof(MaxRequestsPerSecond), v, "MaxRequestsPerSecond must be a positive, finite number.");
            }

            field = value;
        }
    }
}
