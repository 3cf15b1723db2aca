using System.Text;
using HealthFinance.Canonical.Events;
using HealthFinance.Erp.FileExport.Tests.Support;
using HealthFinance.Erp.Testing;
using Microsoft.Extensions.Time.Testing;

namespace HealthFinance.Erp.FileExport.Tests;

public sealed class FileExportAdapterTests : IDisposable
{
    // The file a batch of the claim payment alone is written to: the digest is of the batch's keys.
    private const string ClaimFile = "GlInterface-000001-fa985dbb.csv";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private FileExportAdapter Adapter(FileExportFormat format = FileExportFormat.OracleGlInterface, Action<FileExportOptions>? configure = null)
    {
        var options = new FileExportOptions
        {
            Format = format,
            OutputDirectory = _folder.Path,
            MappingPath = format is FileExportFormat.OracleGlInterface ? TempFolder.TestData("oracle-ledger.json") : format is FileExportFormat.Dynamics365GeneralJournal ? TempFolder.TestData("d365-ledger.json") : null,
        };
        configure?.Invoke(options);
        return new FileExportAdapter(options, new FakeTimeProvider(Samples.Now));
    }

    private static ErpBatch Batch(params JournalEntry[] journals) => new(journals.Select(j => new ErpJournal(j)));

    private static Func<FileExportStage, ValueTask> CrashAt(FileExportStage stage) => s => s == stage ? throw new InvalidOperationException("process killed") : ValueTask.CompletedTask;

    private string[] FolderFiles() => Directory.EnumerateFiles(_folder.Path).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task Post_WritesOneFilePerBatch_AndTheManifestRecordsEveryKey()
    {
        using var adapter = Adapter();

        var first = await adapter.PostAsync(Batch(Samples.ClaimPayment(), Samples.Interest()), Token);
        var second = await adapter.PostAsync(Batch(Samples.SecondEntity()), Token);

        var files = await adapter.ListFilesAsync(Token);
        Assert.Equal(2, files.Count);
        Assert.Matches("^GlInterface-000001-[0-9a-f]{8}\\.csv$", files[0]);
        Assert.Matches("^GlInterface-000002-[0-9a-f]{8}\\.csv$", files[1]);
        Assert.Equal([files[0] + "#1", files[0] + "#2"], first.Select(a => a.DocumentId));
        Assert.Equal(files[1] + "#1", Assert.Single(second).DocumentId);
        Assert.Equal([files[0], files[1], "GlInterface.manifest.json", "GlInterface.manifest.lock"], FolderFiles());
        Assert.Equal(ErpLookupStatus.Found, (await adapter.LookupAsync(Samples.SecondEntity().IdempotencyKey, Token)).Status);
    }

