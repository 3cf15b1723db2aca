using System.Text;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.Fhir.Tests;

/// <summary>The fixtures' canonical NDJSON and findings match the approved golden files.</summary>
public sealed class GoldenTests
{
    [Theory]
    [InlineData("remittance-bundle.json")]
    [InlineData("charges-bundle.json")]
    public void Fixture_MapsToApprovedNdjson(string fixture)
    {
        var approved = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", Path.GetFileNameWithoutExtension(fixture) + ".golden.ndjson"));
        Assert.Equal(approved, Golden(fixture));
    }

    internal static string Golden(string fixture)
    {
        var result = FhirParser.Parse(FhirTestData.Read(fixture), new FhirParserOptions { FileName = fixture });
        var sb = new StringBuilder();
        foreach (var e in result.Events)
        {
            sb.Append(CanonicalJson.Serialize(e)).Append('\n');
        }

        foreach (var d in result.Diagnostics)
        {
            sb.Append("# ").Append(d).Append('\n');
        }

        return sb.ToString();
    }
}
