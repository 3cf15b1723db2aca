using HealthFinance.Canonical.Events;

namespace HealthFinance.Erp;

/// <summary>
/// One journal as an ERP receives it: a whole <see cref="JournalEntry"/>, or one balanced part of a journal that
/// was split to fit <see cref="ErpCapabilities.MaxLinesPerJournal"/> (see <see cref="ErpJournalSplitter"/>).
/// </summary>
public sealed record ErpJournal
{
    /// <summary>Wraps a whole journal (part 1 of 1).</summary>
    /// <param name="entry">The journal.</param>
    /// <exception cref="ArgumentNullException"><paramref name="entry"/> is <see langword="null"/>.</exception>
    public ErpJournal(JournalEntry entry)
        : this(entry, entry?.IdempotencyKey!, 1, 1, 0)
    {
    }

    /// <summary>Creates a part.</summary>
    /// <param name="entry">The part, with its own idempotency key; its lines are a run of the original's lines.</param>
    /// <param name="sourceIdempotencyKey">The idempotency key of the journal the part was cut from.</param>
    /// <param name="partNumber">The 1-based number of the part.</param>
    /// <param name="partCount">How many parts the journal was cut into.</param>
    /// <param name="firstLineIndex">The 0-based index, in the original journal, of the part's first line.</param>
    /// <exception cref="ArgumentNullException"><paramref name="entry"/> or <paramref name="sourceIdempotencyKey"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The part numbers or the line index are out of range.</exception>
    public ErpJournal(JournalEntry entry, string sourceIdempotencyKey, int partNumber, int partCount, int firstLineIndex)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceIdempotencyKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(partCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(partNumber, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partNumber, partCount);
        ArgumentOutOfRangeException.ThrowIfNegative(firstLineIndex);
        if (partCount == 1 && entry.IdempotencyKey != sourceIdempotencyKey)
        {
            throw new ArgumentException("A journal that is not split keeps its own idempotency key.", nameof(sourceIdempotencyKey));
        }

        Entry = entry;
        SourceIdempotencyKey = sourceIdempotencyKey;
        PartNumber = partNumber;
        PartCount = partCount;
        FirstLineIndex = firstLineIndex;
    }

    /// <summary>The journal (or part) to post.</summary>
    public JournalEntry Entry { get; }

    /// <summary>The key the ERP must deduplicate on: the journal's key, or for a part the key derived from it (<c>key#2/3</c>).</summary>
    public string IdempotencyKey => Entry.IdempotencyKey;

    /// <summary>The idempotency key of the journal this was cut from (the journal's own key when not split).</summary>
    public string SourceIdempotencyKey { get; }

    /// <summary>The 1-based number of the part.</summary>
    public int PartNumber { get; }

    /// <summary>How many parts the journal was cut into (1 when not split).</summary>
    public int PartCount { get; }

    /// <summary>The 0-based index, in the original journal, of the first line of this part; line <c>i</c> of the part is line <c>FirstLineIndex + i + 1</c> of the original.</summary>
    public int FirstLineIndex { get; }

    /// <summary>Whether this is a part of a split journal.</summary>
    public bool IsPart => PartCount > 1;
}
