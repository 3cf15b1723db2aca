using System.Text;
using HealthFinance.Canonical;
using HealthFinance.Idempotency.Lifecycle;
using Xunit;

namespace HealthFinance.Idempotency.Conformance;

/// <content>Kept claim payments: keep, find by claim, forget, retention.</content>
public abstract partial class StateStoreConformanceTests
{
    [Fact]
    public async Task KeepPayment_FoundByPayerAndClaim_OldestFirst_WithPayloads_AndNotUnderAnotherPayer()
    {
        Assert.True(await Store.Payments.KeepAsync(Payment("p-1", "first", pccn: "ICN-1"), Ct));
        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await Store.Payments.KeepAsync(Payment("p-2", "second"), Ct));
        Assert.True(await Store.Payments.KeepAsync(Payment("p-other-claim", "other", claimId: "PCN-2002"), Ct));
        Assert.True(await Store.Payments.KeepAsync(Payment("p-other-payer", "other payer", payer: "PAYER-B"), Ct));

        var kept = await Store.Payments.FindAsync(Claim(), Ct);

        Assert.Equal(["first", "second"], kept.Select(p => Encoding.UTF8.GetString(p.Payload.Span)));
        Assert.Equal(new KeptClaimPayment(Claim(), Key("claim-payment", "p-1"), new PayerClaimControlNumber("ICN-1"), Start, default), kept[0] with { Payload = default });
        Assert.Equal((Start.AddMinutes(1), (PayerClaimControlNumber?)null), (kept[1].RecordedAt, kept[1].PayerClaimControlNumber));
        Assert.Equal("other payer", Encoding.UTF8.GetString(Assert.Single(await Store.Payments.FindAsync(Claim("PAYER-B"), Ct)).Payload.Span));
        Assert.Empty(await Store.Payments.FindAsync(Claim(claimId: "PCN-9999"), Ct));
    }

    [Fact]
    public async Task KeepPayment_SameKeyTwice_ReturnsFalseAndKeepsTheFirst()
    {
        await Store.Payments.KeepAsync(Payment("p-1", "first"), Ct);

        Assert.False(await Store.Payments.KeepAsync(Payment("p-1", "second"), Ct));

        Assert.Equal("first", Encoding.UTF8.GetString(Assert.Single(await Store.Payments.FindAsync(Claim(), Ct)).Payload.Span));
    }

    [Fact]
    public async Task ForgetPayment_RemovesOnlyThatPayment_Once()
    {
        await Store.Payments.KeepAsync(Payment("p-1", "first"), Ct);
        await Store.Payments.KeepAsync(Payment("p-2", "second"), Ct);

        Assert.True(await Store.Payments.ForgetAsync(Key("claim-payment", "p-1"), Ct));
        Assert.False(await Store.Payments.ForgetAsync(Key("claim-payment", "p-1"), Ct));

        Assert.Equal(Key("claim-payment", "p-2"), Assert.Single(await Store.Payments.FindAsync(Claim(), Ct)).PaymentKey);
        Assert.True(await Store.Payments.KeepAsync(Payment("p-1", "kept again"), Ct));
    }

    [Fact]
    public async Task KeepAndForget_InATransactionRolledBack_LeaveNothing_Committed_Stay()
    {
        await Store.Payments.KeepAsync(Payment("p-1", "first"), Ct);
        await using (var tx = await Store.BeginTransactionAsync(Ct))
        {
            await tx.Payments.KeepAsync(Payment("p-2", "second"), Ct);
            Assert.True(await tx.Payments.ForgetAsync(Key("claim-payment", "p-1"), Ct));
            Assert.Equal(["second"], (await tx.Payments.FindAsync(Claim(), Ct)).Select(p => Encoding.UTF8.GetString(p.Payload.Span)));
        }

        Assert.Equal(["first"], (await Store.Payments.FindAsync(Claim(), Ct)).Select(p => Encoding.UTF8.GetString(p.Payload.Span)));

        await using (var tx = await Store.BeginTransactionAsync(Ct))
        {
            await tx.Payments.KeepAsync(Payment("p-2", "second"), Ct);
            await tx.Payments.ForgetAsync(Key("claim-payment", "p-1"), Ct);
            await tx.CommitAsync(Ct);
        }

        Assert.Equal(["second"], (await Store.Payments.FindAsync(Claim(), Ct)).Select(p => Encoding.UTF8.GetString(p.Payload.Span)));
    }

    [Fact]
    public async Task Purge_DeletesKeptPayments_OlderThanTheHistoryRetention_NotThePayloadRetention()
    {
        await Store.Payments.KeepAsync(Payment("p-old", "old"), Ct);
        Time.SetUtcNow(Start.AddDays(20));
        await Store.Payments.KeepAsync(Payment("p-new", "new"), Ct);

        // Past the payload retention (30 days) both stay: a reversal may come months after its payment.
        Time.SetUtcNow(Start.AddDays(60));
        Assert.Equal(new PurgeReport(0, 0, 0), await Store.PurgeAsync(Ct));
        Assert.Equal(2, (await Store.Payments.FindAsync(Claim(), Ct)).Count);

        Time.SetUtcNow(Start.AddDays(400).AddSeconds(1));

        Assert.Equal(new PurgeReport(0, 1, 0), await Store.PurgeAsync(Ct));

        Assert.Equal(Key("claim-payment", "p-new"), Assert.Single(await Store.Payments.FindAsync(Claim(), Ct)).PaymentKey);
    }

    [Fact]
    public async Task KeepPayment_ReadsBackAfterReopen_WithARotatedKeyRing()
    {
        Assert.SkipUnless(SupportsReopen, "The store keeps nothing beyond its own instance, so there is nothing to reopen with a rotated key ring.");

        await Store.Payments.KeepAsync(Payment("p-1", "CLP*PCN-1001*1*100*80"), Ct);
        var reopened = await ReopenAsync(CreateOptions(rotated: true));

        Assert.Equal("CLP*PCN-1001*1*100*80", Encoding.UTF8.GetString(Assert.Single(await reopened.Payments.FindAsync(Claim(), Ct)).Payload.Span));
    }

    [Fact]
    public async Task PaymentArguments_Invalid_Throw()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await Store.Payments.KeepAsync(null!, Ct));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.Payments.KeepAsync(Payment("p-1", "x") with { PaymentKey = default }, Ct));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.Payments.KeepAsync(Payment("p-1", "x") with { Claim = default }, Ct));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.Payments.FindAsync(default, Ct));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.Payments.ForgetAsync(default, Ct));
    }

    private static ClaimPaymentRecord Payment(string key, string payload, string payer = "PAYER-A", string claimId = "PCN-1001", string? pccn = null)
        => new(Claim(payer, claimId), Key("claim-payment", key), pccn is null ? null : new PayerClaimControlNumber(pccn), Bytes(payload));
}
