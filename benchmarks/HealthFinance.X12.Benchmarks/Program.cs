using System.Globalization;
using BenchmarkDotNet.Running;
using HealthFinance.X12.Benchmarks;

if (args.Length > 0 && args[0] == "generate")
{
    return GenerateCommand.Run(args);
}

// Routine runs use the short job; an explicit --job (CI's smoke step passes "--job Dry") replaces it.
var explicitJob = args.Any(a => a is "--job" or "-j" || a.StartsWith("--job=", StringComparison.Ordinal));
var config = explicitJob ? BenchmarkConfig.CommandLine() : BenchmarkConfig.ShortRun();
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
return 0;
