using HealthFinance.Canonical.Events;
using HealthFinance.Canonical.Serialization;
using static HealthFinance.X12.Hipaa.Tests.Claims.ClaimFixtures;

namespace HealthFinance.X12.Hipaa.Tests.Claims;

/// <summary>The canonical JSON of one 837P claim and one 277CA status, approved as checked-in golden files.</summary>
public sealed class ClaimGoldenTests
{
    [Fact]
    public void Serialize_ProfessionalClaim_MatchesGoldenFile()
    {
        var claim = ReadFile("Claims/837p-multi-line.x12").Claims.First();

        AssertGolden("Claims/837p-multi-line.claim1.golden.json", claim);
    }

    [Fact]
    public void Serialize_ClaimStatus_MatchesGoldenFile()
    {
        var status = ReadFile("ClaimStatus/277ca-accepted.x12").ClaimStatuses.First();

        AssertGolden("ClaimStatus/277ca-accepted.status1.golden.json", status);
    }

    [Fact]
    public void Deserialize_GoldenProfessionalClaim_RoundTrips()
    {
        var claim = ReadFile("Claims/837p-multi-line.x12").Claims.First();
        var parsed = CanonicalJson.Deserialize(Text("Claims/837p-multi-line.claim1.golden.json"));

        Assert.Equal(claim, Assert.IsType<ClaimSubmitted>(parsed));
    }

    private static void AssertGolden(string goldenPath, CanonicalEvent value)
    {
        var expected = Text(goldenPath).ReplaceLineEndings("\n").TrimEnd('\n');
        var actual = CanonicalJson.SerializeIndented(value).ReplaceLineEndings("\n");
        Assert.Equal(expected, actual);
    }
}
