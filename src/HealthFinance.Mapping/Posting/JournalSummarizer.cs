using System.Security.Cryptography;
using System.Text;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Mapping.Posting;

/// <summary>A detail line of the sub-ledger and the summary line it was rolled into.</summary>
/// <param name="SummaryJournalId">The summary journal.</param>
/// <param name="SummaryLineNumber">The summary line.</param>
/// <param name="JournalId">The detail journal.</param>
/// <param name="LineNumber">The detail line.</param>
/// <param name="IdempotencyKey">The detail journal's idempotency key.</param>
/// <param name="Line">The detail line with its references (claim, account, trace number).</param>
public sealed record SubLedgerEntry(string SummaryJournalId, int SummaryLineNumber, string JournalId, int LineNumber, string IdempotencyKey, PostingLine Line);

/// <summary>Summary journals for the general ledger and the sub-ledger that ties every detail line to its summary line.</summary>
/// <param name="Journals">One journal per legal entity, accounting date, currency and rule set version.</param>
/// <param name="SubLedger">Every detail line, in detail order.</param>
public sealed record JournalSummary(IReadOnlyList<JournalDraft> Journals, IReadOnlyList<SubLedgerEntry> SubLedger);

/// <summary>
/// Rolls claim-level journal drafts up per legal entity, accounting date, currency and rule set version, with one
/// debit and one credit line per role, account and dimensions; the detail stays available as a sub-ledger. The
/// summary is deterministic: the same drafts in the same order give the same journals, lines and ids.
/// </summary>
public static class JournalSummarizer
{
    /// <summary>Summarizes drafts.</summary>
    /// <param name="drafts">The detail drafts (each balanced per legal entity and currency).</param>
    /// <returns>The summary journals and the sub-ledger.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="drafts"/> is <see langword="null"/>.</exception>
    public static JournalSummary Summarize(IEnumerable<JournalDraft> drafts)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        var journals = new List<JournalDraft>();
        var subLedger = new List<SubLedgerEntry>();
        var groups = drafts.GroupBy(d => (d.LegalEntity, d.AccountingDate, d.Currency, d.RuleSetVersion));
        foreach (var group in groups)
        {
            var details = group.ToList();
            var (entity, date, currency, version) = group.Key;
            var key = $"summary|{entity}|{date:yyyy-MM-dd}|{currency}|{Digest(details.Select(d => d.IdempotencyKey))}";
            var journalId = PostingEngine.JournalIdOf(key, version);

            var slots = new Dictionary<(JournalSide Side, AccountRole Role, string? Account, PostingDimensions Dimensions), int>();
            var lines = new List<PostingLine>();
            foreach (var detail in details)
            {
                foreach (var line in detail.Lines)
                {
                    var slot = (line.Side, line.Role, line.Account, line.Dimensions);
                    if (!slots.TryGetValue(slot, out var index))
                    {
                        index = lines.Count;
                        slots[slot] = index;
                        lines.Add(new PostingLine
                        {
                            LineNumber = index + 1,
                            Side = line.Side,
                            Role = line.Role,
                            Account = line.Account,
                            Amount = Money.Zero(line.Amount.Currency),
                            Dimensions = line.Dimensions,
                            Memo = "summary",
                        });
                    }

                    lines[index] = lines[index] with { Amount = lines[index].Amount + line.Amount };
                    subLedger.Add(new SubLedgerEntry(journalId, index + 1, detail.JournalId, line.LineNumber, detail.IdempotencyKey, line));
                }
            }

            var first = details[0];
            journals.Add(new JournalDraft
            {
                JournalId = journalId,
                IdempotencyKey = key,
                AccountingDate = date,
                LegalEntity = entity,
                Currency = currency,
                RuleSetVersion = version,
                SourceEventId = first.SourceEventId,
                Source = first.Source,
                Description = $"Summary of {details.Count} journals",
                Lines = lines.ToArray(),
            });
        }

        return new JournalSummary(journals, subLedger);
    }

    private static string Digest(IEnumerable<string> keys)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", keys)));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
