using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Mapping.Posting;

/// <summary>One line of a journal draft: a positive amount on one side of a canonical role, with its ERP account when the chart maps it.</summary>
public sealed record PostingLine
{
    /// <summary>The 1-based line number within its journal; stable for the same input and rule version.</summary>
    public required int LineNumber { get; init; }

    /// <summary>The side of the amount.</summary>
    public required JournalSide Side { get; init; }

    /// <summary>The canonical account role.</summary>
    public required AccountRole Role { get; init; }

    /// <summary>The ERP account from the legal entity's chart of accounts (or a revenue code row), or <see langword="null"/> when no row maps it.</summary>
    public string? Account { get; init; }

    /// <summary>The amount; always positive.</summary>
    public required Money Amount { get; init; }

    /// <summary>The GL dimensions.</summary>
    public required PostingDimensions Dimensions { get; init; }

    /// <summary>The references back to the claim, account, trace number and so on.</summary>
    public PostingReferences References { get; init; } = PostingReferences.None;

    /// <summary>What the amount is (e.g. <c>CLP04</c>, <c>CO-45</c>, <c>PLB L6</c>).</summary>
    public string? Memo { get; init; }

    /// <summary>The debit amount (zero for a credit line).</summary>
    public decimal Debit => Side == JournalSide.Debit ? Amount.Amount : 0m;

    /// <summary>The credit amount (zero for a debit line).</summary>
    public decimal Credit => Side == JournalSide.Credit ? Amount.Amount : 0m;
}

/// <summary>
/// A journal produced by the posting engine, before validation. Unlike a canonical <see cref="JournalEntry"/> it may be
/// incomplete (an unmapped account, a missing dimension) so that validation can name what is missing.
/// </summary>
public sealed record JournalDraft
{
    /// <summary>The journal id: a hash of the idempotency key and the rule set version; the same for the same input and rules.</summary>
    public required string JournalId { get; init; }

    /// <summary>The idempotency key derived from the source identity (envelope ids, position, claim keys); independent of the rules.</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>The accounting date.</summary>
    public required DateOnly AccountingDate { get; init; }

    /// <summary>The legal entity, or <see langword="null"/> when it could not be resolved.</summary>
    public string? LegalEntity { get; init; }

    /// <summary>The currency of the journal.</summary>
    public required CurrencyCode Currency { get; init; }

    /// <summary>The rule set version that produced the journal.</summary>
    public required string RuleSetVersion { get; init; }

    /// <summary>The id of the canonical event the journal comes from.</summary>
    public required string SourceEventId { get; init; }

    /// <summary>Where the source event came from.</summary>
    public required SourceReference Source { get; init; }

    /// <summary>The correlation id of the source event, when it has one.</summary>
    public CorrelationId? CorrelationId { get; init; }

    /// <summary>A header description (e.g. <c>835 claim payment</c>).</summary>
    public required string Description { get; init; }

    /// <summary>The lines, in posting order.</summary>
    public required EquatableArray<PostingLine> Lines { get; init; }

    /// <summary>
    /// Converts the draft to a canonical journal entry for an ERP adapter: the journal id becomes the event id, each
    /// line keeps its order (line number = position + 1), dimensions and references.
    /// </summary>
    /// <returns>The journal entry.</returns>
    /// <exception cref="UnbalancedJournalException">Debits and credits differ for a currency and legal entity.</exception>
    /// <exception cref="CanonicalModelException">The draft has no lines.</exception>
    public JournalEntry ToJournalEntry() => new()
    {
        EventId = JournalId,
        Source = Source,
        CorrelationId = CorrelationId,
        LegalEntity = LegalEntity is null ? null : new LegalEntityId(LegalEntity),
        IdempotencyKey = IdempotencyKey,
        EntryDate = AccountingDate,
        SourceEventIds = new[] { SourceEventId },
        RuleSetVersion = RuleSetVersion,
        Description = Description,
        Lines = Lines.Select(l => new JournalLine
        {
            Side = l.Side,
            Amount = l.Amount,
            Account = l.Role,
            AccountCode = l.Account,
            Memo = l.Memo,
            Dimensions = new JournalDimensions
            {
                LegalEntity = l.Dimensions.LegalEntity is null ? null : new LegalEntityId(l.Dimensions.LegalEntity),
                Facility = l.Dimensions.Facility is null ? null : new FacilityId(l.Dimensions.Facility),
                CostCenter = l.Dimensions.CostCenter,
                ServiceLine = l.Dimensions.ServiceLine,
                Payer = l.Dimensions.Payer is null ? null : new PayerId(l.Dimensions.Payer),
                PayerClass = l.Dimensions.PayerClass,
                AdjustmentCategory = l.Dimensions.AdjustmentCategory,
                AdjustmentReason = l.Dimensions.AdjustmentReason,
                ProviderAdjustmentReason = l.Dimensions.ProviderAdjustmentReason,
            },
            References = new JournalLineReferences
            {
                ClaimId = l.References.ClaimId is null ? null : new PatientControlNumber(l.References.ClaimId),
                PayerClaimControlNumber = l.References.PayerClaimControlNumber is null ? null : new PayerClaimControlNumber(l.References.PayerClaimControlNumber),
                PatientAccount = l.References.PatientAccount is null ? null : new PatientAccountNumber(l.References.PatientAccount),
                TraceNumber = l.References.TraceNumber,
                ProviderAdjustmentReference = l.References.ProviderAdjustmentReference,
                ReversedJournalId = l.References.ReversedJournalId,
            },
        }).ToArray(),
    };
}

/// <summary>What the engine made of one canonical event: journal drafts and findings.</summary>
public sealed class PostingResult
{
    internal PostingResult(CanonicalEvent? sourceEvent, string sourceId, string? ruleSetVersion, IReadOnlyList<JournalDraft> journals, IReadOnlyList<Diagnostic> diagnostics)
    {
        Event = sourceEvent;
        SourceId = sourceId;
        RuleSetVersion = ruleSetVersion;
        Journals = journals;
        Diagnostics = diagnostics;
    }

    /// <summary>The event that was posted, or <see langword="null"/> for a <see cref="DepositMatch"/>.</summary>
    public CanonicalEvent? Event { get; }

    /// <summary>The id of what was posted: the event id, or <c>deposit:</c> + the deposit id.</summary>
    public string SourceId { get; }

    /// <summary>The rule set version used, or <see langword="null"/> when none was in force.</summary>
    public string? RuleSetVersion { get; }

    /// <summary>The journal drafts, in a stable order.</summary>
    public IReadOnlyList<JournalDraft> Journals { get; }

    /// <summary>The findings: errors (unmapped reference data) stop posting; information explains an event that posts nothing.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Whether a finding is an error.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
