using HealthFinance.Idempotency.Keys;
using static HealthFinance.Idempotency.Conformance.StateTestEvents;

namespace HealthFinance.Idempotency.Tests.Keys;

public sealed class IdempotencyKeysTests
{
    [Fact]
    public void For_Remittance_HasABusinessKey_AnEnvelopeAlias_AndAnEventAlias()
    {
        var keys = IdempotencyKeys.For(Remittance());

        Assert.Equal("remittance", keys.Primary.Kind);
        Assert.Equal(new[] { "remittance-envelope", "event" }, keys.Aliases.Select(a => a.Kind));
        Assert.Equal(IdempotencyKey.Derive("event", "835-000000101-0001"), keys.Aliases[1]);
        Assert.Equal(IdempotencyKey.Derive("remittance", "PAYER-A", "EFT-1001", "150 USD", "Credit", "2026-03-02"), keys.Primary);
    }

    [Fact]
    public void For_Remittance_AmountsEqualInValue_GiveTheSameKey()
        => Assert.Equal(IdempotencyKeys.For(Remittance(amount: 150.5m)).Primary, IdempotencyKeys.For(Remittance(amount: 150.50m)).Primary);

    [Theory]
    [InlineData(null, "101", "0001")]
    [InlineData("000000101", null, "0001")]
    [InlineData("000000101", "101", null)]
    public void For_RemittanceWithoutAFullEnvelope_HasNoEnvelopeAlias(string? isa, string? gs, string? st)
    {
        var keys = IdempotencyKeys.For(Remittance(isa: isa, gs: gs, st: st));

        Assert.Equal("event", Assert.Single(keys.Aliases).Kind);
        Assert.Equal(IdempotencyKeys.For(Remittance()).Primary, keys.Primary);
    }

    [Fact]
    public void ForClaimPayments_OriginalReversalAndCorrectionOfOneClaim_AreThreeInputs()
    {
        var remittance = Remittance(claims:
        [
            ClaimPayment("PCN-1", "1", 200m, 150m, "ICN-1"),
            ClaimPayment("PCN-1", "22", -200m, -150m, "ICN-1"),
            ClaimPayment("PCN-1", "1", 200m, 150m, "ICN-1"),
        ]);

        var keys = IdempotencyKeys.ForClaimPayments(remittance);

        Assert.Equal(IdempotencyKey.Derive("claim-payment", "PAYER-A", "EFT-1001", "PCN-1", "ICN-1", "1", "150 USD", "1"), keys[0]);
        Assert.Equal(IdempotencyKey.Derive("claim-payment", "PAYER-A", "EFT-1001", "PCN-1", "ICN-1", "22", "-150 USD", "1"), keys[1]);
        Assert.Equal(IdempotencyKey.Derive("claim-payment", "PAYER-A", "EFT-1001", "PCN-1", "ICN-1", "1", "150 USD", "2"), keys[2]);
    }

    [Fact]
    public void For_NullEvent_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => IdempotencyKeys.For(null!));
        Assert.Throws<ArgumentNullException>(() => IdempotencyKeys.ForClaimPayments(null!));
    }
}
