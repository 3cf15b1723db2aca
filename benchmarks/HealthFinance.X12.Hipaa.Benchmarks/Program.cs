using BenchmarkDotNet.Running;
using HealthFinance.X12.Benchmarks;
using HealthFinance.X12.Hipaa.Benchmarks;

if (args.Length > 0 && args[0] == "phases")
{
    return PhasesCommand.Run(args);
}

if (args.Length > 0 && args[0] == "profile")
{
    return ProfileCommand.Run(args);
}

// Routine runs use the short job; an explicit --job (CI's smoke step passes "--job Dry") replaces it.
var explicitJob = args.Any(a => a is "--job" or "-j" || a.StartsWith("--job=", StringComparison.Ordinal));
var config = (explicitJob ? BenchmarkConfig.CommandLine() : (BenchmarkDotNet.Configs.ManualConfig)BenchmarkConfig.ShortRun())
    .AddColumn(new BytesPerClaimColumn());
BenchmarkSwitcher.FromAssembly(typeof(HipaaBenchmarks).Assembly).Run(args, config);
return 0;
