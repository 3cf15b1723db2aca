using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using HealthFinance.Canonical.Serialization;
using HealthFinance.Erp;
using HealthFinance.Idempotency;
using HealthFinance.Idempotency.DeadLetters;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Mapping.Posting;
using HealthFinance.Mapping.Rules;
using HealthFinance.Sync.Delivery;
using HealthFinance.Sync.Inputs;
using HealthFinance.Sync.Processing;
using HealthFinance.Sync.Telemetry;
using HealthFinance.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HealthFinance.Sync;

/// <summary>
/// The sync pipeline: detect format → parse (streaming) → validate → idempotency → claim lifecycle (park what waits,
/// release it when its event arrives) → posting rules → pre-posting validation → outbox → ERP adapter →
/// acknowledgment → reconciliation. Every input unit ends posted, skipped as a duplicate, quarantined or
/// dead-lettered with a reason and a replay handle, or parked until what it waits for arrives.
/// </summary>
/// <remarks>
/// <para><b>Stages.</b> A reader stage streams the inputs one after the other into a bounded channel
/// (<see cref="SyncOptions.ReadAhead"/> units: backpressure). A processing stage takes the units in order and handles
/// up to <see cref="SyncOptions.MaxUnitsPerTransaction"/> of them in one state transaction: their idempotency keys,
/// claim lifecycle steps, parked and released items, dead letters and outbox messages commit together or not at
/// all, so a crash at any point loses nothing and repeats nothing. A delivery stage drains the outbox to the ERP
/// adapter at the same time; an ERP outage delays deliveries (retried with exponential delay) while reading and
/// processing go on.</para>
/// <para><b>Isolation and order.</b> Units are processed one at a time in input order, so the events of one claim
/// keep their order; a unit whose processing throws is rolled back and dead-lettered alone (the other units of its
/// batch are processed again without it).</para>
/// <para><b>Reversals.</b> A reversal mirrors the journal of the payment it reverses, which the pipeline keeps in
/// memory: inputs seen before (duplicates) are replayed into that memory, so a run repeated after a crash posts
/// what an uninterrupted run would have. A reversal whose original has not been seen is parked until it is.</para>
/// <para>One pipeline instance runs one <see cref="RunAsync"/> at a time.</para>
/// </remarks>
public sealed class SyncPipeline : IDisposable
{
    private readonly IReadOnlyList<IInputFormat> _formats;
    private readonly IStateStore _state;
    private readonly SyncOptions _options;
    private readonly SyncTelemetry _telemetry;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly UnitProcessor _processor;
    private readonly OutboxDeliverer _deliverer;
    private readonly OutboxJournalHandoff _handoff = new();
    private readonly SemaphoreSlim _running = new(1, 1);
    private bool _migrated;

