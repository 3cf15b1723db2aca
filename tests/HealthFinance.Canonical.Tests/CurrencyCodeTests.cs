namespace HealthFinance.Canonical.Tests;

public sealed class CurrencyCodeTests
{
    [Theory]
    [InlineData("USD")]
    [InlineData("EUR")]
    [InlineData("XTS")]
    public void Parse_ThreeUppercaseLetters_Succeeds(string code)
    {
        Assert.Equal(code, CurrencyCode.Parse(code).Value);
        Assert.True(CurrencyCode.TryParse(code, out var parsed));
        Assert.Equal(code, parsed.ToString());
        Assert.True(CurrencyCode.TryParse(code.AsSpan(), out var fromSpan));
        Assert.Equal(parsed, fromSpan);
    }

    [Theory]
    [InlineData("")]
    [InlineData("usd")]
    [InlineData("US")]
    [InlineData("USDX")]
    [InlineData("U5D")]
    [InlineData(" USD")]
    [InlineData("ÜSD")]
    public void Parse_Malformed_ThrowsWithErrorCode(string code)
    {
        var ex = Assert.Throws<CanonicalFormatException>(() => CurrencyCode.Parse(code));
        Assert.Equal(CanonicalErrorCodes.InvalidCurrencyCode, ex.ErrorCode);
        Assert.False(CurrencyCode.TryParse(code, out var result));
        Assert.True(result.IsDefault);
        Assert.False(CurrencyCode.TryParse(code.AsSpan(), out _));
    }

    [Fact]
    public void TryParse_Null_ReturnsFalse()
    {
        Assert.False(CurrencyCode.TryParse((string?)null, out _));
        Assert.Throws<ArgumentNullException>(() => CurrencyCode.Parse(null!));
    }

    [Fact]
    public void Default_IsDefaultWithEmptyValue()
    {
        Assert.True(default(CurrencyCode).IsDefault);
        Assert.Equal(string.Empty, default(CurrencyCode).Value);
        Assert.False(CurrencyCode.USD.IsDefault);
    }

    [Fact]
    public void Equality_IsByValue()
    {
        Assert.Equal(CurrencyCode.USD, new CurrencyCode("USD"));
        Assert.NotEqual(CurrencyCode.USD, CurrencyCode.CAD);
    }

    [Fact]
    public void TryFormat_WritesCodeOrFailsWhenTooSmall()
    {
        Span<char> big = stackalloc char[3];
        Assert.True(CurrencyCode.GBP.TryFormat(big, out var written, default, null));
        Assert.Equal(3, written);
        Assert.Equal("GBP", big.ToString());
        Span<char> small = stackalloc char[2];
        Assert.False(CurrencyCode.GBP.TryFormat(small, out written, default, null));
        Assert.Equal(0, written);
        Assert.Equal("GBP", CurrencyCode.GBP.ToString("G", null));
    }
}
