using System.Text;
using HealthFinance.Canonical;
using HealthFinance.Idempotency.DeadLetters;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Idempotency.Lifecycle;
using HealthFinance.Idempotency.Outbox;
using Xunit;

namespace HealthFinance.Idempotency.Conformance;

/// <content>Retention: payloads, history, keys.</content>
public abstract partial class StateStoreConformanceTests
{
    [Fact]
    public async Task Purge_NothingOldEnough_PurgesNothing()
    {
        await SeedPurgeScenarioAsync();
        Time.SetUtcNow(Start.AddDays(30));

        Assert.Equal(new PurgeReport(0, 0, 0), await Store.PurgeAsync(Ct));

        Assert.Equal(OriginalKeyId, (await Store.DeadLetters.GetAsync(DeadLetter.IdOf(Key("remittance", "open")), Ct))?.PayloadKeyId);
    }

    [Fact]
    public async Task Purge_AfterPayloadRetention_ClearsPayloads_ButNeverAPendingDelivery()
    {
        await SeedPurgeScenarioAsync();
        Time.SetUtcNow(Start.AddDays(30).AddSeconds(1));

        // Dead letters open and replayed, the parked input, the delivered and the failed message.
        Assert.Equal(new PurgeReport(5, 0, 0), await Store.PurgeAsync(Ct));

        var open = await Store.DeadLetters.GetAsync(DeadLetter.IdOf(Key("remittance", "open")), Ct);
        Assert.Null(open?.PayloadKeyId);
        Assert.False(open?.HasPayload);
        Assert.Equal(DeadLetterStatus.Open, open?.Status);
        Assert.Null(await Store.DeadLetters.ReadPayloadAsync(open!.Id, Ct));
        Assert.Null(await Store.DeadLetters.ReadPayloadAsync(DeadLetter.IdOf(Key("remittance", "replayed")), Ct));
        var parked = Assert.Single(await Store.Parking.ReleaseAsync(Key("wait-claim", "w-1"), Ct));
        Assert.True(parked.Payload.IsEmpty);
        Assert.Equal(Key("remittance", "parked"), parked.InputKey);
        Assert.Equal("pending body", Encoding.UTF8.GetString(Assert.Single(await Store.Outbox.LeaseAsync("worker-1", 10, LeaseTime, cancellationToken: Ct)).Payload.Span));
        Assert.Equal(OutboxStatus.Delivered, (await Store.Outbox.GetAsync(Key("journal", "delivered"), Ct))?.Status);
        Assert.Equal(new PurgeReport(0, 0, 0), await Store.PurgeAsync(Ct));
    }

    [Fact]
    public async Task Purge_AfterHistoryRetention_DeletesOldHistoryClosedDeadLettersAndFinishedMessages()
    {
        await SeedPurgeScenarioAsync();
        Time.SetUtcNow(Start.AddDays(31));
        Assert.Equal(new PurgeReport(5, 0, 0), await Store.PurgeAsync(Ct));
        Time.SetUtcNow(Start.AddDays(400).AddHours(12));

        // The first two history entries (day 0), the replayed dead letter, the delivered and the failed message.
        Assert.Equal(new PurgeReport(0, 5, 0), await Store.PurgeAsync(Ct));

        var claim = Claim();
        var history = await Store.Lifecycle.GetHistoryAsync(claim, Ct);
        Assert.Equal(new[] { 3 }, history.Select(h => h.Version));
        Assert.Equal(ClaimState.Paid, history[0].To);
        Assert.Equal(new ClaimRecord(claim, ClaimState.Paid, [new PayerClaimControlNumber("ICN-1")], 3, Start, Start.AddDays(1)), await Store.Lifecycle.FindAsync(new ClaimLookup(claim.ClaimId, claim.Payer), Ct));
        Assert.Null(await Store.DeadLetters.GetAsync(DeadLetter.IdOf(Key("remittance", "replayed")), Ct));
        Assert.Equal(DeadLetterStatus.Open, (await Store.DeadLetters.GetAsync(DeadLetter.IdOf(Key("remittance", "open")), Ct))?.Status);
        Assert.Null(await Store.Outbox.GetAsync(Key("journal", "delivered"), Ct));
        Assert.Null(await Store.Outbox.GetAsync(Key("journal", "failed"), Ct));
        Assert.Equal(OutboxStatus.Pending, (await Store.Outbox.GetAsync(Key("journal", "pending"), Ct))?.Status);
        Assert.Equal("pending body", Encoding.UTF8.GetString(Assert.Single(await Store.Outbox.LeaseAsync("worker-1", 10, LeaseTime, cancellationToken: Ct)).Payload.Span));
        Assert.NotNull(await Store.Idempotency.FindAsync(Key("remittance", "old"), Ct));
        Assert.Equal(TransitionOutcome.AlreadyApplied, (await Store.Lifecycle.ApplyAsync(Transition(claim, ClaimState.Paid, "835-1"), Ct)).Outcome);
    }

