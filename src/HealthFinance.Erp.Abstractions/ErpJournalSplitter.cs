using System.Globalization;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Erp;

/// <summary>
/// Cuts a journal with more lines than an ERP accepts into parts that each balance per legal entity and currency.
/// </summary>
/// <remarks>
/// <para>A journal is cut only after a line where the running balance of every legal entity and currency is zero, so
/// every part balances on its own. Lines keep their order and nothing is summarized or dropped: the parts,
/// concatenated, are the original lines. Each cut is as late as the limit allows, which gives the fewest parts.</para>
/// <para>Journals from the posting engine are runs of debit/credit pairs, so any limit of 2 or more can be met; a
/// journal whose lines balance only across a longer run than the limit cannot be cut and is refused with
/// <see cref="ErpErrorCodes.JournalCannotBeSplit"/>.</para>
/// <para>Part <c>p</c> of <c>n</c> gets the idempotency key <c>key#p/n</c> and the event id <c>eventId#p/n</c>, derived
/// only from the journal and the limit, so resubmitting the same journal to the same ERP yields the same parts and
/// keys and each part posts once. A journal within the limit is returned whole with its own key.</para>
/// </remarks>
public static class ErpJournalSplitter
{
    /// <summary>Cuts a journal to fit <paramref name="maxLinesPerJournal"/>.</summary>
    /// <param name="journal">The balanced journal.</param>
    /// <param name="maxLinesPerJournal">The most lines a part may have; at least 2.</param>
    /// <returns>The parts in line order; one whole journal when it fits.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="journal"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLinesPerJournal"/> is less than 2.</exception>
    /// <exception cref="ErpException">No balanced cut exists within the limit (<see cref="ErpErrorCodes.JournalCannotBeSplit"/>, permanent).</exception>
    public static IReadOnlyList<ErpJournal> Split(JournalEntry journal, int maxLinesPerJournal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLinesPerJournal, 2);
        var lines = journal.Lines.AsImmutableArray();
        if (lines.Length <= maxLinesPerJournal)
        {
            return [new ErpJournal(journal)];
        }

        var cuts = CutPoints(journal, maxLinesPerJournal);
        var parts = new List<ErpJournal>(cuts.Count);
        var start = 0;
        for (var p = 0; p < cuts.Count; p++)
        {
            var end = cuts[p];
            var suffix = string.Create(CultureInfo.InvariantCulture, $"#{p + 1}/{cuts.Count}");
            var entry = journal with
            {
                EventId = journal.EventId + suffix,
                IdempotencyKey = journal.IdempotencyKey + suffix,
                Lines = lines[start..end],
            };
            parts.Add(new ErpJournal(entry, journal.IdempotencyKey, p + 1, cuts.Count, start));
            start = end;
        }

        return parts;
    }

    /// <summary>Cuts every journal to fit <paramref name="maxLinesPerJournal"/>.</summary>
    /// <param name="journals">The journals.</param>
    /// <param name="maxLinesPerJournal">The most lines a part may have; at least 2.</param>
    /// <returns>The parts of every journal, in input order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="journals"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLinesPerJournal"/> is less than 2.</exception>
    /// <exception cref="ErpException">A journal cannot be cut (<see cref="ErpErrorCodes.JournalCannotBeSplit"/>).</exception>
    public static IReadOnlyList<ErpJournal> SplitAll(IEnumerable<JournalEntry> journals, int maxLinesPerJournal)
    {
        ArgumentNullException.ThrowIfNull(journals);
        return journals.SelectMany(j => Split(j, maxLinesPerJournal)).ToList();
    }

    // The exclusive end index of each part: the furthest balanced point within the limit from the previous cut.
    private static List<int> CutPoints(JournalEntry journal, int max)
    {
        var lines = journal.Lines;
        var balanced = new List<int>();
        var running = new Dictionary<(CurrencyCode, LegalEntityId?), decimal>();
        var open = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var key = (line.Amount.Currency, line.Dimensions.LegalEntity);
            running.TryGetValue(key, out var before);
            var after = line.Side == JournalSide.Debit ? before + line.Amount.Amount : before - line.Amount.Amount;
            running[key] = after;
            open += (before == 0m ? 0 : -1) + (after == 0m ? 0 : 1);
            if (open == 0)
            {
                balanced.Add(i + 1);
            }
        }

        var cuts = new List<int>();
        var start = 0;
        var next = 0;
        while (start < lines.Count)
        {
            var best = -1;
            while (next < balanced.Count && balanced[next] - start <= max)
            {
                best = balanced[next];
                next++;
            }

            if (best < 0)
            {
                throw new ErpException(
                    ErpErrorCodes.JournalCannotBeSplit,
                    string.Create(CultureInfo.InvariantCulture, $"Journal '{journal.EventId}' ({lines.Count} lines) cannot be cut into balanced parts of at most {max} lines: lines {start + 1} to {Math.Min(start + max, lines.Count)} never balance per legal entity and currency."),
                    isTransient: false);
            }

            cuts.Add(best);
            start = best;
        }

        return cuts;
    }
}
