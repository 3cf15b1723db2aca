namespace HealthFinance.Erp.Testing.Tests;

public sealed class InMemoryErpAdapterTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static ErpBatch Batch(params string[] keys) => new(keys.Select(k => new ErpJournal(ErpConformanceJournals.Pairs(k, 1))));

    [Fact]
    public async Task Post_WithoutNativeIdempotency_PostsAResentKeyAgain()
    {
        var erp = new InMemoryErpAdapter();

        await erp.PostAsync(Batch("a"), Token);
        await erp.PostAsync(Batch("a"), Token);

        Assert.Equal(["MEM-000001", "MEM-000002"], erp.Documents.Select(d => d.DocumentId));
        Assert.Equal(2, erp.PostCalls);
    }

    [Fact]
    public async Task Post_WithNativeIdempotency_AcknowledgesAResentKeyAsADuplicate()
    {
        var erp = new InMemoryErpAdapter(new ErpCapabilities { NativeIdempotency = true });

        await erp.PostAsync(Batch("a"), Token);
        var second = Assert.Single(await erp.PostAsync(Batch("a"), Token));

        Assert.True(second.IsDuplicate);
        Assert.Equal("MEM-000001", second.DocumentId);
        Assert.Single(erp.Documents);
        Assert.Equal(ErpLookupStatus.Unsupported, (await erp.LookupAsync("a", Token)).Status);
    }

    [Fact]
    public async Task Faults_AreShownInOrder_OnePerPost()
    {
        var erp = new InMemoryErpAdapter();
        erp.FailNextPost(ErpFaultKind.Transient);
        erp.FailNextPost(ErpFaultKind.AmbiguousBeforeCommit);
        erp.FailNextPost(ErpFaultKind.AmbiguousAfterCommit);
        erp.FailNextPost(ErpFaultKind.Permanent);

        var transient = await Assert.ThrowsAsync<ErpException>(() => erp.PostAsync(Batch("a"), Token));
        var before = await Assert.ThrowsAsync<ErpException>(() => erp.PostAsync(Batch("b"), Token));
        var after = await Assert.ThrowsAsync<ErpException>(() => erp.PostAsync(Batch("c"), Token));
        var permanent = await Assert.ThrowsAsync<ErpException>(() => erp.PostAsync(Batch("d"), Token));
        var fine = await erp.PostAsync(Batch("e"), Token);

        Assert.Equal((true, false), (transient.IsTransient, transient.IsAmbiguous));
        Assert.Equal((true, true), (before.IsTransient, before.IsAmbiguous));
        Assert.Equal((true, true), (after.IsTransient, after.IsAmbiguous));
        Assert.False(permanent.IsTransient);
        Assert.Equal(["c", "e"], erp.Documents.Select(d => d.Journal.IdempotencyKey));
        Assert.Equal(ErpAcknowledgmentStatus.Accepted, Assert.Single(fine).Status);
        Assert.Equal(ErpLookupStatus.Found, (await erp.LookupAsync("c", Token)).Status);
        Assert.Equal(ErpLookupStatus.NotFound, (await erp.LookupAsync("b", Token)).Status);
    }

    [Fact]
    public async Task Post_BeyondTheDeclaredCapabilities_Throws()
    {
        var erp = new InMemoryErpAdapter(new ErpCapabilities { MaxJournalsPerBatch = 1, MaxLinesPerJournal = 2 });

        await Assert.ThrowsAsync<ArgumentException>(() => erp.PostAsync(Batch("a", "b"), Token));
        await Assert.ThrowsAsync<ArgumentException>(() => erp.PostAsync(new ErpBatch([new ErpJournal(ErpConformanceJournals.Pairs("c", 2))]), Token));
    }

    [Fact]
    public void ConformanceJournals_AreBalancedPairsOnTheDeclaredRoles()
    {
        var journal = ErpConformanceJournals.Pairs("k", 5);

        Assert.Equal(10, journal.Lines.Count);
        Assert.All(journal.Lines, l => Assert.Contains(l.Account, ErpConformanceJournals.Roles));
        Assert.Throws<ArgumentOutOfRangeException>(() => ErpConformanceJournals.Pairs("k", 0));
    }
}
