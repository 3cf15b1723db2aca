using HealthFinance.Idempotency.Keys;
using Xunit;
using static HealthFinance.Idempotency.Conformance.StateTestEvents;

namespace HealthFinance.Idempotency.Conformance;

/// <content>Idempotency: record-if-absent under any key, outcomes.</content>
public abstract partial class StateStoreConformanceTests
{
    [Fact]
    public async Task TryRecord_NewInput_IsRecordedWithItsOutcomeAndTimestamps()
    {
        var keys = IdempotencyKeys.For(Remittance());

        var result = await Store.Idempotency.TryRecordAsync(Record(keys, ProcessingStatus.Accepted, "journals j-1,j-2"), Ct);

        var expected = new IdempotencyEntry(keys.Primary, "remittance", ProcessingStatus.Accepted, "journals j-1,j-2", Start, Start);
        Assert.True(result.Recorded);
        Assert.False(result.IsDuplicate);
        Assert.Equal(expected, result.Entry);
        Assert.Equal(expected, await Store.Idempotency.FindAsync(keys.Primary, Ct));
    }

    [Fact]
    public async Task TryRecord_SameKeysAgain_IsDuplicateReturningTheFirstEntry()
    {
        var keys = IdempotencyKeys.For(Remittance());
        var first = await Store.Idempotency.TryRecordAsync(Record(keys, ProcessingStatus.Accepted, "first"), Ct);
        Time.Advance(TimeSpan.FromMinutes(7));

        var second = await Store.Idempotency.TryRecordAsync(Record(keys, ProcessingStatus.Posted, "second"), Ct);

        Assert.False(second.Recorded);
        Assert.True(second.IsDuplicate);
        Assert.Equal(first.Entry, second.Entry);
        Assert.Equal(new IdempotencyEntry(keys.Primary, "remittance", ProcessingStatus.Accepted, "first", Start, Start), await Store.Idempotency.FindAsync(keys.Primary, Ct));
    }

    [Fact]
    public async Task TryRecord_RemittanceResentUnderNewEnvelope_IsDuplicateByBusinessKey()
    {
        var original = IdempotencyKeys.For(Remittance(eventId: "835-101", isa: "000000101", gs: "101", st: "0001"));
        var resent = IdempotencyKeys.For(Remittance(eventId: "835-202", isa: "000000202", gs: "202", st: "0007"));
        Assert.Equal(original.Primary, resent.Primary);
        Assert.Empty(original.Aliases.Intersect(resent.Aliases));
        await Store.Idempotency.TryRecordAsync(Record(original, detail: "original"), Ct);

        var result = await Store.Idempotency.TryRecordAsync(Record(resent, detail: "resent"), Ct);

        Assert.True(result.IsDuplicate);
        Assert.Equal(new IdempotencyEntry(original.Primary, "remittance", ProcessingStatus.Accepted, "original", Start, Start), result.Entry);
        foreach (var alias in resent.Aliases)
        {
            Assert.Null(await Store.Idempotency.FindAsync(alias, Ct));
        }
    }

    [Fact]
    public async Task TryRecord_SameEnvelopeWithDifferentBusinessFields_IsDuplicateByEnvelopeAlias()
    {
        var original = IdempotencyKeys.For(Remittance(eventId: "835-101", trace: "EFT-1001", amount: 150.00m));
        var altered = IdempotencyKeys.For(Remittance(eventId: "835-101-b", trace: "EFT-1002", amount: 175.00m));
        Assert.NotEqual(original.Primary, altered.Primary);
        Assert.Equal(original.Aliases[0], altered.Aliases[0]);
        Assert.Equal("remittance-envelope", altered.Aliases[0].Kind);
        await Store.Idempotency.TryRecordAsync(Record(original, detail: "original"), Ct);

        var result = await Store.Idempotency.TryRecordAsync(Record(altered, ProcessingStatus.Posted, "altered"), Ct);

        Assert.True(result.IsDuplicate);
        Assert.Equal(new IdempotencyEntry(original.Primary, "remittance", ProcessingStatus.Accepted, "original", Start, Start), result.Entry);
        Assert.Null(await Store.Idempotency.FindAsync(altered.Primary, Ct));
        Assert.Null(await Store.Idempotency.FindAsync(altered.Aliases[1], Ct));
    }

    [Fact]
    public async Task TryRecord_KeysMatchingSeveralEntries_ReturnsTheEntryOfTheFirstMatchingKey()
    {
        var x = EventKeys.Of(Key("remittance", "x"));
        var y = EventKeys.Of(Key("remittance", "y"));
        await Store.Idempotency.TryRecordAsync(Record(x, detail: "x"), Ct);
        Time.Advance(TimeSpan.FromSeconds(1));
        await Store.Idempotency.TryRecordAsync(Record(y, detail: "y"), Ct);

        var viaAliasY = await Store.Idempotency.TryRecordAsync(Record(EventKeys.Of(Key("remittance", "z"), y.Primary, x.Primary)), Ct);
        var viaPrimaryX = await Store.Idempotency.TryRecordAsync(Record(EventKeys.Of(x.Primary, y.Primary)), Ct);

        Assert.Equal(new IdempotencyEntry(y.Primary, "remittance", ProcessingStatus.Accepted, "y", Start.AddSeconds(1), Start.AddSeconds(1)), viaAliasY.Entry);
        Assert.Equal(new IdempotencyEntry(x.Primary, "remittance", ProcessingStatus.Accepted, "x", Start, Start), viaPrimaryX.Entry);
        Assert.True(viaAliasY.IsDuplicate);
        Assert.True(viaPrimaryX.IsDuplicate);
        Assert.Null(await Store.Idempotency.FindAsync(Key("remittance", "z"), Ct));
    }

