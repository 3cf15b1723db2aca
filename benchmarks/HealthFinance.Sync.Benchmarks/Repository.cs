namespace HealthFinance.Sync.Benchmarks;

/// <summary>Finds the repository (for the sample posting rules) from this process or, in BenchmarkDotNet's child processes, from <c>HF_REPO_ROOT</c>.</summary>
internal static class Repository
{
    public const string RootVariable = "HF_REPO_ROOT";

    private static readonly Lazy<string> s_root = new(Find);

    public static string Root => s_root.Value;

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } root && File.Exists(Path.Combine(root, "HealthFinance.Canonical.slnx")))
        {
            return root;
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "HealthFinance.Canonical.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException($"The repository (HealthFinance.Canonical.slnx) was not found; set {RootVariable}.");
    }
}
