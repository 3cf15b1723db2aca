using System.Text;
using HealthFinance.Erp.FileExport.Tests.Support;
using HealthFinance.TestUtilities;
using Microsoft.Extensions.Time.Testing;

namespace HealthFinance.Erp.FileExport.Tests;

/// <summary>The Oracle and Dynamics 365 layouts, byte for byte. HF_REGENERATE=1 rewrites the files (review the diff before committing).</summary>
public sealed class GoldenFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(FileExportFormat.OracleGlInterface, "oracle-ledger.json", "oracle-gl-interface.csv")]
    [InlineData(FileExportFormat.Dynamics365GeneralJournal, "d365-ledger.json", "d365-general-journal.csv")]
    [InlineData(FileExportFormat.Hledger, null, "hledger.journal")]
    [InlineData(FileExportFormat.JsonLines, null, "journal-lines.jsonl")]
    public async Task Export_SampleJournals_MatchesTheGoldenFile(FileExportFormat format, string? mapping, string golden)
    {
        using var adapter = new FileExportAdapter(
            new FileExportOptions { Format = format, OutputDirectory = _folder.Path, MappingPath = mapping is null ? null : TempFolder.TestData(mapping) },
            new FakeTimeProvider(Samples.Now));

        var acks = await adapter.PostAsync(new ErpBatch(Samples.All().Select(j => new ErpJournal(j))), TestContext.Current.CancellationToken);

        Assert.All(acks, a => Assert.Equal(ErpAcknowledgmentStatus.Accepted, a.Status));
        var file = Assert.Single(await adapter.ListFilesAsync(TestContext.Current.CancellationToken));
        var actual = await File.ReadAllBytesAsync(Path.Combine(_folder.Path, file), TestContext.Current.CancellationToken);
        var expectedPath = Path.Combine(Corpus.RepositoryRoot, "tests", "HealthFinance.Erp.FileExport.Tests", "TestData", "golden", golden);
        if (Environment.GetEnvironmentVariable("HF_REGENERATE") == "1")
        {
            await File.WriteAllBytesAsync(expectedPath, actual, TestContext.Current.CancellationToken);
        }

        var expected = await File.ReadAllBytesAsync(expectedPath, TestContext.Current.CancellationToken);
        Assert.True(expected.AsSpan().SequenceEqual(actual), $"{file} differs from {golden}:{Environment.NewLine}{Encoding.UTF8.GetString(actual)}");
    }
}
