using System.Globalization;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.TestUtilities;

namespace HealthFinance.Fhir.Tests;

/// <summary>Every FHIR corpus file parses and maps, or is reported with a reason, as CorpusFhirExpectations.tsv records.</summary>
public sealed class CorpusConformanceTests
{
    private static readonly Dictionary<string, string> Expected = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "CorpusFhirExpectations.tsv"))
        .Skip(1)
        .Where(l => l.Length > 0)
        .Select(l => l.Split('\t'))
        .ToDictionary(p => p[0], p => string.Join('\t', p.Skip(1)));

    public static TheoryData<string> Files() => Corpus.Files("fhir");

    [Theory]
    [MemberData(nameof(Files))]
    public void CorpusFile_MatchesExpectedOutcome(string file)
    {
        var bytes = Corpus.ReadBytes(file);
        Assert.True(Expected.TryGetValue(file, out var expected), $"{file} has no row in CorpusFhirExpectations.tsv: {Outcome(bytes)}");
        Assert.Equal(expected, Outcome(bytes));
    }

    internal static string Outcome(byte[] bytes)
    {
        var recoverable = FhirParser.Parse(bytes);
        var strict = FhirParser.Parse(bytes, new FhirParserOptions { Mode = FhirDeserializationMode.Strict });
        var events = string.Join(',', recoverable.Events.GroupBy(e => e.GetType().Name).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}:{g.Count()}"));
        string totals;
        try
        {
            var t = FhirControlTotals.Compute(bytes);
            totals = string.Create(CultureInfo.InvariantCulture, $"{t.Resources}/{t.Claims}/{t.TotalBilled}/{t.Eobs}/{t.TotalPaid}/{t.PaymentAmount}");
        }
        catch (FhirParseException ex)
        {
            totals = "rejected:" + ex.ErrorCode;
        }

        return string.Join('\t',
            recoverable.Resource?.TypeName ?? "-",
            events.Length == 0 ? "-" : events,
            Codes(recoverable.Diagnostics, DiagnosticSeverity.Error),
            Codes(recoverable.Diagnostics, DiagnosticSeverity.Warning),
            Codes(recoverable.Diagnostics, DiagnosticSeverity.Information),
            string.Create(CultureInfo.InvariantCulture, $"{strict.Events.Count}ev/{strict.Diagnostics.Count(d => d.IsError && string.CompareOrdinal(d.Code, FhirDiagnosticCodes.SdkIssue) <= 0)}sdk"),
            totals);
    }

    private static string Codes(IEnumerable<Diagnostic> diagnostics, DiagnosticSeverity severity)
    {
        var codes = diagnostics.Where(d => d.Severity == severity).Select(d => d.Code).Distinct().Order(StringComparer.Ordinal).ToList();
        return codes.Count == 0 ? "-" : string.Join(',', codes);
    }
}
