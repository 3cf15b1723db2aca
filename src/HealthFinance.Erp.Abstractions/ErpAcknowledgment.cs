using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Erp;

/// <summary>What an ERP said about one journal of a batch.</summary>
public enum ErpAcknowledgmentStatus
{
    /// <summary>Posted (or already posted under the same key); <see cref="ErpAcknowledgment.DocumentId"/> names the ERP document.</summary>
    Accepted = 0,

    /// <summary>Refused for good (invalid account, closed period, unbalanced); resubmitting the same journal fails again.</summary>
    Rejected = 1,

    /// <summary>Not posted this time (locked period being opened, throttled line, temporary error); the same journal may succeed later.</summary>
    TransientFailure = 2,
}

/// <summary>An ERP's answer for one journal of a batch; <see cref="IErpAdapter.PostAsync"/> returns one per journal.</summary>
public sealed record ErpAcknowledgment
{
    private ErpAcknowledgment(string idempotencyKey, ErpAcknowledgmentStatus status, string? documentId, string? code, string? reason, bool isDuplicate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        IdempotencyKey = idempotencyKey;
        Status = status;
        DocumentId = documentId;
        Code = code;
        Reason = reason;
        IsDuplicate = isDuplicate;
    }

    /// <summary>The idempotency key of the journal (<see cref="ErpJournal.IdempotencyKey"/>).</summary>
    public string IdempotencyKey { get; }

    /// <summary>The verdict.</summary>
    public ErpAcknowledgmentStatus Status { get; }

    /// <summary>The ERP's document (journal, voucher) id when accepted.</summary>
    public string? DocumentId { get; }

    /// <summary>The ERP's (or adapter's) code for a rejection or transient failure, when it has one.</summary>
    public string? Code { get; }

    /// <summary>Why the journal was rejected or failed; never quotes patient data.</summary>
    public string? Reason { get; }

    /// <summary>Whether the ERP already held a posting under this key, so nothing new was posted.</summary>
    public bool IsDuplicate { get; }

    /// <summary>Whether the journal is posted.</summary>
    public bool IsAccepted => Status == ErpAcknowledgmentStatus.Accepted;

    /// <summary>Creates an acceptance.</summary>
    /// <param name="idempotencyKey">The journal's key.</param>
    /// <param name="documentId">The ERP's document id.</param>
    /// <param name="isDuplicate">Whether the ERP already held the posting under this key.</param>
    /// <returns>The acknowledgment.</returns>
    /// <exception cref="ArgumentException">An argument is empty.</exception>
    public static ErpAcknowledgment Accepted(string idempotencyKey, string documentId, bool isDuplicate = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        return new(idempotencyKey, ErpAcknowledgmentStatus.Accepted, documentId, null, null, isDuplicate);
    }

    /// <summary>Creates a rejection.</summary>
    /// <param name="idempotencyKey">The journal's key.</param>
    /// <param name="code">The ERP's or adapter's code (e.g. <see cref="ErpErrorCodes.AccountUnmapped"/>).</param>
    /// <param name="reason">Why; never quotes patient data.</param>
    /// <returns>The acknowledgment.</returns>
    /// <exception cref="ArgumentException">An argument is empty.</exception>
    public static ErpAcknowledgment Rejected(string idempotencyKey, string code, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new(idempotencyKey, ErpAcknowledgmentStatus.Rejected, null, code, reason, false);
    }

    /// <summary>Creates a transient failure.</summary>
    /// <param name="idempotencyKey">The journal's key.</param>
    /// <param name="reason">Why; never quotes patient data.</param>
    /// <param name="code">The ERP's or adapter's code, when it has one.</param>
    /// <returns>The acknowledgment.</returns>
    /// <exception cref="ArgumentException">An argument is empty.</exception>
    public static ErpAcknowledgment TransientFailure(string idempotencyKey, string reason, string? code = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new(idempotencyKey, ErpAcknowledgmentStatus.TransientFailure, null, string.IsNullOrWhiteSpace(code) ? null : code, reason, false);
    }

    /// <summary>The acknowledgment as a canonical posting message (information for an acceptance, error otherwise).</summary>
    /// <returns>The message.</returns>
    public PostingMessage ToPostingMessage() => new()
    {
        Severity = Status == ErpAcknowledgmentStatus.Accepted ? DiagnosticSeverity.Information : DiagnosticSeverity.Error,
        Code = Code,
        Text = Status switch
        {
            ErpAcknowledgmentStatus.Accepted => IsDuplicate ? $"{IdempotencyKey}: already posted as {DocumentId}." : $"{IdempotencyKey}: posted as {DocumentId}.",
            ErpAcknowledgmentStatus.Rejected => $"{IdempotencyKey}: rejected: {Reason}",
            _ => $"{IdempotencyKey}: not posted: {Reason}",
        },
    };
}
