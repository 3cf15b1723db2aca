using HealthFinance.Canonical.Events;

namespace HealthFinance.Erp;

/// <summary>Where one journal (or part) ended.</summary>
public enum ErpPartStatus
{
    /// <summary>The ERP holds it; <see cref="ErpPartOutcome.DocumentId"/> names the document.</summary>
    Posted = 0,

    /// <summary>The ERP refused it for good.</summary>
    Rejected = 1,

    /// <summary>Not posted: it failed transiently in every round, or the call failed permanently. The ERP does not hold it; it may be resubmitted later.</summary>
    Failed = 2,

    /// <summary>Its last submission failed ambiguously and the ERP could not be asked whether it holds it; it must be reconciled before any resubmission.</summary>
    InDoubt = 3,
}

/// <summary>Where one journal ended, over all its parts.</summary>
public enum ErpJournalStatus
{
    /// <summary>Every part is posted.</summary>
    Posted = 0,

    /// <summary>Every part was rejected, or the journal could not be split to fit the ERP.</summary>
    Rejected = 1,

    /// <summary>Some parts are posted and the others rejected.</summary>
    PartiallyPosted = 2,

    /// <summary>A part failed (and none is in doubt); the journal may be resubmitted later and posted parts are recognised by their keys.</summary>
    Failed = 3,

    /// <summary>A part is in doubt; reconcile before resubmitting.</summary>
    InDoubt = 4,
}

/// <summary>The outcome of one journal or part.</summary>
public sealed record ErpPartOutcome
{
    /// <summary>The journal or part posted.</summary>
    public required ErpJournal Journal { get; init; }

    /// <summary>Where it ended.</summary>
    public required ErpPartStatus Status { get; init; }

    /// <summary>The ERP's document id when posted.</summary>
    public string? DocumentId { get; init; }

    /// <summary>The code of the rejection or of the last failure.</summary>
    public string? Code { get; init; }

    /// <summary>Why it was rejected or failed.</summary>
    public string? Reason { get; init; }

    /// <summary>How many times it was submitted.</summary>
    public int Submissions { get; init; }

    /// <summary>Whether a lookup (not an acknowledgment) showed the ERP holds it, after an ambiguous failure or before the first submission.</summary>
    public bool FoundByLookup { get; init; }

    /// <summary>Whether the ERP said it already held a posting under the key.</summary>
    public bool IsDuplicate { get; init; }
}

/// <summary>The outcome of one journal, with its canonical acknowledgment once final.</summary>
public sealed record ErpJournalOutcome
{
    /// <summary>The journal.</summary>
    public required JournalEntry Journal { get; init; }

    /// <summary>Where it ended.</summary>
    public required ErpJournalStatus Status { get; init; }

    /// <summary>Its parts in order (one when not split; none when it could not be split).</summary>
    public required IReadOnlyList<ErpPartOutcome> Parts { get; init; }

    /// <summary>The code when the journal as a whole was refused (e.g. <see cref="ErpErrorCodes.JournalCannotBeSplit"/>).</summary>
    public string? Code { get; init; }

    /// <summary>Why the journal as a whole was refused.</summary>
    public string? Reason { get; init; }

    /// <summary>The canonical acknowledgment when the outcome is final (posted, rejected, partially posted); <see langword="null"/> while a part failed or is in doubt.</summary>
    public PostingAcknowledged? Acknowledgment { get; init; }
}

/// <summary>The outcome of <see cref="ErpPoster.PostAsync(IEnumerable{JournalEntry}, CancellationToken)"/>: one entry per journal, in input order.</summary>
/// <param name="Journals">The outcome of every journal, in input order.</param>
public sealed record ErpPostingReport(IReadOnlyList<ErpJournalOutcome> Journals)
{
    /// <summary>The canonical acknowledgments of the journals whose outcome is final.</summary>
    public IEnumerable<PostingAcknowledged> Acknowledgments => Journals.Select(j => j.Acknowledgment).OfType<PostingAcknowledged>();

    /// <summary>Whether every journal is posted.</summary>
    public bool AllPosted => Journals.All(j => j.Status == ErpJournalStatus.Posted);

    /// <summary>How many journals ended with <paramref name="status"/>.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The count.</returns>
    public int Count(ErpJournalStatus status) => Journals.Count(j => j.Status == status);
}
