using System.Text;
using HealthFinance.Canonical;
using HealthFinance.Idempotency.DeadLetters;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Idempotency.Lifecycle;
using HealthFinance.Idempotency.Outbox;
using Xunit;

namespace HealthFinance.Idempotency.Conformance;

/// <content>Transactions: commit, rollback, use after the end.</content>
public abstract partial class StateStoreConformanceTests
{
    [Fact]
    public async Task Transaction_Committed_MakesEveryChangeVisible()
    {
        var claim = Claim();
        var keys = EventKeys.Of(Key("claim", "unit-of-work"));

        await using (var tx = await Store.BeginTransactionAsync(Ct))
        {
            Assert.True((await tx.Idempotency.TryRecordAsync(Record(keys, eventType: "claim"), Ct)).Recorded);
            Assert.Equal(TransitionOutcome.Applied, (await tx.Lifecycle.ApplyAsync(Transition(claim, ClaimState.Submitted, "837-1"), Ct)).Outcome);
            Assert.True(await tx.Outbox.EnqueueAsync(Message("j-1"), Ct));
            Assert.True(await tx.Parking.ParkAsync(Park("r-1", "w-1", "parked body"), Ct));
            await tx.DeadLetters.AddAsync(DeadLetterOf("bad-1"), Ct);
            await tx.CommitAsync(Ct);
        }

        Assert.Equal(new IdempotencyEntry(keys.Primary, "claim", ProcessingStatus.Accepted, null, Start, Start), await Store.Idempotency.FindAsync(keys.Primary, Ct));
        Assert.Equal(new ClaimRecord(claim, ClaimState.Submitted, [], 1, Start, Start), await Store.Lifecycle.FindAsync(new ClaimLookup(claim.ClaimId, claim.Payer), Ct));
        Assert.Equal(OutboxStatus.Pending, (await Store.Outbox.GetAsync(Key("journal", "j-1"), Ct))?.Status);
        Assert.Equal(Key("remittance", "r-1"), Assert.Single(await Store.Parking.ListAsync(10, Ct)).InputKey);
        Assert.Equal(1, (await Store.DeadLetters.GetAsync(DeadLetter.IdOf(Key("remittance", "bad-1")), Ct))?.Attempts);
    }

    [Fact]
    public async Task Transaction_DisposedWithoutCommit_LeavesNoTrace()
    {
        var claim = Claim();
        await Store.Lifecycle.ApplyAsync(Transition(claim, ClaimState.Submitted, "837-1"), Ct);
        var keys = EventKeys.Of(Key("remittance", "rolled-back"), Key("remittance-envelope", "rolled-back"));
        Time.Advance(TimeSpan.FromMinutes(1));

        await using (var tx = await Store.BeginTransactionAsync(Ct))
        {
            Assert.True((await tx.Idempotency.TryRecordAsync(Record(keys), Ct)).Recorded);
            Assert.NotNull(await tx.Idempotency.FindAsync(keys.Aliases[0], Ct));
            Assert.Equal(TransitionOutcome.Applied, (await tx.Lifecycle.ApplyAsync(Transition(claim, ClaimState.Acknowledged, "999-1", pccn: "ICN-1"), Ct)).Outcome);
            Assert.Equal(TransitionOutcome.Applied, (await tx.Lifecycle.ApplyAsync(Transition(Claim(claimId: "PCN-NEW"), ClaimState.Submitted, "837-2"), Ct)).Outcome);
            Assert.True(await tx.Outbox.EnqueueAsync(Message("j-1"), Ct));
            Assert.True(await tx.Parking.ParkAsync(Park("r-1", "w-1", "parked body"), Ct));
            await tx.DeadLetters.AddAsync(DeadLetterOf("bad-1"), Ct);
        }

        Assert.Null(await Store.Idempotency.FindAsync(keys.Primary, Ct));
        Assert.Null(await Store.Idempotency.FindAsync(keys.Aliases[0], Ct));
        Assert.True((await Store.Idempotency.TryRecordAsync(Record(keys), Ct)).Recorded);
        Assert.Equal(new ClaimRecord(claim, ClaimState.Submitted, [], 1, Start, Start), await Store.Lifecycle.FindAsync(new ClaimLookup(claim.ClaimId, claim.Payer), Ct));
        Assert.Null(await Store.Lifecycle.FindAsync(new ClaimLookup(new PatientControlNumber("OTHER"), PayerClaimControlNumber: new PayerClaimControlNumber("ICN-1")), Ct));
        Assert.Single(await Store.Lifecycle.GetHistoryAsync(claim, Ct));
        Assert.Null(await Store.Lifecycle.FindAsync(new ClaimLookup(new PatientControlNumber("PCN-NEW")), Ct));
        Assert.Null(await Store.Outbox.GetAsync(Key("journal", "j-1"), Ct));
        Assert.Equal(0, await Store.Outbox.CountAsync(OutboxStatus.Pending, Ct));
        Assert.Empty(await Store.Outbox.LeaseAsync("worker-1", 10, TimeSpan.FromMinutes(5), cancellationToken: Ct));
        Assert.Empty(await Store.Parking.ListAsync(10, Ct));
        Assert.Null(await Store.DeadLetters.GetAsync(DeadLetter.IdOf(Key("remittance", "bad-1")), Ct));
        Assert.Empty(await Store.DeadLetters.ListAsync(new DeadLetterQuery(Status: null), Ct));
    }

