using System.Text;
using HealthFinance.Idempotency.DeadLetters;
using Xunit;

namespace HealthFinance.Idempotency.Conformance;

/// <content>Dead letters: attempts, listing, resolution, replay, encrypted payloads.</content>
public abstract partial class StateStoreConformanceTests
{
    [Fact]
    public async Task AddDeadLetter_NewInput_OpensItWithOneAttempt_AndEncryptsThePayloadWithTheCurrentKey()
    {
        var letter = await Store.DeadLetters.AddAsync(DeadLetterOf("r-1"), Ct);

        var id = DeadLetter.IdOf(Key("remittance", "r-1"));
        var expected = new DeadLetter(id, Key("remittance", "r-1"), "remittance", "BPR02 does not balance", ["HIPAA-0201"], Context(), "x12", OriginalKeyId, 1, Start, Start, DeadLetterStatus.Open, null);
        Assert.StartsWith("dl-", id, StringComparison.Ordinal);
        Assert.Equal(expected, letter);
        Assert.True(letter.HasPayload);
        Assert.Equal(expected, await Store.DeadLetters.GetAsync(id, Ct));
        Assert.Equal("ISA*00*...~", Encoding.UTF8.GetString((await Store.DeadLetters.ReadPayloadAsync(id, Ct))!.Value.Span));
    }

    [Fact]
    public async Task AddDeadLetter_SameInputAgain_CountsTheAttemptAndKeepsTheLatestFailure()
    {
        await Store.DeadLetters.AddAsync(DeadLetterOf("r-1"), Ct);
        Time.Advance(TimeSpan.FromHours(6));
        var context = Context("PCN-2002", 99.99m);

        var again = await Store.DeadLetters.AddAsync(new DeadLetterRequest(Key("remittance", "r-1"), "remittance", "CLP03 - CAS != CLP04", ["HIPAA-0202", "HIPAA-0203"], context, Encoding.UTF8.GetBytes("second body"), "x12"), Ct);

        var expected = new DeadLetter(DeadLetter.IdOf(Key("remittance", "r-1")), Key("remittance", "r-1"), "remittance", "CLP03 - CAS != CLP04", ["HIPAA-0202", "HIPAA-0203"], context, "x12", OriginalKeyId, 2, Start, Start.AddHours(6), DeadLetterStatus.Open, null);
        Assert.Equal(expected, again);
        Assert.Equal(expected, await Store.DeadLetters.GetAsync(expected.Id, Ct));
        Assert.Equal("second body", Encoding.UTF8.GetString((await Store.DeadLetters.ReadPayloadAsync(expected.Id, Ct))!.Value.Span));
    }

    [Fact]
    public async Task AddDeadLetter_AfterItWasResolved_ReopensIt()
    {
        var letter = await Store.DeadLetters.AddAsync(DeadLetterOf("r-1"), Ct);
        Time.Advance(TimeSpan.FromHours(1));
        Assert.True(await Store.DeadLetters.ResolveAsync(letter.Id, DeadLetterStatus.Replayed, Ct));
        Time.Advance(TimeSpan.FromHours(1));

        var reopened = await Store.DeadLetters.AddAsync(DeadLetterOf("r-1", reason: "failed after replay"), Ct);

        Assert.Equal(letter with { Reason = "failed after replay", Attempts = 2, LastFailureAt = Start.AddHours(2) }, reopened);
        Assert.Equal(DeadLetterStatus.Open, reopened.Status);
        Assert.Null(reopened.ResolvedAt);
    }

    [Fact]
    public async Task GetAndReadPayload_UnknownId_ReturnNull()
    {
        Assert.Null(await Store.DeadLetters.GetAsync("dl-000000000000000000000000", Ct));
        Assert.Null(await Store.DeadLetters.ReadPayloadAsync("dl-000000000000000000000000", Ct));
    }

    [Fact]
    public async Task ListDeadLetters_FiltersByStatus_AndPagesInOrdinalIdOrder()
    {
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add((await Store.DeadLetters.AddAsync(DeadLetterOf($"r-{i}"), Ct)).Id);
        }

        ids.Sort(StringComparer.Ordinal);
        Assert.True(await Store.DeadLetters.ResolveAsync(ids[1], DeadLetterStatus.Replayed, Ct));
        Assert.True(await Store.DeadLetters.ResolveAsync(ids[4], DeadLetterStatus.Discarded, Ct));
        string[] open = [ids[0], ids[2], ids[3], ids[5]];

