using System.Text;
using HealthFinance.Idempotency.DeadLetters;
using HealthFinance.Idempotency.Parking;
using Xunit;

namespace HealthFinance.Idempotency.Conformance;

/// <content>Parking: park, release, list, expiry.</content>
public abstract partial class StateStoreConformanceTests
{
    [Fact]
    public async Task Park_NewInput_IsListedWithoutPayload_AndExpiresAfterTheDefaultWait()
    {
        Assert.True(await Store.Parking.ParkAsync(Park("r-1", "w-1", "remittance body"), Ct));

        var expected = new ParkedInput(Key("remittance", "r-1"), "remittance", Key("wait-claim", "w-1"), "claim not yet submitted", Context(), Start, Start.AddDays(14), default);
        AssertParked(expected, Assert.Single(await Store.Parking.ListAsync(10, Ct)), string.Empty);
    }

    [Fact]
    public async Task Park_SameInputTwice_ReturnsFalseAndKeepsTheFirst()
    {
        await Store.Parking.ParkAsync(Park("r-1", "w-1", "first"), Ct);
        Time.Advance(TimeSpan.FromMinutes(5));

        Assert.False(await Store.Parking.ParkAsync(Park("r-1", "w-2", "second"), Ct));

        var released = Assert.Single(await Store.Parking.ReleaseAsync(Key("wait-claim", "w-1"), Ct));
        Assert.Equal(Start, released.ParkedAt);
        Assert.Equal("first", Encoding.UTF8.GetString(released.Payload.Span));
        Assert.Empty(await Store.Parking.ReleaseAsync(Key("wait-claim", "w-2"), Ct));
    }

    [Fact]
    public async Task Park_WithExpiry_ExpiresAfterIt()
    {
        await Store.Parking.ParkAsync(Park("r-1", "w-1", "body", TimeSpan.FromHours(2)), Ct);

        Assert.Equal(Start.AddHours(2), Assert.Single(await Store.Parking.ListAsync(10, Ct)).ExpiresAt);
    }

    [Fact]
    public async Task Release_ReturnsTheInputsWaitingForTheKey_OldestFirst_WithPayloads()
    {
        await Store.Parking.ParkAsync(Park("r-early", "w-1", "early"), Ct);
        Time.Advance(TimeSpan.FromMinutes(1));
        await Store.Parking.ParkAsync(Park("r-other", "w-2", "other"), Ct);
        Time.Advance(TimeSpan.FromMinutes(1));
        await Store.Parking.ParkAsync(Park("r-tie-2", "w-1", "tie 2"), Ct);
        await Store.Parking.ParkAsync(Park("r-tie-1", "w-1", "tie 1"), Ct);
        Time.Advance(TimeSpan.FromMinutes(1));
        await Store.Parking.ParkAsync(Park("r-late", "w-1", "late", TimeSpan.FromDays(1)), Ct);

        var released = await Store.Parking.ReleaseAsync(Key("wait-claim", "w-1"), Ct);

        Assert.Equal(new[] { "early", "tie 2", "tie 1", "late" }, released.Select(r => Encoding.UTF8.GetString(r.Payload.Span)));
        Assert.Equal(new[] { Key("remittance", "r-early"), Key("remittance", "r-tie-2"), Key("remittance", "r-tie-1"), Key("remittance", "r-late") }, released.Select(r => r.InputKey));
        AssertParked(new ParkedInput(Key("remittance", "r-late"), "remittance", Key("wait-claim", "w-1"), "claim not yet submitted", Context(), Start.AddMinutes(3), Start.AddMinutes(3).AddDays(1), default), released[3], "late");
        Assert.Equal(Key("remittance", "r-other"), Assert.Single(await Store.Parking.ListAsync(10, Ct)).InputKey);
        Assert.Empty(await Store.Parking.ReleaseAsync(Key("wait-claim", "w-1"), Ct));
    }

    [Fact]
    public async Task List_ReturnsOldestFirst_UpToTheLimit()
    {
        await Store.Parking.ParkAsync(Park("r-b", "w-1", "body b"), Ct);
        await Store.Parking.ParkAsync(Park("r-a", "w-2", "body a"), Ct);
        for (var i = 0; i < 3; i++)
        {
            Time.Advance(TimeSpan.FromMinutes(1));
            await Store.Parking.ParkAsync(Park($"r-{i}", "w-1", $"body {i}"), Ct);
        }

        var listed = await Store.Parking.ListAsync(3, Ct);

        Assert.Equal(new[] { Key("remittance", "r-b"), Key("remittance", "r-a"), Key("remittance", "r-0") }, listed.Select(p => p.InputKey));
        Assert.All(listed, p => Assert.True(p.Payload.IsEmpty));
        Assert.Equal(5, (await Store.Parking.ListAsync(100, Ct)).Count);
    }

    [Fact]
    public async Task Expire_MovesExpiredInputsToDeadLetters_WithContextAndPayload()
    {
        await Store.Parking.ParkAsync(Park("r-expiring", "w-1", "expiring body"), Ct);
        await Store.Parking.ParkAsync(Park("r-waiting", "w-1", "waiting body", TimeSpan.FromDays(30)), Ct);
        Time.Advance(TimeSpan.FromDays(14) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await Store.Parking.ExpireAsync(Ct));
        Time.Advance(TimeSpan.FromSeconds(1));
        var now = Start.AddDays(14);

        Assert.Equal(1, await Store.Parking.ExpireAsync(Ct));

        var id = DeadLetter.IdOf(Key("remittance", "r-expiring"));
        var expected = new DeadLetter(id, Key("remittance", "r-expiring"), "remittance", "Parked input expired: claim not yet submitted", ["STATE-0001"], Context(), "parked:remittance", OriginalKeyId, 1, now, now, DeadLetterStatus.Open, null);
        Assert.Equal(expected, await Store.DeadLetters.GetAsync(id, Ct));
        Assert.Equal("expiring body", Encoding.UTF8.GetString((await Store.DeadLetters.ReadPayloadAsync(id, Ct))!.Value.Span));
        Assert.Equal(Key("remittance", "r-waiting"), Assert.Single(await Store.Parking.ListAsync(10, Ct)).InputKey);
        Assert.Equal(0, await Store.Parking.ExpireAsync(Ct));
        Assert.Equal("waiting body", Encoding.UTF8.GetString(Assert.Single(await Store.Parking.ReleaseAsync(Key("wait-claim", "w-1"), Ct)).Payload.Span));
    }

    [Fact]
    public async Task Expire_InputAlreadyDeadLettered_CountsAnotherAttempt()
    {
        await Store.DeadLetters.AddAsync(DeadLetterOf("r-1"), Ct);
        await Store.Parking.ParkAsync(Park("r-1", "w-1", "parked body", TimeSpan.FromHours(1)), Ct);
        Time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(1, await Store.Parking.ExpireAsync(Ct));

        var letter = await Store.DeadLetters.GetAsync(DeadLetter.IdOf(Key("remittance", "r-1")), Ct);
        Assert.Equal(2, letter?.Attempts);
        Assert.Equal(Start, letter?.FirstFailureAt);
        Assert.Equal(Start.AddHours(2), letter?.LastFailureAt);
        Assert.Equal("Parked input expired: claim not yet submitted", letter?.Reason);
        Assert.Equal<string>(["STATE-0001"], letter!.FindingCodes);
        Assert.Equal("parked:remittance", letter.PayloadType);
        Assert.Equal("parked body", Encoding.UTF8.GetString((await Store.DeadLetters.ReadPayloadAsync(letter.Id, Ct))!.Value.Span));
    }
}
