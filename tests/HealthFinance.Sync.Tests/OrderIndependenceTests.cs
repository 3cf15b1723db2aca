using HealthFinance.Erp.FileExport;
using HealthFinance.Idempotency.DeadLetters;
using HealthFinance.Mapping.Rules;
using HealthFinance.Sync.Inputs;

namespace HealthFinance.Sync.Tests;

/// <summary>Out-of-order arrival (835 before 837, 277CA before its claim, reversal before its original) ends in the same ledger as in-order arrival.</summary>
public sealed class OrderIndependenceTests
{
    private static string[] SampleDayX12() => Directory.GetFiles(SyncHarness.RepoPath("samples", "data"))
        .Where(static f => f.EndsWith(".835", StringComparison.Ordinal) || f.EndsWith(".837", StringComparison.Ordinal) || f.EndsWith(".277", StringComparison.Ordinal) || f.EndsWith(".999", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToArray();

    private static async Task<(SyncRunReport Report, Dictionary<string, string> Lines)> RunAsync(IEnumerable<string> files)
    {
        using var harness = new SyncHarness();
        var state = harness.OpenState();
        using var pipeline = harness.Pipeline(state);
        var report = await pipeline.RunAsync(files.Select(SyncInput.FromFile), null, TestContext.Current.CancellationToken);
        return (report, SyncHarness.ExportedLines(harness.ExportFolder));
    }

    [Fact]
    public async Task ReversedArrival_EndsInTheSameLedger_AsInOrderArrival()
    {
        var files = SampleDayX12();
        Assert.Contains(files, static f => f.EndsWith(".837", StringComparison.Ordinal));
        Assert.Contains(files, static f => f.EndsWith(".835", StringComparison.Ordinal));

        var (inOrder, expected) = await RunAsync(files);
        var (reversed, actual) = await RunAsync(files.Reverse());

        Assert.True(inOrder.Complete && reversed.Complete);
        Assert.Equal(0, inOrder.Parked);
        Assert.True(reversed.Released > 0, "Reversed arrival should park what waits for a claim or a payment and release it.");
        Assert.Equal(0, reversed.Parked);
        Assert.Equal(inOrder.Posted, reversed.Posted);
        Assert.Equal(inOrder.Quarantined, reversed.Quarantined);
        AssertSameLedger(expected, actual);
    }

    [Fact]
    public async Task ReversalBeforeItsOriginal_IsParked_ThenMirrorsTheOriginal()
    {
        var files = SampleDayX12();
        var remittances = files.Where(static f => f.EndsWith(".835", StringComparison.Ordinal)).ToArray();

        // Every remittance of the day before the earlier payments they reverse.
        var (report, lines) = await RunAsync(remittances.Reverse());
        Assert.True(report.Released > 0);
        Assert.Contains(lines.Values, static l => l.Contains("reversedJournalId", StringComparison.Ordinal));
        Assert.DoesNotContain(lines.Values, static l => l.Contains("unmatched reversal", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ReversalInALaterRun_MirrorsTheOriginalPostedByAnEarlierRun_SameLedgerAsOneRun()
    {
        var files = SampleDayX12();
        var reversing = files.Single(static f => f.EndsWith("05-remittance-lakeshore.835", StringComparison.Ordinal));
        var (oneRun, expected) = await RunAsync(files);

        // The day before: everything but the remittance that reverses the 7 March payment; then that remittance alone.
        using var harness = new SyncHarness();
        var earlier = await harness.RunAsync([.. files.Where(f => f != reversing)]);
        var later = await harness.RunAsync(reversing);
        var actual = SyncHarness.ExportedLines(harness.ExportFolder);

        Assert.True(earlier.Complete && later.Complete);
        Assert.Equal((0, 0), (oneRun.Parked, later.Parked));
        Assert.Equal(oneRun.Posted, earlier.Posted + later.Posted);
        Assert.Contains(actual.Values, static l => l.Contains("reversedJournalId", StringComparison.Ordinal));
        Assert.DoesNotContain(actual.Values, static l => l.Contains("unmatched reversal", StringComparison.OrdinalIgnoreCase));
        AssertSameLedger(expected, actual);

        // The reversal took the kept payment it mirrors: a second run of the same file is a duplicate and posts nothing.
        var again = await harness.RunAsync(reversing);
        Assert.Equal((0, 0), (again.Posted, again.Parked));
        Assert.Equal(actual.Count, SyncHarness.ExportedLines(harness.ExportFolder).Count);
    }

    [Fact]
    public async Task ReversalQuarantinedInALaterRun_KeepsItsOriginal_AndTheReplayMirrorsIt_SameLedgerAsOneRun()
    {
        var files = SampleDayX12();
        var reversing = files.Single(static f => f.EndsWith("05-remittance-lakeshore.835", StringComparison.Ordinal));
        var (_, expected) = await RunAsync(files);

        using var harness = new SyncHarness();
        await harness.RunAsync([.. files.Where(f => f != reversing)]);

        // The reversing remittance under rules that lost the physician group's contractual-allowance account: its
        // correction cannot be posted, so it is quarantined whole, reversal included.
        var ct = TestContext.Current.CancellationToken;
        var broken = Directory.CreateTempSubdirectory("hf-rules-").FullName;
        try
        {
            foreach (var rules in Directory.GetFiles(SyncHarness.RepoPath("samples", "rules"), "*.json"))
            {
                var text = await File.ReadAllTextAsync(rules, ct);
                await File.WriteAllTextAsync(Path.Combine(broken, Path.GetFileName(rules)), text.Replace("\"contractual-allowance\": \"4100\", ", string.Empty, StringComparison.Ordinal), ct);
            }

            var load = RuleSetLoader.LoadFiles(Directory.GetFiles(broken, "*.json").Order(StringComparer.Ordinal));
            Assert.NotNull(load.Catalog);
            var state = harness.OpenState();
            using (var pipeline = new SyncPipeline(SyncPipeline.BuiltInFormats, load.Catalog, state, new FileExportAdapter(new FileExportOptions { OutputDirectory = harness.ExportFolder })))
            {
                var quarantined = await pipeline.RunAsync([SyncInput.FromFile(reversing)], null, ct);
                Assert.True(quarantined.Quarantined > 0);
            }

            // The rules are mended and the dead letters replayed: the reversal finds the original the quarantine left kept.
            using var mended = harness.Pipeline(state);
            var letters = await state.DeadLetters.ListAsync(new DeadLetterQuery(), ct);
            Assert.NotEmpty(letters);
            foreach (var letter in letters)
            {
                Assert.Equal(ReplayOutcome.Replayed, (await mended.ReplayAsync(letter.Id, ct)).Outcome);
            }
        }
        finally
        {
            Directory.Delete(broken, recursive: true);
        }

        var actual = SyncHarness.ExportedLines(harness.ExportFolder);
        Assert.DoesNotContain(actual.Values, static l => l.Contains("unmatched reversal", StringComparison.OrdinalIgnoreCase));
        AssertSameLedger(expected, actual);
    }

    // The same journal lines by (idempotency key, line number), each the same.
    private static void AssertSameLedger(Dictionary<string, string> expected, Dictionary<string, string> actual)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, line) in expected)
        {
            Assert.Equal(line, actual[key]);
        }
    }
}
