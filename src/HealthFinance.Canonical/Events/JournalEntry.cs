using HealthFinance.Canonical.Internal;

namespace HealthFinance.Canonical.Events;

/// <summary>
/// A balanced journal produced by the posting rules from one or more canonical events, ready for an ERP adapter.
/// </summary>
/// <remarks>
/// Invariant: for every currency and legal entity (<see cref="JournalDimensions.LegalEntity"/> of each line;
/// lines without one form their own group) the debits equal the credits, otherwise construction throws
/// <see cref="UnbalancedJournalException"/>. Put the legal entity on all lines or on none.
/// </remarks>
public sealed record JournalEntry : CanonicalEvent
{
    /// <summary>The idempotency key derived deterministically from the source (e.g. ISA13/GS06/ST02 + CLP01 + CLP07 + CLP02).</summary>
    /// <exception cref="CanonicalModelException">The value is empty.</exception>
    public required string IdempotencyKey { get; init => field = Guard.Text(value); }

    /// <summary>The accounting date of the entry.</summary>
    public required DateOnly EntryDate { get; init; }

    /// <summary>The ids of the canonical events the entry was produced from.</summary>
    /// <exception cref="CanonicalModelException">An id is empty or untrimmed.</exception>
    public EquatableArray<string> SourceEventIds { get; init => field = Guard.Codes(value); }

    /// <summary>The version of the posting rule set that produced the entry, when known.</summary>
    public string? RuleSetVersion { get; init => field = Guard.OptionalText(value); }

    /// <summary>A header description, when present.</summary>
    public string? Description { get; init => field = Guard.OptionalText(value); }

    /// <summary>The lines.</summary>
    /// <exception cref="CanonicalModelException">The list is empty or holds <see langword="null"/>.</exception>
    /// <exception cref="UnbalancedJournalException">Debits and credits differ for a currency and legal entity.</exception>
    public required EquatableArray<JournalLine> Lines { get; init => field = EnsureBalanced(value, nameof(Lines)); }

    private static EquatableArray<JournalLine> EnsureBalanced(EquatableArray<JournalLine> lines, string member)
    {
        Guard.NonEmpty(lines, member);
        var totals = new Dictionary<(CurrencyCode Currency, LegalEntityId? LegalEntity), (decimal Debit, decimal Credit)>();
        foreach (var line in lines)
        {
            var key = (line.Amount.Currency, line.Dimensions.LegalEntity);
            totals.TryGetValue(key, out var sum);
            totals[key] = line.Side == JournalSide.Debit
                ? (sum.Debit + line.Amount.Amount, sum.Credit)
                : (sum.Debit, sum.Credit + line.Amount.Amount);
        }

        foreach (var ((currency, legalEntity), (debit, credit)) in totals)
        {
            if (debit != credit)
            {
                throw new UnbalancedJournalException(currency, legalEntity, debit, credit, member);
            }
        }

        return lines;
    }
}
