using System.Text;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;

namespace HealthFinance.X12.Hipaa.Tests.Claims;

/// <summary>Loads the synthetic fixtures under TestData/ and derives variants with correct SE01 counts.</summary>
internal static class ClaimFixtures
{
    public static string Text(string relativePath) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", relativePath));

    public static HipaaRead Read(string text, string? fileName = "fixture.x12") => Read(Encoding.Latin1.GetBytes(text), fileName);

    public static HipaaRead Read(byte[] bytes, string? fileName) => new(HipaaReader.Read(bytes, new HipaaReaderOptions { FileName = fileName }));

    public static HipaaRead ReadFile(string relativePath) => Read(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", relativePath)), Path.GetFileName(relativePath));

    /// <summary>Replaces one exact segment (without terminator) and recounts SE01; a null replacement removes it.</summary>
    public static string ReplaceSegment(string text, string segment, string? replacement, bool last = false)
    {
        var lines = Segments(text);
        var index = last ? lines.LastIndexOf(segment) : lines.IndexOf(segment);
        Assert.True(index >= 0, $"Fixture has no segment {segment}.");
        if (replacement is null)
        {
            lines.RemoveAt(index);
        }
        else
        {
            lines[index] = replacement;
        }

        return Join(lines);
    }

    /// <summary>Inserts segments after one exact segment and recounts SE01.</summary>
    public static string InsertAfter(string text, string segment, params string[] inserted)
    {
        var lines = Segments(text);
        var index = lines.IndexOf(segment);
        Assert.True(index >= 0, $"Fixture has no segment {segment}.");
        lines.InsertRange(index + 1, inserted);
        return Join(lines);
    }

    /// <summary>The map findings (HIPAA-xxxx), leaving out envelope and syntax findings of the validator.</summary>
    public static List<Diagnostic> MapFindings(HipaaRead result)
        => [.. result.Diagnostics.Where(d => d.Code.StartsWith("HIPAA-", StringComparison.Ordinal))];

    /// <summary>The claim-side map findings (HIPAA-04xx for 837, HIPAA-05xx for 277CA), leaving out loop-structure findings of the engine.</summary>
    public static List<Diagnostic> ClaimFindings(HipaaRead result)
        => [.. result.Diagnostics.Where(d => d.Code.StartsWith("HIPAA-04", StringComparison.Ordinal) || d.Code.StartsWith("HIPAA-05", StringComparison.Ordinal))];

    public static string Codes(HipaaRead result)
        => string.Join(",", result.Diagnostics.Select(d => d.Code).Distinct().Order(StringComparer.Ordinal));

    private static List<string> Segments(string text)
        => [.. text.Split('~', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim('\n', '\r')).Where(s => s.Length > 0)];

    private static string Join(List<string> segments)
    {
        var start = -1;
        for (var i = 0; i < segments.Count; i++)
        {
            if (segments[i].StartsWith("ST*", StringComparison.Ordinal))
            {
                start = i;
            }
            else if (segments[i].StartsWith("SE*", StringComparison.Ordinal) && start >= 0)
            {
                var parts = segments[i].Split('*');
                parts[1] = (i - start + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                segments[i] = string.Join('*', parts);
                start = -1;
            }
        }

        return string.Join("~\n", segments) + "~\n";
    }
}

/// <summary>Every result of one <see cref="HipaaReader.Read(ReadOnlySpan{byte}, HipaaReaderOptions?)"/> call, flattened for assertions.</summary>
internal sealed class HipaaRead(IReadOnlyList<HipaaResult> results)
{
    public IReadOnlyList<HipaaResult> Results { get; } = results;

    public IReadOnlyList<CanonicalEvent> Events { get; } = [.. results.SelectMany(r => r.Events)];

    public IReadOnlyList<Diagnostic> Diagnostics { get; } = [.. results.SelectMany(r => r.Diagnostics)];

    public IEnumerable<ClaimSubmitted> Claims => Events.OfType<ClaimSubmitted>();

    public IEnumerable<ClaimStatusReported> ClaimStatuses => Events.OfType<ClaimStatusReported>();

    public IEnumerable<AcknowledgmentReceived> Acknowledgments => Events.OfType<AcknowledgmentReceived>();

    /// <summary>Transaction sets read but not mapped because their guide or version is not supported (an error finding says which).</summary>
    public bool HasUnsupportedTransactions => Results.Any(r => r.Outcome == HipaaOutcome.NotMapped && r.HasErrors);

    public bool IsValid => !Diagnostics.Any(d => d.IsError);
}
