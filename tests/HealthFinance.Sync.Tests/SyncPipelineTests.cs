namespace HealthFinance.Sync.Tests;

public sealed class SyncPipelineTests
{
    [Fact]
    public async Task Remittance_PostsBalancedJournals_AndARerunPostsNothingNew()
    {
        using var harness = new SyncHarness();
        var input = SyncHarness.RepoPath("samples", "inputs", "remittance.835");

        var first = await harness.RunAsync(input);
        Assert.True(first.Complete);
        Assert.True(first.Posted > 0);
        Assert.True(first.Journals > 0);
        Assert.Equal(first.Journals, first.DeliveredJournals);
        var lines = SyncHarness.ExportedLines(harness.ExportFolder);
        Assert.Equal(first.JournalLines, lines.Count);

        var second = await harness.RunAsync(input);
        Assert.Equal(first.Received, second.Received);
        Assert.Equal(second.Received, second.Duplicates);
        Assert.Equal(0, second.Posted);
        Assert.Equal(0, second.Journals);
        Assert.Equal(lines, SyncHarness.ExportedLines(harness.ExportFolder));
    }
}
