namespace HealthFinance.Erp;

/// <summary>What a lookup by idempotency key found.</summary>
public enum ErpLookupStatus
{
    /// <summary>The ERP holds a posting under the key; <see cref="ErpLookupResult.DocumentId"/> names it.</summary>
    Found = 0,

    /// <summary>The ERP holds no posting under the key, so resubmitting cannot post twice.</summary>
    NotFound = 1,

    /// <summary>The adapter cannot look postings up.</summary>
    Unsupported = 2,
}

/// <summary>The answer of <see cref="IErpAdapter.LookupAsync"/>.</summary>
public sealed record ErpLookupResult
{
    private ErpLookupResult(ErpLookupStatus status, string? documentId)
    {
        Status = status;
        DocumentId = documentId;
    }

    /// <summary>A result saying the ERP holds no posting under the key.</summary>
    public static ErpLookupResult NotFound { get; } = new(ErpLookupStatus.NotFound, null);

    /// <summary>A result saying the adapter cannot look postings up.</summary>
    public static ErpLookupResult Unsupported { get; } = new(ErpLookupStatus.Unsupported, null);

    /// <summary>The outcome.</summary>
    public ErpLookupStatus Status { get; }

    /// <summary>The ERP's document id when found.</summary>
    public string? DocumentId { get; }

    /// <summary>Creates a result saying the ERP holds the posting as <paramref name="documentId"/>.</summary>
    /// <param name="documentId">The ERP's document id.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException"><paramref name="documentId"/> is empty.</exception>
    public static ErpLookupResult Found(string documentId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        return new(ErpLookupStatus.Found, documentId);
    }
}
