using HealthFinance.Canonical.Internal;

namespace HealthFinance.Canonical.Events;

/// <summary>An ERP's acknowledgement of a posted <see cref="JournalEntry"/>.</summary>
public sealed record PostingAcknowledged : CanonicalEvent
{
    /// <summary>The idempotency key of the journal entry acknowledged.</summary>
    /// <exception cref="CanonicalModelException">The value is empty.</exception>
    public required string IdempotencyKey { get; init => field = Guard.Text(value); }

    /// <summary>The ERP's document or journal id, when it assigned one.</summary>
    public string? ErpDocumentId { get; init => field = Guard.OptionalText(value); }

    /// <summary>The ERP's verdict.</summary>
    /// <exception cref="CanonicalModelException">The value is undefined.</exception>
    public required PostingStatus Status { get; init => field = Guard.Defined(value); }

    /// <summary>The ERP's messages, in the order returned.</summary>
    /// <exception cref="CanonicalModelException">The list holds <see langword="null"/>.</exception>
    public EquatableArray<PostingMessage> Messages { get; init => field = Guard.Items(value); }
}
