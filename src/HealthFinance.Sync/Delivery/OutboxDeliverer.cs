using System.Diagnostics;
using System.Globalization;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using HealthFinance.Canonical.Serialization;
using HealthFinance.Erp;
using HealthFinance.Idempotency;
using HealthFinance.Idempotency.DeadLetters;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Idempotency.Outbox;
using HealthFinance.Sync.Processing;
using HealthFinance.Sync.Telemetry;
using Microsoft.Extensions.Logging;

namespace HealthFinance.Sync.Delivery;

/// <summary>
/// Delivers outbox messages to the ERP adapter through an <see cref="ErpPoster"/>: leases due messages, posts their
/// journals, completes what the ERP acknowledged, dead-letters what it rejected, and schedules a retry (with
/// exponential delay) for what failed or is in doubt. Delivery is at least once; the adapter's idempotency (or the
/// poster's look-up before a resubmission) makes the effect exactly once.
/// </summary>
public sealed class OutboxDeliverer
{
    private readonly IStateStore _state;
    private readonly ErpPoster _poster;
    private readonly SyncOptions _options;
    private readonly SyncTelemetry _telemetry;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _workerId;

    /// <summary>Creates the deliverer.</summary>
    /// <param name="state">The state store whose outbox it drains.</param>
    /// <param name="poster">The poster over the ERP adapter.</param>
    /// <param name="options">The pipeline options (destination, lease, retry delays).</param>
    /// <param name="telemetry">The instruments.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public OutboxDeliverer(IStateStore state, ErpPoster poster, SyncOptions options, SyncTelemetry telemetry, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(poster);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _state = state;
        _poster = poster;
        _options = options;
        _telemetry = telemetry;
        _timeProvider = timeProvider;
        _logger = logger;
        _workerId = Environment.MachineName + ":" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ":" + Guid.NewGuid().ToString("N")[..8];
    }

    /// <summary>
    /// The journals of messages the pipeline of this process committed: a message found there is delivered without
    /// parsing its payload back into journals; <see langword="null"/> reads every payload.
    /// </summary>
    internal OutboxJournalHandoff? Handoff { get; init; }

    /// <summary>Leases and delivers one round of due messages.</summary>
    /// <param name="report">Receives the delivered and rejected counts.</param>
    /// <param name="cancellationToken">Cancels the round (leased messages are retried by the next worker after their lease).</param>
    /// <returns>How many messages were leased; 0 when none was due.</returns>
    public async Task<int> DeliverOnceAsync(SyncRunReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var leases = await _state.Outbox.LeaseAsync(_workerId, _options.DeliveryBatchSize, _options.DeliveryLease, _options.Destination, cancellationToken).ConfigureAwait(false);
        foreach (var lease in leases)
        {
            await DeliverAsync(lease, report, cancellationToken).ConfigureAwait(false);
        }

        return leases.Count;
    }

    private async Task DeliverAsync(OutboxLease lease, SyncRunReport report, CancellationToken cancellationToken)
    {
        var (header, journals) = Handoff is not null && Handoff.TryTake(lease.Key, out var handedHeader, out var handedJournals)
            ? (handedHeader, handedJournals)
            : OutboxHeader.Read(lease.Payload);
        var links = new List<ActivityLink>(header.Activities.Count);
        foreach (var id in header.Activities)
        {
            if (ActivityContext.TryParse(id, null, out var unit))
            {
                links.Add(new ActivityLink(unit));
            }
        }

        using var activity = SyncTelemetry.ActivitySource.StartActivity("healthfinance.erp.post", ActivityKind.Client, default(ActivityContext), links: links);
        activity?.SetTag("healthfinance.erp.adapter", _poster.Adapter.Name);
        activity?.SetTag("healthfinance.journals", journals.Count);
        activity?.SetTag("healthfinance.attempt", lease.Attempt);

        var started = Stopwatch.GetTimestamp();
        ErpPostingReport posting;
        try
        {
            // A message leased before may have been posted in part (or whole, by a process that stopped before completing
            // it): its journals are looked up before they go again, so an ERP that does not deduplicate gets none twice.
            posting = lease.Attempt > 1
                ? await _poster.ResumeAsync(journals, cancellationToken).ConfigureAwait(false)
                : await _poster.PostAsync(journals, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ErpException or HttpRequestException or IOException or TimeoutException)
        {
            var code = ex is ErpException erp ? erp.ErrorCode : ex.GetType().Name;
            _telemetry.ErpCallDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, Outcome("error"));
            activity?.SetStatus(ActivityStatusCode.Error, code);
            await RetryAsync(lease, journals, code + ": the delivery failed", report, cancellationToken).ConfigureAwait(false);
            return;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var posted = posting.Journals.Where(static j => j.Status == ErpJournalStatus.Posted).ToList();
        var rejected = posting.Journals.Where(static j => j.Status is ErpJournalStatus.Rejected or ErpJournalStatus.PartiallyPosted).ToList();
        var open = posting.Journals.Where(static j => j.Status is ErpJournalStatus.Failed or ErpJournalStatus.InDoubt).ToList();
        _telemetry.ErpCallDuration.Record(elapsed.TotalSeconds, Outcome(open.Count == 0 ? "posted" : "partial"));

        foreach (var journal in rejected)
        {
            await DeadLetterJournalAsync(journal.Journal, SyncDiagnosticCodes.ErpRejected, $"The ERP rejected the journal: {journal.Code} ({journal.Reason}).", journal.Code, cancellationToken).ConfigureAwait(false);
            report.AddDeadLettered();
            _telemetry.DeadLettered.Add(1, new KeyValuePair<string, object?>("healthfinance.reason", "erp-rejected"));
        }

        var delivered = report.AddDelivered(lease.Key.Value, posted.Select(static j => j.Journal.IdempotencyKey), rejected.Count, messageFinished: open.Count == 0);
        _telemetry.JournalsPosted.Add(delivered, Outcome("posted"));
        var latency = (_timeProvider.GetUtcNow().ToUnixTimeMilliseconds() - header.EnqueuedAtMs) / 1000.0;
        if (posted.Count > 0)
        {
            _telemetry.PostingLatency.Record(Math.Max(0, latency));
        }

        if (open.Count == 0)
        {
            await _state.Outbox.CompleteAsync(lease, string.Join(" ", posted.SelectMany(static j => j.Parts).Select(static p => p.DocumentId).OfType<string>().Take(8)), cancellationToken).ConfigureAwait(false);
            await MarkInputPostedAsync(header, cancellationToken).ConfigureAwait(false);
            Log.Delivered(_logger, posted.Count, _poster.Adapter.Name, (long)elapsed.TotalMilliseconds, rejected.Count);
            activity?.SetTag("healthfinance.erp.outcome", "posted");
            return;
        }

        // The next attempt looks the journals up before submitting them again: only the open ones remain at stake.
        activity?.SetStatus(ActivityStatusCode.Error, open[0].Code);
        await RetryAsync(lease, open.Select(static j => j.Journal).ToList(), $"{open[0].Code}: {open.Count} journals not posted ({open[0].Status})", report, cancellationToken).ConfigureAwait(false);
    }

    private async Task RetryAsync(OutboxLease lease, IReadOnlyList<JournalEntry> open, string reason, SyncRunReport report, CancellationToken cancellationToken)
    {
        if (_options.MaxDeliveryAttempts is { } max && lease.Attempt >= max)
        {
            foreach (var journal in open)
            {
                await DeadLetterJournalAsync(journal, SyncDiagnosticCodes.DeliveryExhausted, $"Not delivered after {lease.Attempt.ToString(CultureInfo.InvariantCulture)} attempts: {reason}.", null, cancellationToken).ConfigureAwait(false);
                report.AddDeadLettered();
                _telemetry.DeadLettered.Add(1, new KeyValuePair<string, object?>("healthfinance.reason", "delivery-exhausted"));
            }

            await _state.Outbox.FailAsync(lease, reason, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        var delay = TimeSpan.FromTicks(Math.Min(_options.MaxDeliveryRetryDelay.Ticks, _options.DeliveryRetryDelay.Ticks * (1L << Math.Min(20, lease.Attempt - 1))));
        var retryAt = _timeProvider.GetUtcNow() + delay;
        await _state.Outbox.FailAsync(lease, reason, retryAt, cancellationToken).ConfigureAwait(false);
        Log.DeliveryRetry(_logger, _poster.Adapter.Name, reason.Split(':')[0], lease.Attempt, retryAt);
    }

    private async Task DeadLetterJournalAsync(JournalEntry journal, string code, string reason, string? erpCode, CancellationToken cancellationToken)
    {
        var codes = erpCode is null ? new[] { code } : [code, erpCode];
        var request = new DeadLetterRequest(
            IdempotencyKey.Derive("journal", journal.IdempotencyKey),
            "journal",
            reason,
            EquatableArray.Create<string>(codes),
            new BusinessContext { Amount = journal.Lines.Where(static l => l.Side == JournalSide.Debit).Select(static l => l.Amount).Aggregate(static (a, b) => a + b), Format = journal.Source.Format, SourceName = journal.Source.FileName, Position = journal.Source.Position },
            CanonicalJson.SerializeToUtf8Bytes(journal),
            "journal+json");
        var letter = await _state.DeadLetters.AddAsync(request, cancellationToken).ConfigureAwait(false);
        Log.Rejected(_logger, code, journal.EventId, erpCode ?? code, letter.Id);
    }

    // An input's outcome becomes Posted once every message of it is delivered: a shared message is its inputs' only
    // one; an input cut into parts is Posted with its last part.
    private async Task MarkInputPostedAsync(OutboxHeader header, CancellationToken cancellationToken)
    {
        if (header.Of > 1)
        {
            var input = IdempotencyKey.Parse(header.Inputs[0]);
            for (var chunk = 1; chunk <= header.Of; chunk++)
            {
                if (chunk == header.Chunk)
                {
                    continue;
                }

                var other = await _state.Outbox.GetAsync(OutboxHeader.MessageKey(input, chunk), cancellationToken).ConfigureAwait(false);
                if (other is not { Status: OutboxStatus.Delivered })
                {
                    return;
                }
            }
        }

        var tx = await _state.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (tx.ConfigureAwait(false))
        {
            foreach (var input in header.Inputs)
            {
                await tx.Idempotency.SetOutcomeAsync(IdempotencyKey.Parse(input), ProcessingStatus.Posted, "delivered", cancellationToken).ConfigureAwait(false);
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private KeyValuePair<string, object?>[] Outcome(string outcome) =>
    [
        new("healthfinance.erp.adapter", _poster.Adapter.Name),
        new("healthfinance.erp.outcome", outcome),
    ];
}
