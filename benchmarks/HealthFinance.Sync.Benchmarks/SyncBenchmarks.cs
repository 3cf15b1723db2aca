using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

namespace HealthFinance.Sync.Benchmarks;

/// <summary>
/// End to end over the generated input (<see cref="SyncInputSet"/>): each invocation runs a fresh
/// <see cref="SyncPipeline"/> (a new SQLite state file and a new export folder in a temporary folder) over the 837P and
/// then the 835, and checks that every claim and remittance was posted and delivered with nothing quarantined,
/// dead-lettered or parked. <c>OperationsPerInvoke</c> is the number of claim payments (835 CLP) of the input, so
/// BenchmarkDotNet's Op/s column reads claim payments per second and its Allocated column bytes per claim payment.
/// </summary>
/// <remarks>
/// <para>Sizes are 835 sizes in MiB (the 837P of the same claims is about 1.3 times as large). The JSON-lines cases
/// deliver to the built-in <c>FileExportAdapter</c>, as <c>UseFileExport</c> does; the no-export cases deliver to an
/// ERP that accepts every journal at once, which leaves the pipeline and its state store alone.</para>
/// <para>Memory: every iteration samples the working set and the managed heap every 20 ms and appends them to
/// <c>HF_SYNC_MEMORY_LOG</c>; the Peak WS and Peak heap columns show the largest values of each case.</para>
/// <para>An invocation that runs longer than <c>HF_SYNC_TIMEOUT_MINUTES</c> (default 30) is cancelled, which fails its case.</para>
/// <para>Smoke runs (<c>--job Dry</c>, as CI runs every benchmark project) read the input of <c>HF_BENCH_MB</c> MiB
/// (default 1) in every case, so Op/s is then not claim payments per second.</para>
/// </remarks>
[MemoryDiagnoser]
public class SyncBenchmarks
{
    /// <summary>Claim payments of the 10 MiB input (seed <see cref="TestUtilities.Generation.RevenueCycleOptions.DefaultSeed"/>); checked in the global setup.</summary>
    public const int ClaimPayments10MB = 29_041;

    /// <summary>Claim payments of the 100 MiB input.</summary>
    public const int ClaimPayments100MB = 290_106;

    public const string MemoryLogVariable = "HF_SYNC_MEMORY_LOG";

    /// <summary>Set for smoke runs: the input size every case reads instead of its own.</summary>
    public const string SmokeSizeVariable = "HF_SYNC_SMOKE_MB";

    private SyncInputSet _inputs = null!;
    private bool _export;
    private string _case = string.Empty;
    private SyncRunner? _runner;
    private MemorySampler? _memory;
    private long _started;
    private int _iteration;

    [GlobalSetup(Target = nameof(Sync_10MB_JsonLines))]
    public void Setup10JsonLines() => Setup(10, ClaimPayments10MB, export: true, nameof(Sync_10MB_JsonLines));

    [GlobalSetup(Target = nameof(Sync_100MB_JsonLines))]
    public void Setup100JsonLines() => Setup(100, ClaimPayments100MB, export: true, nameof(Sync_100MB_JsonLines));

    [GlobalSetup(Target = nameof(Sync_10MB_NoExport))]
    public void Setup10NoExport() => Setup(10, ClaimPayments10MB, export: false, nameof(Sync_10MB_NoExport));

    [GlobalSetup(Target = nameof(Sync_100MB_NoExport))]
    public void Setup100NoExport() => Setup(100, ClaimPayments100MB, export: false, nameof(Sync_100MB_NoExport));

    [IterationSetup]
    public void IterationSetup()
    {
        _runner = new SyncRunner();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        _memory = new MemorySampler();
        _started = Stopwatch.GetTimestamp();
    }

