using Xunit;

namespace HealthFinance.TestUtilities;

/// <summary>
/// Locates the shared conformance corpus (real public sample files) that tests read but the
/// repository never contains. Order: the <c>HF_CORPUS</c> environment variable, then
/// <c>../shared/corpus</c> beside the repository root. When it is absent, corpus tests skip with a
/// clear reason, except under <c>CI=true</c>, where a missing corpus is a failure.
/// </summary>
public static class Corpus
{
    /// <summary>The placeholder row a corpus theory receives when the corpus is absent.</summary>
    public const string Absent = "(corpus absent)";

    private static readonly Lazy<string?> LazyRoot = new(FindRoot);

    /// <summary>The corpus root folder, or <see langword="null"/> when it cannot be found.</summary>
    public static string? Root => LazyRoot.Value;

    /// <summary>The repository root (the folder holding HealthFinance.Canonical.slnx).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Returns the full path of a corpus file, skipping (or failing under CI) when the corpus is absent.</summary>
    /// <param name="relativePath">A path relative to the corpus root, e.g. <c>x12/835/foo.edi</c>.</param>
    /// <returns>The full path.</returns>
    public static string PathOf(string relativePath)
    {
        var root = RequireRoot();
        return System.IO.Path.Combine(root, relativePath.Replace('/', System.IO.Path.DirectorySeparatorChar));
    }

    /// <summary>Returns the corpus root, skipping the current test (or failing under CI) when it is absent.</summary>
    /// <returns>The corpus root.</returns>
    public static string RequireRoot()
    {
        if (Root is { } root)
        {
            return root;
        }

        var reason = "The conformance corpus was not found: set HF_CORPUS or place it at ../shared/corpus beside the repository.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(reason + " (CI=true: a missing corpus is a failure.)");
        }

        Assert.Skip(reason);
        return null!;
    }

    /// <summary>
    /// Lists corpus files below <paramref name="folder"/> (relative to the corpus root) as theory
    /// rows of relative paths, sorted; a single <see cref="Absent"/> row when the corpus is absent.
    /// </summary>
    /// <param name="folder">The folder below the corpus root, e.g. <c>x12</c>.</param>
    /// <param name="exclude">File names to leave out (e.g. <c>SOURCES.tsv</c> is always left out).</param>
    /// <returns>The relative paths, '/'-separated.</returns>
    public static TheoryData<string> Files(string folder, params string[] exclude)
    {
        var data = new TheoryData<string>();
        if (Root is not { } root || !Directory.Exists(System.IO.Path.Combine(root, folder)))
        {
            data.Add(Absent);
            return data;
        }

        var baseDir = System.IO.Path.Combine(root, folder);
        foreach (var file in Directory.EnumerateFiles(baseDir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = System.IO.Path.GetFileName(file);
            if (name is "SOURCES.tsv" or "README.md" || exclude.Contains(name))
            {
                continue;
            }

            data.Add(System.IO.Path.GetRelativePath(root, file).Replace(System.IO.Path.DirectorySeparatorChar, '/'));
        }

        return data;
    }

    /// <summary>Reads all bytes of a corpus file given as a theory row (skips when it is <see cref="Absent"/>).</summary>
    /// <param name="relativePath">The relative path row.</param>
    /// <returns>The file's bytes.</returns>
    public static byte[] ReadBytes(string relativePath) => File.ReadAllBytes(PathOf(relativePath));

    private static string? FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("HF_CORPUS");
        if (!string.IsNullOrWhiteSpace(env))
        {
            var full = System.IO.Path.GetFullPath(env, RepositoryRoot);
            return Directory.Exists(full) ? full : null;
        }

        var beside = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot, "..", "shared", "corpus"));
        return Directory.Exists(beside) ? beside : null;
    }

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "HealthFinance.Canonical.slnx")))
            {
                return dir.FullName;
            }

            dir = dir.Parent;
        }

        return Directory.GetCurrentDirectory();
    }
}