    [Fact]
    public async Task Transaction_RolledBackRelease_RestoresTheParkedInput()
    {
        Assert.True(await Store.Parking.ParkAsync(Park("r-1", "w-1", "first body"), Ct));
        var listed = Assert.Single(await Store.Parking.ListAsync(10, Ct));

        await using (var tx = await Store.BeginTransactionAsync(Ct))
        {
            var released = Assert.Single(await tx.Parking.ReleaseAsync(Key("wait-claim", "w-1"), Ct));
            Assert.Equal("first body", Encoding.UTF8.GetString(released.Payload.Span));
            Assert.Empty(await tx.Parking.ListAsync(10, Ct));
        }

        AssertParked(listed, Assert.Single(await Store.Parking.ListAsync(10, Ct)), string.Empty);
        AssertParked(listed, Assert.Single(await Store.Parking.ReleaseAsync(Key("wait-claim", "w-1"), Ct)), "first body");
    }

    [Fact]
    public async Task Transaction_DisposedWithoutCommit_UndoesUpdatesOfExistingRows()
    {
        var keys = EventKeys.Of(Key("remittance", "existing"));
        await Store.Idempotency.TryRecordAsync(Record(keys, ProcessingStatus.Parked, "parked"), Ct);
        var letter = await Store.DeadLetters.AddAsync(DeadLetterOf("bad-1"), Ct);
        await Store.Outbox.EnqueueAsync(Message("j-1"), Ct);
        var claim = Claim();
        await Store.Lifecycle.ApplyAsync(Transition(claim, ClaimState.Submitted, "837-1"), Ct);
        Time.Advance(TimeSpan.FromMinutes(1));

        await using (var tx = await Store.BeginTransactionAsync(Ct))
        {
            Assert.True(await tx.Idempotency.SetOutcomeAsync(keys.Primary, ProcessingStatus.Posted, "posted", Ct));
            Assert.Equal(2, (await tx.DeadLetters.AddAsync(DeadLetterOf("bad-1", reason: "again", payload: "changed"), Ct)).Attempts);
            Assert.True(await tx.DeadLetters.ResolveAsync(letter.Id, DeadLetterStatus.Discarded, Ct));
            var lease = Assert.Single(await tx.Outbox.LeaseAsync("worker-1", 10, TimeSpan.FromMinutes(5), cancellationToken: Ct));
            Assert.True(await tx.Outbox.CompleteAsync(lease, "ERP-1", Ct));
            Assert.Equal(TransitionOutcome.Applied, (await tx.Lifecycle.ApplyAsync(Transition(claim, ClaimState.Accepted, "277-1", pccn: "ICN-1"), Ct)).Outcome);
        }

        Assert.Equal(new IdempotencyEntry(keys.Primary, "remittance", ProcessingStatus.Parked, "parked", Start, Start), await Store.Idempotency.FindAsync(keys.Primary, Ct));
        Assert.Equal(letter, await Store.DeadLetters.GetAsync(letter.Id, Ct));
        Assert.Equal("ISA*00*...~", Encoding.UTF8.GetString((await Store.DeadLetters.ReadPayloadAsync(letter.Id, Ct))!.Value.Span));
        Assert.Equal(new OutboxEntry(Key("journal", "j-1"), "jsonl", OutboxStatus.Pending, 0, null, null, Start, Start, null), await Store.Outbox.GetAsync(Key("journal", "j-1"), Ct));
        Assert.Equal(1, Assert.Single(await Store.Outbox.LeaseAsync("worker-2", 10, TimeSpan.FromMinutes(5), cancellationToken: Ct)).Attempt);
        Assert.Equal(new ClaimRecord(claim, ClaimState.Submitted, [], 1, Start, Start), await Store.Lifecycle.FindAsync(new ClaimLookup(claim.ClaimId, claim.Payer), Ct));
        Assert.Null(await Store.Lifecycle.FindAsync(new ClaimLookup(new PatientControlNumber("OTHER"), PayerClaimControlNumber: new PayerClaimControlNumber("ICN-1")), Ct));
    }

