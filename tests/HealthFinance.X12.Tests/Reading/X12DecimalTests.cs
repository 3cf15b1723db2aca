using System.Buffers.Text;
using System.Text;

namespace HealthFinance.X12.Tests.Reading;

public sealed class X12DecimalTests
{
    [Theory]
    [InlineData("0", "0")]
    [InlineData("100.00", "100.00")]
    [InlineData("-35.5", "-35.5")]
    [InlineData("007.50", "7.50")]
    [InlineData(".5", "0.5")]
    [InlineData("12.", "12")]
    [InlineData("0.00", "0.00")]
    [InlineData("9999999999999999999", "9999999999999999999")]
    [InlineData("-999999999999.9999999", "-999999999999.9999999")]
    [InlineData("12345678901234567890.5", "12345678901234567890.5")]
    [InlineData("-0.00", "0.00")]
    public void TryParse_KeepsTheWrittenScale(string text, string expected)
    {
        Assert.True(X12Decimal.TryParse(Encoding.ASCII.GetBytes(text), out var value));
        Assert.Equal(expected, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("-.")]
    [InlineData("+5")]
    [InlineData("1.2.3")]
    [InlineData("1-2")]
    [InlineData(" 12")]
    [InlineData("12 ")]
    [InlineData("1,000")]
    [InlineData("1E3")]
    [InlineData("2.5e-1")]
    [InlineData("12A")]
    public void TryParse_RefusesWhatIsNotAnImplementationGuideNumber(string text)
    {
        Assert.False(X12Decimal.TryParse(Encoding.ASCII.GetBytes(text), out var value));
        Assert.Equal(0m, value);
    }

    [Fact]
    public void TryParseWithExponent_AcceptsTheExponentOfTypeR()
    {
        Assert.True(X12Decimal.TryParseWithExponent("1.5E3"u8, out var value));
        Assert.Equal(1500m, value);
        Assert.False(X12Decimal.TryParseWithExponent("+1"u8, out _));
    }

    /// <summary>
    /// Over random strings of digits, points, minus signs and an occasional other byte, both entry points return
    /// exactly what the general parser returns (same bits: value, sign and scale), or refuse what it refuses.
    /// </summary>
    [Fact]
    public void TryParse_AgreesWithTheGeneralParserBitForBit()
    {
        var random = new Random(20261129);
        ReadOnlySpan<byte> alphabet = "0123456789.-0123456789Ee+ x"u8;
        var buffer = new byte[32];
        var parsedSome = 0;
        for (var n = 0; n < 200_000; n++)
        {
            var length = random.Next(0, random.Next(2) == 0 ? 8 : 32);
            for (var i = 0; i < length; i++)
            {
                // Mostly digits, so that long numbers (past 19 digits) come up too.
                buffer[i] = random.Next(4) == 0 ? alphabet[random.Next(alphabet.Length)] : (byte)('0' + random.Next(10));
            }

            var text = buffer.AsSpan(0, length);
            var expected = 0m;
            var general = text.Length > 0 && text[0] != (byte)'+' && Utf8Parser.TryParse(text, out expected, out var consumed) && consumed == text.Length;
            var withExponent = X12Decimal.TryParseWithExponent(text, out var actual);
            Assert.True(general == withExponent, $"'{Encoding.ASCII.GetString(text)}': general {general}, X12Decimal {withExponent}");
            if (general)
            {
                parsedSome++;
                Assert.Equal(decimal.GetBits(expected), decimal.GetBits(actual));
            }

            var strict = X12Decimal.TryParse(text, out var strictValue);
            var hasExponent = text.IndexOfAny((byte)'e', (byte)'E') >= 0;
            Assert.Equal(general && !hasExponent, strict);
            if (strict)
            {
                Assert.Equal(decimal.GetBits(expected), decimal.GetBits(strictValue));
            }
        }

        Assert.True(parsedSome > 50_000, $"only {parsedSome} of the random strings were numbers");
    }
}
