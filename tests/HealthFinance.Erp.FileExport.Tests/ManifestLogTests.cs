using System.Text;
using HealthFinance.Canonical.Events;
using HealthFinance.Erp.FileExport.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace HealthFinance.Erp.FileExport.Tests;

/// <summary>The manifest as an append-only log: interrupted appends, the first layout, several writers.</summary>
public sealed class ManifestLogTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private FileExportAdapter Adapter() => new(new FileExportOptions { Format = FileExportFormat.JsonLines, OutputDirectory = _folder.Path }, new FakeTimeProvider(Samples.Now));

    private static ErpBatch Batch(params JournalEntry[] journals) => new(journals.Select(j => new ErpJournal(j)));

    [Fact]
    public async Task EachBatch_AppendsOneLine_AfterAHeader()
    {
        using var adapter = Adapter();
        await adapter.PostAsync(Batch(Samples.ClaimPayment()), Token);
        await adapter.PostAsync(Batch(Samples.Interest()), Token);

        var lines = await File.ReadAllLinesAsync(adapter.ManifestPath, Token);
        Assert.Equal(3, lines.Length);
        Assert.Contains("\"manifest\":\"healthfinance-export-manifest\"", lines[0], StringComparison.Ordinal);
        Assert.Contains(Samples.ClaimPayment().IdempotencyKey, lines[1], StringComparison.Ordinal);
        Assert.Contains(Samples.Interest().IdempotencyKey, lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAppendCutShortByACrash_IsNotCommitted_AndTheNextWriteReplacesIt()
    {
        string path;
        using (var adapter = Adapter())
        {
            await adapter.PostAsync(Batch(Samples.ClaimPayment()), Token);
            path = adapter.ManifestPath;
        }

        // A crash in the middle of appending the next batch's line: no line feed, no commit.
        await File.AppendAllTextAsync(path, "{\"file\":{\"name\":\"journals-000002-0000", Token);

        using var next = Adapter();
        Assert.Equal(ErpLookupStatus.NotFound, (await next.LookupAsync(Samples.Interest().IdempotencyKey, Token)).Status);
        var ack = Assert.Single(await next.PostAsync(Batch(Samples.Interest()), Token));
        Assert.False(ack.IsDuplicate);

        var lines = await File.ReadAllLinesAsync(path, Token);
        Assert.Equal(3, lines.Length);
        Assert.DoesNotContain(lines, l => l.EndsWith("0000", StringComparison.Ordinal));
        using var reader = Adapter();
        Assert.Equal(ErpLookupStatus.Found, (await reader.LookupAsync(Samples.ClaimPayment().IdempotencyKey, Token)).Status);
        Assert.Equal(ErpLookupStatus.Found, (await reader.LookupAsync(Samples.Interest().IdempotencyKey, Token)).Status);
    }

    [Fact]
    public async Task AManifestOfTheFirstLayout_IsRead_AndRewrittenAsALogByTheNextWrite()
    {
        string file;
        string path;
        using (var adapter = Adapter())
        {
            file = Assert.Single(await adapter.PostAsync(Batch(Samples.ClaimPayment()), Token)).DocumentId!.Split('#')[0];
            path = adapter.ManifestPath;
        }

        var key = Samples.ClaimPayment().IdempotencyKey;
        var legacy = $$"""
            {
              "version": 1,
              "format": "json-lines",
              "files": [ { "name": "{{file}}", "journals": 1, "writtenAt": "2024-01-05T00:00:00+00:00" } ],
              "entries": [ { "key": "{{key}}", "documentId": "{{file}}#1", "file": "{{file}}" } ]
            }
            """;
        await File.WriteAllTextAsync(path, legacy, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), Token);

        using var next = Adapter();
        Assert.True(Assert.Single(await next.PostAsync(Batch(Samples.ClaimPayment()), Token)).IsDuplicate);
        await next.PostAsync(Batch(Samples.Interest()), Token);

        var lines = await File.ReadAllLinesAsync(path, Token);
        Assert.Equal(3, lines.Length);
        Assert.Contains("healthfinance-export-manifest", lines[0], StringComparison.Ordinal);
        Assert.Contains(key, lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DocumentIds_OfAnyForm_AreReturnedAsWritten_AndContentIsCompared_AfterTheManifestIsReadAgain()
    {
        string path;
        string written;
        using (var adapter = Adapter())
        {
            written = Assert.Single(await adapter.PostAsync(Batch(Samples.ClaimPayment()), Token)).DocumentId!;
            path = adapter.ManifestPath;
        }

        // A first-layout manifest whose document ids do not follow "file#position", and a key recorded with a content hash.
        var file = written.Split('#')[0];
        var key = Samples.ClaimPayment().IdempotencyKey;
        var other = Samples.Interest().IdempotencyKey;
        var legacy = $$"""
            {
              "version": 1,
              "format": "json-lines",
              "files": [ { "name": "{{file}}", "journals": 3, "writtenAt": "2024-01-05T00:00:00+00:00" } ],
              "entries": [
                { "key": "{{key}}", "documentId": "ERP-DOC-7731", "file": "{{file}}" },
                { "key": "{{other}}", "documentId": "{{file}}#2", "file": "{{file}}", "contentHash": "not the content of this journal" },
                { "key": "X12:legacy-zero", "documentId": "{{file}}#03", "file": "{{file}}" }
              ]
            }
            """;
        await File.WriteAllTextAsync(path, legacy, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), Token);

        using var next = Adapter();
        Assert.Equal(("ERP-DOC-7731", ErpLookupStatus.Found), ((await next.LookupAsync(key, Token)).DocumentId, (await next.LookupAsync(key, Token)).Status));
        Assert.Equal(file + "#2", (await next.LookupAsync(other, Token)).DocumentId);
        Assert.Equal(file + "#03", (await next.LookupAsync("X12:legacy-zero", Token)).DocumentId);
        var duplicate = Assert.Single(await next.PostAsync(Batch(Samples.ClaimPayment()), Token));
        Assert.Equal((true, "ERP-DOC-7731"), (duplicate.IsDuplicate, duplicate.DocumentId));
        var conflict = Assert.Single(await next.PostAsync(Batch(Samples.Interest()), Token));
        Assert.Equal(ErpErrorCodes.KeyConflict, conflict.Code);

        // Rewritten as a log by the next write, read again by a new adapter: the same answers.
        await next.PostAsync(Batch(Samples.SecondEntity()), Token);
        using var reread = Adapter();
        Assert.Equal("ERP-DOC-7731", (await reread.LookupAsync(key, Token)).DocumentId);
        Assert.Equal(ErpErrorCodes.KeyConflict, Assert.Single(await reread.PostAsync(Batch(Samples.Interest()), Token)).Code);
        Assert.Equal(ErpLookupStatus.NotFound, (await reread.LookupAsync("X12:unknown-key", Token)).Status);
    }

    [Fact]
    public async Task TwoWriters_OnOneFolder_SeeEachOthersBatches()
    {
        using var first = Adapter();
        using var second = Adapter();

        await first.PostAsync(Batch(Samples.ClaimPayment()), Token);
        Assert.True(Assert.Single(await second.PostAsync(Batch(Samples.ClaimPayment()), Token)).IsDuplicate);
        await second.PostAsync(Batch(Samples.Interest()), Token);
        Assert.True(Assert.Single(await first.PostAsync(Batch(Samples.Interest()), Token)).IsDuplicate);
        Assert.Equal(2, (await first.ListFilesAsync(Token)).Count);
        Assert.Equal(3, (await File.ReadAllLinesAsync(first.ManifestPath, Token)).Length);
    }
}
