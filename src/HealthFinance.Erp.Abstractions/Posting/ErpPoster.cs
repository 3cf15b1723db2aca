using System.Globalization;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Erp;

/// <summary>
/// Drives an <see cref="IErpAdapter"/> so that a journal never posts twice: splits journals to the adapter's line
/// limit, batches them to its batch limit, paces calls to its rate limit, and after a transient or ambiguous failure
/// looks each unacknowledged journal up before resubmitting it. Converts the outcome to canonical
/// <see cref="PostingAcknowledged"/> events.
/// </summary>
/// <remarks>
/// <para>Each round submits the journals that are still open. After a round in which a journal failed:</para>
/// <list type="bullet">
/// <item>If the adapter supports lookup, the journal is looked up first: found means posted (nothing is resubmitted),
/// not found means it is resubmitted in the next round.</item>
/// <item>If it cannot be looked up, a journal whose failure was ambiguous (the ERP may have committed) is resubmitted
/// only when the ERP deduplicates by our key (<see cref="ErpCapabilities.NativeIdempotency"/>); otherwise it is
/// reported <see cref="ErpPartStatus.InDoubt"/> (<see cref="ErpErrorCodes.OutcomeInDoubt"/>) and left for
/// reconciliation. A journal whose failure was unambiguous is resubmitted.</item>
/// </list>
/// <para>Permanent failures are not retried. Backoff between rounds comes from <see cref="ErpPosterOptions"/>;
/// an HTTP adapter adds its own resilience pipeline inside each call. The poster is thread-safe; the rate limit
/// is shared by all its callers.</para>
/// </remarks>
public sealed class ErpPoster
{
    private readonly IErpAdapter _adapter;
    private readonly ErpPosterOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _pace = new();
    private long _nextCallTimestamp;

