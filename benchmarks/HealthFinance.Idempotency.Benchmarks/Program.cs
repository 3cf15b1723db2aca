using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using HealthFinance.Idempotency.Benchmarks;

// Record-if-absent throughput of the state stores. PostgreSQL runs when HF_POSTGRES holds a connection string.
// Without --job the fixed "State" job runs (RecordBenchmarks.Config); `--short` is accepted for symmetry with the
// other benchmark projects and means the same.
var config = DefaultConfig.Instance.AddColumn(StatisticColumn.OperationsPerSecond);
if (!args.Contains("--job"))
{
    config = config.AddJob(RecordBenchmarks.Config.Job);
}

BenchmarkSwitcher.FromAssembly(typeof(RecordBenchmarks).Assembly).Run([.. args.Where(a => a != "--short")], config);
