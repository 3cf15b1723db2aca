using System.Text.Json;
using HealthFinance.Erp.FileExport;
using HealthFinance.Idempotency;
using HealthFinance.Idempotency.Sqlite;
using HealthFinance.Mapping.Rules;
using HealthFinance.Sync.Inputs;
using HealthFinance.TestUtilities;

namespace HealthFinance.Sync.Tests;

/// <summary>A pipeline over a SQLite state file and a JSON-lines export in a temporary folder, with the sample rules.</summary>
internal sealed class SyncHarness : IDisposable
{
    public SyncHarness(string? folder = null)
    {
        Folder = folder ?? Directory.CreateTempSubdirectory("hf-sync-").FullName;
    }

    public string Folder { get; }

    public string ExportFolder => Path.Combine(Folder, "journals");

    public string StatePath => Path.Combine(Folder, "state.db");

    public static RuleSetCatalog SampleRules()
    {
        var load = RuleSetLoader.LoadFiles(Directory.GetFiles(Path.Combine(Corpus.RepositoryRoot, "samples", "rules"), "*.json").Order(StringComparer.Ordinal));
        return load.Catalog ?? throw new InvalidOperationException(string.Join("; ", load.Diagnostics));
    }

    public SqliteStateStore OpenState()
    {
        var options = new SqliteStateStoreOptions { Path = StatePath };
        PayloadKeyFile.Apply(StatePath + ".key", options);
        return new SqliteStateStore(options);
    }

    public SyncPipeline Pipeline(IStateStore state, SyncOptions? options = null, IEnumerable<IInputFormat>? formats = null)
        => new(formats ?? SyncPipeline.BuiltInFormats, SampleRules(), state, new FileExportAdapter(new FileExportOptions { OutputDirectory = ExportFolder }), options);

    public async Task<SyncRunReport> RunAsync(params string[] paths)
    {
        var state = OpenState();
        using var pipeline = Pipeline(state);
        return await pipeline.RunAsync(SyncInput.FromPaths(paths), null, TestContext.Current.CancellationToken);
    }

    /// <summary>Every exported journal line: (idempotency key, line number) → the line's JSON without file-specific fields.</summary>
    public static Dictionary<string, string> ExportedLines(string exportFolder)
    {
        var lines = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(exportFolder))
        {
            return lines;
        }

        foreach (var file in Directory.GetFiles(exportFolder, "*.jsonl").Order(StringComparer.Ordinal))
        {
            foreach (var line in File.ReadLines(file))
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                var key = root.GetProperty("idempotencyKey").GetString() + "#" + root.GetProperty("lineNumber").GetInt32();
                var stable = string.Join("|", root.EnumerateObject().Where(p => p.Name is not ("file" or "documentId")).Select(p => p.Name + "=" + p.Value.GetRawText()));
                Assert.True(lines.TryAdd(key, stable), $"Journal line {key} was exported twice.");
            }
        }

        return lines;
    }

    public static string RepoPath(params string[] parts) => Path.Combine([Corpus.RepositoryRoot, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
