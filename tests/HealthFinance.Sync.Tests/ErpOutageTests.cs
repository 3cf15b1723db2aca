using System.Diagnostics;
using HealthFinance.Erp;
using HealthFinance.Erp.Http.Tests.Support;
using HealthFinance.Sync.Inputs;

namespace HealthFinance.Sync.Tests;

/// <summary>An ERP outage mid-run delays postings but loses none, and unrelated events keep flowing meanwhile.</summary>
public sealed class ErpOutageTests
{
    [Fact]
    public async Task AnOutageMidRun_DelaysPostings_LosesNone_AndProcessingGoesOn()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await HttpErpTestHost.StartAsync(o =>
        {
            o.MaxRetryAttempts = 1;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            o.MaxJournalsPerBatch = 4;
            o.CircuitBreakerMinimumThroughput = 1000;
        });
        var erp = host.Erp;
        using var harness = new SyncHarness();
        var state = harness.OpenState();
        var options = new SyncOptions
        {
            DeliveryBatchSize = 1,
            MaxJournalsPerMessage = 4,
            DeliveryRetryDelay = TimeSpan.FromMilliseconds(100),
            MaxDeliveryRetryDelay = TimeSpan.FromMilliseconds(400),
            DrainTimeout = TimeSpan.FromSeconds(60),
        };
        var poster = new ErpPosterOptions { MaxAttempts = 2, RetryDelay = _ => TimeSpan.FromMilliseconds(10) };
        using var pipeline = new SyncPipeline(SyncPipeline.BuiltInFormats, SyncHarness.SampleRules(), state, host.Adapter, options, poster);
        var inputs = SyncInput.FromPaths([SyncHarness.RepoPath("samples", "data")]);

        // The ERP goes down after its first postings and comes back once every input has been processed.
        var processedDuringOutage = new TaskCompletionSource<(long Received, long Accepted, int Ledger)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var expectedReceived = await CountReceivedAsync(inputs);
        var outage = Task.Run(async () =>
        {
            while (erp.Ledger.Count == 0)
            {
                await Task.Delay(5, ct);
            }

            erp.Outage = 503;
            var progress = await processedDuringOutage.Task;

            // Down until it has refused at least one delivery (or 15 s).
            var refusing = Stopwatch.StartNew();
            while (erp.Injected.GetValueOrDefault(FaultKind.StatusBeforeCommit) == 0 && refusing.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(10, ct);
            }

            erp.Outage = null;
            return progress;
        }, ct);
        var watcher = new Progress(report =>
        {
            if (erp.Outage is not null && report.Received >= expectedReceived)
            {
                processedDuringOutage.TrySetResult((report.Received, report.Journals, erp.Ledger.Count));
            }
        });

        var result = await pipeline.RunAsync(inputs, watcher, ct);
        var during = await outage.WaitAsync(TimeSpan.FromSeconds(30), ct);

        // While the ERP was down, every input was read and its journals accepted; the ledger lagged behind.
        Assert.Equal(expectedReceived, during.Received);
        Assert.True(during.Ledger < during.Accepted, $"The ledger held {during.Ledger} of {during.Accepted} journals during the outage.");
        Assert.True(erp.Injected.GetValueOrDefault(FaultKind.StatusBeforeCommit) > 0, "The outage answered no post.");

        // Afterwards every journal is in the ledger exactly once.
        Assert.True(result.Complete);
        Assert.Equal(0, result.DeadLettered);
        var keys = erp.Ledger.Select(static e => e.IdempotencyKey).ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(result.Journals, keys.Count);
        Assert.Equal(result.Journals, result.DeliveredJournals);
    }

    private static async Task<long> CountReceivedAsync(IReadOnlyList<SyncInput> inputs)
    {
        using var harness = new SyncHarness();
        var report = await harness.RunAsync([.. inputs.Select(static i => i.Path!)]);
        return report.Received;
    }

    private sealed class Progress(Action<SyncRunReport> onReport) : IProgress<SyncRunReport>
    {
        public void Report(SyncRunReport value) => onReport(value);
    }
}
