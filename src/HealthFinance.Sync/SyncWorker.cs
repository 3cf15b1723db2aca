using HealthFinance.Idempotency;
using HealthFinance.Sync.Inputs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HealthFinance.Sync;

/// <summary>
/// The pipeline as a long-running hosted service: delivers the outbox as postings become due (including ones other
/// processes enqueued), expires parked items, and processes files that appear in an inbox folder, moving each to
/// the archive once it is accounted for.
/// </summary>
public sealed class SyncWorker : BackgroundService
{
    private readonly SyncPipeline _pipeline;
    private readonly IStateStore _state;
    private readonly SyncWorkerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the worker.</summary>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="state">The state store.</param>
    /// <param name="options">The worker options.</param>
    /// <param name="timeProvider">The clock; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">The logger; <see langword="null"/> for none.</param>
    public SyncWorker(SyncPipeline pipeline, IStateStore state, IOptions<SyncWorkerOptions> options, TimeProvider? timeProvider = null, ILogger<SyncWorker>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        _pipeline = pipeline;
        _state = state;
        _options = options.Value;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The totals of everything the worker did since it started.</summary>
    public SyncRunReport Totals { get; } = new();

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await _state.MigrateAsync(stoppingToken).ConfigureAwait(false);
        var nextPoll = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (_timeProvider.GetUtcNow() >= nextPoll)
                {
                    nextPoll = _timeProvider.GetUtcNow() + _options.PollInterval;
                    await ProcessInboxAsync(stoppingToken).ConfigureAwait(false);
                    await _state.Parking.ExpireAsync(stoppingToken).ConfigureAwait(false);
                }

                var leased = await _pipeline.Deliverer.DeliverOnceAsync(Totals, stoppingToken).ConfigureAwait(false);
                if (leased == 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250), stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The state store or the ERP is unavailable: everything is durable, so wait and go on.
                Telemetry.Log.WorkerRoundFailed(_logger, ex.GetType().Name);
                await Task.Delay(_options.PollInterval, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ProcessInboxAsync(CancellationToken cancellationToken)
    {
        if (_options.InboxDirectory is not { } inbox || !Directory.Exists(inbox))
        {
            return;
        }

        var archive = _options.ArchiveDirectory ?? Path.Combine(inbox, "processed");
        var files = SyncInput.FromPaths([inbox]);
        if (files.Count == 0)
        {
            return;
        }

        var report = await _pipeline.RunAsync(files, null, cancellationToken).ConfigureAwait(false);
        Totals.Merge(report);
        Directory.CreateDirectory(archive);
        foreach (var file in files)
        {
            File.Move(file.Path!, Path.Combine(archive, file.Name), overwrite: true);
        }
    }
}
