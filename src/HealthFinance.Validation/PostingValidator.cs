using System.Globalization;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;
using HealthFinance.Mapping.Posting;
using HealthFinance.Mapping.Rules;

namespace HealthFinance.Validation;

/// <summary>
/// Pre-posting validation: checks a source event (835 balancing) and the journal drafts the posting engine made
/// from it (balance per legal entity and currency, mapped accounts, required dimensions, one currency, open period,
/// duplicates), and decides: post, or quarantine with reasons. Nothing leaves validation unbalanced or undimensioned.
/// </summary>
public sealed class PostingValidator
{
    private readonly RuleSetCatalog _catalog;

    /// <summary>Creates the validator.</summary>
    /// <param name="catalog">The rule set versions the drafts were produced with.</param>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is <see langword="null"/>.</exception>
    public PostingValidator(RuleSetCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
    }

    /// <summary>Checks that a source event is fit to post: an 835 balances at service, claim and transaction level.</summary>
    /// <param name="sourceEvent">The event.</param>
    /// <returns>The findings; empty when the event is fit to post.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sourceEvent"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<Diagnostic> ValidateSource(CanonicalEvent sourceEvent)
    {
        ArgumentNullException.ThrowIfNull(sourceEvent);
        var findings = new List<Diagnostic>();
        if (sourceEvent is not RemittanceReceived r)
        {
            return findings;
        }

        void Add(string code, string message, string where) => findings.Add(new Diagnostic(
            code, DiagnosticSeverity.Error, message, new SourceLocation { Path = Where(sourceEvent, where), SegmentIndex = sourceEvent.Source.SegmentIndex }, isRecoverable: false));

        var bpr02 = r.Payment.Amount.Amount;
        var expected = r.Claims.Sum(c => c.Paid.Amount) - r.ProviderAdjustments.Sum(p => p.Amount.Amount);
        if (bpr02 != expected)
        {
            Add(ValidationDiagnosticCodes.RemittanceUnbalanced, Invariant($"BPR02 {bpr02} differs from Σ CLP04 − Σ PLB = {expected}."), "BPR");
        }

        if (bpr02 < 0m || (bpr02 == 0m && r.Payment.HandlingCode is not (PaymentHandlingCode.NotificationOnly or PaymentHandlingCode.Prenotification)))
        {
            Add(ValidationDiagnosticCodes.PaymentAmountInvalid, Invariant($"BPR02 {bpr02} is negative, or zero without BPR01 = H or P."), "BPR");
        }

        for (var c = 0; c < r.Claims.Count; c++)
        {
            var claim = r.Claims[c];
            var adjustments = claim.Adjustments.Sum(a => a.Amount.Amount) + claim.Services.Sum(s => s.Adjustments.Sum(a => a.Amount.Amount));
            if (claim.TotalCharge.Amount - adjustments != claim.Paid.Amount)
            {
                Add(ValidationDiagnosticCodes.ClaimUnbalanced, Invariant($"CLP03 {claim.TotalCharge.Amount} − Σ CAS {adjustments} differs from CLP04 {claim.Paid.Amount}."), $"CLP[{c + 1}]");
            }

            for (var s = 0; s < claim.Services.Count; s++)
            {
                var service = claim.Services[s];
                var serviceAdjustments = service.Adjustments.Sum(a => a.Amount.Amount);
                if (service.Charge.Amount - serviceAdjustments != service.Paid.Amount)
                {
                    Add(ValidationDiagnosticCodes.ServiceUnbalanced, Invariant($"SVC02 {service.Charge.Amount} − Σ CAS {serviceAdjustments} differs from SVC03 {service.Paid.Amount}."), $"CLP[{c + 1}]/SVC[{s + 1}]");
                }
            }
        }

        return findings;
    }

    /// <summary>Checks journal drafts: balance, accounts, dimensions, currency, open period.</summary>
    /// <param name="drafts">The drafts.</param>
    /// <returns>The findings; empty when every draft can be posted.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="drafts"/> is <see langword="null"/>.</exception>
    public IReadOnlyList<Diagnostic> ValidateJournals(IEnumerable<JournalDraft> drafts)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        var findings = new List<Diagnostic>();
        foreach (var draft in drafts)
        {
            ValidateJournal(draft, findings);
        }

