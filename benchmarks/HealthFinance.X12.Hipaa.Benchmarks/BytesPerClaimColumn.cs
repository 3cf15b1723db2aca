using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using HealthFinance.X12.Benchmarks;

namespace HealthFinance.X12.Hipaa.Benchmarks;

/// <summary>Bytes allocated per operation divided by the claims (CLP) of the input: allocation per object produced.</summary>
internal sealed class BytesPerClaimColumn : IColumn
{
    public string Id => "B/claim";
    public string ColumnName => "B/claim";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 2;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Allocated bytes per operation divided by the number of claims (CLP) in the input";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        var claims = BenchmarkInput.Summary.Claims;
        if (report is null || claims == 0 || report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) is not { } bytes)
        {
            return "-";
        }

        return (bytes / (double)claims).ToString("N0", style.CultureInfo);
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
}
