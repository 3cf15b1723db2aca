using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace HealthFinance.X12.Benchmarks;

/// <summary>Configurations shared by every benchmark in this project.</summary>
internal static class BenchmarkConfig
{
    /// <summary>The routine job: 1 launch, 3 warmup and 5 measured iterations (a full run stays within minutes on 2 cores).</summary>
    public static Job ShortJob { get; } = Job.Default
        .WithLaunchCount(1)
        .WithWarmupCount(3)
        .WithIterationCount(5)
        .WithId("Short");

    public static IConfig ShortRun() => CommandLine().AddJob(ShortJob);

    /// <summary>Columns only (the default exporters include GitHub markdown); the job comes from the command line (e.g. <c>--job Dry</c>).</summary>
    public static ManualConfig CommandLine()
    {
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddColumn(new ThroughputColumn(), new PerSegmentColumn());
        config.SummaryStyle = SummaryStyle.Default.WithMaxParameterColumnWidth(40);
        return config;
    }
}

/// <summary>The input every benchmark reads: the generated 835 of <c>HF_BENCH_MB</c> MiB.</summary>
internal static class BenchmarkInput
{
    private static readonly Lazy<byte[]> s_bytes = new(() => Generated835.Create(Generated835.BenchmarkTargetBytes()));

    // Sizes are computed without keeping the bytes, so the columns work in the host process too.
    private static readonly Lazy<Generated835Summary> s_summary = new(
        () => Generated835.Write(Stream.Null, Generated835.BenchmarkTargetBytes()));

    public static byte[] Bytes => s_bytes.Value;

    public static Generated835Summary Summary => s_summary.Value;
}

/// <summary>Input throughput in MB/s (1 MB = 2^20 bytes) from the mean time per operation (as in Sep's benchmarks).</summary>
internal sealed class ThroughputColumn : IColumn
{
    public string Id => "MB/s";
    public string ColumnName => "MB/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Input megabytes (2^20 bytes) read per second, from Mean";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (mean is not > 0)
        {
            return "-";
        }

        var megabytes = BenchmarkInput.Summary.Bytes / 1048576.0;
        return (megabytes / (mean.Value / 1e9)).ToString("N0", style.CultureInfo);
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
}

/// <summary>Mean time per X12 segment of the input, in nanoseconds.</summary>
internal sealed class PerSegmentColumn : IColumn
{
    public string Id => "ns/segment";
    public string ColumnName => "ns/segment";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Mean nanoseconds per segment of the input";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (mean is not > 0)
        {
            return "-";
        }

        return (mean.Value / BenchmarkInput.Summary.Segments).ToString("N2", style.CultureInfo);
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
}
