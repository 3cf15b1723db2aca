using HealthFinance.Idempotency.Keys;

namespace HealthFinance.Idempotency.Tests.Keys;

public sealed class IdempotencyKeyTests
{
    [Fact]
    public void Derive_IsDeterministic_AndWritesKindColonHex()
    {
        var a = IdempotencyKey.Derive("remittance", "PAYER1", "TRN-1");
        var b = IdempotencyKey.Derive("remittance", "PAYER1", "TRN-1");
        Assert.Equal(a, b);
        Assert.Equal("remittance", a.Kind);
        Assert.Equal("remittance:".Length + 64, a.Value.Length);
        Assert.True(a.Value.Length <= IdempotencyKey.MaxLength);
    }

    [Fact]
    public void Derive_TellsAbsentFromEmpty_AndFieldBoundaries()
    {
        Assert.NotEqual(IdempotencyKey.Derive("k", (string?)null), IdempotencyKey.Derive("k", string.Empty));
        Assert.NotEqual(IdempotencyKey.Derive("k", "ab", "c"), IdempotencyKey.Derive("k", "a", "bc"));
        Assert.NotEqual(IdempotencyKey.Derive("k", "a"), IdempotencyKey.Derive("j", "a"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Remittance")]
    [InlineData("with space")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")]
    public void Derive_RejectsBadKinds(string kind)
        => Assert.Throws<ArgumentException>(() => IdempotencyKey.Derive(kind, "x"));

    [Fact]
    public void Parse_RoundTrips_AndRejectsOtherText()
    {
        var key = IdempotencyKey.Derive("claim", "1");
        Assert.Equal(key, IdempotencyKey.Parse(key.Value));
        Assert.Throws<FormatException>(() => IdempotencyKey.Parse("claim:abc"));
        Assert.Throws<FormatException>(() => IdempotencyKey.Parse(key.Value.ToUpperInvariant()));
        Assert.Throws<FormatException>(() => IdempotencyKey.Parse(":" + new string('0', 64)));
    }
}