    [Fact]
    public async Task FindAsync_ByAlias_ReturnsTheEntryOfThePrimaryKey_AndUnknownKeyIsNull()
    {
        var keys = IdempotencyKeys.For(Remittance());
        Assert.Equal(2, keys.Aliases.Count);
        await Store.Idempotency.TryRecordAsync(Record(keys, ProcessingStatus.NoPosting), Ct);

        var expected = new IdempotencyEntry(keys.Primary, "remittance", ProcessingStatus.NoPosting, null, Start, Start);
        Assert.Equal(expected, await Store.Idempotency.FindAsync(keys.Aliases[0], Ct));
        Assert.Equal(expected, await Store.Idempotency.FindAsync(keys.Aliases[1], Ct));
        Assert.Null(await Store.Idempotency.FindAsync(Key("remittance", "never recorded"), Ct));
    }

    [Fact]
    public async Task TryRecordMany_WithInternalDuplicates_RecordsEachInputOnceInOrder()
    {
        var a = IdempotencyKeys.For(Remittance(eventId: "835-a", trace: "EFT-A", st: "0001"));
        var b = IdempotencyKeys.For(Remittance(eventId: "835-b", trace: "EFT-B", st: "0002"));
        var aResent = IdempotencyKeys.For(Remittance(eventId: "835-a2", trace: "EFT-A", st: "0009"));
        var c = IdempotencyKeys.For(Remittance(eventId: "835-c", trace: "EFT-C", st: "0003"));
        var recordedBefore = EventKeys.Of(Key("remittance", "before"));
        await Store.Idempotency.TryRecordAsync(Record(recordedBefore, detail: "before"), Ct);
        Time.Advance(TimeSpan.FromMinutes(1));
        var now = Start.AddMinutes(1);

        var results = await Store.Idempotency.TryRecordManyAsync(
            [Record(a, detail: "a"), Record(b, detail: "b"), Record(aResent, detail: "a again"), Record(c, detail: "c"), Record(b, detail: "b again"), Record(recordedBefore, detail: "before again")],
            Ct);

        Assert.Equal(new[] { true, true, false, true, false, false }, results.Select(r => r.Recorded));
        Assert.Equal(new IdempotencyEntry(a.Primary, "remittance", ProcessingStatus.Accepted, "a", now, now), results[0].Entry);
        Assert.Equal(results[0].Entry, results[2].Entry);
        Assert.Equal(results[1].Entry, results[4].Entry);
        Assert.Equal(new IdempotencyEntry(c.Primary, "remittance", ProcessingStatus.Accepted, "c", now, now), results[3].Entry);
        Assert.Equal(new IdempotencyEntry(recordedBefore.Primary, "remittance", ProcessingStatus.Accepted, "before", Start, Start), results[5].Entry);
        Assert.Equal(results[1].Entry, await Store.Idempotency.FindAsync(b.Primary, Ct));
    }

    [Fact]
    public async Task TryRecordMany_Empty_ReturnsNoResult()
        => Assert.Empty(await Store.Idempotency.TryRecordManyAsync([], Ct));

    [Fact]
    public async Task SetOutcome_ByPrimaryKey_UpdatesStatusDetailAndUpdatedAt()
    {
        var keys = IdempotencyKeys.For(Remittance());
        await Store.Idempotency.TryRecordAsync(Record(keys, ProcessingStatus.Parked, "waiting for claim"), Ct);
        Time.Advance(TimeSpan.FromHours(3));

        Assert.True(await Store.Idempotency.SetOutcomeAsync(keys.Primary, ProcessingStatus.Posted, "journals j-7", Ct));

        var expected = new IdempotencyEntry(keys.Primary, "remittance", ProcessingStatus.Posted, "journals j-7", Start, Start.AddHours(3));
        Assert.Equal(expected, await Store.Idempotency.FindAsync(keys.Primary, Ct));
        Assert.Equal(expected, await Store.Idempotency.FindAsync(keys.Aliases[0], Ct));
        Assert.Equal(expected, (await Store.Idempotency.TryRecordAsync(Record(keys), Ct)).Entry);
    }

    [Fact]
    public async Task SetOutcome_UnknownKey_ReturnsFalse()
        => Assert.False(await Store.Idempotency.SetOutcomeAsync(Key("remittance", "unknown"), ProcessingStatus.Posted, null, Ct));
}