    [IterationCleanup]
    public void IterationCleanup()
    {
        var elapsed = Stopwatch.GetElapsedTime(_started);
        _memory!.Dispose();
        var heapAfter = GC.GetGCMemoryInfo().HeapSizeBytes;
        var stateBytes = File.Exists(_runner!.StatePath) ? new FileInfo(_runner.StatePath).Length : 0;
        var sample = new MemoryRecord(_case, ++_iteration, elapsed.TotalSeconds, _inputs.Summary.ClaimPayments / elapsed.TotalSeconds,
            _memory.PeakWorkingSet, MemorySampler.ProcessPeakWorkingSet, _memory.PeakHeap, heapAfter, stateBytes, ProfileCommand.LoadAverage());
        var line = JsonSerializer.Serialize(sample);
        Console.WriteLine("// sync-memory " + line);
        if (Environment.GetEnvironmentVariable(MemoryLogVariable) is { Length: > 0 } log)
        {
            File.AppendAllLines(log, [line]);
        }

        _runner.Dispose();
        _runner = null;
    }

    /// <summary>10 MiB 835 and its 837P, SQLite state, JSON-lines export.</summary>
    [Benchmark(OperationsPerInvoke = ClaimPayments10MB)]
    public Task<long> Sync_10MB_JsonLines() => RunAsync();

    /// <summary>100 MiB 835 and its 837P, SQLite state, JSON-lines export.</summary>
    [Benchmark(OperationsPerInvoke = ClaimPayments100MB)]
    public Task<long> Sync_100MB_JsonLines() => RunAsync();

    /// <summary>10 MiB, SQLite state, an ERP that accepts everything.</summary>
    [Benchmark(OperationsPerInvoke = ClaimPayments10MB)]
    public Task<long> Sync_10MB_NoExport() => RunAsync();

    /// <summary>100 MiB, SQLite state, an ERP that accepts everything.</summary>
    [Benchmark(OperationsPerInvoke = ClaimPayments100MB)]
    public Task<long> Sync_100MB_NoExport() => RunAsync();

    /// <summary>Runs the benchmarks: the fixed <see cref="Job"/> unless the command line names one (<c>--job Dry</c> for a smoke run).</summary>
    public static int Run(string[] args)
    {
        var explicitJob = args.Any(a => a is "--job" or "-j" || a.StartsWith("--job=", StringComparison.Ordinal));
        var dry = args.Where((a, i) => (a is "--job" or "-j") && i + 1 < args.Length && args[i + 1].Equals("Dry", StringComparison.OrdinalIgnoreCase)).Any()
            || args.Any(a => a.Equals("--job=Dry", StringComparison.OrdinalIgnoreCase));
        if (dry)
        {
            var smoke = int.TryParse(Environment.GetEnvironmentVariable("HF_BENCH_MB"), NumberStyles.None, CultureInfo.InvariantCulture, out var mb) && mb > 0 ? mb : 1;
            Environment.SetEnvironmentVariable(SmokeSizeVariable, smoke.ToString(CultureInfo.InvariantCulture));
        }

        if (Environment.GetEnvironmentVariable(MemoryLogVariable) is not { Length: > 0 })
        {
            var log = Path.Combine(Path.GetTempPath(), "hf-bench-out", "sync-memory.jsonl");
            Directory.CreateDirectory(Path.GetDirectoryName(log)!);
            File.Delete(log);
            Environment.SetEnvironmentVariable(MemoryLogVariable, log);
        }

        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddColumn(StatisticColumn.OperationsPerSecond, new MemoryColumn(MemoryColumn.Kind.WorkingSet), new MemoryColumn(MemoryColumn.Kind.Heap))
            .WithBuildTimeout(TimeSpan.FromMinutes(15));
        if (!explicitJob)
        {
            config = config.AddJob(Job);
        }

        BenchmarkSwitcher.FromAssembly(typeof(SyncBenchmarks).Assembly).Run(args, config);
        return 0;
    }

