namespace HealthFinance.Canonical.Tests;

public sealed class MoneyTests
{
    private static readonly Money TenUsd = new(10m, CurrencyCode.USD);

    [Fact]
    public void Add_SameCurrency_ReturnsExactSum()
    {
        var sum = new Money(0.1m, CurrencyCode.USD) + new Money(0.2m, CurrencyCode.USD);
        Assert.Equal(new Money(0.3m, CurrencyCode.USD), sum);
        Assert.Equal(sum, Money.Add(new Money(0.1m, CurrencyCode.USD), new Money(0.2m, CurrencyCode.USD)));
    }

    [Fact]
    public void Add_DifferentCurrency_ThrowsCurrencyMismatch()
    {
        var ex = Assert.Throws<CurrencyMismatchException>(() => TenUsd + new Money(1m, CurrencyCode.EUR));
        Assert.Equal(CanonicalErrorCodes.CurrencyMismatch, ex.ErrorCode);
        Assert.Equal(CurrencyCode.USD, ex.Expected);
        Assert.Equal(CurrencyCode.EUR, ex.Actual);
        Assert.IsAssignableFrom<InvalidOperationException>(ex);
    }

    [Fact]
    public void Subtract_DifferentCurrency_Throws()
    {
        Assert.Throws<CurrencyMismatchException>(() => TenUsd - new Money(1m, CurrencyCode.GBP));
    }

    [Fact]
    public void Compare_DifferentCurrency_Throws()
    {
        var eur = new Money(1m, CurrencyCode.EUR);
        Assert.Throws<CurrencyMismatchException>(() => TenUsd < eur);
        Assert.Throws<CurrencyMismatchException>(() => TenUsd >= eur);
        Assert.Throws<CurrencyMismatchException>(() => TenUsd.CompareTo(eur));
    }

    [Fact]
    public void Compare_SameCurrency_OrdersByAmount()
    {
        var five = new Money(5m, CurrencyCode.USD);
        Assert.True(five < TenUsd);
        Assert.True(TenUsd > five);
        Assert.True(five <= new Money(5m, CurrencyCode.USD));
        Assert.True(TenUsd >= five);
        Assert.Equal(0, five.CompareTo((object)new Money(5.00m, CurrencyCode.USD)));
        Assert.Equal(1, five.CompareTo(null));
        Assert.Throws<ArgumentException>(() => five.CompareTo("5"));
    }

    [Fact]
    public void Negate_FlipsSign()
    {
        Assert.Equal(new Money(-10m, CurrencyCode.USD), -TenUsd);
        Assert.Equal(TenUsd, Money.Negate(-TenUsd));
        Assert.True((-TenUsd).IsNegative);
    }

    [Fact]
    public void Multiply_ByDecimal_IsExactAndKeepsCurrency()
    {
        Assert.Equal(new Money(33.3333m, CurrencyCode.USD), new Money(10.00m, CurrencyCode.USD) * 3.33333m);
        Assert.Equal(new Money(25m, CurrencyCode.USD), 2.5m * TenUsd);
        Assert.Equal(new Money(25m, CurrencyCode.USD), Money.Multiply(TenUsd, 2.5m));
    }

    [Theory]
    [InlineData(2.345, 2, MidpointRounding.ToEven, 2.34)]
    [InlineData(2.345, 2, MidpointRounding.AwayFromZero, 2.35)]
    [InlineData(-2.345, 2, MidpointRounding.AwayFromZero, -2.35)]
    [InlineData(2.349, 2, MidpointRounding.ToZero, 2.34)]
    [InlineData(2.5, 0, MidpointRounding.ToEven, 2)]
    public void Round_ExplicitMode_RoundsAsRequested(double amount, int decimals, MidpointRounding mode, double expected)
    {
        var money = new Money((decimal)amount, CurrencyCode.USD);
        Assert.Equal(new Money((decimal)expected, CurrencyCode.USD), money.Round(decimals, mode));
    }

    [Fact]
    public void Round_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TenUsd.Round(-1, MidpointRounding.ToEven));
        Assert.Throws<ArgumentOutOfRangeException>(() => TenUsd.Round(29, MidpointRounding.ToEven));
        Assert.Throws<ArgumentOutOfRangeException>(() => TenUsd.Round(2, (MidpointRounding)42));
    }

    [Fact]
    public void Ctor_DefaultCurrency_Throws()
    {
        var ex = Assert.Throws<CanonicalModelException>(() => new Money(1m, default));
        Assert.Equal(CanonicalErrorCodes.InvalidCurrencyCode, ex.ErrorCode);
    }

    [Fact]
    public void With_DefaultCurrency_Throws()
    {
        Assert.Throws<CanonicalModelException>(() => TenUsd with { Currency = default });
    }

    [Fact]
    public void Sum_SameCurrency_AddsAll()
    {
        Assert.Equal(new Money(15.50m, CurrencyCode.USD), Money.Sum([TenUsd, new Money(5.50m, CurrencyCode.USD)], CurrencyCode.USD));
        Assert.Equal(Money.Zero(CurrencyCode.EUR), Money.Sum([], CurrencyCode.EUR));
    }

    [Fact]
    public void Sum_MixedCurrency_Throws()
    {
        Assert.Throws<CurrencyMismatchException>(() => Money.Sum([TenUsd], CurrencyCode.EUR));
        Assert.Throws<ArgumentNullException>(() => Money.Sum(null!, CurrencyCode.EUR));
    }

    [Fact]
    public void Zero_IsZeroNotPositiveNotNegative()
    {
        var zero = Money.Zero(CurrencyCode.USD);
        Assert.True(zero.IsZero);
        Assert.False(zero.IsPositive);
        Assert.False(zero.IsNegative);
    }

    [Fact]
    public void ToString_UsesInvariantCultureAndKeepsScale()
    {
        Assert.Equal("12.50 USD", new Money(12.50m, CurrencyCode.USD).ToString());
        Assert.Equal("1,234.50 EUR", new Money(1234.5m, CurrencyCode.EUR).ToString("N2", null));
    }

    [Fact]
    public void Abs_RemovesSign()
    {
        Assert.Equal(TenUsd, (-TenUsd).Abs());
    }
}