    /// <summary>Creates the pipeline.</summary>
    /// <param name="formats">The input formats, tried in order to detect an input's format.</param>
    /// <param name="rules">The posting rules.</param>
    /// <param name="state">The state store.</param>
    /// <param name="adapter">The ERP adapter.</param>
    /// <param name="options">The pipeline options; <see langword="null"/> for the defaults.</param>
    /// <param name="posterOptions">Retry options of the <see cref="ErpPoster"/> around the adapter; <see langword="null"/> for the defaults.</param>
    /// <param name="telemetry">The instruments; <see langword="null"/> for instruments on a meter of their own.</param>
    /// <param name="timeProvider">The clock; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">The loggers; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException">A required argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public SyncPipeline(
        IEnumerable<IInputFormat> formats,
        RuleSetCatalog rules,
        IStateStore state,
        IErpAdapter adapter,
        SyncOptions? options = null,
        ErpPosterOptions? posterOptions = null,
        SyncTelemetry? telemetry = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(formats);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(adapter);
        _options = options ?? new SyncOptions();
        var errors = _options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid SyncOptions: " + string.Join(" ", errors), nameof(options));
        }

        _formats = [.. formats];
        _state = state;
        _telemetry = telemetry ?? new SyncTelemetry();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("HealthFinance.Sync");
        _processor = new UnitProcessor(new PostingEngine(rules), new PostingValidator(rules), _options, _telemetry, _timeProvider, _logger);
        _deliverer = new OutboxDeliverer(state, new ErpPoster(adapter, posterOptions, _timeProvider), _options, _telemetry, _timeProvider, _logger) { Handoff = _handoff };
    }

    /// <summary>The built-in input formats: X12, HL7 v2, FHIR R4 JSON, payment feeds (CSV, JSON, NDJSON).</summary>
    public static IReadOnlyList<IInputFormat> BuiltInFormats { get; } = [new X12InputFormat(), new Hl7v2InputFormat(), new FhirInputFormat(), new PaymentFeedInputFormat()];

    /// <summary>The deliverer that drains the outbox (used by the hosted worker between runs).</summary>
    public OutboxDeliverer Deliverer => _deliverer;

    /// <summary>Processes inputs end to end and delivers their journals.</summary>
    /// <param name="inputs">The inputs, processed in order.</param>
    /// <param name="progress">Receives the report as it grows (about every 100 ms); <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels the run; what was committed stays committed, the rest is processed by the next run.</param>
    /// <returns>The run's totals.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> is <see langword="null"/>.</exception>
    public async Task<SyncRunReport> RunAsync(IEnumerable<SyncInput> inputs, IProgress<SyncRunReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        await _running.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await MigrateAsync(cancellationToken).ConfigureAwait(false);
            var started = Stopwatch.GetTimestamp();
            var report = new SyncRunReport();
            var channel = Channel.CreateBounded<UnitProcessor.Work>(new BoundedChannelOptions(_options.ReadAhead) { SingleReader = true, SingleWriter = true });
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var committed = new SemaphoreSlim(0);
            var reading = Task.Run(() => ReadAllAsync(inputs, channel.Writer, stop.Token), stop.Token);
            var processingDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var delivering = Task.Run(() => DeliverLoopAsync(report, processingDone.Task, committed, stop.Token), stop.Token);
            using var ticker = progress is null ? null : new Timer(_ => progress.Report(report), null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
            try
            {
                await ProcessAllAsync(channel.Reader, report, committed, stop.Token).ConfigureAwait(false);
                await reading.ConfigureAwait(false);
            }
            catch
            {
                await stop.CancelAsync().ConfigureAwait(false);
                throw;
            }
            finally
            {
                processingDone.TrySetResult();
                committed.Release();
            }

            await delivering.ConfigureAwait(false);
            var expired = await _state.Parking.ExpireAsync(cancellationToken).ConfigureAwait(false);
            if (expired > 0)
            {
                report.AddDeadLettered(expired);
                _telemetry.DeadLettered.Add(expired, new KeyValuePair<string, object?>("healthfinance.reason", "parking-expired"));
                Log.Expired(_logger, expired);
            }

            report.PendingMessages = await _state.Outbox.CountAsync(Idempotency.Outbox.OutboxStatus.Pending, cancellationToken).ConfigureAwait(false);
            if (report.PendingMessages > 0)
            {
                Log.Pending(_logger, SyncDiagnosticCodes.DeliveryPending, report.PendingMessages);
            }

            report.Elapsed = Stopwatch.GetElapsedTime(started);
            progress?.Report(report);
            return report;
        }
        finally
        {
            _handoff.Clear();
            _running.Release();
        }
    }

    /// <summary>
    /// Replays a dead letter: a quarantined event is processed again with the current rules; a unit that could not
    /// be read is read again from its input file; a journal the ERP rejected is delivered again. On success the dead
    /// letter is closed as replayed; on failure it stays open with one more attempt.
    /// </summary>
    /// <param name="id">The dead-letter id (<c>dl-…</c>).</param>
    /// <param name="cancellationToken">Cancels the replay.</param>
    /// <returns>The outcome and the run's totals (what the replay posted).</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty.</exception>
    public async Task<(ReplayOutcome Outcome, SyncRunReport Report)> ReplayAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        await _running.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await MigrateAsync(cancellationToken).ConfigureAwait(false);
            var report = new SyncRunReport();
            var replayer = new DeadLetterReplayer(_state.DeadLetters);
            var outcome = await replayer.ReplayAsync(id, (letter, payload, ct) => ReplayOneAsync(letter, payload, report, ct), cancellationToken).ConfigureAwait(false);
            if (outcome == ReplayOutcome.Replayed)
            {
                await DrainAsync(report, cancellationToken).ConfigureAwait(false);
            }

            report.PendingMessages = await _state.Outbox.CountAsync(Idempotency.Outbox.OutboxStatus.Pending, cancellationToken).ConfigureAwait(false);
            return (outcome, report);
        }
        finally
        {
            _handoff.Clear();
            _running.Release();
        }
    }

    /// <summary>Delivers what waits in the outbox until it is empty, the drain timeout passes, or the token is cancelled.</summary>
    /// <param name="report">Receives the delivered counts.</param>
    /// <param name="cancellationToken">Cancels the drain.</param>
    /// <returns>A task that completes when the drain ends.</returns>
    public async Task DrainAsync(SyncRunReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var done = Task.CompletedTask;
        using var never = new SemaphoreSlim(0);
        await DeliverLoopAsync(report, done, never, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _running.Dispose();
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (!_migrated)
        {
            await _state.MigrateAsync(cancellationToken).ConfigureAwait(false);
            _migrated = true;
        }
    }

    private async Task ReadAllAsync(IEnumerable<SyncInput> inputs, ChannelWriter<UnitProcessor.Work> writer, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var input in inputs)
            {
                await ReadInputAsync(input, writer, null, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            writer.TryComplete();
        }
    }

    // Reads one input into the channel; with onlyUnit, only that unit (a replay).
    private async Task ReadInputAsync(SyncInput input, ChannelWriter<UnitProcessor.Work> writer, string? onlyUnit, CancellationToken cancellationToken)
    {
        Stream? stream = null;
        var units = 0;
        try
        {
            var (format, detected) = await InputFormatDetector.DetectAsync(input.Open(), _formats, cancellationToken).ConfigureAwait(false);
            stream = detected;
            if (format is null)
            {
                await writer.WriteAsync(new UnitProcessor.Work(Unreadable(input, SyncDiagnosticCodes.UnknownFormat, "The input is in no format the pipeline reads (X12, HL7 v2, FHIR JSON, payment feed)."), input, Stopwatch.GetTimestamp()), cancellationToken).ConfigureAwait(false);
                return;
            }

            Log.InputStarted(_logger, input.Name, format.Name);
            await foreach (var unit in format.ReadAsync(stream, input.Name, cancellationToken).ConfigureAwait(false))
            {
                units++;
                if (onlyUnit is null || unit.Key.Value == onlyUnit)
                {
                    await writer.WriteAsync(new UnitProcessor.Work(unit, input, Stopwatch.GetTimestamp()), cancellationToken).ConfigureAwait(false);
                }
            }

            if (units == 0 && onlyUnit is null)
            {
                await writer.WriteAsync(new UnitProcessor.Work(Unreadable(input, SyncDiagnosticCodes.UnitUnreadable, "The input holds no transaction, message or record."), input, Stopwatch.GetTimestamp()), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The units read so far are processed; the input itself is dead-lettered so it can be replayed from its path.
            await writer.WriteAsync(new UnitProcessor.Work(Unreadable(input, SyncDiagnosticCodes.InputUnreadable, $"The input could not be read to its end after {units} units ({ex.GetType().Name})."), input, Stopwatch.GetTimestamp()), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static InputUnit Unreadable(SyncInput input, string code, string message) => new()
    {
        SourceName = input.Name,
        Format = "unknown",
        Label = "input",
        Key = IdempotencyKey.Derive("unit", "input", input.Path ?? input.Name, code),
        Events = [],
        Diagnostics = [new Canonical.Diagnostics.Diagnostic(code, Canonical.Diagnostics.DiagnosticSeverity.Error, message, new Canonical.Diagnostics.SourceLocation { Path = input.Name }, isRecoverable: false)],
    };

    private async Task ProcessAllAsync(ChannelReader<UnitProcessor.Work> reader, SyncRunReport report, SemaphoreSlim committed, CancellationToken cancellationToken)
    {
        var batch = new List<UnitProcessor.Work>(_options.MaxUnitsPerTransaction);
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var events = 0;
            while (batch.Count < _options.MaxUnitsPerTransaction && events < _options.MaxEventsPerTransaction && reader.TryRead(out var work))
            {
                batch.Add(work);
                events += Math.Max(1, work.Unit.Events.Count);
            }

            await ProcessBatchAsync(batch, report, cancellationToken).ConfigureAwait(false);
            batch.Clear();
            committed.Release();
        }
    }

    private async Task ProcessBatchAsync(List<UnitProcessor.Work> batch, SyncRunReport report, CancellationToken cancellationToken)
    {
        if (await TryCommitAsync(batch, report, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        // Something in the batch failed: process each unit alone, and dead-letter the ones that fail alone.
        foreach (var work in batch)
        {
            if (batch.Count > 1 && await TryCommitAsync([work], report, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var tx = await _state.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            DeadLetter letter;
            await using (tx.ConfigureAwait(false))
            {
                letter = await UnitProcessor.DeadLetterUnitAsync(tx, work.Unit, work.Input, SyncDiagnosticCodes.ProcessingFailed, "Processing the unit failed unexpectedly; replay it once the cause is fixed.", cancellationToken).ConfigureAwait(false);
                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            report.AddReceived(Math.Max(1, work.Unit.Events.Count));
            report.AddDeadLettered(Math.Max(1, work.Unit.Events.Count));
            _telemetry.DeadLettered.Add(1, new KeyValuePair<string, object?>("healthfinance.reason", "processing-failed"));
            Log.ProcessingFailed(_logger, SyncDiagnosticCodes.ProcessingFailed, work.Unit.Format, work.Unit.Label, work.Unit.SourceName, "exception", letter.Id);
        }
    }

    private async Task<bool> TryCommitAsync(List<UnitProcessor.Work> batch, SyncRunReport report, CancellationToken cancellationToken)
    {
        var scratch = new SyncRunReport();
        try
        {
            var tx = await _state.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (tx.ConfigureAwait(false))
            {
                await _processor.ProcessAsync(tx, batch, scratch, cancellationToken).ConfigureAwait(false);
                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            _processor.Committed(_handoff);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !cancellationToken.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            _processor.Discard();
            Log.BatchFailed(_logger, batch.Count, ex);
            return false;
        }

        report.Merge(scratch);
        return true;
    }

    private async Task DeliverLoopAsync(SyncRunReport report, Task processingDone, SemaphoreSlim committed, CancellationToken cancellationToken)
    {
        DateTimeOffset? drainUntil = null;
        var idle = TimeSpan.FromMilliseconds(20);
        while (!cancellationToken.IsCancellationRequested)
        {
            var leased = await _deliverer.DeliverOnceAsync(report, cancellationToken).ConfigureAwait(false);
            if (leased > 0)
            {
                idle = TimeSpan.FromMilliseconds(20);
                continue;
            }

            if (processingDone.IsCompleted)
            {
                drainUntil ??= _timeProvider.GetUtcNow() + _options.DrainTimeout;
                var pending = await _state.Outbox.CountAsync(Idempotency.Outbox.OutboxStatus.Pending, cancellationToken).ConfigureAwait(false);
                if (pending == 0 || _timeProvider.GetUtcNow() >= drainUntil)
                {
                    return;
                }
            }

            // Nothing due: wait for the next commit, or poll for retries and leases that expire.
            await committed.WaitAsync(idle, cancellationToken).ConfigureAwait(false);
            idle = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMilliseconds(500).Ticks, idle.Ticks * 2));
        }
    }

    private async ValueTask<bool> ReplayOneAsync(DeadLetter letter, ReadOnlyMemory<byte> payload, SyncRunReport report, CancellationToken cancellationToken)
    {
        switch (letter.PayloadType)
        {
            case UnitProcessor.EventPayloadType:
            {
                var e = CanonicalJson.Deserialize(payload.Span);
                var scratch = new SyncRunReport();
                var tx = await _state.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (tx.ConfigureAwait(false))
                {
                    // A replay that is quarantined again re-adds the dead letter (one more attempt) in the same transaction.
                    var ok = await _processor.ReplayEventAsync(tx, e, letter.Context.SourceName ?? "replay", scratch, cancellationToken).ConfigureAwait(false);
                    await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                    _processor.Committed(_handoff);
                    report.Merge(scratch);
                    return ok;
                }
            }

            case UnitProcessor.SourceReferencePayloadType:
            {
                var reference = JsonDocument.Parse(payload).RootElement;
                var path = reference.TryGetProperty("path", out var p) ? p.GetString() : null;
                if (path is null || !File.Exists(path))
                {
                    await CountAttemptAsync(letter, payload, "The input file is no longer at its recorded path.", cancellationToken).ConfigureAwait(false);
                    return false;
                }

                var channel = Channel.CreateUnbounded<UnitProcessor.Work>();
                var unitKey = letter.InputKey.Value;
                var wholeInput = reference.GetProperty("format").GetString() == "unknown";
                await ReadInputAsync(SyncInput.FromFile(path), channel.Writer, wholeInput ? null : unitKey, cancellationToken).ConfigureAwait(false);
                channel.Writer.TryComplete();
                var scratch = new SyncRunReport();
                var batch = new List<UnitProcessor.Work>();
                await foreach (var work in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (work.Unit.HasErrors && work.Unit.Events.Count == 0)
                    {
                        await CountAttemptAsync(letter, payload, "The unit still cannot be read: " + UnitProcessor.Codes(work.Unit.Diagnostics) + ".", cancellationToken).ConfigureAwait(false);
                        return false;
                    }

                    batch.Add(work);
                }

                if (batch.Count == 0)
                {
                    await CountAttemptAsync(letter, payload, "The unit is no longer in its input file.", cancellationToken).ConfigureAwait(false);
                    return false;
                }

                var tx = await _state.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (tx.ConfigureAwait(false))
                {
                    await _processor.ProcessAsync(tx, batch, scratch, cancellationToken).ConfigureAwait(false);
                    await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                }

                _processor.Committed(_handoff);

                report.Merge(scratch);
                return true;
            }

            case "journal+json":
            {
                var journal = (Canonical.Events.JournalEntry)CanonicalJson.Deserialize(payload.Span);
                var key = IdempotencyKey.Derive("replay-journal", journal.IdempotencyKey, letter.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture));
                var header = new OutboxHeader([key.Value], 1, 1, Activity.Current?.Id is { } activity ? [activity] : [], _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
                await _state.Outbox.EnqueueAsync(new Idempotency.Outbox.OutboxMessage(OutboxHeader.MessageKey(key, 1), _options.Destination, UnitProcessor.OutboxPayloadType, OutboxHeader.Write(header, [journal])), cancellationToken).ConfigureAwait(false);
                return true;
            }

            default:
                await CountAttemptAsync(letter, payload, $"This version cannot replay a {letter.PayloadType} payload.", cancellationToken).ConfigureAwait(false);
                return false;
        }
    }

    private async Task CountAttemptAsync(DeadLetter letter, ReadOnlyMemory<byte> payload, string reason, CancellationToken cancellationToken)
        => await _state.DeadLetters.AddAsync(new DeadLetterRequest(letter.InputKey, letter.EventType, reason, letter.FindingCodes, letter.Context, payload, letter.PayloadType), cancellationToken).ConfigureAwait(false);
}