    [Fact]
    public async Task Transaction_UsedAfterCommit_Throws_AndKeepsTheCommittedChanges()
    {
        var tx = await Store.BeginTransactionAsync(Ct);
        await tx.Idempotency.TryRecordAsync(Record(EventKeys.Of(Key("remittance", "committed"))), Ct);
        await tx.CommitAsync(Ct);

        await Assert.ThrowsAnyAsync<InvalidOperationException>(async () => await tx.Idempotency.TryRecordAsync(Record(EventKeys.Of(Key("remittance", "late"))), Ct));
        await Assert.ThrowsAnyAsync<InvalidOperationException>(async () => await tx.CommitAsync(Ct));
        await tx.DisposeAsync();
        await tx.DisposeAsync();

        Assert.NotNull(await Store.Idempotency.FindAsync(Key("remittance", "committed"), Ct));
        Assert.Null(await Store.Idempotency.FindAsync(Key("remittance", "late"), Ct));
    }

    [Fact]
    public async Task Transaction_UsedAfterDispose_Throws()
    {
        var tx = await Store.BeginTransactionAsync(Ct);
        await tx.DisposeAsync();

        await Assert.ThrowsAnyAsync<InvalidOperationException>(async () => await tx.Outbox.EnqueueAsync(Message("j-1"), Ct));
        await Assert.ThrowsAnyAsync<InvalidOperationException>(async () => await tx.CommitAsync(Ct));
        Assert.Null(await Store.Outbox.GetAsync(Key("journal", "j-1"), Ct));
    }

    [Fact]
    public async Task Transaction_SeesItsOwnChanges_AndAnotherTransactionCanFollowIt()
    {
        var keys = EventKeys.Of(Key("remittance", "own"));
        await using (var first = await Store.BeginTransactionAsync(Ct))
        {
            await first.Idempotency.TryRecordAsync(Record(keys, detail: "mine"), Ct);
            Assert.Equal("mine", (await first.Idempotency.FindAsync(keys.Primary, Ct))?.Detail);
            Assert.True((await first.Idempotency.TryRecordAsync(Record(keys), Ct)).IsDuplicate);
            await first.CommitAsync(Ct);
        }

        await using var second = await Store.BeginTransactionAsync(Ct);
        Assert.Equal("mine", (await second.Idempotency.FindAsync(keys.Primary, Ct))?.Detail);
        await second.CommitAsync(Ct);
    }
}