    [Fact]
    public async Task Purge_AfterKeyRetention_DeletesEntriesWithAllTheirKeys()
    {
        await SeedPurgeScenarioAsync();
        Time.SetUtcNow(Start.AddDays(100));
        await Store.Idempotency.SetOutcomeAsync(Key("remittance", "updated"), ProcessingStatus.Posted, "journals", Ct);
        Time.SetUtcNow(Start.AddDays(500).AddHours(12));

        var report = await Store.PurgeAsync(Ct);

        Assert.Equal(1, report.KeysDeleted);
        Assert.Null(await Store.Idempotency.FindAsync(Key("remittance", "old"), Ct));
        Assert.Null(await Store.Idempotency.FindAsync(Key("remittance-envelope", "old"), Ct));
        Assert.Equal(ProcessingStatus.Posted, (await Store.Idempotency.FindAsync(Key("remittance", "updated"), Ct))?.Status);
        Assert.Equal(ProcessingStatus.Posted, (await Store.Idempotency.FindAsync(Key("remittance-envelope", "updated"), Ct))?.Status);
        Assert.True((await Store.Idempotency.TryRecordAsync(Record(EventKeys.Of(Key("remittance", "old"), Key("remittance-envelope", "old"))), Ct)).Recorded);
    }

    // Day 0: two idempotency entries, a claim submitted and acknowledged, an open and a replayed dead letter, a parked
    // input, and pending, delivered and failed outbox messages. Day 1: the claim is paid.
    private async Task SeedPurgeScenarioAsync()
    {
        await Store.Idempotency.TryRecordAsync(Record(EventKeys.Of(Key("remittance", "old"), Key("remittance-envelope", "old"))), Ct);
        await Store.Idempotency.TryRecordAsync(Record(EventKeys.Of(Key("remittance", "updated"), Key("remittance-envelope", "updated"))), Ct);
        var claim = Claim();
        await Store.Lifecycle.ApplyAsync(Transition(claim, ClaimState.Submitted, "837-1"), Ct);
        await Store.Lifecycle.ApplyAsync(Transition(claim, ClaimState.Acknowledged, "999-1"), Ct);
        await Store.DeadLetters.AddAsync(DeadLetterOf("open"), Ct);
        var replayed = await Store.DeadLetters.AddAsync(DeadLetterOf("replayed"), Ct);
        await Store.DeadLetters.ResolveAsync(replayed.Id, DeadLetterStatus.Replayed, Ct);
        await Store.Parking.ParkAsync(Park("parked", "w-1", "parked body", TimeSpan.FromDays(1000)), Ct);
        await Store.Outbox.EnqueueAsync(Message("delivered"), Ct);
        await Store.Outbox.EnqueueAsync(Message("failed"), Ct);
        var leases = await Store.Outbox.LeaseAsync("worker-1", 2, LeaseTime, cancellationToken: Ct);
        await Store.Outbox.CompleteAsync(leases.Single(l => l.Key == Key("journal", "delivered")), "ERP-1", Ct);
        await Store.Outbox.FailAsync(leases.Single(l => l.Key == Key("journal", "failed")), "rejected", null, Ct);
        await Store.Outbox.EnqueueAsync(Message("pending", payload: "pending body"), Ct);
        Time.SetUtcNow(Start.AddDays(1));
        await Store.Lifecycle.ApplyAsync(Transition(claim, ClaimState.Paid, "835-1", pccn: "ICN-1", amount: 120m), Ct);
    }
}