    /// <summary>Creates a poster.</summary>
    /// <param name="adapter">The adapter to drive.</param>
    /// <param name="options">The retry options; <see langword="null"/> for the defaults.</param>
    /// <param name="timeProvider">The clock for waits and acknowledgment times; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="adapter"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public ErpPoster(IErpAdapter adapter, ErpPosterOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        options ??= new ErpPosterOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid ErpPosterOptions: " + string.Join(" ", errors), nameof(options));
        }

        _adapter = adapter;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The adapter driven.</summary>
    public IErpAdapter Adapter => _adapter;

    /// <summary>Posts one journal.</summary>
    /// <param name="journal">The balanced journal.</param>
    /// <param name="cancellationToken">Cancels posting; journals in flight are then of unknown outcome (resume with <see cref="ErpPosterOptions.LookupBeforeFirstAttempt"/>).</param>
    /// <returns>The journal's outcome.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="journal"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException">Posting was cancelled.</exception>
    public async Task<ErpJournalOutcome> PostAsync(JournalEntry journal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(journal);
        var report = await PostAsync([journal], cancellationToken).ConfigureAwait(false);
        return report.Journals[0];
    }

    /// <summary>Posts journals: split, batched, paced, retried and looked up as the adapter's capabilities require.</summary>
    /// <param name="journals">The balanced journals; a key given twice posts once and both get the same outcome.</param>
    /// <param name="cancellationToken">Cancels posting; journals in flight are then of unknown outcome (resume with <see cref="ErpPosterOptions.LookupBeforeFirstAttempt"/>).</param>
    /// <returns>One outcome per journal, in input order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="journals"/> or an item is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException">Posting was cancelled.</exception>
    public Task<ErpPostingReport> PostAsync(IEnumerable<JournalEntry> journals, CancellationToken cancellationToken = default)
        => PostAsync(journals, _options.LookupBeforeFirstAttempt, cancellationToken);

    /// <summary>
    /// Posts journals that an earlier call may already have posted (a delivery attempted before, a process that stopped
    /// mid-call): each one is looked up before it is first submitted, as with
    /// <see cref="ErpPosterOptions.LookupBeforeFirstAttempt"/>, so that a journal the ERP holds is reported posted and
    /// not submitted again. Without lookup, a journal goes again only to an ERP that deduplicates by key; otherwise it
    /// is reported <see cref="ErpPartStatus.InDoubt"/>.
    /// </summary>
    /// <param name="journals">The balanced journals; a key given twice posts once and both get the same outcome.</param>
    /// <param name="cancellationToken">Cancels posting; journals in flight are then of unknown outcome.</param>
    /// <returns>One outcome per journal, in input order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="journals"/> or an item is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException">Posting was cancelled.</exception>
    public Task<ErpPostingReport> ResumeAsync(IEnumerable<JournalEntry> journals, CancellationToken cancellationToken = default)
        => PostAsync(journals, lookUpFirst: true, cancellationToken);

    private async Task<ErpPostingReport> PostAsync(IEnumerable<JournalEntry> journals, bool lookUpFirst, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(journals);
        var input = journals.ToList();
        var capabilities = _adapter.Capabilities;
        var plans = new Dictionary<string, Plan>(StringComparer.Ordinal);
        var order = new List<Plan>();
        var parts = new List<PartState>();
        foreach (var journal in input)
        {
            ArgumentNullException.ThrowIfNull(journal, nameof(journals));
            if (plans.ContainsKey(journal.IdempotencyKey))
            {
                continue;
            }

            var plan = new Plan(journal);
            plans.Add(journal.IdempotencyKey, plan);
            order.Add(plan);
            try
            {
                foreach (var part in ErpJournalSplitter.Split(journal, capabilities.MaxLinesPerJournal))
                {
                    var state = new PartState(part) { InDoubt = lookUpFirst, NeedsLookup = lookUpFirst };
                    plan.Parts.Add(state);
                    parts.Add(state);
                }
            }
            catch (ErpException ex) when (ex.ErrorCode == ErpErrorCodes.JournalCannotBeSplit)
            {
                plan.Code = ex.ErrorCode;
                plan.Reason = ex.Message;
            }
        }

        for (var start = 0; start < parts.Count; start += capabilities.MaxJournalsPerBatch)
        {
            var batch = parts.GetRange(start, Math.Min(capabilities.MaxJournalsPerBatch, parts.Count - start));
            await PostBatchAsync(batch, capabilities, cancellationToken).ConfigureAwait(false);
        }

        var outcomes = order.ToDictionary(p => p.Journal.IdempotencyKey, Complete, StringComparer.Ordinal);
        return new ErpPostingReport(input.Select(j => outcomes[j.IdempotencyKey]).ToList());
    }

    private async Task PostBatchAsync(List<PartState> batch, ErpCapabilities capabilities, CancellationToken cancellationToken)
    {
        for (var round = 1; round <= _options.MaxAttempts; round++)
        {
            var ready = new List<PartState>();
            foreach (var part in batch.Where(p => p.Final is null))
            {
                if (await ResolveAsync(part, capabilities, cancellationToken).ConfigureAwait(false))
                {
                    ready.Add(part);
                }
            }

            if (ready.Count > 0)
            {
                await SubmitAsync(ready, capabilities, cancellationToken).ConfigureAwait(false);
            }

            if (batch.All(p => p.Final is not null))
            {
                return;
            }

            if (round < _options.MaxAttempts)
            {
                var wait = _options.DelayAfter(round);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        foreach (var part in batch.Where(p => p.Final is null))
        {
            part.Final = part.InDoubt
                ? ErpPartStatus.InDoubt
                : ErpPartStatus.Failed;
            var last = string.Create(CultureInfo.InvariantCulture, $"{(part.InDoubt ? "Outcome still unknown" : "Still failing")} after {_options.MaxAttempts} rounds; last failure: {part.LastCode ?? "none"} {part.Reason}");
            part.Reason = last.TrimEnd();
            part.Code = part.InDoubt ? ErpErrorCodes.OutcomeInDoubt : ErpErrorCodes.AttemptsExhausted;
        }
    }

    // Decides whether an open part may be submitted this round; looks it up first when it failed before.
    private async Task<bool> ResolveAsync(PartState part, ErpCapabilities capabilities, CancellationToken cancellationToken)
    {
        if (!part.NeedsLookup)
        {
            return true;
        }

        if (!capabilities.SupportsLookup)
        {
            return CannotLookUp(part, capabilities, "The adapter cannot look postings up.");
        }

        ErpLookupResult result;
        try
        {
            await PaceAsync(capabilities, cancellationToken).ConfigureAwait(false);
            result = await _adapter.LookupAsync(part.Journal.IdempotencyKey, cancellationToken).ConfigureAwait(false)
                ?? throw new ErpException(ErpErrorCodes.AcknowledgmentMismatch, $"Adapter '{_adapter.Name}' returned no lookup result.", isTransient: false);
        }
        catch (ErpException ex) when (ex.IsTransient)
        {
            part.LastCode = ex.ErrorCode;
            part.Reason = ex.Message;
            return false;
        }
        catch (ErpException ex)
        {
            part.Final = part.InDoubt ? ErpPartStatus.InDoubt : ErpPartStatus.Failed;
            part.Code = ex.ErrorCode;
            part.Reason = "The lookup failed: " + ex.Message;
            return false;
        }

        switch (result.Status)
        {
            case ErpLookupStatus.Found:
                part.Final = ErpPartStatus.Posted;
                part.DocumentId = result.DocumentId;
                part.FoundByLookup = true;
                part.Code = null;
                part.Reason = null;
                return false;
            case ErpLookupStatus.NotFound:
                part.InDoubt = false;
                part.NeedsLookup = false;
                return true;
            default:
                return CannotLookUp(part, capabilities, "The adapter answered that it cannot look postings up.");
        }
    }

    private static bool CannotLookUp(PartState part, ErpCapabilities capabilities, string why)
    {
        if (part.InDoubt && !capabilities.NativeIdempotency)
        {
            part.Final = ErpPartStatus.InDoubt;
            part.Code = ErpErrorCodes.OutcomeInDoubt;
            part.Reason = $"{why} The last submission failed ambiguously ({part.LastCode ?? "no code"}) and the ERP does not deduplicate by key, so it is not resubmitted; reconcile it with the ERP.";
            return false;
        }

        part.NeedsLookup = false;
        return true;
    }

    private async Task SubmitAsync(List<PartState> ready, ErpCapabilities capabilities, CancellationToken cancellationToken)
    {
        foreach (var part in ready)
        {
            part.Submissions++;
        }

        IReadOnlyList<ErpAcknowledgment>? acknowledgments;
        try
        {
            await PaceAsync(capabilities, cancellationToken).ConfigureAwait(false);
            acknowledgments = await _adapter.PostAsync(new ErpBatch(ready.Select(p => p.Journal)), cancellationToken).ConfigureAwait(false);
        }
        catch (ErpException ex) when (ex.IsTransient)
        {
            foreach (var part in ready)
            {
                Failed(part, ex.ErrorCode, ex.Message, ex.IsAmbiguous, capabilities);
            }

            return;
        }
        catch (ErpException ex)
        {
            foreach (var part in ready)
            {
                part.Final = ErpPartStatus.Failed;
                part.Code = ex.ErrorCode;
                part.Reason = ex.Message;
            }

            return;
        }

        var byKey = ready.ToDictionary(p => p.Journal.IdempotencyKey, StringComparer.Ordinal);
        var answered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ack in acknowledgments ?? [])
        {
            if (ack is null || !byKey.TryGetValue(ack.IdempotencyKey, out var part) || !answered.Add(ack.IdempotencyKey))
            {
                continue;
            }

            switch (ack.Status)
            {
                case ErpAcknowledgmentStatus.Accepted:
                    part.Final = ErpPartStatus.Posted;
                    part.DocumentId = ack.DocumentId;
                    part.IsDuplicate = ack.IsDuplicate;
                    part.Code = null;
                    part.Reason = null;
                    break;
                case ErpAcknowledgmentStatus.Rejected:
                    part.Final = ErpPartStatus.Rejected;
                    part.Code = ack.Code;
                    part.Reason = ack.Reason;
                    break;
                default:
                    Failed(part, ack.Code, ack.Reason, ambiguous: false, capabilities);
                    break;
            }
        }

        // A journal the adapter did not answer for may or may not be posted: treat it as an ambiguous failure.
        foreach (var part in ready.Where(p => !answered.Contains(p.Journal.IdempotencyKey)))
        {
            Failed(part, ErpErrorCodes.AcknowledgmentMismatch, $"Adapter '{_adapter.Name}' returned no acknowledgment for the journal.", ambiguous: true, capabilities);
        }
    }

    private static void Failed(PartState part, string? code, string? reason, bool ambiguous, ErpCapabilities capabilities)
    {
        part.LastCode = code;
        part.Code = code;
        part.Reason = reason;
        part.InDoubt |= ambiguous;
        part.NeedsLookup = part.InDoubt || capabilities.SupportsLookup;
    }

    // Reserves the next call slot under the adapter's rate limit and waits for it.
    private async Task PaceAsync(ErpCapabilities capabilities, CancellationToken cancellationToken)
    {
        if (capabilities.MaxRequestsPerSecond is not { } rate)
        {
            return;
        }

        var interval = (long)(_timeProvider.TimestampFrequency / rate);
        long wait;
        lock (_pace)
        {
            var now = _timeProvider.GetTimestamp();
            var slot = Math.Max(now, _nextCallTimestamp);
            _nextCallTimestamp = slot + interval;
            wait = slot - now;
        }

        if (wait > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds((double)wait / _timeProvider.TimestampFrequency), _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private ErpJournalOutcome Complete(Plan plan)
    {
        var parts = plan.Parts.Select(p => new ErpPartOutcome
        {
            Journal = p.Journal,
            Status = p.Final ?? ErpPartStatus.Failed,
            DocumentId = p.DocumentId,
            Code = p.Code,
            Reason = p.Reason,
            Submissions = p.Submissions,
            FoundByLookup = p.FoundByLookup,
            IsDuplicate = p.IsDuplicate,
        }).ToList();
        var status = parts.Count == 0 ? ErpJournalStatus.Rejected
            : parts.Any(p => p.Status == ErpPartStatus.InDoubt) ? ErpJournalStatus.InDoubt
            : parts.Any(p => p.Status == ErpPartStatus.Failed) ? ErpJournalStatus.Failed
            : parts.All(p => p.Status == ErpPartStatus.Posted) ? ErpJournalStatus.Posted
            : parts.All(p => p.Status == ErpPartStatus.Rejected) ? ErpJournalStatus.Rejected
            : ErpJournalStatus.PartiallyPosted;
        return new ErpJournalOutcome
        {
            Journal = plan.Journal,
            Status = status,
            Parts = parts,
            Code = plan.Code,
            Reason = plan.Reason,
            Acknowledgment = status is ErpJournalStatus.Posted or ErpJournalStatus.Rejected or ErpJournalStatus.PartiallyPosted
                ? Acknowledge(plan, status, parts)
                : null,
        };
    }

    private PostingAcknowledged Acknowledge(Plan plan, ErpJournalStatus status, List<ErpPartOutcome> parts)
    {
        var journal = plan.Journal;
        var messages = new List<PostingMessage>();
        if (plan.Code is not null)
        {
            messages.Add(new PostingMessage { Severity = DiagnosticSeverity.Error, Code = plan.Code, Text = plan.Reason ?? plan.Code });
        }

        foreach (var part in parts)
        {
            var name = part.Journal.IsPart
                ? string.Create(CultureInfo.InvariantCulture, $"Part {part.Journal.PartNumber}/{part.Journal.PartCount} (lines {part.Journal.FirstLineIndex + 1}-{part.Journal.FirstLineIndex + part.Journal.Entry.Lines.Count})")
                : "Journal";
            messages.Add(part.Status == ErpPartStatus.Posted
                ? new PostingMessage
                {
                    Severity = DiagnosticSeverity.Information,
                    Text = $"{name} {(part.IsDuplicate || part.FoundByLookup ? "was already posted" : "posted")} as {part.DocumentId} in {_adapter.Name}.",
                }
                : new PostingMessage
                {
                    Severity = DiagnosticSeverity.Error,
                    Code = part.Code,
                    Text = $"{name} rejected by {_adapter.Name}: {part.Reason ?? "no reason given"}",
                });
        }

        var documents = parts.Where(p => p.DocumentId is not null).Select(p => p.DocumentId!).Distinct(StringComparer.Ordinal).ToList();
        return new PostingAcknowledged
        {
            EventId = "ack:" + journal.EventId,
            Source = journal.Source,
            CorrelationId = journal.CorrelationId,
            LegalEntity = journal.LegalEntity,
            ReceivedAt = _timeProvider.GetUtcNow(),
            IdempotencyKey = journal.IdempotencyKey,
            ErpDocumentId = documents.Count == 0 ? null : string.Join(",", documents),
            Status = status switch
            {
                ErpJournalStatus.Posted => PostingStatus.Accepted,
                ErpJournalStatus.Rejected => PostingStatus.Rejected,
                _ => PostingStatus.PartiallyAccepted,
            },
            Messages = messages.ToArray(),
        };
    }

    private sealed class Plan(JournalEntry journal)
    {
        public JournalEntry Journal { get; } = journal;

        public List<PartState> Parts { get; } = [];

        public string? Code { get; set; }

        public string? Reason { get; set; }
    }

    private sealed class PartState(ErpJournal journal)
    {
        public ErpJournal Journal { get; } = journal;

        public ErpPartStatus? Final { get; set; }

        public bool InDoubt { get; set; }

        public bool NeedsLookup { get; set; }

        public int Submissions { get; set; }

        public string? DocumentId { get; set; }

        public string? Code { get; set; }

        public string? LastCode { get; set; }

        public string? Reason { get; set; }

        public bool FoundByLookup { get; set; }

        public bool IsDuplicate { get; set; }
    }
}