        var firstPage = await Store.DeadLetters.ListAsync(new DeadLetterQuery(DeadLetterStatus.Open, 2), Ct);
        var secondPage = await Store.DeadLetters.ListAsync(new DeadLetterQuery(DeadLetterStatus.Open, 2, firstPage[^1].Id), Ct);
        var lastPage = await Store.DeadLetters.ListAsync(new DeadLetterQuery(DeadLetterStatus.Open, 2, secondPage[^1].Id), Ct);

        Assert.Equal(open[..2], firstPage.Select(d => d.Id));
        Assert.Equal(open[2..], secondPage.Select(d => d.Id));
        Assert.Empty(lastPage);
        Assert.Equal(ids, (await Store.DeadLetters.ListAsync(new DeadLetterQuery(Status: null), Ct)).Select(d => d.Id));
        Assert.Equal(ids[2..], (await Store.DeadLetters.ListAsync(new DeadLetterQuery(null, 100, ids[1]), Ct)).Select(d => d.Id));
        Assert.Equal(new[] { ids[1] }, (await Store.DeadLetters.ListAsync(new DeadLetterQuery(DeadLetterStatus.Replayed), Ct)).Select(d => d.Id));
        Assert.Equal(new[] { ids[4] }, (await Store.DeadLetters.ListAsync(new DeadLetterQuery(DeadLetterStatus.Discarded), Ct)).Select(d => d.Id));
        Assert.Equal(open, (await Store.DeadLetters.ListAsync(new DeadLetterQuery(), Ct)).Select(d => d.Id));
    }

    [Fact]
    public async Task Resolve_ClosesOnlyAnOpenDeadLetter()
    {
        var letter = await Store.DeadLetters.AddAsync(DeadLetterOf("r-1"), Ct);
        Time.Advance(TimeSpan.FromMinutes(30));

        Assert.True(await Store.DeadLetters.ResolveAsync(letter.Id, DeadLetterStatus.Discarded, Ct));
        Assert.False(await Store.DeadLetters.ResolveAsync(letter.Id, DeadLetterStatus.Replayed, Ct));
        Assert.False(await Store.DeadLetters.ResolveAsync(letter.Id, DeadLetterStatus.Discarded, Ct));
        Assert.False(await Store.DeadLetters.ResolveAsync("dl-000000000000000000000000", DeadLetterStatus.Discarded, Ct));

        Assert.Equal(letter with { Status = DeadLetterStatus.Discarded, ResolvedAt = Start.AddMinutes(30) }, await Store.DeadLetters.GetAsync(letter.Id, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.DeadLetters.ResolveAsync(letter.Id, DeadLetterStatus.Open, Ct));
    }

    [Fact]
    public async Task Replay_Succeeding_ResolvesTheDeadLetter_AndASecondReplayDoesNotProcessAgain()
    {
        var letter = await Store.DeadLetters.AddAsync(DeadLetterOf("r-1", payload: "replay me"), Ct);
        var replayer = new DeadLetterReplayer(Store.DeadLetters);
        var processed = new List<(DeadLetter Letter, string Payload)>();
        ValueTask<bool> Process(DeadLetter l, ReadOnlyMemory<byte> payload, CancellationToken ct)
        {
            processed.Add((l, Encoding.UTF8.GetString(payload.Span)));
            return ValueTask.FromResult(true);
        }

        Time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(ReplayOutcome.Replayed, await replayer.ReplayAsync(letter.Id, Process, Ct));
        Assert.Equal(ReplayOutcome.AlreadyResolved, await replayer.ReplayAsync(letter.Id, Process, Ct));

        Assert.Equal((letter, "replay me"), Assert.Single(processed));
        Assert.Equal(letter with { Status = DeadLetterStatus.Replayed, ResolvedAt = Start.AddHours(1) }, await Store.DeadLetters.GetAsync(letter.Id, Ct));
    }

    [Fact]
    public async Task Replay_FailingAgain_IsStillFailing_WithTheAttemptCountedByTheProcess()
    {
        var letter = await Store.DeadLetters.AddAsync(DeadLetterOf("r-1"), Ct);
        var replayer = new DeadLetterReplayer(Store.DeadLetters);
        Time.Advance(TimeSpan.FromHours(1));

        var outcome = await replayer.ReplayAsync(
            letter.Id,
            async (l, payload, ct) =>
            {
                await Store.DeadLetters.AddAsync(new DeadLetterRequest(l.InputKey, l.EventType, "still unbalanced", l.FindingCodes, l.Context, payload, l.PayloadType), ct);
                return false;
            },
            Ct);

        Assert.Equal(ReplayOutcome.StillFailing, outcome);
        Assert.Equal(letter with { Reason = "still unbalanced", Attempts = 2, LastFailureAt = Start.AddHours(1) }, await Store.DeadLetters.GetAsync(letter.Id, Ct));
        Assert.Equal(ReplayOutcome.Replayed, await replayer.ReplayAsync(letter.Id, (_, _, _) => ValueTask.FromResult(true), Ct));
    }

    [Fact]
    public async Task Replay_UnknownDiscardedOrPurged_DoesNotProcess()
    {
        var replayer = new DeadLetterReplayer(Store.DeadLetters);
        var calls = 0;
        ValueTask<bool> Process(DeadLetter l, ReadOnlyMemory<byte> payload, CancellationToken ct)
        {
            calls++;
            return ValueTask.FromResult(true);
        }

        var discarded = await Store.DeadLetters.AddAsync(DeadLetterOf("r-discarded"), Ct);
        await Store.DeadLetters.ResolveAsync(discarded.Id, DeadLetterStatus.Discarded, Ct);
        var purged = await Store.DeadLetters.AddAsync(DeadLetterOf("r-purged"), Ct);
        Time.Advance(TimeSpan.FromDays(31));
        await Store.PurgeAsync(Ct);

        Assert.Equal(ReplayOutcome.NotFound, await replayer.ReplayAsync("dl-000000000000000000000000", Process, Ct));
        Assert.Equal(ReplayOutcome.AlreadyResolved, await replayer.ReplayAsync(discarded.Id, Process, Ct));
        Assert.Equal(ReplayOutcome.PayloadPurged, await replayer.ReplayAsync(purged.Id, Process, Ct));
        Assert.Equal(0, calls);
        Assert.Equal(DeadLetterStatus.Open, (await Store.DeadLetters.GetAsync(purged.Id, Ct))?.Status);
    }

    [Fact]
    public async Task Payloads_WrittenBeforeAKeyRotation_AreReadAfterIt()
    {
        Assert.SkipUnless(SupportsReopen, "The store keeps nothing beyond its own instance, so there is nothing to reopen with a rotated key ring.");
        var old = await Store.DeadLetters.AddAsync(DeadLetterOf("r-old", payload: "old dead letter"), Ct);
        await Store.Parking.ParkAsync(Park("r-parked", "w-1", "old parked"), Ct);
        await Store.Outbox.EnqueueAsync(Message("j-old", payload: "old message"), Ct);

        var rotated = await ReopenRotatedAsync();
        var fresh = await rotated.DeadLetters.AddAsync(DeadLetterOf("r-new", payload: "new dead letter"), Ct);

        Assert.Equal(OriginalKeyId, (await rotated.DeadLetters.GetAsync(old.Id, Ct))?.PayloadKeyId);
        Assert.Equal("old dead letter", Encoding.UTF8.GetString((await rotated.DeadLetters.ReadPayloadAsync(old.Id, Ct))!.Value.Span));
        Assert.Equal(RotatedKeyId, fresh.PayloadKeyId);
        Assert.Equal("new dead letter", Encoding.UTF8.GetString((await rotated.DeadLetters.ReadPayloadAsync(fresh.Id, Ct))!.Value.Span));
        Assert.Equal("old parked", Encoding.UTF8.GetString(Assert.Single(await rotated.Parking.ReleaseAsync(Key("wait-claim", "w-1"), Ct)).Payload.Span));
        Assert.Equal("old message", Encoding.UTF8.GetString(Assert.Single(await rotated.Outbox.LeaseAsync("worker-1", 10, TimeSpan.FromMinutes(5), cancellationToken: Ct)).Payload.Span));
        var readded = await rotated.DeadLetters.AddAsync(DeadLetterOf("r-old", payload: "old dead letter, second failure"), Ct);
        Assert.Equal(RotatedKeyId, readded.PayloadKeyId);
        Assert.Equal("old dead letter, second failure", Encoding.UTF8.GetString((await rotated.DeadLetters.ReadPayloadAsync(old.Id, Ct))!.Value.Span));
    }

    [Fact]
    public async Task AddDeadLetter_WithoutFindingCodesOrEventType_KeepsThemEmpty()
    {
        var letter = await Store.DeadLetters.AddAsync(new DeadLetterRequest(Key("input", "raw"), null, "unreadable envelope", default, BusinessContext.None, ReadOnlyMemory<byte>.Empty, "x12"), Ct);

        Assert.Equal(new DeadLetter(DeadLetter.IdOf(Key("input", "raw")), Key("input", "raw"), null, "unreadable envelope", [], BusinessContext.None, "x12", OriginalKeyId, 1, Start, Start, DeadLetterStatus.Open, null), await Store.DeadLetters.GetAsync(letter.Id, Ct));
        Assert.Equal(0, (await Store.DeadLetters.ReadPayloadAsync(letter.Id, Ct))!.Value.Length);
    }
}
