using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using HealthFinance.Erp.FileExport.Tests.Support;
using HealthFinance.Erp.FileExport.Worker;
using HealthFinance.TestUtilities;

namespace HealthFinance.Erp.FileExport.Tests;

/// <summary>
/// A worker process exporting journals is killed with SIGKILL at random points and restarted, then run to the end:
/// every published file is complete, every journal is in exactly one file, and the manifest agrees with the folder.
/// </summary>
public sealed class CrashTests : IDisposable
{
    private const int Journals = 240;
    private const int Batch = 2;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string WorkerPath
    {
        get
        {
            var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var path = Path.Combine(Corpus.RepositoryRoot, "tests", "HealthFinance.Erp.FileExport.Worker", "bin", tfm.Parent!.Name, tfm.Name, "HealthFinance.Erp.FileExport.Worker.dll");
            Assert.True(File.Exists(path), $"The worker is not built: {path}");
            return path;
        }
    }

    private Process Start(FileExportFormat format, string? mapping)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "exec", WorkerPath, format.ToString(), _folder.Path, Journals.ToString(CultureInfo.InvariantCulture), Batch.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(a);
        }

        if (mapping is not null)
        {
            info.ArgumentList.Add(TempFolder.TestData(mapping));
        }

        return Process.Start(info)!;
    }

    [Theory]
    [InlineData(FileExportFormat.JsonLines, null, 11)]
    [InlineData(FileExportFormat.OracleGlInterface, "oracle-ledger.json", 23)]
    public async Task Worker_KilledAtRandomPoints_LeavesEveryJournalInExactlyOneCompleteFile(FileExportFormat format, string? mapping, int seed)
    {
        var random = new Random(seed);
        var token = TestContext.Current.CancellationToken;
        var killedWhileWorking = 0;
        for (var round = 0; round < 8; round++)
        {
            using var worker = Start(format, mapping);
            Assert.Equal("ready", await worker.StandardOutput.ReadLineAsync(token));
            await Task.Delay(random.Next(10, 400), token);
            if (!worker.HasExited)
            {
                worker.Kill(entireProcessTree: true);
                killedWhileWorking++;
            }

            await worker.WaitForExitAsync(token);
        }

        using (var last = Start(format, mapping))
        {
            var output = await last.StandardOutput.ReadToEndAsync(token);
            var error = await last.StandardError.ReadToEndAsync(token);
            await last.WaitForExitAsync(token);
            Assert.True(last.ExitCode == 0, error);
            Assert.EndsWith("done\n", output, StringComparison.Ordinal);
        }

        Assert.True(killedWhileWorking >= 4, $"Only {killedWhileWorking} of 8 runs were killed while working.");
        var prefix = format == FileExportFormat.JsonLines ? "journal-lines" : "GlInterface";
        foreach (var file in ExportReader.PublishedFiles(_folder.Path, prefix, format))
        {
            AssertComplete(Path.Combine(_folder.Path, file), format);
        }

        var held = ExportReader.Read(_folder.Path, prefix, format);
        Assert.Equal(Enumerable.Range(0, Journals).Select(i => "w" + i.ToString(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal), held.Select(h => h.IdempotencyKey).Order(StringComparer.Ordinal));
        foreach (var journal in held)
        {
            var expected = WorkerJournals.Make(int.Parse(journal.IdempotencyKey[1..], CultureInfo.InvariantCulture));
            Assert.Equal(expected.Lines.Select(l => (l.Side, l.Amount.Amount)), journal.Lines.Select(l => (l.Side, l.Amount.Amount)));
        }

        using var adapter = new FileExportAdapter(new FileExportOptions { Format = format, OutputDirectory = _folder.Path, MappingPath = mapping is null ? null : TempFolder.TestData(mapping) });
        foreach (var journal in held)
        {
            var found = await adapter.LookupAsync(journal.IdempotencyKey, token);
            Assert.Equal((ErpLookupStatus.Found, journal.DocumentId), (found.Status, found.DocumentId));
        }

        Assert.Empty(Directory.EnumerateFiles(_folder.Path, "*.tmp"));
        Assert.Equal(ExportReader.PublishedFiles(_folder.Path, prefix, format), await adapter.ListFilesAsync(token));
    }

    private static void AssertComplete(string path, FileExportFormat format)
    {
        var text = File.ReadAllText(path, Encoding.UTF8);
        if (format == FileExportFormat.JsonLines)
        {
            Assert.EndsWith("\n", text, StringComparison.Ordinal);
            Assert.All(text.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => JsonDocument.Parse(l).Dispose());
        }
        else
        {
            var rows = CsvReader.Read(text);
            Assert.All(rows, r => Assert.Equal(rows[0].Length, r.Length));
        }
    }
}
