using System.Globalization;
using HealthFinance.TestUtilities;
using Xunit;

namespace HealthFinance.Hl7v2.Tests;

/// <summary>Every corpus file is read or rejected with a reason, as CorpusHl7v2Expectations.tsv records.</summary>
public sealed class CorpusConformanceTests
{
    private static readonly Dictionary<string, string> Expected = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "CorpusHl7v2Expectations.tsv"))
        .Skip(1)
        .Where(l => l.Length > 0)
        .Select(l => l.Split('\t'))
        .ToDictionary(p => p[0], p => string.Join('\t', p.Skip(1)));

    public static TheoryData<string> Files() => Corpus.Files("hl7v2");

    [Theory]
    [MemberData(nameof(Files))]
    public void CorpusFile_MatchesExpectedOutcome(string file)
    {
        var bytes = Corpus.ReadBytes(file);
        Assert.True(Expected.TryGetValue(file, out var expected), $"{file} has no row in CorpusHl7v2Expectations.tsv: {Outcome(bytes)}");
        Assert.Equal(expected, Outcome(bytes));
    }

    internal static string Outcome(byte[] bytes)
    {
        var results = Hl7v2Parser.Parse(bytes);
        var messages = results.Count(r => r.MessageIndex >= 0);
        var events = results.Sum(r => r.Events.Count);
        var codes = string.Join(',', results.SelectMany(r => r.Diagnostics).Select(d => d.Code).Distinct().Order(StringComparer.Ordinal));
        var ack = string.Join(',', results.Select(r => r.AckCode switch { Hl7v2AckCode.Accept => "AA", Hl7v2AckCode.Error => "AE", _ => "AR" }));
        string totals;
        try
        {
            var t = Hl7v2ControlTotals.Compute(bytes);
            totals = string.Create(CultureInfo.InvariantCulture, $"{t.Messages}/{t.Transactions}/{t.TotalCharges}");
        }
        catch (Hl7v2ReaderException ex)
        {
            totals = "rejected:" + ex.ErrorCode;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{messages}\t{events}\t{ack}\t{(codes.Length == 0 ? "-" : codes)}\t{totals}");
    }
}
