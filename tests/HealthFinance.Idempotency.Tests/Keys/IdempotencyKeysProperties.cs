using FsCheck.Xunit;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using HealthFinance.Idempotency.Conformance;
using HealthFinance.Idempotency.Keys;

namespace HealthFinance.Idempotency.Tests.Keys;

/// <summary>The keys of a remittance and its claim payments: stable under what does not identify them, different for what does.</summary>
public sealed class IdempotencyKeysProperties
{
    [Property(Arbitrary = [typeof(KeyArbitraries)])]
    public void For_RemittanceWithOnlyNonKeyFieldsChanged_KeepsItsPrimaryAndEnvelopeKeys(NonKeyVariant pair)
    {
        var original = IdempotencyKeys.For(pair.Original);
        var variant = IdempotencyKeys.For(pair.Variant);

        Assert.Equal(original.Primary, variant.Primary);
        Assert.Equal(original.Aliases[0], variant.Aliases[0]);
        Assert.Equal(pair.Original.EventId == pair.Variant.EventId, original.Aliases[1] == variant.Aliases[1]);
        Assert.Equal(IdempotencyKeys.ForClaimPayments(pair.Original).Order(), IdempotencyKeys.ForClaimPayments(pair.Variant).Order());
    }

    [Property(Arbitrary = [typeof(KeyArbitraries)])]
    public void For_RemittanceWithAKeyFieldChanged_HasAnotherPrimaryKey_AndTheSameEnvelopeAliasUnlessThePayerChanged(KeyFieldVariant pair)
    {
        var original = IdempotencyKeys.For(pair.Original);
        var variant = IdempotencyKeys.For(pair.Variant);

        Assert.NotEqual(original.Primary, variant.Primary);
        Assert.Equal(pair.Field != "payer", original.Aliases[0] == variant.Aliases[0]);
    }

    [Property(Arbitrary = [typeof(KeyArbitraries)])]
    public void For_RemittanceResentUnderANewEnvelope_HasTheSamePrimaryKey_AndAnotherEnvelopeAlias(Resend pair)
    {
        var original = IdempotencyKeys.For(pair.Original);
        var resent = IdempotencyKeys.For(pair.Resent);

        Assert.Equal(original.Primary, resent.Primary);
        Assert.NotEqual(original.Aliases[0], resent.Aliases[0]);
        Assert.NotEqual(original.Aliases[1], resent.Aliases[1]);
        Assert.Equal(IdempotencyKeys.ForClaimPayments(pair.Original), IdempotencyKeys.ForClaimPayments(pair.Resent));
    }

    [Property(Arbitrary = [typeof(KeyArbitraries)])]
    public void ForClaimPayments_AnyRemittance_GivesOneDistinctDeterministicKeyPerClaim(RemittanceReceived remittance)
    {
        var keys = IdempotencyKeys.ForClaimPayments(remittance);

        Assert.Equal(remittance.Claims.Count, keys.Count);
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.All(keys, k => Assert.Equal("claim-payment", k.Kind));
        Assert.Equal(keys, IdempotencyKeys.ForClaimPayments(remittance with { EventId = "again" }));
    }

    [Property(Arbitrary = [typeof(KeyArbitraries)])]
    public void ForClaimPayments_ReversalAndCorrection_NeverCollideWithTheOriginal(ClaimPayment original, decimal correctedPaid)
    {
        var reversal = original with { Status = new ClaimStatusCode("22"), Paid = -original.Paid, TotalCharge = -original.TotalCharge };
        var correction = original with { Status = new ClaimStatusCode("1"), Paid = new Money(decimal.Round(Math.Abs(correctedPaid) % 1000m, 2, MidpointRounding.ToEven), CurrencyCode.USD) };
        var sameRemittance = StateTestEvents.Remittance(claims: [original, reversal, correction]);
        var laterRemittance = StateTestEvents.Remittance(trace: "EFT-LATER", claims: [reversal, correction]);

        var inOne = IdempotencyKeys.ForClaimPayments(sameRemittance);
        var later = IdempotencyKeys.ForClaimPayments(laterRemittance);

        Assert.Equal(3, inOne.Distinct().Count());
        Assert.Empty(inOne.Intersect(later));
    }

    [Property(Arbitrary = [typeof(KeyArbitraries)])]
    public void ForClaimPayments_SplitClaimWithDistinctControlNumbers_GetsDistinctKeys(ClaimPayment claim)
    {
        var first = claim with { PayerClaimControlNumber = new PayerClaimControlNumber("ICN-SPLIT-1") };
        var second = claim with { PayerClaimControlNumber = new PayerClaimControlNumber("ICN-SPLIT-2") };

        var keys = IdempotencyKeys.ForClaimPayments(StateTestEvents.Remittance(claims: [first, second]));

        Assert.NotEqual(keys[0], keys[1]);
        Assert.Equal(keys[0], IdempotencyKeys.ForClaimPayments(StateTestEvents.Remittance(claims: [first]))[0]);
        Assert.Equal(keys[1], IdempotencyKeys.ForClaimPayments(StateTestEvents.Remittance(claims: [second]))[0]);
    }

    [Property(Arbitrary = [typeof(KeyArbitraries)])]
    public void ForClaimPayments_IdenticalTuples_GetDistinctKeysByOrdinal(ClaimPayment claim)
    {
        var twin = claim with { TotalCharge = claim.TotalCharge + new Money(1m, CurrencyCode.USD), ClaimFilingIndicator = "ZZ" };

        var keys = IdempotencyKeys.ForClaimPayments(StateTestEvents.Remittance(claims: [claim, twin, claim]));
        var single = IdempotencyKeys.ForClaimPayments(StateTestEvents.Remittance(claims: [claim]));

        Assert.Equal(3, keys.Distinct().Count());
        Assert.Equal(single[0], keys[0]);
    }
}
