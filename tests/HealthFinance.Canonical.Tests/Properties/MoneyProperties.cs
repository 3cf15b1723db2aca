using FsCheck.Xunit;
using HealthFinance.Canonical.Tests.Support;

namespace HealthFinance.Canonical.Tests.Properties;

public sealed class MoneyProperties
{
    private static Money In(CurrencyCode c, Money m) => new(m.Amount, c);

    [Property(Arbitrary = [typeof(CanonicalArbitraries)])]
    public void Add_IsCommutative(Money a, Money b)
    {
        var b2 = In(a.Currency, b);
        Assert.Equal(a + b2, b2 + a);
    }

    [Property(Arbitrary = [typeof(CanonicalArbitraries)])]
    public void Add_IsAssociative(Money a, Money b, Money c)
    {
        var b2 = In(a.Currency, b);
        var c2 = In(a.Currency, c);
        Assert.Equal((a + b2) + c2, a + (b2 + c2));
    }

    [Property(Arbitrary = [typeof(CanonicalArbitraries)])]
    public void Subtract_Self_IsZero(Money a)
    {
        Assert.Equal(Money.Zero(a.Currency), a - a);
        Assert.True((a - a).IsZero);
    }

    [Property(Arbitrary = [typeof(CanonicalArbitraries)])]
    public void Negate_IsInvolutionAndAdditiveInverse(Money a)
    {
        Assert.Equal(a, -(-a));
        Assert.Equal(Money.Zero(a.Currency), a + (-a));
        Assert.Equal(a - In(a.Currency, a), a + (-In(a.Currency, a)));
    }

    [Property(Arbitrary = [typeof(CanonicalArbitraries)])]
    public void Add_DifferentCurrency_Throws(Money a, Money b)
    {
        if (a.Currency == b.Currency)
        {
            Assert.Equal(a.Amount + b.Amount, (a + b).Amount);
            return;
        }

        Assert.Throws<CurrencyMismatchException>(() => a + b);
        Assert.Throws<CurrencyMismatchException>(() => a - b);
        Assert.Throws<CurrencyMismatchException>(() => a.CompareTo(b));
    }

    [Property(Arbitrary = [typeof(CanonicalArbitraries)])]
    public void Round_ExplicitMode_MatchesDecimalRoundAndIsIdempotent(Money a, byte decimalsSeed)
    {
        var decimals = decimalsSeed % 4;
        foreach (var mode in Enum.GetValues<MidpointRounding>())
        {
            var rounded = a.Round(decimals, mode);
            Assert.Equal(decimal.Round(a.Amount, decimals, mode), rounded.Amount);
            Assert.Equal(a.Currency, rounded.Currency);
            Assert.Equal(rounded, rounded.Round(decimals, mode));
            Assert.True(Math.Abs(rounded.Amount - a.Amount) < 1m);
        }
    }

    [Property(Arbitrary = [typeof(CanonicalArbitraries)])]
    public void Sum_EqualsFoldedAddition(Money a, Money b, Money c)
    {
        Money[] values = [a, In(a.Currency, b), In(a.Currency, c)];
        Assert.Equal(values[0] + values[1] + values[2], Money.Sum(values, a.Currency));
    }
}