        return findings;
    }

    /// <summary>
    /// Decides on one event: validates the source, the posting engine's result and the drafts, then posts or quarantines.
    /// </summary>
    /// <param name="sourceEvent">The event.</param>
    /// <param name="posting">What the posting engine made of it, or <see langword="null"/> when source validation already failed and nothing was mapped.</param>
    /// <param name="acceptedKeys">The idempotency keys accepted so far (updated with the keys of a <see cref="PostingOutcome.Post"/> decision), or <see langword="null"/> to skip the duplicate check.</param>
    /// <returns>The decision with every finding.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sourceEvent"/> is <see langword="null"/>.</exception>
    public PostingDecision Decide(CanonicalEvent sourceEvent, PostingResult? posting, ISet<string>? acceptedKeys = null)
    {
        ArgumentNullException.ThrowIfNull(sourceEvent);
        return Decide(sourceEvent, ValidateSource(sourceEvent), posting, acceptedKeys);
    }

    /// <summary>
    /// Decides on one event: validates the source, maps it with <paramref name="engine"/> only when the source is fit to post,
    /// validates the drafts, then posts or quarantines.
    /// </summary>
    /// <param name="sourceEvent">The event.</param>
    /// <param name="engine">The posting engine.</param>
    /// <param name="history">The claim payment history the engine records into and reverses from, or <see langword="null"/>.</param>
    /// <param name="acceptedKeys">The idempotency keys accepted so far (updated with the keys of a <see cref="PostingOutcome.Post"/> decision), or <see langword="null"/> to skip the duplicate check.</param>
    /// <returns>The decision with every finding.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sourceEvent"/> or <paramref name="engine"/> is <see langword="null"/>.</exception>
    public PostingDecision Decide(CanonicalEvent sourceEvent, PostingEngine engine, ClaimPaymentHistory? history, ISet<string>? acceptedKeys = null)
    {
        ArgumentNullException.ThrowIfNull(sourceEvent);
        ArgumentNullException.ThrowIfNull(engine);
        var source = ValidateSource(sourceEvent);
        return Decide(sourceEvent, source, source.Any(d => d.IsError) ? null : engine.Post(sourceEvent, history), acceptedKeys);
    }

    /// <summary>
    /// Decides on an event whose source was validated earlier (its findings are given), from a posting result mapped
    /// from it or from part of it: a pipeline that posts the claim payments of a remittance in several steps (a
    /// reversal released after its original) validates the whole remittance once and decides on each part.
    /// </summary>
    /// <param name="sourceEvent">The event.</param>
    /// <param name="sourceFindings">The findings of <see cref="ValidateSource"/> on the event (or on the whole it is part of).</param>
    /// <param name="posting">What the posting engine made of it, or <see langword="null"/> when nothing was mapped.</param>
    /// <param name="acceptedKeys">The idempotency keys accepted so far, or <see langword="null"/> to skip the duplicate check.</param>
    /// <returns>The decision with every finding.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sourceEvent"/> or <paramref name="sourceFindings"/> is <see langword="null"/>.</exception>
    public PostingDecision DecideMapped(CanonicalEvent sourceEvent, IReadOnlyList<Diagnostic> sourceFindings, PostingResult? posting, ISet<string>? acceptedKeys = null)
    {
        ArgumentNullException.ThrowIfNull(sourceEvent);
        ArgumentNullException.ThrowIfNull(sourceFindings);
        return Decide(sourceEvent, sourceFindings, posting, acceptedKeys);
    }

    private PostingDecision Decide(CanonicalEvent sourceEvent, IReadOnlyList<Diagnostic> sourceFindings, PostingResult? posting, ISet<string>? acceptedKeys)
    {
        var findings = new List<Diagnostic>(sourceFindings);
        var drafts = posting?.Journals ?? [];
        if (posting is not null)
        {
            findings.AddRange(posting.Diagnostics);
            findings.AddRange(ValidateJournals(drafts));
        }

        if (findings.Exists(f => f.IsError) || posting is null)
        {
            return new PostingDecision(sourceEvent, PostingOutcome.Quarantine, [], [], findings);
        }

        var fresh = new List<JournalDraft>();
        foreach (var draft in drafts)
        {
            if (acceptedKeys is not null && acceptedKeys.Contains(draft.IdempotencyKey))
            {
                findings.Add(new Diagnostic(
                    ValidationDiagnosticCodes.DuplicatePosting,
                    DiagnosticSeverity.Warning,
                    $"Journal {draft.JournalId} repeats an accepted idempotency key; the second booking is skipped.",
                    Location(draft, null)));
                continue;
            }

            fresh.Add(draft);
        }

        if (fresh.Count == 0)
        {
            return new PostingDecision(sourceEvent, drafts.Count == 0 ? PostingOutcome.NothingToPost : PostingOutcome.DuplicateSkipped, [], [], findings);
        }

        foreach (var draft in fresh)
        {
            acceptedKeys?.Add(draft.IdempotencyKey);
        }

        return new PostingDecision(sourceEvent, PostingOutcome.Post, fresh, fresh.Select(d => d.ToJournalEntry()).ToList(), findings);
    }

    private void ValidateJournal(JournalDraft draft, List<Diagnostic> findings)
    {
        void Add(string code, string message, PostingLine? line) => findings.Add(new Diagnostic(code, DiagnosticSeverity.Error, message, Location(draft, line), isRecoverable: false));

        if (draft.Lines.IsEmpty)
        {
            Add(ValidationDiagnosticCodes.InvalidLine, $"Journal {draft.JournalId} has no line.", null);
            return;
        }

        var rules = _catalog.Versions.FirstOrDefault(v => v.Version == draft.RuleSetVersion);
        if (rules is null)
        {
            Add(ValidationDiagnosticCodes.RuleSetUnknown, $"Journal {draft.JournalId} names rule set version '{draft.RuleSetVersion}', which is not loaded.", null);
            return;
        }

        if (draft.Lines.Any(l => l.Amount.Currency != draft.Currency))
        {
            Add(ValidationDiagnosticCodes.MixedCurrencies, $"Journal {draft.JournalId} holds amounts in {string.Join(", ", draft.Lines.Select(l => l.Amount.Currency.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))}; one currency per entry.", null);
        }

        foreach (var group in draft.Lines.GroupBy(l => (Entity: l.Dimensions.LegalEntity ?? draft.LegalEntity, l.Amount.Currency)).OrderBy(g => g.Key.Entity, StringComparer.Ordinal).ThenBy(g => g.Key.Currency.Value, StringComparer.Ordinal))
        {
            var debit = group.Sum(l => l.Debit);
            var credit = group.Sum(l => l.Credit);
            if (debit != credit)
            {
                Add(ValidationDiagnosticCodes.Unbalanced, Invariant($"Journal {draft.JournalId} is out of balance for legal entity {group.Key.Entity ?? "(none)"} in {group.Key.Currency}: debits {debit}, credits {credit}."), null);
            }
        }

        var entityIds = draft.Lines.Select(l => l.Dimensions.LegalEntity ?? draft.LegalEntity).Distinct(StringComparer.Ordinal);
        foreach (var id in entityIds)
        {
            if (id is null)
            {
                Add(ValidationDiagnosticCodes.LegalEntityMissing, $"Journal {draft.JournalId} has lines without a legal entity.", null);
            }
            else if (!rules.LegalEntities.ContainsKey(id))
            {
                Add(ValidationDiagnosticCodes.LegalEntityMissing, $"Missing mapping row legalEntities[id={id}] in rule set {rules.Version}.", null);
            }
            else if (rules.IsPeriodClosed(id, draft.AccountingDate))
            {
                Add(ValidationDiagnosticCodes.PeriodClosed, $"The accounting date {draft.AccountingDate:yyyy-MM-dd} falls in a closed period of legal entity {id} (closedPeriods of rule set {rules.Version}).", null);
            }
        }

        foreach (var line in draft.Lines)
        {
            if (!line.Amount.IsPositive)
            {
                Add(ValidationDiagnosticCodes.InvalidLine, Invariant($"Line {line.LineNumber} of journal {draft.JournalId} has a non-positive amount."), line);
            }

            var entityId = line.Dimensions.LegalEntity ?? draft.LegalEntity;
            if (entityId is null || !rules.LegalEntities.TryGetValue(entityId, out var entity))
            {
                continue;
            }

            if (line.Account is null)
            {
                Add(ValidationDiagnosticCodes.AccountUnmapped, $"Missing mapping row {entity.AccountRowPath(line.Role)} in rule set {rules.Version}.", line);
            }

            foreach (var dimension in entity.RequiredDimensionsFor(line.Role))
            {
                if (line.Dimensions.Get(dimension) is null)
                {
                    Add(ValidationDiagnosticCodes.DimensionMissing, Invariant($"Line {line.LineNumber} ({line.Role}) of journal {draft.JournalId} lacks the dimension '{dimension}' legal entity {entity.Id} requires."), line);
                }
            }
        }
    }

    private static SourceLocation Location(JournalDraft draft, PostingLine? line)
    {
        var path = line is null ? $"journal[{draft.JournalId}]" : Invariant($"journal[{draft.JournalId}]/line[{line.LineNumber}]");
        return new SourceLocation { Path = draft.Source.Position is null ? path : draft.Source.Position + "/" + path, SegmentIndex = draft.Source.SegmentIndex };
    }

    private static string Where(CanonicalEvent e, string where) => e.Source.Position is null ? where : e.Source.Position + "/" + where;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
