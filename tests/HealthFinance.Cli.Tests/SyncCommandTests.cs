using System.Text.Json;
using HealthFinance.TestUtilities;

namespace HealthFinance.Cli.Tests;

/// <summary><c>healthfinance sync</c>, <c>dead-letter</c> and <c>reconcile</c> on the sample day (samples/data).</summary>
public sealed class SyncCommandTests
{
    private static string SampleDay => Path.Combine(Corpus.RepositoryRoot, "samples", "data");

    private static string SampleRules(string file) => Path.Combine(Corpus.RepositoryRoot, "samples", "rules", file);

    private static string NewOut() => Directory.CreateTempSubdirectory("hf-sync-cli-").FullName;

    private static JsonElement Summary(string stdout)
    {
        using var doc = JsonDocument.Parse(stdout.Trim());
        return doc.RootElement.Clone();
    }

    [Fact]
    public async Task SampleDay_PostsWhatTheReadmeSays_AndARerunPostsNothingNew()
    {
        var outDir = NewOut();
        var (code, stdout, stderr, _) = await CliRunner.RunAsync(["sync", SampleDay, "--out", outDir, "--json"]);
        Assert.True(code == 0, stderr);
        var first = Summary(stdout);

        // samples/data/README.md: 61 events, 39 posted in 44 journals of 202 lines, the one unmapped facility quarantined.
        Assert.Equal(61, first.GetProperty("received").GetInt64());
        Assert.Equal(39, first.GetProperty("posted").GetInt64());
        Assert.Equal(1, first.GetProperty("quarantined").GetInt64());
        Assert.Equal(21, first.GetProperty("nothingToPost").GetInt64());
        Assert.Equal(0, first.GetProperty("parked").GetInt64());
        Assert.Equal(0, first.GetProperty("deadLettered").GetInt64());
        Assert.Equal(44, first.GetProperty("journals").GetInt64());
        Assert.Equal(202, first.GetProperty("journalLines").GetInt64());
        Assert.Equal(44, first.GetProperty("deliveredJournals").GetInt64());
        Assert.Equal(0m, first.GetProperty("reconciliationVariance").GetDecimal());
        var quarantine = Assert.Single(first.GetProperty("quarantines").EnumerateArray());
        Assert.Equal("POST-0102", quarantine.GetProperty("codes").GetString());
        Assert.Equal("06-charges.hl7", quarantine.GetProperty("input").GetString());

        var exported = Directory.GetFiles(Path.Combine(outDir, "journals"), "*.jsonl").Sum(f => File.ReadLines(f).Count());
        Assert.Equal(202, exported);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(outDir, "hledger"), "*.journal"));

        (code, stdout, stderr, _) = await CliRunner.RunAsync(["sync", SampleDay, "--out", outDir, "--json"]);
        Assert.True(code == 0, stderr);
        var second = Summary(stdout);
        Assert.Equal(61, second.GetProperty("received").GetInt64());
        Assert.Equal(61, second.GetProperty("duplicates").GetInt64());
        Assert.Equal(0, second.GetProperty("posted").GetInt64());
        Assert.Equal(0, second.GetProperty("journals").GetInt64());
        Assert.Equal(202, Directory.GetFiles(Path.Combine(outDir, "journals"), "*.jsonl").Sum(f => File.ReadLines(f).Count()));
    }

    [Fact]
    public async Task TheQuarantinedCharge_IsListed_AndReplayedOnceTheRulesMapItsFacility()
    {
        var outDir = NewOut();
        var (code, _, stderr, _) = await CliRunner.RunAsync(["sync", SampleDay, "--out", outDir]);
        Assert.True(code == 0, stderr);

        (code, var listed, stderr, _) = await CliRunner.RunAsync(["dead-letter", "list", "--out", outDir, "--json"]);
        Assert.True(code == 0, stderr);
        var letter = JsonDocument.Parse(Assert.Single(listed.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal("POST-0102", letter.GetProperty("codes")[0].GetString());
        Assert.True(letter.GetProperty("replayable").GetBoolean());
        var id = letter.GetProperty("id").GetString()!;

        // Still unmapped: the replay fails and counts an attempt.
        (code, _, _, _) = await CliRunner.RunAsync(["dead-letter", "replay", id, "--out", outDir]);
        Assert.Equal(1, code);

        // The reference data now maps the facility: the replay posts the charge.
        var fixedReference = Path.Combine(outDir, "riverbend-reference.json");
        var reference = await File.ReadAllTextAsync(SampleRules("riverbend-reference.json"), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(fixedReference, reference.Replace("\"facilities\": [", "\"facilities\": [\n    { \"id\": \"RRH-WEST\", \"legalEntity\": \"RBH\", \"costCenter\": \"H100\" },", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        (code, var replayed, stderr, _) = await CliRunner.RunAsync(["dead-letter", "replay", id, "--out", outDir, "--rules", SampleRules("riverbend-core.json"), "--rules", fixedReference, "--json"]);
        Assert.True(code == 0, stderr);
        var outcome = JsonDocument.Parse(replayed.Trim()).RootElement;
        Assert.Equal("Replayed", outcome.GetProperty("outcome").GetString());
        Assert.Equal(1, outcome.GetProperty("posted").GetInt64());
        Assert.Equal(1, outcome.GetProperty("deliveredJournals").GetInt64());

        (_, listed, _, _) = await CliRunner.RunAsync(["dead-letter", "list", "--out", outDir, "--json"]);
        Assert.Empty(listed.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        (_, listed, _, _) = await CliRunner.RunAsync(["dead-letter", "list", "--out", outDir, "--json", "--all"]);
        var closed = JsonDocument.Parse(Assert.Single(listed.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal("replayed", closed.GetProperty("status").GetString());
        Assert.Equal(2, closed.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task Reconcile_FindsEveryJournalOfTheDayInTheLedger_AndNamesWhatIsMissing()
    {
        var outDir = NewOut();
        var (code, _, stderr, _) = await CliRunner.RunAsync(["sync", SampleDay, "--out", outDir]);
        Assert.True(code == 0, stderr);
        var ledger = Path.Combine(outDir, "journals");

        (code, var stdout, stderr, _) = await CliRunner.RunAsync(["reconcile", SampleDay, "--ledger", ledger, "--json"]);
        Assert.True(code == 0, stderr);
        var report = JsonDocument.Parse(stdout.Trim()).RootElement;
        Assert.Equal(44, report.GetProperty("journals").GetInt32());
        Assert.Equal(0, report.GetProperty("missingJournals").GetInt32());
        Assert.Equal(0m, report.GetProperty("variance").GetDecimal());

        // Remove one exported file: reconcile names its journals and exits 1.
        var file = Directory.GetFiles(ledger, "*.jsonl").Order(StringComparer.Ordinal).First();
        var removed = File.ReadLines(file).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("idempotencyKey").GetString()).Distinct().Count();
        File.Delete(file);
        (code, stdout, _, _) = await CliRunner.RunAsync(["reconcile", SampleDay, "--ledger", ledger, "--json"]);
        Assert.Equal(1, code);
        Assert.Equal(removed, JsonDocument.Parse(stdout.Trim()).RootElement.GetProperty("missingJournals").GetInt32());
    }

    [Theory]
    [InlineData("--state", "mysql:x")]
    [InlineData("--erp", "ftp:somewhere")]
    [InlineData("--erp", "fbdi:out")]
    public async Task BadStateOrErp_IsAUsageError(string option, string value)
    {
        var (code, _, stderr, _) = await CliRunner.RunAsync(["sync", SampleDay, "--out", NewOut(), option, value]);
        Assert.Equal(2, code);
        Assert.Contains(option, stderr, StringComparison.Ordinal);
    }
}
