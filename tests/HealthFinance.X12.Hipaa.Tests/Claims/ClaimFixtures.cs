using System.Text;
using HealthFinance.X12.Hipaa.Claims;

namespace HealthFinance.X12.Hipaa.Tests.Claims;

/// <summary>Loads the synthetic fixtures under TestData/ and derives variants with correct SE01 counts.</summary>
internal static class ClaimFixtures
{
    public static string Text(string relativePath) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", relativePath));

    public static X12ClaimReadResult Read(string text, string? fileName = "fixture.x12") => X12ClaimReader.Read(Encoding.Latin1.GetBytes(text), fileName);

    public static X12ClaimReadResult ReadFile(string relativePath) => X12ClaimReader.Read(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", relativePath)), Path.GetFileName(relativePath));

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
    public static List<HealthFinance.Canonical.Diagnostics.Diagnostic> MapFindings(X12ClaimReadResult result)
        => [.. result.Diagnostics.Where(d => d.Code.StartsWith("HIPAA-", StringComparison.Ordinal))];

    public static string Codes(X12ClaimReadResult result)
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
