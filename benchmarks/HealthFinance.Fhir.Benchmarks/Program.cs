using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using HealthFinance.Fhir.Benchmarks;

// `--short` runs the routine short job (1 launch, 3 warmups, 5 iterations); any other arguments go to BenchmarkDotNet.
var config = args.Contains("--short") ? DefaultConfig.Instance.AddJob(BenchmarkConfig.ShortJob) : null;
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. args.Where(a => a != "--short")], config);
