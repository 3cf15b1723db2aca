using HealthFinance.Sync.Benchmarks;

// Child processes of BenchmarkDotNet may run outside the repository (--artifacts); they find the sample rules here.
Environment.SetEnvironmentVariable(Repository.RootVariable, Repository.Root);

return args.FirstOrDefault() switch
{
    "generate" => RunCommand.Generate(args),
    "run" => await RunCommand.RunAsync(args),
    "profile" => await ProfileCommand.RunAsync(args),
    _ => SyncBenchmarks.Run(args),
};
