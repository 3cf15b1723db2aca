namespace HealthFinance.Canonical.Tests.Identifiers;

public sealed class NpiTests
{
    [Theory]
    [InlineData("1234567893")]
    [InlineData("1245319599")]
    [InlineData("1999999992")]
    public void IsValid_KnownGoodNpi_ReturnsTrue(string value)
    {
        Assert.True(Npi.IsValid(value));
        Assert.Equal(value, Npi.Parse(value).Value);
        Assert.Equal(value, new Npi(value).ToString());
    }

    [Theory]
    [InlineData("1234567890")]
    [InlineData("123456789")]
    [InlineData("12345678931")]
    [InlineData("123456789A")]
    [InlineData("")]
    [InlineData(" 1234567893")]
    public void IsValid_Malformed_ReturnsFalseAndCtorThrows(string value)
    {
        Assert.False(Npi.IsValid(value));
        Assert.False(Npi.TryParse(value, out var result));
        Assert.Equal(string.Empty, result.Value);
        var ex = Assert.Throws<CanonicalFormatException>(() => new Npi(value));
        Assert.Equal(CanonicalErrorCodes.InvalidNpi, ex.ErrorCode);
    }

    [Fact]
    public void ComputeCheckDigit_UsesThe80840Prefix()
    {
        Assert.Equal(3, Npi.ComputeCheckDigit("123456789"));
    }

    [Fact]
    public void ComputeCheckDigit_BadInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => Npi.ComputeCheckDigit("12345678"));
        Assert.Throws<ArgumentException>(() => Npi.ComputeCheckDigit("12345678X"));
    }

    [Fact]
    public void TryParse_Null_ReturnsFalse()
    {
        Assert.False(Npi.TryParse(null, out _));
        Assert.Throws<ArgumentNullException>(() => new Npi(null!));
    }
}
