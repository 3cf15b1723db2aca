using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace HealthFinance.Fhir.Benchmarks;

/// <summary>
/// Columns per resource of the input (time and allocation), plus input size. The job comes from the command line
/// (<c>--job short</c> style runs use <see cref="ShortJob"/> via <c>--short</c>; CI passes <c>--job Dry</c>).
/// </summary>
internal sealed class BenchmarkConfig : ManualConfig
{
    /// <summary>The routine job: 1 launch, 3 warmup and 5 measured iterations (as the other benchmark projects).</summary>
    public static Job ShortJob { get; } = Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(5).WithId("Short");

    public BenchmarkConfig()
    {
        AddColumn(new InputColumn("KB", "Input size in KB (2^10 bytes)", (input, _, _) => (input.Json.Length / 1024.0).ToString("N1", System.Globalization.CultureInfo.InvariantCulture)));
        AddColumn(new InputColumn("Resources", "Resources in the input (Bundle entries counted individually)", (input, _, _) => input.Resources.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        AddColumn(new InputColumn("us/resource", "Mean microseconds per resource of the input", (input, summary, benchmark) =>
            summary[benchmark]?.ResultStatistics?.Mean is { } mean ? (mean / 1000.0 / input.Resources).ToString("N2", System.Globalization.CultureInfo.InvariantCulture) : "-"));
        AddColumn(new InputColumn("B/resource", "Allocated bytes per resource of the input", (input, summary, benchmark) =>
            summary[benchmark] is { } report && report.GcStats.GetBytesAllocatedPerOperation(benchmark) is { } bytes ? (bytes / (double)input.Resources).ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "-"));
        SummaryStyle = SummaryStyle.Default.WithMaxParameterColumnWidth(20);
    }

    /// <summary>A column computed from the benchmark's <c>Input</c> parameter.</summary>
    private sealed class InputColumn(string name, string legend, Func<FhirInput, Summary, BenchmarkCase, string> value) : IColumn
    {
        public string Id => "Fhir." + name;
        public string ColumnName => name;
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => legend;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
            benchmarkCase.Parameters["Input"] is string input ? value(FhirInputs.Get(input), summary, benchmarkCase) : "-";

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
    }
}