    [Fact]
    public async Task Post_SameJournalAgain_IsAcceptedWithItsEarlierDocument_AndNothingIsWritten()
    {
        using var adapter = Adapter();
        var first = Assert.Single(await adapter.PostAsync(Batch(Samples.ClaimPayment()), Token));

        var acks = await adapter.PostAsync(Batch(Samples.ClaimPayment(), Samples.Interest()), Token);

        Assert.Equal(first.DocumentId, acks[0].DocumentId);
        Assert.True(acks[0].IsDuplicate);
        Assert.False(acks[1].IsDuplicate);
        var files = await adapter.ListFilesAsync(Token);
        Assert.Equal(2, files.Count);
        var second = await File.ReadAllTextAsync(Path.Combine(_folder.Path, files[1]), Token);
        Assert.DoesNotContain("PCN1", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_OnlyDuplicates_WritesNoFile()
    {
        using var adapter = Adapter(FileExportFormat.JsonLines);
        await adapter.PostAsync(Batch(Samples.ClaimPayment()), Token);

        await adapter.PostAsync(Batch(Samples.ClaimPayment()), Token);

        Assert.Single(await adapter.ListFilesAsync(Token));
    }

    [Fact]
    public async Task Post_SameKeyWithOtherContent_IsRejectedAsAConflict()
    {
        using var adapter = Adapter();
        await adapter.PostAsync(Batch(Samples.Interest()), Token);
        var changed = Samples.Interest() with { Description = "changed" };

        var ack = Assert.Single(await adapter.PostAsync(Batch(changed), Token));

        Assert.Equal(ErpAcknowledgmentStatus.Rejected, ack.Status);
        Assert.Equal(ErpErrorCodes.KeyConflict, ack.Code);
        Assert.Contains("GlInterface-000001", ack.Reason, StringComparison.Ordinal);
        Assert.Single(await adapter.ListFilesAsync(Token));
    }

    [Fact]
    public async Task Post_ReceivedAtDiffers_IsStillTheSameJournal()
    {
        using var adapter = Adapter(FileExportFormat.JsonLines);
        await adapter.PostAsync(Batch(Samples.Interest()), Token);

        var ack = Assert.Single(await adapter.PostAsync(Batch(Samples.Interest() with { ReceivedAt = Samples.Now }), Token));

        Assert.True(ack.IsDuplicate);
    }

    [Fact]
    public async Task Post_UnmappedRole_IsRejected_AndTheRestIsWritten()
    {
        using var adapter = Adapter();
        var unmapped = Samples.Interest() with { Lines = Samples.Interest().Lines.Select(l => l with { AccountCode = null }).ToArray() };

        var acks = await adapter.PostAsync(Batch(unmapped, Samples.ClaimPayment()), Token);

        Assert.Equal((ErpAcknowledgmentStatus.Rejected, ErpErrorCodes.AccountUnmapped), (acks[0].Status, acks[0].Code));
        Assert.Equal("GlInterface-000001-" + acks[1].DocumentId!.Split('-', '.')[2] + ".csv#1", acks[1].DocumentId);
        var text = await File.ReadAllTextAsync(Path.Combine(_folder.Path, Assert.Single(await adapter.ListFilesAsync(Token))), Token);
        Assert.DoesNotContain("PLB", text, StringComparison.Ordinal);
        Assert.Equal(ErpLookupStatus.NotFound, (await adapter.LookupAsync(unmapped.IdempotencyKey, Token)).Status);
    }

    [Fact]
    public async Task Crash_BeforeTheManifestCommits_LeavesNoFileAndNoKey_AndTheNextWriteCleansUp()
    {
        using var adapter = Adapter();
        adapter.StageHook = CrashAt(FileExportStage.DataWritten);

        await Assert.ThrowsAsync<InvalidOperationException>(() => adapter.PostAsync(Batch(Samples.ClaimPayment()), Token));

        Assert.Contains("." + ClaimFile + ".tmp", FolderFiles());
        Assert.Equal(ErpLookupStatus.NotFound, (await adapter.LookupAsync(Samples.ClaimPayment().IdempotencyKey, Token)).Status);
        Assert.DoesNotContain("." + ClaimFile + ".tmp", FolderFiles());
        Assert.Empty(ExportReader.PublishedFiles(_folder.Path, "GlInterface", FileExportFormat.OracleGlInterface));

        adapter.StageHook = null;
        Assert.Equal(ErpAcknowledgmentStatus.Accepted, Assert.Single(await adapter.PostAsync(Batch(Samples.ClaimPayment()), Token)).Status);
        Assert.Single(ExportReader.Read(_folder.Path, "GlInterface", FileExportFormat.OracleGlInterface));
    }

    [Fact]
    public async Task Crash_AfterTheManifestCommits_IsCompletedByTheNextCall_AndTheJournalIsNeverWrittenTwice()
    {
        using var adapter = Adapter();
        adapter.StageHook = CrashAt(FileExportStage.ManifestCommitted);

        await Assert.ThrowsAsync<InvalidOperationException>(() => adapter.PostAsync(Batch(Samples.ClaimPayment()), Token));

        Assert.Empty(ExportReader.PublishedFiles(_folder.Path, "GlInterface", FileExportFormat.OracleGlInterface));
        adapter.StageHook = null;
        var found = await adapter.LookupAsync(Samples.ClaimPayment().IdempotencyKey, Token);
        Assert.Equal((ErpLookupStatus.Found, ClaimFile + "#1"), (found.Status, found.DocumentId));
        Assert.Single(ExportReader.PublishedFiles(_folder.Path, "GlInterface", FileExportFormat.OracleGlInterface));
        var again = Assert.Single(await adapter.PostAsync(Batch(Samples.ClaimPayment()), Token));
        Assert.True(again.IsDuplicate);
        Assert.Single(ExportReader.Read(_folder.Path, "GlInterface", FileExportFormat.OracleGlInterface));
        Assert.DoesNotContain(FolderFiles(), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IoFailure_BeforeTheManifestCommits_IsTransientAndUnambiguous_AndLeavesNothing()
    {
        using var adapter = Adapter();
        adapter.StageHook = s => s == FileExportStage.DataWritten ? throw new IOException("disk full") : ValueTask.CompletedTask;

        var ex = await Assert.ThrowsAsync<ErpException>(() => adapter.PostAsync(Batch(Samples.ClaimPayment()), Token));

        Assert.Equal((ErpErrorCodes.OutputUnavailable, true, false), (ex.ErrorCode, ex.IsTransient, ex.IsAmbiguous));
        Assert.Equal(["GlInterface.manifest.lock"], FolderFiles());
    }

    [Fact]
    public async Task IoFailure_AfterTheManifestCommits_IsAmbiguous_AndLookupFindsTheJournal()
    {
        using var adapter = Adapter();
        adapter.StageHook = s => s == FileExportStage.ManifestCommitted ? throw new IOException("rename failed") : ValueTask.CompletedTask;

        var ex = await Assert.ThrowsAsync<ErpException>(() => adapter.PostAsync(Batch(Samples.ClaimPayment()), Token));

        Assert.Equal((ErpErrorCodes.OutputUnavailable, true, true), (ex.ErrorCode, ex.IsTransient, ex.IsAmbiguous));
        adapter.StageHook = null;
        Assert.Equal(ErpLookupStatus.Found, (await adapter.LookupAsync(Samples.ClaimPayment().IdempotencyKey, Token)).Status);
    }

    [Fact]
    public async Task ManifestWriteFailure_IsTransientAndUnambiguous_AndRemovesTheDataFile()
    {
        using var adapter = Adapter();
        Directory.CreateDirectory(Path.Combine(_folder.Path, ".GlInterface.manifest.json.tmp"));

        var ex = await Assert.ThrowsAsync<ErpException>(() => adapter.PostAsync(Batch(Samples.ClaimPayment()), Token));

        Assert.Equal((ErpErrorCodes.OutputUnavailable, true, false), (ex.ErrorCode, ex.IsTransient, ex.IsAmbiguous));
        Assert.DoesNotContain(FolderFiles(), f => f.StartsWith(".GlInterface-", StringComparison.Ordinal));
        Assert.Empty(ExportReader.PublishedFiles(_folder.Path, "GlInterface", FileExportFormat.OracleGlInterface));
    }

    [Fact]
    public async Task Published_FileGoneAfterImport_IsNotAnError()
    {
        using var adapter = Adapter();
        await adapter.PostAsync(Batch(Samples.ClaimPayment()), Token);
        File.Delete(Path.Combine(_folder.Path, ClaimFile));

        var ack = Assert.Single(await adapter.PostAsync(Batch(Samples.ClaimPayment()), Token));

        Assert.True(ack.IsDuplicate);
        Assert.Empty(ExportReader.PublishedFiles(_folder.Path, "GlInterface", FileExportFormat.OracleGlInterface));
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("{ \"version\": 2, \"format\": \"oracle-gl-interface\", \"files\": [], \"entries\": [] }")]
    [InlineData("{ \"version\": 1, \"format\": \"json-lines\", \"files\": [], \"entries\": [] }")]
    [InlineData("{ \"version\": 1, \"format\": \"oracle-gl-interface\", \"files\": [], \"entries\": [ { \"key\": \"k\" } ] }")]
    [InlineData("null")]
    public async Task CorruptManifest_StopsEveryWrite_WithPermanentErp0051(string manifest)
    {
        using var adapter = Adapter();
        Directory.CreateDirectory(_folder.Path);
        await File.WriteAllTextAsync(adapter.ManifestPath, manifest, Token);

        var post = await Assert.ThrowsAsync<ErpException>(() => adapter.PostAsync(Batch(Samples.ClaimPayment()), Token));
        var lookup = await Assert.ThrowsAsync<ErpException>(() => adapter.LookupAsync("k", Token));

        Assert.Equal((ErpErrorCodes.ManifestCorrupt, false), (post.ErrorCode, post.IsTransient));
        Assert.Equal(ErpErrorCodes.ManifestCorrupt, lookup.ErrorCode);
        Assert.Empty(ExportReader.PublishedFiles(_folder.Path, "GlInterface", FileExportFormat.OracleGlInterface));
    }

    [Fact]
    public async Task FileTheManifestDoesNotList_IsNeverOverwritten()
    {
        using var adapter = Adapter();
        Directory.CreateDirectory(_folder.Path);
        var stranger = Path.Combine(_folder.Path, ClaimFile);
        await File.WriteAllTextAsync(stranger, "someone else's", Token);

        var ex = await Assert.ThrowsAsync<ErpException>(() => adapter.PostAsync(Batch(Samples.ClaimPayment()), Token));

        Assert.Equal(ErpErrorCodes.ManifestCorrupt, ex.ErrorCode);
        Assert.Equal("someone else's", await File.ReadAllTextAsync(stranger, Token));
    }

    [Fact]
    public async Task OtherExportsTemporaryFiles_AreLeftAlone()
    {
        using var adapter = Adapter();
        Directory.CreateDirectory(_folder.Path);
        string[] others = [".GlInterface-x-000001-37e4057f.csv.tmp", ".GlInterface-000001-37e4057f.jsonl.tmp", ".GeneralJournal-000001-37e4057f.csv.tmp"];
        foreach (var other in others)
        {
            await File.WriteAllTextAsync(Path.Combine(_folder.Path, other), "x", Token);
        }

        await adapter.PostAsync(Batch(Samples.ClaimPayment()), Token);

        Assert.All(others, o => Assert.Contains(o, FolderFiles()));
    }

    [Fact]
    public async Task Lock_HeldByAnotherWriter_FailsTransientlyAfterTheTimeout()
    {
        using var adapter = Adapter(configure: o => o.LockTimeout = TimeSpan.FromMilliseconds(100));
        Directory.CreateDirectory(_folder.Path);
        await using var other = new FileStream(Path.Combine(_folder.Path, "GlInterface.manifest.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var ex = await Assert.ThrowsAsync<ErpException>(() => adapter.PostAsync(Batch(Samples.ClaimPayment()), Token));

        Assert.Equal((ErpErrorCodes.OutputUnavailable, true, false), (ex.ErrorCode, ex.IsTransient, ex.IsAmbiguous));
        Assert.Contains("lock", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentWriters_OnOneFolder_WriteEveryJournalOnce()
    {
        using var one = Adapter(FileExportFormat.JsonLines);
        using var two = Adapter(FileExportFormat.JsonLines);
        var journals = Enumerable.Range(0, 40).Select(i => ErpConformanceJournals.Pairs("k" + i, 1 + (i % 3))).ToList();

        await Task.WhenAll(journals.Select((j, i) => Task.Run(() => (i % 2 == 0 ? one : two).PostAsync(Batch(j, journals[(i + 1) % journals.Count]), Token), Token)));

        var held = ExportReader.Read(_folder.Path, "journal-lines", FileExportFormat.JsonLines);
        Assert.Equal(journals.Select(j => j.IdempotencyKey).Order(StringComparer.Ordinal), held.Select(h => h.IdempotencyKey).Order(StringComparer.Ordinal));
        foreach (var journal in journals)
        {
            Assert.Equal(ErpLookupStatus.Found, (await one.LookupAsync(journal.IdempotencyKey, Token)).Status);
        }
    }

    [Fact]
    public async Task Post_BatchBeyondTheCapabilities_Throws()
    {
        using var adapter = Adapter(FileExportFormat.JsonLines, o =>
        {
            o.MaxJournalsPerBatch = 1;
            o.MaxLinesPerJournal = 2;
        });

        await Assert.ThrowsAsync<ArgumentException>(() => adapter.PostAsync(Batch(ErpConformanceJournals.Pairs("a", 1), ErpConformanceJournals.Pairs("b", 1)), Token));
        await Assert.ThrowsAsync<ArgumentException>(() => adapter.PostAsync(Batch(ErpConformanceJournals.Pairs("c", 2)), Token));
        await Assert.ThrowsAsync<ArgumentNullException>(() => adapter.PostAsync(null!, Token));
    }

    [Fact]
    public async Task Poster_SplitsToTheConfiguredLimit_AndEachPartIsItsOwnDocument()
    {
        using var adapter = Adapter(FileExportFormat.JsonLines, o => o.MaxLinesPerJournal = 4);

        var outcome = await new ErpPoster(adapter).PostAsync(ErpConformanceJournals.Pairs("long", 5), Token);

        Assert.Equal(ErpJournalStatus.Posted, outcome.Status);
        var lines = (await File.ReadAllTextAsync(Path.Combine(_folder.Path, Assert.Single(await adapter.ListFilesAsync(Token))), Token)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10, lines.Length);
        Assert.Contains("\"lineNumber\":5,", lines[4], StringComparison.Ordinal);
        Assert.Contains("\"journalId\":\"J-long#2/3\"", lines[4], StringComparison.Ordinal);
        Assert.Contains("\"idempotencyKey\":\"long#2/3\"", lines[4], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oracle_LongValues_KeepTheirIdentityWithinTheColumnLength()
    {
        using var adapter = Adapter();
        var key = new string('k', 150);
        var journal = Samples.ClaimPayment() with { IdempotencyKey = key };

        await adapter.PostAsync(Batch(journal, Samples.ClaimPayment() with { IdempotencyKey = key + "2" }), Token);

        var rows = CsvReader.Records(await File.ReadAllTextAsync(Path.Combine(_folder.Path, Assert.Single(await adapter.ListFilesAsync(Token))), Token));
        Assert.All(rows, r => Assert.Equal(100, r["REFERENCE4"].Length));
        Assert.Equal(2, rows.Select(r => r["REFERENCE4"]).Distinct().Count());
        Assert.Matches("^k{67}~[0-9a-f]{32}$", rows[0]["REFERENCE4"]);
        Assert.Equal(key, rows[0]["REFERENCE21"]);
    }

    [Fact]
    public async Task Csv_WithoutHeader_StartsWithTheFirstRow()
    {
        using var adapter = Adapter(FileExportFormat.Dynamics365GeneralJournal, o => o.IncludeHeader = false);

        await adapter.PostAsync(Batch(Samples.Interest()), Token);

        var text = await File.ReadAllTextAsync(Path.Combine(_folder.Path, Assert.Single(await adapter.ListFilesAsync(Token))), Token);
        Assert.StartsWith("GeneralJournal-000001-", text, StringComparison.Ordinal);
        Assert.Equal(2, CsvReader.Read(text).Count);
        Assert.False(new UTF8Encoding(true).GetPreamble().AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(text).AsSpan(0, 3)));
    }

    [Fact]
    public void Capabilities_And_Name_FollowTheOptions()
    {
        using var adapter = Adapter(FileExportFormat.Hledger, o =>
        {
            o.MaxLinesPerJournal = 10;
            o.MaxJournalsPerBatch = 3;
            o.FileNamePrefix = "ledger";
        });

        Assert.Equal("file-hledger", adapter.Name);
        Assert.Equal(new ErpCapabilities { MaxLinesPerJournal = 10, MaxJournalsPerBatch = 3, SupportsLookup = true, NativeIdempotency = true }, adapter.Capabilities);
        Assert.EndsWith("ledger.manifest.json", adapter.ManifestPath, StringComparison.Ordinal);
        Assert.Equal(Path.GetFullPath(_folder.Path), adapter.OutputDirectory);
    }
}
