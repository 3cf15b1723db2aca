using FsCheck.Xunit;
using HealthFinance.Canonical.Tests.Support;

namespace HealthFinance.Canonical.Tests.Properties;

public sealed class NpiProperties
{
    [Property(Arbitrary = [typeof(CanonicalArbitraries)])]
    public void IsValid_GeneratedNpi_Passes(ValidNpiText npi)
    {
        Assert.True(Npi.IsValid(npi.Value));
        Assert.True(Npi.TryParse(npi.Value, out var parsed));
        Assert.Equal(npi.Value, parsed.Value);
    }

    [Property(Arbitrary = [typeof(CanonicalArbitraries)])]
    public void IsValid_AnySingleDigitChange_Fails(ValidNpiText npi, byte positionSeed, byte deltaSeed)
    {
        var position = positionSeed % 10;
        var delta = 1 + (deltaSeed % 9);
        var chars = npi.Value.ToCharArray();
        chars[position] = (char)('0' + ((chars[position] - '0' + delta) % 10));
        var changed = new string(chars);
        Assert.False(Npi.IsValid(changed));
        Assert.False(Npi.TryParse(changed, out _));
        Assert.Throws<CanonicalFormatException>(() => new Npi(changed));
    }
}
