using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using HealthFinance.Canonical;
using HealthFinance.Idempotency.DeadLetters;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Idempotency.Lifecycle;
using HealthFinance.Idempotency.Outbox;
using HealthFinance.Idempotency.Parking;
using HealthFinance.Idempotency.Protection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HealthFinance.Idempotency.Sqlite.Tests;

/// <summary>What only the SQLite store shows: the bytes in the file, the file shared by several stores, migrations, durability settings.</summary>
public sealed class SqliteStateStoreTests : IDisposable
{
    private const string Secret = "DOE^JANE*19800101";

    // Entries past the key table's watermark after which a write merges their keys into it.
    private const int MergeThreshold = 32_768;
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly SqliteTestDatabase _database = new();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly string _key1 = PayloadKeyRing.NewKey();
    private readonly string _key2 = PayloadKeyRing.NewKey();
    private readonly List<SqliteStateStore> _stores = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        _database.Dispose();
    }

    [Fact]
    public async Task Payloads_AtRest_AreCiphertextNamingTheirKey_AndBoundToTheirRow()
    {
        var store = await OpenAsync();
        var payload = Encoding.UTF8.GetBytes("ISA*00*...~NM1*QC*1*" + Secret + "~");
        await store.Parking.ParkAsync(new ParkRequest(Key("remittance", "r-1"), "remittance", Key("wait-claim", "c-1"), "claim not yet submitted", payload, BusinessContext.None), Ct);
        var first = await store.DeadLetters.AddAsync(new DeadLetterRequest(Key("remittance", "r-2"), "remittance", "unbalanced", ["HIPAA-0201"], BusinessContext.None, payload, "x12"), Ct);
        var second = await store.DeadLetters.AddAsync(new DeadLetterRequest(Key("remittance", "r-3"), "remittance", "unbalanced", ["HIPAA-0201"], BusinessContext.None, "another input"u8.ToArray(), "x12"), Ct);
        await store.Outbox.EnqueueAsync(new OutboxMessage(Key("journal", "j-1"), "jsonl", "journal+json", payload), Ct);

        using (var raw = _database.OpenRaw())
        {
            foreach (var table in new[] { "hf_parked", "hf_dead_letter", "hf_outbox" })
            {
                var rows = ReadPayloads(raw, table);
                Assert.NotEmpty(rows);
                foreach (var (bytes, keyId) in rows)
                {
                    Assert.Equal("k1", keyId);
                    Assert.Equal("k1", AesGcmPayloadProtector.ReadKeyId(bytes));
                    Assert.DoesNotContain(Secret, Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
                    Assert.DoesNotContain("ISA*00", Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
                }
            }

            // A payload moved to another row does not decrypt there: it is bound to its input key.
            using var swap = raw.CreateCommand();
            swap.CommandText = "UPDATE hf_dead_letter SET payload = (SELECT payload FROM hf_dead_letter WHERE id = $from) WHERE id = $to";
            swap.Parameters.AddWithValue("$from", first.Id);
            swap.Parameters.AddWithValue("$to", second.Id);
            Assert.Equal(1, swap.ExecuteNonQuery());
        }

        Assert.Equal(payload, (await store.DeadLetters.ReadPayloadAsync(first.Id, Ct))!.Value.ToArray());
        await Assert.ThrowsAsync<PayloadProtectionException>(async () => await store.DeadLetters.ReadPayloadAsync(second.Id, Ct));
    }

    [Fact]
    public async Task MigrateAsync_RunByEightStoresAtOnce_AppliesEachVersionExactlyOnce()
    {
        var stores = new List<SqliteStateStore>();
        for (var i = 0; i < 8; i++)
        {
            stores.Add(Create(Options()));
        }

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = stores.Select(s => Task.Run(async () =>
        {
            await start.Task;
            await s.MigrateAsync(Ct);
        }, Ct)).ToList();
        start.SetResult();
        await Task.WhenAll(runs);
        await stores[0].MigrateAsync(Ct);

        using var raw = _database.OpenRaw();
        Assert.Equal([1L, 2L, 3L, 4L], Query(raw, "SELECT version FROM hf_schema_version ORDER BY version").Select(r => (long)r[0]!));
        Assert.Equal(4, await stores[3].GetSchemaVersionAsync(Ct));
        Assert.Equal("wal", Query(raw, "PRAGMA journal_mode").Single()[0]);
        var tables = Query(raw, "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'hf_%' ORDER BY name").Select(r => (string)r[0]!);
        Assert.Equal(Relational.SqlDialect.TableNames.Order(StringComparer.Ordinal), tables);
    }

    [Fact]
    public async Task MigrateAsync_FromVersion1WithRecordedInputs_KeepsEveryKeyAndEntry()
    {
        using (var raw = _database.OpenRaw())
        {
            foreach (var statement in SqliteDialect.Instance.SchemaVersionTableStatements.Concat(SqliteDialect.Instance.Migrations[0].Statements))
            {
                Execute(raw, statement);
            }

            Execute(raw, "INSERT INTO hf_schema_version (version, applied_at) VALUES (1, 0)");
            var start = Start.ToUnixTimeMilliseconds();
            Execute(raw, $"INSERT INTO hf_idempotency (entry_key, alias_keys, event_type, status, detail, recorded_at, updated_at) VALUES ('{Key("remittance", "r-1")}', '{Key("remittance-envelope", "e-1")}', 'remittance', 1, 'posted', {start}, {start}), ('{Key("claim-payment", "cp-1")}', NULL, 'claim-payment', 0, NULL, {start}, {start})");
            Execute(raw, $"INSERT INTO hf_idempotency_key (key_value, entry_key) VALUES ('{Key("remittance", "r-1")}', '{Key("remittance", "r-1")}'), ('{Key("remittance-envelope", "e-1")}', '{Key("remittance", "r-1")}'), ('{Key("claim-payment", "cp-1")}', '{Key("claim-payment", "cp-1")}')");
        }

        var store = await OpenAsync();

        var remittance = new IdempotencyEntry(Key("remittance", "r-1"), "remittance", ProcessingStatus.Posted, "posted", Start, Start);
        Assert.Equal(4, await store.GetSchemaVersionAsync(Ct));
        Assert.Equal(remittance, await store.Idempotency.FindAsync(Key("remittance-envelope", "e-1"), Ct));
        var again = await store.Idempotency.TryRecordAsync(new IdempotencyRecord(EventKeys.Of(Key("remittance", "r-1-resent"), Key("remittance-envelope", "e-1")), "remittance", ProcessingStatus.Accepted), Ct);
        Assert.True(again.IsDuplicate);
        Assert.Equal(remittance, again.Entry);
        Assert.True(await store.Idempotency.SetOutcomeAsync(Key("claim-payment", "cp-1"), ProcessingStatus.Posted, "later", Ct));
        var batch = await store.Idempotency.TryRecordManyAsync([new IdempotencyRecord(EventKeys.Of(Key("claim-payment", "cp-1")), "claim-payment", ProcessingStatus.Accepted), new IdempotencyRecord(EventKeys.Of(Key("claim-payment", "cp-2")), "claim-payment", ProcessingStatus.Accepted)], Ct);
        Assert.Equal("later", batch[0].Entry.Detail);
        Assert.Equal([false, true], batch.Select(r => r.Recorded));
        using var check = _database.OpenRaw();
        Assert.Equal(3L, Query(check, "SELECT count(*) FROM hf_idempotency_key WHERE key_value <> x'00'").Single()[0]);
        Assert.Equal(3L, Query(check, "SELECT count(*) FROM hf_idempotency").Single()[0]);
    }

    [Fact]
    public async Task MigrateAsync_FromVersion2WithRecordedInputs_KeepsEveryKey_AsBinaryKeysThatStillDeduplicate()
    {
        // A file as version 2 wrote it: text keys naming their entry by number.
        var start = Start.ToUnixTimeMilliseconds();
        var dialect = SqliteDialect.Instance;
        using (var raw = _database.OpenRaw())
        {
            foreach (var statement in dialect.SchemaVersionTableStatements.Concat(dialect.Migrations[0].Statements).Concat(dialect.Migrations[1].Statements))
            {
                Execute(raw, statement);
            }

            Execute(raw, "INSERT INTO hf_schema_version (version, applied_at) VALUES (1, 0), (2, 0)");
            Execute(raw, $"INSERT INTO hf_idempotency (seq, entry_key, alias_keys, event_type, status, detail, recorded_at, updated_at) VALUES (1, '{Key("remittance", "r-1")}', '{Key("remittance-envelope", "e-1")}', 'remittance', 1, 'posted', {start}, {start}), (2, '{Key("claim-payment", "cp-1")}', NULL, 'claim-payment', 0, NULL, {start}, {start}), (5, '{Key("remittance", "r-2")}', '{Key("remittance-envelope", "e-2")} {Key("remittance-trace", "t-2")}', 'remittance', 0, NULL, {start}, {start})");
            Execute(raw, $"INSERT INTO hf_idempotency_key (key_value, entry_id) VALUES ('{Key("remittance", "r-1")}', 1), ('{Key("remittance-envelope", "e-1")}', 1), ('{Key("claim-payment", "cp-1")}', 2), ('{Key("remittance", "r-2")}', 5), ('{Key("remittance-envelope", "e-2")}', 5), ('{Key("remittance-trace", "t-2")}', 5)");
        }

        var store = await OpenAsync();

        Assert.Equal(4, await store.GetSchemaVersionAsync(Ct));
        using (var raw = _database.OpenRaw())
        {
            // Every key is now its digest followed by its kind, naming the same entry; the watermark covers them all.
            var keys = Query(raw, "SELECT key_value, entry_id FROM hf_idempotency_key WHERE key_value <> x'00'").ToDictionary(r => Convert.ToHexStringLower((byte[])r[0]!), r => (long)r[1]!);
            Assert.Equal(6, keys.Count);
            Assert.Equal(5L, keys[Binary(Key("remittance-trace", "t-2"))]);
            Assert.Equal(1L, keys[Binary(Key("remittance-envelope", "e-1"))]);
            Assert.Equal([[5L]], Query(raw, "SELECT entry_id FROM hf_idempotency_key WHERE key_value = x'00'"));
            Assert.Equal(["blob"], Query(raw, "SELECT DISTINCT typeof(key_value) FROM hf_idempotency_key").Select(r => r[0]));
        }

        var remittance = new IdempotencyEntry(Key("remittance", "r-1"), "remittance", ProcessingStatus.Posted, "posted", Start, Start);
        Assert.Equal(remittance, await store.Idempotency.FindAsync(Key("remittance-envelope", "e-1"), Ct));
        var resent = await store.Idempotency.TryRecordAsync(new IdempotencyRecord(EventKeys.Of(Key("remittance", "r-1-resent"), Key("remittance-envelope", "e-1")), "remittance", ProcessingStatus.Accepted), Ct);
        Assert.True(resent.IsDuplicate);
        Assert.Equal(remittance, resent.Entry);
        Assert.True(await store.Idempotency.SetOutcomeAsync(Key("claim-payment", "cp-1"), ProcessingStatus.Posted, "later", Ct));
        var batch = await store.Idempotency.TryRecordManyAsync(
            [
                new IdempotencyRecord(EventKeys.Of(Key("claim-payment", "cp-1")), "claim-payment", ProcessingStatus.Accepted),
                new IdempotencyRecord(EventKeys.Of(Key("remittance", "r-3"), Key("remittance-trace", "t-2")), "remittance", ProcessingStatus.Accepted),
                new IdempotencyRecord(EventKeys.Of(Key("claim-payment", "cp-2")), "claim-payment", ProcessingStatus.Accepted),
            ],
            Ct);
        Assert.Equal([false, false, true], batch.Select(r => r.Recorded));
        Assert.Equal("later", batch[0].Entry.Detail);
        Assert.Equal(Key("remittance", "r-2"), batch[1].Entry.Key);

        // A new input is numbered after every migrated one, and a second store over the file sees it.
        var other = await OpenAsync();
        Assert.True((await other.Idempotency.TryRecordAsync(new IdempotencyRecord(EventKeys.Of(Key("claim-payment", "cp-2")), "claim-payment", ProcessingStatus.Accepted), Ct)).IsDuplicate);
        using var check = _database.OpenRaw();
        Assert.Equal([[6L]], Query(check, $"SELECT seq FROM hf_idempotency WHERE entry_key = '{Key("claim-payment", "cp-2")}'"));
    }

    [Fact]
    public async Task KeysPastTheMergeThreshold_MoveToTheKeyTable_AndEveryStoreOverTheFileStillSeesEachKeyOnce()
    {
        var a = await OpenAsync();
        var inputs = Enumerable.Range(0, MergeThreshold + 3_000)
            .Select(i => new IdempotencyRecord(EventKeys.Of(Key("claim-payment", $"cp-{i}"), Key("event", $"ev-{i}")), "claim-payment", ProcessingStatus.Accepted))
            .ToList();
        foreach (var batch in inputs.Chunk(2_000))
        {
            Assert.All(await a.Idempotency.TryRecordManyAsync(batch, Ct), r => Assert.True(r.Recorded));
        }

        long watermark;
        using (var raw = _database.OpenRaw())
        {
            watermark = (long)Query(raw, "SELECT entry_id FROM hf_idempotency_key WHERE key_value = x'00'").Single()[0]!;
            Assert.InRange(watermark, MergeThreshold, inputs.Count - 1);
            Assert.Equal(watermark * 2, (long)Query(raw, "SELECT count(*) FROM hf_idempotency_key WHERE key_value <> x'00'").Single()[0]!);
        }

        // A store that starts over the file, and the store that merged, see merged and unmerged keys alike.
        var b = await OpenAsync();
        var sample = new[] { 0, 17, (int)watermark - 1, (int)watermark, inputs.Count - 1 };
        foreach (var store in new[] { a, b })
        {
            var again = await store.Idempotency.TryRecordManyAsync(sample.Select(i => new IdempotencyRecord(EventKeys.Of(Key("claim-payment", $"again-{i}"), Key("event", $"ev-{i}")), "claim-payment", ProcessingStatus.Posted)).ToList(), Ct);
            Assert.Equal(sample.Select(i => Key("claim-payment", $"cp-{i}")), again.Select(r => r.Entry.Key));
            Assert.All(again, r => Assert.True(r.IsDuplicate));
            Assert.True((await store.Idempotency.TryRecordAsync(inputs[(int)watermark + 5], Ct)).IsDuplicate);
            Assert.Equal(Key("claim-payment", "cp-3"), (await store.Idempotency.FindAsync(Key("event", "ev-3"), Ct))?.Key);
        }

        // Retention deletes both kinds; b records two inputs again (one merged, one not), which a, whose memory
        // still names the deleted entries, then sees as duplicates of the new entries, and the others as absent.
        _time.Advance(TimeSpan.FromDays(401));
        var retained = Options();
        retained.Retention.KeyRetention = TimeSpan.FromDays(400);
        var purger = await OpenAsync(retained);
        Assert.Equal(inputs.Count, (await purger.PurgeAsync(Ct)).KeysDeleted);
        using (var raw = _database.OpenRaw())
        {
            Assert.Equal(0L, (long)Query(raw, "SELECT count(*) FROM hf_idempotency_key WHERE key_value <> x'00'").Single()[0]!);
        }

        Assert.True((await b.Idempotency.TryRecordAsync(inputs[3] with { Detail = "again" }, Ct)).Recorded);
        Assert.True((await b.Idempotency.TryRecordAsync(inputs[^1] with { Detail = "again" }, Ct)).Recorded);
        Assert.Equal("again", (await a.Idempotency.TryRecordAsync(inputs[3], Ct)).Entry.Detail);
        Assert.Equal("again", (await a.Idempotency.FindAsync(Key("event", $"ev-{inputs.Count - 1}"), Ct))?.Detail);
        Assert.Null(await a.Idempotency.FindAsync(Key("event", "ev-4"), Ct));
        Assert.Null(await a.Idempotency.FindAsync(Key("claim-payment", $"cp-{inputs.Count - 2}"), Ct));
        Assert.False(await a.Idempotency.SetOutcomeAsync(Key("claim-payment", $"cp-{inputs.Count - 2}"), ProcessingStatus.Posted, null, Ct));
        Assert.True((await a.Idempotency.TryRecordAsync(inputs[4], Ct)).Recorded);
    }

    [Fact]
    public async Task AStoreThatLastReadTheFileBeforeAnotherStoreMerged_StillSeesEveryMergedKey()
    {
        // The early store reads the file (its key table is empty) and records one input; the writer then records
        // enough inputs to merge their keys into the key table, all while the early store reads nothing.
        var early = await OpenAsync();
        Assert.True((await early.Idempotency.TryRecordAsync(new IdempotencyRecord(EventKeys.Of(Key("remittance", "first")), "remittance", ProcessingStatus.Accepted), Ct)).Recorded);
        var writer = await OpenAsync();
        var inputs = Enumerable.Range(0, MergeThreshold + 8_000)
            .Select(i => new IdempotencyRecord(EventKeys.Of(Key("remittance", $"r-{i}"), Key("remittance-envelope", $"e-{i}")), "remittance", ProcessingStatus.Accepted, $"d-{i}"))
            .ToList();
        foreach (var batch in inputs.Chunk(5_000))
        {
            Assert.All(await writer.Idempotency.TryRecordManyAsync(batch, Ct), r => Assert.True(r.Recorded));
        }

        using (var raw = _database.OpenRaw())
        {
            Assert.InRange((long)Query(raw, "SELECT entry_id FROM hf_idempotency_key WHERE key_value = x'00'").Single()[0]!, MergeThreshold, inputs.Count);
        }

        var sample = new[] { 0, 1, 4_321, MergeThreshold - 2, inputs.Count - 1 };
        Assert.Equal("d-4321", (await early.Idempotency.FindAsync(Key("remittance-envelope", "e-4321"), Ct))?.Detail);
        var again = await early.Idempotency.TryRecordManyAsync(sample.Select(i => new IdempotencyRecord(EventKeys.Of(Key("remittance", $"resent-{i}"), Key("remittance-envelope", $"e-{i}")), "remittance", ProcessingStatus.Accepted)).ToList(), Ct);
        Assert.Equal(sample.Select(i => $"d-{i}"), again.Select(r => r.Entry.Detail));
        Assert.All(again, r => Assert.True(r.IsDuplicate));
        Assert.True((await early.Idempotency.TryRecordAsync(inputs[7], Ct)).IsDuplicate);
        Assert.True(await early.Idempotency.SetOutcomeAsync(Key("remittance", "r-9"), ProcessingStatus.Posted, "posted", Ct));
        Assert.Equal(ProcessingStatus.Posted, (await writer.Idempotency.FindAsync(Key("remittance-envelope", "e-9"), Ct))?.Status);
        Assert.True((await early.Idempotency.TryRecordAsync(new IdempotencyRecord(EventKeys.Of(Key("remittance", "new")), "remittance", ProcessingStatus.Accepted), Ct)).Recorded);
    }

    [Fact]
    public async Task MigrateAsync_OnADatabaseFromANewerVersion_Refuses()
    {
        var store = await OpenAsync();
        using (var raw = _database.OpenRaw())
        {
            Execute(raw, "INSERT INTO hf_schema_version (version, applied_at) VALUES (99, 0)");
        }

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.MigrateAsync(Ct));
        Assert.Contains("99", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reopened_WithARotatedKeyRing_KeepsEachPayloadUnderItsOwnKey()
    {
        var before = await OpenAsync();
        var old = await before.DeadLetters.AddAsync(Letter("r-old", "old " + Secret), Ct);
        await before.DisposeAsync();

        var rotated = await OpenAsync(Options(keys: ("k1", _key1), current: ("k2", _key2)));
        var fresh = await rotated.DeadLetters.AddAsync(Letter("r-new", "new " + Secret), Ct);
        Assert.Equal("old " + Secret, Encoding.UTF8.GetString((await rotated.DeadLetters.ReadPayloadAsync(old.Id, Ct))!.Value.Span));

        using (var raw = _database.OpenRaw())
        {
            var keyIds = Query(raw, "SELECT id, payload_key_id FROM hf_dead_letter ORDER BY id").ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
            Assert.Equal("k1", keyIds[old.Id]);
            Assert.Equal("k2", keyIds[fresh.Id]);
        }

        // A key ring that dropped the old key reads only what the new key wrote.
        var forgetful = await OpenAsync(Options(keys: null, current: ("k2", _key2)));
        Assert.Equal("new " + Secret, Encoding.UTF8.GetString((await forgetful.DeadLetters.ReadPayloadAsync(fresh.Id, Ct))!.Value.Span));
        var ex = await Assert.ThrowsAsync<PayloadProtectionException>(async () => await forgetful.DeadLetters.ReadPayloadAsync(old.Id, Ct));
        Assert.Contains("k1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneFile_SharedByTwoStores_RecordsEachInputOnce_AndLosesNoTransition()
    {
        var a = await OpenAsync();
        var b = await OpenAsync();
        var inputs = Enumerable.Range(0, 200).Select(i => EventKeys.Of(Key("remittance", $"r-{i}"), Key("remittance-envelope", $"e-{i}"))).ToList();

        var runs = new[] { a, b }.Select((store, worker) => Task.Run(async () =>
        {
            var recorded = new List<IdempotencyKey>();
            foreach (var keys in worker == 0 ? inputs : Enumerable.Reverse(inputs))
            {
                var result = await store.Idempotency.TryRecordAsync(new IdempotencyRecord(keys, "remittance", ProcessingStatus.Accepted, $"store {worker}"), Ct);
                if (result.Recorded)
                {
                    recorded.Add(result.Entry.Key);
                }
            }

            return recorded;
        }, Ct)).ToList();
        var winners = (await Task.WhenAll(runs)).SelectMany(r => r).ToList();

        Assert.Equal(inputs.Select(k => k.Primary).Order(), winners.Order());
        Assert.Equal((await a.Idempotency.FindAsync(inputs[7].Aliases[0], Ct))?.Detail, (await b.Idempotency.FindAsync(inputs[7].Primary, Ct))?.Detail);

        var claim = new ClaimKey(new PayerId("PAYER-A"), new PatientControlNumber("PCN-1"));
        await a.Lifecycle.ApplyAsync(new ClaimTransition(claim, ClaimState.Submitted, Key("claim", "837")), Ct);
        var moves = Enumerable.Range(0, 10).Select(i => Task.Run(async () => await (i % 2 == 0 ? a : b).Lifecycle.ApplyAsync(new ClaimTransition(claim, ClaimState.Submitted, Key("claim", $"resend-{i}")), Ct), Ct));
        Assert.All(await Task.WhenAll(moves), r => Assert.Equal(TransitionOutcome.Applied, r.Outcome));
        Assert.Equal(11, (await b.Lifecycle.FindAsync(new ClaimLookup(claim.ClaimId), Ct))?.Version);
        Assert.Equal(Enumerable.Range(1, 11), (await a.Lifecycle.GetHistoryAsync(claim, Ct)).Select(h => h.Version));
    }

    [Fact]
    public async Task Transaction_HoldsTheWriteLock_AnotherStoreWaitsThenSeesTheCommit()
    {
        var a = await OpenAsync();
        var b = await OpenAsync();
        var keys = EventKeys.Of(Key("remittance", "locked"));

        await using (var tx = await a.BeginTransactionAsync(Ct))
        {
            Assert.True((await tx.Idempotency.TryRecordAsync(new IdempotencyRecord(keys, "remittance", ProcessingStatus.Accepted, "a"), Ct)).Recorded);
            var waiting = b.Idempotency.TryRecordAsync(new IdempotencyRecord(keys, "remittance", ProcessingStatus.Accepted, "b"), Ct).AsTask();
            await Task.Delay(300, Ct);
            Assert.False(waiting.IsCompleted);
            await tx.CommitAsync(Ct);

            var result = await waiting;
            Assert.True(result.IsDuplicate);
            Assert.Equal("a", result.Entry.Detail);
        }
    }

    [Fact]
    public async Task BusyTimeout_Elapsed_FailsWithSqliteBusy_AndChangesNothing()
    {
        var holder = await OpenAsync();
        var impatient = await OpenAsync(Options(busyTimeout: TimeSpan.Zero));
        var keys = EventKeys.Of(Key("remittance", "busy"));

        await using (var tx = await holder.BeginTransactionAsync(Ct))
        {
            var ex = await Assert.ThrowsAsync<SqliteException>(async () => await impatient.Idempotency.TryRecordAsync(new IdempotencyRecord(keys, "remittance", ProcessingStatus.Accepted), Ct));
            Assert.Equal(5, ex.SqliteErrorCode);
        }

        Assert.Null(await impatient.Idempotency.FindAsync(keys.Primary, Ct));
    }

    [Theory]
    [InlineData(SqliteSynchronousMode.Normal)]
    [InlineData(SqliteSynchronousMode.Full)]
    public async Task TryRecordMany_FortyThousandInputs_RecordsEach_ThenSeesEachAsADuplicate(SqliteSynchronousMode synchronous)
    {
        var store = await OpenAsync(Options(synchronous: synchronous));
        Assert.Equal(synchronous, store.Synchronous);
        var records = Enumerable.Range(0, 40_000)
            .Select(i => new IdempotencyRecord(EventKeys.Of(Key("claim-payment", $"cp-{i}"), Key("event", $"ev-{i}")), "claim-payment", ProcessingStatus.Accepted))
            .ToList();

        var clock = Stopwatch.StartNew();
        foreach (var batch in records.Chunk(5_000))
        {
            Assert.All(await store.Idempotency.TryRecordManyAsync(batch, Ct), r => Assert.True(r.Recorded));
        }

        var batched = clock.Elapsed;
        var again = await store.Idempotency.TryRecordManyAsync(records.Take(5_000).Select(r => r with { Status = ProcessingStatus.Posted }).ToList(), Ct);
        Assert.All(again, r => Assert.Equal(ProcessingStatus.Accepted, r.Entry.Status));
        Assert.All(again, r => Assert.True(r.IsDuplicate));

        clock.Restart();
        for (var i = 0; i < 2_000; i++)
        {
            Assert.True((await store.Idempotency.TryRecordAsync(new IdempotencyRecord(EventKeys.Of(Key("claim-payment", $"single-{i}")), "claim-payment", ProcessingStatus.Accepted), Ct)).Recorded);
        }

        var single = clock.Elapsed;
        Assert.Equal("claim-payment", (await store.Idempotency.FindAsync(Key("event", "ev-39999"), Ct))?.EventType);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{synchronous}: {records.Count / batched.TotalSeconds:F0} inputs/s in batches of 5,000; {2_000 / single.TotalSeconds:F0} inputs/s one per transaction"));
    }

    [Fact]
    public async Task Amounts_AreStoredAsExactDecimalText_WithTheirScale()
    {
        var store = await OpenAsync();
        var context = new BusinessContext { ClaimId = "PCN-1", Amount = new Money(1234567890.12345678m, CurrencyCode.USD) };
        var letter = await store.DeadLetters.AddAsync(new DeadLetterRequest(Key("remittance", "r-1"), "remittance", "unbalanced", [], context, "x"u8.ToArray(), "x12"), Ct);
        var claim = new ClaimKey(new PayerId("PAYER-A"), new PatientControlNumber("PCN-1"));
        await store.Lifecycle.ApplyAsync(new ClaimTransition(claim, ClaimState.Submitted, Key("claim", "837"), Amount: new Money(150.50m, CurrencyCode.EUR)), Ct);

        Assert.Equal("1234567890.12345678", (await store.DeadLetters.GetAsync(letter.Id, Ct))?.Context.Amount?.Amount.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("150.50 EUR", (await store.Lifecycle.GetHistoryAsync(claim, Ct)).Single().Amount?.ToString(null, CultureInfo.InvariantCulture));
        using var raw = _database.OpenRaw();
        Assert.Equal(["1234567890.12345678", "text"], Query(raw, "SELECT ctx_amount, typeof(ctx_amount) FROM hf_dead_letter").Single());
        Assert.Equal(["150.50", "EUR"], Query(raw, "SELECT amount, currency FROM hf_claim_history").Single());
    }

    [Fact]
    public void Options_WithoutAPathOrWithANegativeBusyTimeout_AreRejected()
    {
        var options = Options();
        options.Path = " ";
        options.BusyTimeout = TimeSpan.FromSeconds(-1);

        Assert.Equal(2, options.Validate().Count);
        var ex = Assert.Throws<ValidationException>(() => new SqliteStateStore(options));
        Assert.Contains("Path", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => new SqliteStateStore(null!));
    }

    [Fact]
    public async Task AddHealthFinanceSqliteState_RegistersTheStoreOverTheFile_AndValidatesTheOptions()
    {
        var services = new ServiceCollection().AddHealthFinanceSqliteState(o =>
        {
            o.Path = _database.FilePath;
            o.PayloadKeys["k1"] = _key1;
            o.CurrentPayloadKeyId = "k1";
            o.Synchronous = SqliteSynchronousMode.Full;
        });
        await using (var provider = services.BuildServiceProvider())
        {
            var store = Assert.IsType<SqliteStateStore>(provider.GetRequiredService<IStateStore>());
            Assert.Equal(_database.FilePath, store.Path);
            Assert.Equal(SqliteSynchronousMode.Full, store.Synchronous);
            Assert.Same(store.Outbox, provider.GetRequiredService<IOutboxStore>());
            await store.MigrateAsync(Ct);
            Assert.True((await store.Outbox.EnqueueAsync(new OutboxMessage(Key("journal", "j-1"), "jsonl", "journal+json", "{}"u8.ToArray()), Ct)));
        }

        await using var invalid = new ServiceCollection().AddHealthFinanceSqliteState(o => o.CurrentPayloadKeyId = "k1").BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => invalid.GetRequiredService<IStateStore>());
        Assert.Contains("Path", error.Message, StringComparison.Ordinal);
    }

    private static IdempotencyKey Key(string kind, string value) => IdempotencyKey.Derive(kind, value);

    // The key table's form of a key, in hex: the digest, then the kind's ASCII bytes.
    private static string Binary(IdempotencyKey key) => key.Value[(key.Kind.Length + 1)..] + Convert.ToHexStringLower(Encoding.ASCII.GetBytes(key.Kind));

    private static DeadLetterRequest Letter(string input, string payload)
        => new(Key("remittance", input), "remittance", "unbalanced", ["HIPAA-0201"], BusinessContext.None, Encoding.UTF8.GetBytes(payload), "x12");

    private static List<(byte[] Payload, string KeyId)> ReadPayloads(SqliteConnection raw, string table)
        => Query(raw, "SELECT payload, payload_key_id FROM " + table).Select(r => ((byte[])r[0]!, (string)r[1]!)).ToList();

    private static List<object?[]> Query(SqliteConnection raw, string sql)
    {
        using var command = raw.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            reader.GetValues(row!);
            rows.Add(row);
        }

        return rows;
    }

    private static void Execute(SqliteConnection raw, string sql)
    {
        using var command = raw.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteStateStoreOptions Options((string Id, string Key)? keys = null, (string Id, string Key)? current = null, SqliteSynchronousMode synchronous = SqliteSynchronousMode.Normal, TimeSpan? busyTimeout = null)
    {
        var options = new SqliteStateStoreOptions { Path = _database.FilePath, TimeProvider = _time, Synchronous = synchronous };
        var (currentId, currentKey) = current ?? ("k1", _key1);
        options.PayloadKeys[currentId] = currentKey;
        if (keys is { } extra)
        {
            options.PayloadKeys[extra.Id] = extra.Key;
        }

        options.CurrentPayloadKeyId = currentId;
        if (busyTimeout is { } timeout)
        {
            options.BusyTimeout = timeout;
        }

        return options;
    }

    private SqliteStateStore Create(SqliteStateStoreOptions options)
    {
        var store = new SqliteStateStore(options);
        _stores.Add(store);
        return store;
    }

    private async Task<SqliteStateStore> OpenAsync(SqliteStateStoreOptions? options = null)
    {
        var store = Create(options ?? Options());
        await store.MigrateAsync(Ct);
        return store;
    }
}
