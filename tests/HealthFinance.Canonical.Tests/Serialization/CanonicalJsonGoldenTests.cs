using HealthFinance.Canonical.Events;
using HealthFinance.Canonical.Serialization;
using HealthFinance.Canonical.Tests.Support;

namespace HealthFinance.Canonical.Tests.Serialization;

public sealed class CanonicalJsonGoldenTests
{
    private static string GoldenPath(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    [Fact]
    public void SerializeIndented_Remittance_MatchesGoldenFile()
    {
        var expected = File.ReadAllText(GoldenPath("remittance.golden.json")).ReplaceLineEndings("\n").TrimEnd('\n');
        var actual = CanonicalJson.SerializeIndented(Samples.Remittance()).ReplaceLineEndings("\n");
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Deserialize_GoldenRemittance_EqualsSample()
    {
        var parsed = CanonicalJson.Deserialize(File.ReadAllText(GoldenPath("remittance.golden.json")));
        var remittance = Assert.IsType<RemittanceReceived>(parsed);
        Assert.Equal(Samples.Remittance(), remittance);
    }
}