    /// <summary>The routine job: 1 launch, 1 warmup and 3 measured iterations of one invocation each (a 100 MiB invocation takes minutes).</summary>
    public static Job Job { get; } = Job.Default
        .WithStrategy(RunStrategy.Monitoring)
        .WithLaunchCount(1)
        .WithWarmupCount(1)
        .WithIterationCount(3)
        .WithInvocationCount(1)
        .WithUnrollFactor(1)
        .WithId("Sync");

    private void Setup(int megabytes, int claimPayments, bool export, string name)
    {
        if (int.TryParse(Environment.GetEnvironmentVariable(SmokeSizeVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var smoke) && smoke > 0)
        {
            Console.WriteLine($"// smoke run: {name} reads the {smoke} MiB input, so Op/s is not claim payments per second");
            megabytes = smoke;
            claimPayments = checked((int)SyncInputSet.Get(smoke).Summary.ClaimPayments);
        }

        _inputs = SyncInputSet.Get(megabytes);
        if (_inputs.Summary.ClaimPayments != claimPayments)
        {
            throw new InvalidOperationException($"The {megabytes} MiB input holds {_inputs.Summary.ClaimPayments} claim payments, not {claimPayments}: the generator changed; update the constant so Op/s stays claim payments per second.");
        }

        _export = export;
        _case = name;
        _ = SyncRunner.Rules;
        Console.WriteLine($"// {name}: {_inputs.Describe()}");
    }

    private async Task<long> RunAsync()
    {
        var minutes = int.TryParse(Environment.GetEnvironmentVariable("HF_SYNC_TIMEOUT_MINUTES"), NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m > 0 ? m : 30;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(minutes));
        var report = await _runner!.RunAsync(_inputs, _export ? null : new NullErpAdapter(), timeout.Token).ConfigureAwait(false);
        return report.ClaimPayments;
    }
}

/// <summary>One iteration's memory, appended to <c>HF_SYNC_MEMORY_LOG</c> by the benchmark process.</summary>
internal sealed record MemoryRecord(string Case, int Iteration, double Seconds, double ClaimPaymentsPerSecond, long PeakWorkingSet, long ProcessPeakWorkingSet, long PeakHeap, long HeapAfter, long StateFileBytes, string Load);

/// <summary>The largest peak working set or managed heap any iteration of a case recorded (MiB).</summary>
internal sealed class MemoryColumn(MemoryColumn.Kind kind) : IColumn
{
    public enum Kind
    {
        WorkingSet,
        Heap,
    }

    public string Id => "Sync" + kind;

    public string ColumnName => kind == Kind.WorkingSet ? "Peak WS (MiB)" : "Peak heap (MiB)";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => kind == Kind.WorkingSet ? 1 : 2;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => kind == Kind.WorkingSet
        ? "Largest working set sampled (every 20 ms) during any iteration of the case, MiB"
        : "Largest managed heap (GC.GetTotalMemory) sampled during any iteration of the case, MiB";

    public string GetValue(BenchmarkDotNet.Reports.Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, BenchmarkDotNet.Reports.SummaryStyle.Default);

    public string GetValue(BenchmarkDotNet.Reports.Summary summary, BenchmarkCase benchmarkCase, BenchmarkDotNet.Reports.SummaryStyle style)
    {
        var log = Environment.GetEnvironmentVariable(SyncBenchmarks.MemoryLogVariable);
        if (log is null || !File.Exists(log))
        {
            return "-";
        }

        var name = benchmarkCase.Descriptor.WorkloadMethod.Name;
        var values = File.ReadAllLines(log)
            .Select(static l => JsonSerializer.Deserialize<MemoryRecord>(l))
            .Where(r => r is not null && r.Case == name)
            .Select(r => kind == Kind.WorkingSet ? r!.PeakWorkingSet : r!.PeakHeap)
            .ToList();
        return values.Count == 0 ? "-" : (values.Max() / 1048576.0).ToString("N0", CultureInfo.InvariantCulture);
    }

    public bool IsDefault(BenchmarkDotNet.Reports.Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(BenchmarkDotNet.Reports.Summary summary) => true;
}
