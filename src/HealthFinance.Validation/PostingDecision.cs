using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;
using HealthFinance.Mapping.Posting;

namespace HealthFinance.Validation;

/// <summary>What happens to one input event.</summary>
public enum PostingOutcome
{
    /// <summary>Every journal is valid and new: post them.</summary>
    Post = 0,

    /// <summary>Something is wrong (unbalanced source, unmapped reference data, closed period ...): hold the event with its reasons.</summary>
    Quarantine = 1,

    /// <summary>The event has no ledger effect by design (denial at remittance time, status, acknowledgment); the findings say why.</summary>
    NothingToPost = 2,

    /// <summary>Every journal of the event was accepted before (same idempotency key); nothing new to post.</summary>
    DuplicateSkipped = 3,
}

/// <summary>The validation decision for one event: post its journals, or quarantine it with reasons.</summary>
public sealed class PostingDecision
{
    internal PostingDecision(CanonicalEvent sourceEvent, PostingOutcome outcome, IReadOnlyList<JournalDraft> drafts, IReadOnlyList<JournalEntry> entries, IReadOnlyList<Diagnostic> findings)
    {
        Event = sourceEvent;
        Outcome = outcome;
        Drafts = drafts;
        Entries = entries;
        Findings = findings;
    }

    /// <summary>The event decided on.</summary>
    public CanonicalEvent Event { get; }

    /// <summary>The outcome.</summary>
    public PostingOutcome Outcome { get; }

    /// <summary>The journal drafts to post (empty unless <see cref="Outcome"/> is <see cref="PostingOutcome.Post"/>), without duplicates.</summary>
    public IReadOnlyList<JournalDraft> Drafts { get; }

    /// <summary>The drafts as canonical journal entries for an ERP adapter; each balances per legal entity and currency.</summary>
    public IReadOnlyList<JournalEntry> Entries { get; }

    /// <summary>Every finding of source validation, mapping and journal validation, in that order.</summary>
    public IReadOnlyList<Diagnostic> Findings { get; }

    /// <summary>The findings that caused a quarantine (the errors).</summary>
    public IEnumerable<Diagnostic> Reasons => Findings.Where(f => f.IsError);
}
