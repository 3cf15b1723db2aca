using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using HealthFinance.Canonical;
using HealthFinance.Idempotency.DeadLetters;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Idempotency.Lifecycle;
using HealthFinance.Idempotency.Outbox;
using HealthFinance.Idempotency.Parking;
using HealthFinance.Idempotency.Protection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace HealthFinance.Idempotency.PostgreSql.Tests;

/// <summary>What only the PostgreSQL store shows: bytes at rest, many connections racing, SKIP LOCKED leases, concurrent migrations.</summary>
public sealed class PostgresStateStoreTests : IAsyncLifetime
{
    private const string Secret = "DOE^JANE*19800101";
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly string _key1 = PayloadKeyRing.NewKey();
    private readonly string _key2 = PayloadKeyRing.NewKey();
    private readonly List<PostgresStateStore> _stores = [];
    private PostgresTestSchema _schema = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _schema = PostgresTestSchema.Create();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        await _schema.DisposeAsync();
    }

    [Fact]
    public async Task Payloads_AtRest_AreCiphertextNamingTheirKey_AndBoundToTheirRow()
    {
        var store = await OpenAsync();
        var payload = Encoding.UTF8.GetBytes("ISA*00*...~NM1*QC*1*" + Secret + "~");
        await store.Parking.ParkAsync(new ParkRequest(Key("remittance", "r-1"), "remittance", Key("wait-claim", "c-1"), "claim not yet submitted", payload, BusinessContext.None), Ct);
        var first = await store.DeadLetters.AddAsync(Letter("r-2", payload), Ct);
        var second = await store.DeadLetters.AddAsync(Letter("r-3", "another input"u8.ToArray()), Ct);
        await store.Outbox.EnqueueAsync(new OutboxMessage(Key("journal", "j-1"), "jsonl", "journal+json", payload), Ct);

        await using (var raw = await _schema.OpenRawAsync())
        {
            foreach (var table in new[] { "hf_parked", "hf_dead_letter", "hf_outbox" })
            {
                var rows = await QueryAsync(raw, $"SELECT payload, payload_key_id FROM \"{_schema.Name}\".{table}");
                Assert.NotEmpty(rows);
                foreach (var row in rows)
                {
                    var bytes = (byte[])row[0]!;
                    Assert.Equal("k1", row[1]);
                    Assert.Equal("k1", AesGcmPayloadProtector.ReadKeyId(bytes));
                    Assert.DoesNotContain(Secret, Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
                    Assert.DoesNotContain("ISA*00", Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
                }
            }

            // A payload moved to another row does not decrypt there: it is bound to its input key.
            await using var swap = new NpgsqlCommand($"UPDATE \"{_schema.Name}\".hf_dead_letter SET payload = (SELECT payload FROM \"{_schema.Name}\".hf_dead_letter WHERE id = @from) WHERE id = @to", raw);
            swap.Parameters.AddWithValue("from", first.Id);
            swap.Parameters.AddWithValue("to", second.Id);
            Assert.Equal(1, await swap.ExecuteNonQueryAsync(Ct));
        }

        Assert.Equal(payload, (await store.DeadLetters.ReadPayloadAsync(first.Id, Ct))!.Value.ToArray());
        await Assert.ThrowsAsync<PayloadProtectionException>(async () => await store.DeadLetters.ReadPayloadAsync(second.Id, Ct));
    }

    [Fact]
    public async Task MigrateAsync_RunByEightStoresAtOnce_CreatesTheSchemaAndAppliesEachVersionOnce()
    {
        var stores = Enumerable.Range(0, 8).Select(_ => Create(Options())).ToList();

        await RunTogetherAsync(stores.Count, async i =>
        {
            await stores[i].MigrateAsync(Ct);
            return i;
        });
        await stores[0].MigrateAsync(Ct);

        await using var raw = await _schema.OpenRawAsync();
        Assert.Equal([1, 2, 3], (await QueryAsync(raw, $"SELECT version FROM \"{_schema.Name}\".hf_schema_version ORDER BY version")).Select(r => (int)r[0]!));
        Assert.Equal(3, await stores[5].GetSchemaVersionAsync(Ct));
        var tables = (await QueryAsync(raw, $"SELECT table_name::text FROM information_schema.tables WHERE table_schema = '{_schema.Name}' ORDER BY table_name")).Select(r => (string)r[0]!);
        Assert.Equal(Relational.SqlDialect.TableNames.Order(StringComparer.Ordinal), tables);
    }

    [Fact]
    public async Task MigrateAsync_FromVersion1WithRecordedInputs_KeepsEveryKeyAndEntry()
    {
        var dialect = new PostgresDialect(_schema.Name);
        var idempotency = dialect.QualifyTable("hf_idempotency");
        var keys = dialect.QualifyTable("hf_idempotency_key");
        await using (var raw = await _schema.OpenRawAsync())
        {
            foreach (var statement in dialect.SchemaVersionTableStatements.Concat(dialect.Migrations[0].Statements))
            {
                await QueryAsync(raw, statement);
            }

            var start = Start.ToUnixTimeMilliseconds();
            await QueryAsync(raw, $"INSERT INTO {dialect.QualifyTable("hf_schema_version")} (version, applied_at) VALUES (1, 0)");
            await QueryAsync(raw, $"INSERT INTO {idempotency} (entry_key, alias_keys, event_type, status, detail, recorded_at, updated_at) VALUES ('{Key("remittance", "r-1")}', '{Key("remittance-envelope", "e-1")}', 'remittance', 1, 'posted', {start}, {start}), ('{Key("claim-payment", "cp-1")}', NULL, 'claim-payment', 0, NULL, {start}, {start})");
            await QueryAsync(raw, $"INSERT INTO {keys} (key_value, entry_key) VALUES ('{Key("remittance", "r-1")}', '{Key("remittance", "r-1")}'), ('{Key("remittance-envelope", "e-1")}', '{Key("remittance", "r-1")}'), ('{Key("claim-payment", "cp-1")}', '{Key("claim-payment", "cp-1")}')");
        }

        var store = await OpenAsync();

        var remittance = new IdempotencyEntry(Key("remittance", "r-1"), "remittance", ProcessingStatus.Posted, "posted", Start, Start);
        Assert.Equal(3, await store.GetSchemaVersionAsync(Ct));
        Assert.Equal(remittance, await store.Idempotency.FindAsync(Key("remittance-envelope", "e-1"), Ct));
        var again = await store.Idempotency.TryRecordAsync(new IdempotencyRecord(EventKeys.Of(Key("remittance", "r-1-resent"), Key("remittance-envelope", "e-1")), "remittance", ProcessingStatus.Accepted), Ct);
        Assert.True(again.IsDuplicate);
        Assert.Equal(remittance, again.Entry);
        Assert.True(await store.Idempotency.SetOutcomeAsync(Key("claim-payment", "cp-1"), ProcessingStatus.Posted, "later", Ct));
        var batch = await store.Idempotency.TryRecordManyAsync([new IdempotencyRecord(EventKeys.Of(Key("claim-payment", "cp-1")), "claim-payment", ProcessingStatus.Accepted), new IdempotencyRecord(EventKeys.Of(Key("claim-payment", "cp-2")), "claim-payment", ProcessingStatus.Accepted)], Ct);
        Assert.Equal("later", batch[0].Entry.Detail);
        Assert.Equal([false, true], batch.Select(r => r.Recorded));
        await using var check = await _schema.OpenRawAsync();
        Assert.Equal(4L, (await QueryAsync(check, $"SELECT count(*) FROM {keys}")).Single()[0]);
        Assert.Equal(3L, (await QueryAsync(check, $"SELECT count(*) FROM {idempotency}")).Single()[0]);
    }

    [Fact]
    public async Task MigrateAsync_OnASchemaFromANewerVersion_Refuses()
    {
        var store = await OpenAsync();
        await using (var raw = await _schema.OpenRawAsync())
        {
            await QueryAsync(raw, $"INSERT INTO \"{_schema.Name}\".hf_schema_version (version, applied_at) VALUES (99, 0) RETURNING version");
        }

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.MigrateAsync(Ct));
        Assert.Contains("99", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reopened_WithARotatedKeyRing_KeepsEachPayloadUnderItsOwnKey()
    {
        var before = await OpenAsync();
        var old = await before.DeadLetters.AddAsync(Letter("r-old", Encoding.UTF8.GetBytes("old " + Secret)), Ct);
        await before.DisposeAsync();

        var rotated = await OpenAsync(Options(current: ("k2", _key2), also: ("k1", _key1)));
        var fresh = await rotated.DeadLetters.AddAsync(Letter("r-new", Encoding.UTF8.GetBytes("new " + Secret)), Ct);
        Assert.Equal("old " + Secret, Encoding.UTF8.GetString((await rotated.DeadLetters.ReadPayloadAsync(old.Id, Ct))!.Value.Span));

        await using (var raw = await _schema.OpenRawAsync())
        {
            var keyIds = (await QueryAsync(raw, $"SELECT id, payload_key_id FROM \"{_schema.Name}\".hf_dead_letter")).ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
            Assert.Equal("k1", keyIds[old.Id]);
            Assert.Equal("k2", keyIds[fresh.Id]);
        }

        var forgetful = await OpenAsync(Options(current: ("k2", _key2)));
        Assert.Equal("new " + Secret, Encoding.UTF8.GetString((await forgetful.DeadLetters.ReadPayloadAsync(fresh.Id, Ct))!.Value.Span));
        var ex = await Assert.ThrowsAsync<PayloadProtectionException>(async () => await forgetful.DeadLetters.ReadPayloadAsync(old.Id, Ct));
        Assert.Contains("k1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryRecord_FromSixteenConnections_HasExactlyOneWinnerPerInput()
    {
        var stores = new List<PostgresStateStore> { await OpenAsync() };
        stores.AddRange(Enumerable.Range(1, 15).Select(_ => Create(Options())));
        for (var round = 0; round < 10; round++)
        {
            // Each worker names the input by its own business key; all share the envelope alias.
            var shared = Key("remittance-envelope", $"isa-{round}");
            var results = await RunTogetherAsync(stores.Count, worker => stores[worker].Idempotency.TryRecordAsync(
                new IdempotencyRecord(EventKeys.Of(Key("remittance", $"round-{round}-worker-{worker % 4}"), shared), "remittance", ProcessingStatus.Accepted, $"worker {worker}"),
                Ct).AsTask());

            var winner = Assert.Single(results, r => r.Recorded);
            Assert.All(results, r => Assert.Equal(winner.Entry, r.Entry));
        }

        await using var raw = await _schema.OpenRawAsync();
        Assert.Equal(10L, (await QueryAsync(raw, $"SELECT count(*) FROM \"{_schema.Name}\".hf_idempotency")).Single()[0]);
        Assert.Equal(20L, (await QueryAsync(raw, $"SELECT count(*) FROM \"{_schema.Name}\".hf_idempotency_key")).Single()[0]);
    }

    [Fact]
    public async Task TryRecordMany_OverlappingBatchesFromSixConnections_RecordEachInputOnce()
    {
        var stores = new List<PostgresStateStore> { await OpenAsync() };
        stores.AddRange(Enumerable.Range(1, 5).Select(_ => Create(Options())));
        IdempotencyRecord Input(int i) => new(EventKeys.Of(Key("claim-payment", $"cp-{i}"), Key("event", $"ev-{i}")), "claim-payment", ProcessingStatus.Accepted);

        // Worker w records inputs [100w, 100w + 300): each input is in up to three batches, some twice in one batch.
        var results = await RunTogetherAsync(stores.Count, worker => stores[worker].Idempotency.TryRecordManyAsync(
            Enumerable.Range(worker * 100, 300).Concat(Enumerable.Range(worker * 100, 20)).Select(Input).ToList(),
            Ct).AsTask());

        var winners = results.SelectMany(r => r).Where(r => r.Recorded).Select(r => r.Entry.Key).ToList();
        Assert.Equal(Enumerable.Range(0, 800).Select(i => Key("claim-payment", $"cp-{i}")).Order(), winners.Order());
        foreach (var batch in results)
        {
            // The repeats at the end of each batch are duplicates of its own earlier inputs or of another batch's.
            Assert.All(batch.Skip(300), r => Assert.True(r.IsDuplicate));
            Assert.Equal(batch.Take(20).Select(r => r.Entry), batch.Skip(300).Select(r => r.Entry));
        }

        Assert.Equal("claim-payment", (await stores[2].Idempotency.FindAsync(Key("event", "ev-799"), Ct))?.EventType);
    }

    [Fact]
    public async Task Lease_EightWorkersOnEightConnections_NeverLeaseAMessageTwice()
    {
        var stores = new List<PostgresStateStore> { await OpenAsync(Options(clock: TimeProvider.System)) };
        stores.AddRange(Enumerable.Range(1, 7).Select(_ => Create(Options(clock: TimeProvider.System))));
        var numbers = Enumerable.Range(0, 300).ToDictionary(i => Key("journal", $"j-{i:D3}"));
        for (var i = 0; i < 300; i++)
        {
            await stores[0].Outbox.EnqueueAsync(new OutboxMessage(Key("journal", $"j-{i:D3}"), i % 3 == 0 ? "http" : "jsonl", "journal+json", Encoding.UTF8.GetBytes($"{{\"n\":{i}}}")), Ct);
        }

        var taken = await RunTogetherAsync(stores.Count, async worker =>
        {
            var mine = new List<OutboxLease>();
            while (true)
            {
                var leases = await stores[worker].Outbox.LeaseAsync($"worker-{worker}", 7, TimeSpan.FromMinutes(10), worker % 2 == 0 ? null : "jsonl", Ct);
                if (leases.Count == 0)
                {
                    return mine;
                }

                mine.AddRange(leases);
            }
        });

        var all = taken.SelectMany(t => t).ToList();
        Assert.Equal(300, all.Count);
        Assert.Equal(300, all.Select(l => l.Key).Distinct().Count());
        Assert.Equal(300, all.Select(l => l.LeaseToken).Distinct().Count());
        Assert.All(all, l => Assert.Equal(1, l.Attempt));
        Assert.All(taken.Where((_, worker) => worker % 2 == 1).SelectMany(t => t), l => Assert.Equal("jsonl", l.Destination));
        Assert.All(all, l => Assert.Equal($"{{\"n\":{numbers[l.Key]}}}", Encoding.UTF8.GetString(l.Payload.Span)));
    }

    [Fact]
    public async Task Lease_SkipsMessagesAnotherTransactionHolds_WithoutWaiting()
    {
        var a = await OpenAsync();
        var b = Create(Options());
        var numbers = Enumerable.Range(0, 10).ToDictionary(i => Key("journal", $"j-{i}"));
        for (var i = 0; i < 10; i++)
        {
            await a.Outbox.EnqueueAsync(new OutboxMessage(Key("journal", $"j-{i}"), "jsonl", "journal+json", "{}"u8.ToArray()), Ct);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        await using (var tx = await a.BeginTransactionAsync(Ct))
        {
            var held = await tx.Outbox.LeaseAsync("worker-a", 4, TimeSpan.FromMinutes(5), cancellationToken: Ct);
            Assert.Equal(Enumerable.Range(0, 4).Select(i => Key("journal", $"j-{i}")), held.Select(l => l.Key));

            // The four oldest rows are locked by the open transaction: b takes the next ones at once.
            var other = await b.Outbox.LeaseAsync("worker-b", 4, TimeSpan.FromMinutes(5), cancellationToken: Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
            Assert.Equal(Enumerable.Range(4, 4).Select(i => Key("journal", $"j-{i}")), other.Select(l => l.Key));
        }

        // Rolled back, a's lease never happened: its messages are due again, as first attempts.
        var again = await b.Outbox.LeaseAsync("worker-b", 10, TimeSpan.FromMinutes(5), cancellationToken: Ct);
        Assert.Equal([0, 1, 2, 3, 8, 9], again.Select(l => numbers[l.Key]));
        Assert.All(again, l => Assert.Equal(1, l.Attempt));
    }

    [Fact]
    public async Task Apply_EightConnectionsMovingOneClaim_LoseNoTransition()
    {
        var stores = new List<PostgresStateStore> { await OpenAsync() };
        stores.AddRange(Enumerable.Range(1, 7).Select(_ => Create(Options())));
        var claim = new ClaimKey(new PayerId("PAYER-A"), new PatientControlNumber("PCN-1"));

        // All eight submit the same new claim at once: one creates it, the others' resubmissions follow it.
        var results = await RunTogetherAsync(stores.Count, worker => stores[worker].Lifecycle.ApplyAsync(new ClaimTransition(claim, ClaimState.Submitted, Key("claim", $"837-{worker}"), new PayerClaimControlNumber($"PCCN-{worker % 2}")), Ct).AsTask());

        Assert.All(results, r => Assert.Equal(TransitionOutcome.Applied, r.Outcome));
        Assert.Equal(Enumerable.Range(1, 8), results.Select(r => r.Claim!.Version).Order());
        Assert.Null(Assert.Single(results, r => r.Claim!.Version == 1).From);
        var record = await stores[3].Lifecycle.FindAsync(new ClaimLookup(claim.ClaimId, PayerClaimControlNumber: new PayerClaimControlNumber("PCCN-1")), Ct);
        Assert.Equal(8, record?.Version);
        Assert.Equal(2, record?.PayerClaimControlNumbers.Count);
        Assert.Equal(Enumerable.Range(1, 8), (await stores[0].Lifecycle.GetHistoryAsync(claim, Ct)).Select(h => h.Version));
    }

    [Fact]
    public async Task Operations_AfterTheServerDroppedTheStoresConnections_RunOnNewConnections()
    {
        var options = Options();
        var application = "hf-test-" + Guid.NewGuid().ToString("N")[..12];
        options.ConnectionString += ";Application Name=" + application;
        var store = await OpenAsync(options);
        await RunTogetherAsync(4, worker => store.Outbox.EnqueueAsync(new OutboxMessage(Key("journal", $"j-{worker}"), "jsonl", "journal+json", "{}"u8.ToArray()), Ct).AsTask());

        // As a server restart or a failover would: every connection the store keeps idle is closed under it.
        await using (var raw = await _schema.OpenRawAsync())
        {
            var killed = await QueryAsync(raw, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{application}'");
            Assert.NotEmpty(killed);
        }

        Assert.Equal(4, await store.Outbox.CountAsync(OutboxStatus.Pending, Ct));
        Assert.True((await store.Idempotency.TryRecordAsync(new IdempotencyRecord(EventKeys.Of(Key("remittance", "after")), "remittance", ProcessingStatus.Accepted), Ct)).Recorded);
        Assert.Equal(4, (await store.Outbox.LeaseAsync("worker-1", 10, TimeSpan.FromMinutes(1), cancellationToken: Ct)).Count);
    }

    [Fact]
    public async Task Amounts_AreNumeric_WithTheirScale()
    {
        var store = await OpenAsync();
        var context = new BusinessContext { ClaimId = "PCN-1", Amount = new Money(1234567890.12345678m, CurrencyCode.USD) };
        var letter = await store.DeadLetters.AddAsync(new DeadLetterRequest(Key("remittance", "r-1"), "remittance", "unbalanced", [], context, "x"u8.ToArray(), "x12"), Ct);
        var claim = new ClaimKey(new PayerId("PAYER-A"), new PatientControlNumber("PCN-1"));
        await store.Lifecycle.ApplyAsync(new ClaimTransition(claim, ClaimState.Submitted, Key("claim", "837"), Amount: new Money(150.50m, CurrencyCode.EUR)), Ct);

        Assert.Equal("1234567890.12345678", (await store.DeadLetters.GetAsync(letter.Id, Ct))?.Context.Amount?.Amount.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("150.50 EUR", (await store.Lifecycle.GetHistoryAsync(claim, Ct)).Single().Amount?.ToString(null, CultureInfo.InvariantCulture));
        await using var raw = await _schema.OpenRawAsync();
        Assert.Equal(["1234567890.12345678", "numeric"], (await QueryAsync(raw, $"SELECT ctx_amount::text, pg_typeof(ctx_amount)::text FROM \"{_schema.Name}\".hf_dead_letter")).Single());
        Assert.Equal(["150.50", "EUR"], (await QueryAsync(raw, $"SELECT amount::text, currency FROM \"{_schema.Name}\".hf_claim_history")).Single());
    }

    [Fact]
    public void Options_WithoutAConnectionStringOrWithAnUnsafeSchema_AreRejected()
    {
        var options = Options();
        options.ConnectionString = null;
        options.Schema = "x\"; DROP SCHEMA public CASCADE; --";

        Assert.Equal(2, options.Validate().Count);
        var ex = Assert.Throws<ValidationException>(() => new PostgresStateStore(options));
        Assert.Contains("Schema", ex.Message, StringComparison.Ordinal);
        Assert.False(PostgresStateStoreOptions.IsSchemaName("pg_catalog"));
        Assert.False(PostgresStateStoreOptions.IsSchemaName("1st"));
        Assert.False(PostgresStateStoreOptions.IsSchemaName(new string('a', 64)));
        Assert.True(PostgresStateStoreOptions.IsSchemaName("Billing_2026"));
        Assert.Equal("healthfinance", new PostgresStateStoreOptions().Schema);
    }

    [Fact]
    public async Task AddHealthFinancePostgresState_RegistersTheStoreOverTheSchema_AndValidatesTheOptions()
    {
        var services = new ServiceCollection().AddHealthFinancePostgresState(o =>
        {
            o.ConnectionString = _schema.ConnectionString;
            o.Schema = _schema.Name;
            o.PayloadKeys["k1"] = _key1;
            o.CurrentPayloadKeyId = "k1";
        });
        await using (var provider = services.BuildServiceProvider())
        {
            var store = Assert.IsType<PostgresStateStore>(provider.GetRequiredService<IStateStore>());
            Assert.Equal(_schema.Name, store.Schema);
            Assert.Same(store.Lifecycle, provider.GetRequiredService<IClaimLifecycleStore>());
            await store.MigrateAsync(Ct);
            Assert.True(await store.Outbox.EnqueueAsync(new OutboxMessage(Key("journal", "j-1"), "jsonl", "journal+json", "{}"u8.ToArray()), Ct));
        }

        await using var invalid = new ServiceCollection().AddHealthFinancePostgresState(o => o.CurrentPayloadKeyId = "k1").BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => invalid.GetRequiredService<IStateStore>());
        Assert.Contains("ConnectionString", error.Message, StringComparison.Ordinal);
    }

    private static IdempotencyKey Key(string kind, string value) => IdempotencyKey.Derive(kind, value);

    private static DeadLetterRequest Letter(string input, byte[] payload)
        => new(Key("remittance", input), "remittance", "unbalanced", ["HIPAA-0201"], BusinessContext.None, payload, "x12");

    private static async Task<List<object?[]>> QueryAsync(NpgsqlConnection raw, string sql)
    {
        await using var command = new NpgsqlCommand(sql, raw);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(Ct))
        {
            var row = new object?[reader.FieldCount];
            reader.GetValues(row!);
            rows.Add(row);
        }

        return rows;
    }

    // Starts the workers on the thread pool and releases them at once, so that their calls overlap.
    private static async Task<T[]> RunTogetherAsync<T>(int count, Func<int, Task<T>> work)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, count).Select(worker => Task.Run(async () =>
        {
            await start.Task;
            return await work(worker);
        }, Ct)).ToList();
        start.SetResult();
        return await Task.WhenAll(tasks);
    }

    private PostgresStateStoreOptions Options((string Id, string Key)? current = null, (string Id, string Key)? also = null, TimeProvider? clock = null)
    {
        var options = _schema.Options(new StateStoreOptions { TimeProvider = clock ?? _time });
        var (id, key) = current ?? ("k1", _key1);
        options.PayloadKeys[id] = key;
        if (also is { } extra)
        {
            options.PayloadKeys[extra.Id] = extra.Key;
        }

        options.CurrentPayloadKeyId = id;
        return options;
    }

    private PostgresStateStore Create(PostgresStateStoreOptions options)
    {
        var store = new PostgresStateStore(options);
        _stores.Add(store);
        return store;
    }

    private async Task<PostgresStateStore> OpenAsync(PostgresStateStoreOptions? options = null)
    {
        var store = Create(options ?? Options());
        await store.MigrateAsync(Ct);
        return store;
    }
}
