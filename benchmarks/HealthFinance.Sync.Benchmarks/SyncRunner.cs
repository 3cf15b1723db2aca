using System.Diagnostics;
using HealthFinance.Erp;
using HealthFinance.Erp.FileExport;
using HealthFinance.Idempotency;
using HealthFinance.Idempotency.Sqlite;
using HealthFinance.Mapping.Rules;
using HealthFinance.Sync.Inputs;

namespace HealthFinance.Sync.Benchmarks;

/// <summary>
/// One end-to-end run in a fresh temporary folder: a new SQLite state file (WAL, synchronous NORMAL, the defaults), a
/// new JSON-lines export folder, the sample posting rules, the built-in input formats and default options, over the
/// 837 and then the 835 of an input set.
/// </summary>
internal sealed class SyncRunner : IDisposable
{
    private static readonly Lazy<RuleSetCatalog> s_rules = new(LoadRules);

    public SyncRunner()
    {
        Folder = Directory.CreateTempSubdirectory("hf-sync-bench-").FullName;
    }

    public string Folder { get; }

    public string StatePath => Path.Combine(Folder, "state.db");

    public string ExportFolder => Path.Combine(Folder, "journals");

    public static RuleSetCatalog Rules => s_rules.Value;

    public SqliteStateStore OpenState()
    {
        var options = new SqliteStateStoreOptions { Path = StatePath };
        PayloadKeyFile.Apply(StatePath + ".key", options);
        return new SqliteStateStore(options);
    }

    public FileExportAdapter JsonLinesExport() => new(new FileExportOptions { OutputDirectory = ExportFolder });

    /// <summary>Runs the pipeline over the input set (837, then 835) and checks that everything was posted and delivered.</summary>
    public async Task<SyncRunReport> RunAsync(SyncInputSet inputs, IErpAdapter? adapter = null, CancellationToken cancellationToken = default)
    {
        var sqlite = OpenState();
        try
        {
            using var pipeline = new SyncPipeline(SyncPipeline.BuiltInFormats, Rules, sqlite, adapter ?? JsonLinesExport());
            var report = await pipeline.RunAsync(SyncInput.FromPaths(inputs.Paths), null, cancellationToken).ConfigureAwait(false);
            Check(report, inputs);
            return report;
        }
        finally
        {
            sqlite.Dispose();
        }
    }

    /// <summary>A run that loses, quarantines or parks anything would measure something else: the generated input posts whole.</summary>
    public static void Check(SyncRunReport report, SyncInputSet inputs)
    {
        var expected = inputs.Summary.Claims + inputs.Summary.RemittanceTransactions;
        if (report.Quarantined != 0 || report.DeadLettered != 0 || report.Parked != 0 || report.Posted != expected || report.Received != expected
            || report.ClaimPayments != inputs.Summary.ClaimPayments || !report.Complete || report.DeliveredJournals != report.Journals)
        {
            throw new InvalidOperationException(
                $"The run did not post the generated input whole: received {report.Received} (expected {expected}), posted {report.Posted}, quarantined {report.Quarantined}, "
                + $"dead-lettered {report.DeadLettered}, parked {report.Parked}, claim payments {report.ClaimPayments} (expected {inputs.Summary.ClaimPayments}), "
                + $"journals {report.Journals}, delivered {report.DeliveredJournals}, pending messages {report.PendingMessages}. "
                + string.Join("; ", report.Quarantines.Take(3).Select(static q => $"{q.Unit} {q.Codes}: {q.Reason}")));
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static RuleSetCatalog LoadRules()
    {
        var files = Directory.GetFiles(Path.Combine(Repository.Root, "samples", "rules"), "*.json").Order(StringComparer.Ordinal);
        var load = RuleSetLoader.LoadFiles(files);
        return load.Catalog ?? throw new InvalidOperationException("The sample rules do not load: " + string.Join("; ", load.Diagnostics));
    }
}

/// <summary>Samples the working set and the managed heap every 20 ms while a run goes on, and keeps the largest values.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Timer _timer;
    private long _peakWorkingSet;
    private long _peakHeap;

    public MemorySampler()
    {
        Sample();
        _timer = new Timer(_ => Sample(), null, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20));
    }

    public long PeakWorkingSet => Interlocked.Read(ref _peakWorkingSet);

    public long PeakHeap => Interlocked.Read(ref _peakHeap);

    /// <summary>The process's peak resident set since it started (VmHWM), which includes every earlier run of the process.</summary>
    public static long ProcessPeakWorkingSet
    {
        get
        {
            using var process = Process.GetCurrentProcess();
            return process.PeakWorkingSet64;
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        Sample();
    }

    private void Sample()
    {
        Max(ref _peakWorkingSet, Environment.WorkingSet);
        Max(ref _peakHeap, GC.GetTotalMemory(false));
    }

    private static void Max(ref long field, long value)
    {
        var current = Interlocked.Read(ref field);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref field, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
