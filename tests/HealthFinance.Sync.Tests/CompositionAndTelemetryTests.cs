using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using HealthFinance.Erp.Http.Tests.Support;
using HealthFinance.Sync.DependencyInjection;
using HealthFinance.Sync.Inputs;
using HealthFinance.Sync.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthFinance.Sync.Tests;

/// <summary>AddHealthFinance composition, option validation, the hosted worker, metrics, traces and logs.</summary>
public sealed partial class CompositionAndTelemetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string[] RuleFiles() => Directory.GetFiles(SyncHarness.RepoPath("samples", "rules"), "*.json").Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task AddHealthFinance_ComposesAPipeline_ThatPostsTheSampleDay()
    {
        using var harness = new SyncHarness();
        var services = new ServiceCollection();
        services.AddHealthFinance(hf => hf
            .AddX12().AddHl7v2().AddFhir().AddPaymentFeeds()
            .UseRules(RuleFiles())
            .UseSqliteState(harness.StatePath)
            .UseFileExport(o => o.OutputDirectory = harness.ExportFolder));
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<SyncPipeline>().RunAsync(SyncInput.FromPaths([SyncHarness.RepoPath("samples", "data")]), null, Ct);

        Assert.Equal(39, report.Posted);
        Assert.Equal(1, report.Quarantined);
        Assert.Equal(202, SyncHarness.ExportedLines(harness.ExportFolder).Count);
        Assert.True(File.Exists(harness.StatePath + ".key"), "UseSqliteState keeps the payload key beside the database when no keys are configured.");
    }

    [Fact]
    public void AddHealthFinance_WithoutRulesStateOrErp_NamesEveryMissingPart()
    {
        var services = new ServiceCollection();
        services.AddHealthFinance(hf => hf.AddX12());
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<SyncPipeline>());
        Assert.Contains("posting rules", error.Message, StringComparison.Ordinal);
        Assert.Contains("state store", error.Message, StringComparison.Ordinal);
        Assert.Contains("ERP adapter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidOptions_AreRefused_WithEveryProblem()
    {
        using var harness = new SyncHarness();
        var services = new ServiceCollection();
        services.AddHealthFinance(hf => hf
            .UseRules(RuleFiles())
            .UseInMemoryState()
            .UseFileExport(o => o.OutputDirectory = harness.ExportFolder)
            .Configure(o =>
            {
                o.MaxUnitsPerTransaction = 0;
                o.DeliveryLease = TimeSpan.Zero;
            }));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<SyncPipeline>());
        Assert.Contains("MaxUnitsPerTransaction", error.Message, StringComparison.Ordinal);
        Assert.Contains("DeliveryLease", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHostedWorker_ProcessesInboxFiles_AndArchivesThem()
    {
        using var harness = new SyncHarness();
        var inbox = Path.Combine(harness.Folder, "inbox");
        Directory.CreateDirectory(inbox);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHealthFinance(hf => hf
            .UseRules(RuleFiles())
            .UseInMemoryState()
            .UseFileExport(o => o.OutputDirectory = harness.ExportFolder)
            .AddWorker(o =>
            {
                o.InboxDirectory = inbox;
                o.PollInterval = TimeSpan.FromMilliseconds(100);
            }));
        await using var provider = services.BuildServiceProvider();
        var worker = Assert.IsType<SyncWorker>(Assert.Single(provider.GetServices<IHostedService>()));

        await worker.StartAsync(Ct);
        File.Copy(SyncHarness.RepoPath("samples", "data", "05-remittance-bcbs.835"), Path.Combine(inbox, "bcbs.835"));
        var archived = Path.Combine(inbox, "processed", "bcbs.835");
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(archived) && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50, Ct);
        }

        await worker.StopAsync(Ct);
        Assert.True(File.Exists(archived), "The worker did not archive the inbox file.");
        Assert.False(File.Exists(Path.Combine(inbox, "bcbs.835")));
        Assert.Equal(2, worker.Totals.Posted);
        Assert.NotEmpty(SyncHarness.ExportedLines(harness.ExportFolder));
    }

    [Fact]
    public async Task Metrics_Traces_AndLogs_DescribeTheRun_WithoutPatientData()
    {
        using var harness = new SyncHarness();
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddHealthFinance(hf => hf
            .UseRules(RuleFiles())
            .UseSqliteState(harness.StatePath)
            .UseFileExport(o => o.OutputDirectory = harness.ExportFolder));
        await using var provider = services.BuildServiceProvider();

        // Only this container's meter (other tests run pipelines at the same time): the factory is the meter's scope.
        var factory = provider.GetRequiredService<IMeterFactory>();
        var measurements = new Dictionary<string, double>(StringComparer.Ordinal);
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SyncTelemetry.Name && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, _, _) => Add(instrument, value));
        meters.SetMeasurementEventCallback<double>((instrument, value, _, _) => Add(instrument, 1));
        meters.Start();

        // Only this run's activities: they all belong to the trace of a root activity started here.
        using var rootSource = new ActivitySource("HealthFinance.Sync.Tests");
        var activities = new List<Activity>();
        using var traces = new ActivityListener
        {
            ShouldListenTo = static source => source.Name is SyncTelemetry.Name or "HealthFinance.Sync.Tests",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (activities)
                {
                    activities.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(traces);

        var inputs = SyncInput.FromPaths([SyncHarness.RepoPath("samples", "data")]);
        SyncRunReport report;
        ActivityTraceId trace;
        using (var root = rootSource.StartActivity("test-run"))
        {
            Assert.NotNull(root);
            trace = root.TraceId;
            report = await provider.GetRequiredService<SyncPipeline>().RunAsync(inputs, null, Ct);
        }

        meters.RecordObservableInstruments();

        // The counters agree with the report.
        Assert.Equal(report.Received, Measured("healthfinance.events.received"));
        Assert.Equal(report.Posted, Measured("healthfinance.events.posted"));
        Assert.Equal(report.Quarantined, Measured("healthfinance.events.quarantined"));
        Assert.Equal(report.DeliveredJournals, Measured("healthfinance.journals.posted"));
        Assert.True(Measured("healthfinance.posting.latency") > 0);
        Assert.True(Measured("healthfinance.erp.call.duration") > 0);
        Assert.True(Measured("healthfinance.reconciliation.variance") > 0);

        // Every delivery links back to the unit activities whose journals it carried.
        List<Activity> captured;
        lock (activities)
        {
            captured = [.. activities.Where(a => a.TraceId == trace)];
        }

        var units = captured.Where(static a => a.OperationName == "healthfinance.unit").ToList();
        var posts = captured.Where(static a => a.OperationName == "healthfinance.erp.post").ToList();
        Assert.NotEmpty(units);
        Assert.NotEmpty(posts);
        var unitIds = units.Select(static a => a.Context.SpanId).ToHashSet();
        Assert.All(posts, post => Assert.Contains(post.Links, link => unitIds.Contains(link.Context.SpanId)));

        // No log line, activity tag or dead-letter reason names a patient of the sample day.
        var names = PatientNames();
        Assert.NotEmpty(names);
        var texts = logs.Entries.Select(static e => e.AllText)
            .Concat(captured.SelectMany(static a => a.Tags.Select(static t => t.Value ?? string.Empty)))
            .Concat(report.Quarantines.Select(static q => q.Reason))
            .ToList();
        Assert.NotEmpty(logs.Entries);
        foreach (var name in names)
        {
            Assert.DoesNotContain(texts, t => t.Contains(name, StringComparison.OrdinalIgnoreCase));
        }

        void Add(Instrument instrument, double value)
        {
            lock (measurements)
            {
                measurements[instrument.Name] = measurements.GetValueOrDefault(instrument.Name) + value;
            }
        }

        double Measured(string name)
        {
            lock (measurements)
            {
                return measurements.GetValueOrDefault(name);
            }
        }
    }

    // Subscriber and patient last names in the sample day's 837s (NM1*IL / NM1*QC) and HL7 PID-5.
    private static HashSet<string> PatientNames()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in Directory.GetFiles(SyncHarness.RepoPath("samples", "data")))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in X12Name().Matches(text))
            {
                names.Add(m.Groups[1].Value);
            }

            foreach (Match m in Hl7Name().Matches(text))
            {
                names.Add(m.Groups[1].Value);
            }
        }

        return names;
    }

    [GeneratedRegex(@"NM1\*(?:IL|QC)\*1\*([A-Z]{3,})\*")]
    private static partial Regex X12Name();

    [GeneratedRegex(@"PID\|(?:[^|]*\|){4}([A-Z]{3,})\^")]
    private static partial Regex Hl7Name();
}
