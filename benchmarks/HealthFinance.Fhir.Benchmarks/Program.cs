using BenchmarkDotNet.Running;
using HealthFinance.Fhir.Benchmarks;

// `--short` runs the routine short job (1 launch, 3 warmups, 5 iterations); any other arguments go to BenchmarkDotNet.
if (args.Contains("--short"))
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. args.Where(a => a != "--short")], new BenchmarkConfig().AddJob(BenchmarkConfig.ShortJob));
}
else
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
