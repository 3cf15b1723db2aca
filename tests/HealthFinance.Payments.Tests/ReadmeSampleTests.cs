using System.Text;
using System.Text.RegularExpressions;
using HealthFinance.Canonical.Events;
using HealthFinance.TestUtilities;

namespace HealthFinance.Payments.Tests;

/// <summary>Runs the code of src/HealthFinance.Payments/README.md and reads its format examples, so neither can rot.</summary>
public sealed partial class ReadmeSampleTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(Corpus.RepositoryRoot, "src", "HealthFinance.Payments", "README.md"));

    [Fact]
    public async Task ReadmeSample_ReadLoop_Works()
    {
        var path = Path.Combine(Path.GetTempPath(), "settlement-" + Guid.NewGuid().ToString("N") + ".csv");
        await File.WriteAllBytesAsync(path, TestFeeds.Csv(TestFeeds.Payment, "refund,R1,,A,,,card,bogus,1,USD,,2024-01-01,,,"), TestContext.Current.CancellationToken);
        var cancellationToken = TestContext.Current.CancellationToken;
        var events = new List<CanonicalEvent>();
        var deadLetters = new List<ReadOnlyMemory<byte>>();
        try
        {
            // From the README (Console.Error swapped for a list).
            await using var file = File.OpenRead(path);
            var options = new PaymentFeedOptions { FileName = "settlement-2025-03-13.csv" };
            await foreach (var record in PaymentFeedReader.ReadAsync(file, options, cancellationToken))
            {
                foreach (var e in record.Events) { events.Add(e); }
                if (record.HasErrors) { deadLetters.Add(record.RawBytes); }
            }
        }
        finally
        {
            File.Delete(path);
        }

        Assert.IsType<PatientPaymentReceived>(Assert.Single(events));
        var replay = Assert.Single(PaymentFeedReader.Read(Assert.Single(deadLetters).Span));
        Assert.Equal(PaymentFeedDiagnosticCodes.UnknownStatus, Assert.Single(replay.Diagnostics).Code);
    }

    [Fact]
    public void ReadmeCsvExample_ReadsWithoutFindings()
    {
        var csv = Block("### CSV");
        var records = PaymentFeedReader.Read(Encoding.UTF8.GetBytes(csv));

        Assert.Equal(PaymentFeedKind.Csv, PaymentFeedReader.Detect(Encoding.UTF8.GetBytes(csv)));
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Empty(r.Diagnostics));
        Assert.IsType<PatientPaymentReceived>(records[0].Events[0]);
        Assert.IsType<RefundIssued>(records[1].Events[0]);
    }

    [Fact]
    public void ReadmeJsonExample_ReadsWithoutFindings()
    {
        var json = Block("### JSON");
        var record = Assert.Single(PaymentFeedReader.Read(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(PaymentFeedKind.Json, record.Kind);
        Assert.Empty(record.Diagnostics);
        Assert.IsType<PatientPaymentReceived>(Assert.Single(record.Events));
    }

    [Fact]
    public void ReadmeTable_NamesEveryColumnAndProperty()
    {
        foreach (var column in FeedGenerator.Columns)
        {
            Assert.Contains($"| `{column}` | `{FeedGenerator.CamelCase(column)}` |", Readme);
        }
    }

    /// <summary>The first fenced block after a heading.</summary>
    private static string Block(string heading)
    {
        var at = Readme.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(at >= 0, heading + " is not in the README.");
        var match = FencedBlock().Match(Readme, at);
        Assert.True(match.Success);
        return match.Groups[1].Value;
    }

    [GeneratedRegex("```[a-z]*\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex FencedBlock();
}
