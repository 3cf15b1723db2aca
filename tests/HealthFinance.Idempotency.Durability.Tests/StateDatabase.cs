using HealthFinance.Idempotency.DeadLetters;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Idempotency.Lifecycle;
using HealthFinance.Idempotency.Outbox;
using HealthFinance.Idempotency.PostgreSql;
using HealthFinance.Idempotency.Sqlite;
using HealthFinance.Idempotency.Worker;
using HealthFinance.Idempotency.PostgreSql.Tests;

namespace HealthFinance.Idempotency.Durability.Tests;

/// <summary>A throw-away database the worker processes share, and the checks of what they left in it.</summary>
internal sealed class StateDatabase : IAsyncDisposable
{
    // Must match the worker's key ring.
    private const string TestKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private readonly string? _folder;
    private readonly PostgresTestSchema? _schema;

    private StateDatabase(string[] workerArguments, IStateStore store, string? folder, PostgresTestSchema? schema)
    {
        WorkerArguments = workerArguments;
        Store = store;
        _folder = folder;
        _schema = schema;
    }

    /// <summary>The worker's <c>--state</c> (and <c>--schema</c>) arguments.</summary>
    public string[] WorkerArguments { get; }

    /// <summary>A store over the same database, for the checks.</summary>
    public IStateStore Store { get; }

    public static StateDatabase Sqlite()
    {
        var folder = Path.Combine(Path.GetTempPath(), "hf-durability-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "state.db");
        var options = new SqliteStateStoreOptions { Path = path, CurrentPayloadKeyId = "test" };
        options.PayloadKeys["test"] = TestKey;
        return new StateDatabase(["--state", "sqlite:" + path], new SqliteStateStore(options), folder, null);
    }

    public static StateDatabase Postgres()
    {
        var schema = PostgresTestSchema.Create();
        var options = new PostgresStateStoreOptions { ConnectionString = schema.ConnectionString, Schema = schema.Name, CurrentPayloadKeyId = "test" };
        options.PayloadKeys["test"] = TestKey;
        return new StateDatabase(["--state", "postgres:" + schema.ConnectionString, "--schema", schema.Name], new PostgresStateStore(options), null, schema);
    }

    /// <summary>A file for the worker's delivery log, in a temporary folder.</summary>
    public static string NewLogPath() => Path.Combine(Path.GetTempPath(), "hf-delivered-" + Guid.NewGuid().ToString("N") + ".log");

    /// <summary>
    /// Checks that every input of a stream of <paramref name="claims"/> claims was processed exactly once and that
    /// nothing is missing: every key recorded, every claim submitted then paid once, one posting intent per payment,
    /// every intent delivered (and the delivery log names exactly those intents), nothing parked or dead-lettered.
    /// </summary>
    public async Task AssertProcessedExactlyOnceAsync(int claims, IEnumerable<string> deliveryLogs)
    {
        await Store.MigrateAsync();
        var journalKeys = new HashSet<string>(StringComparer.Ordinal);
        for (var k = 0; k < claims; k++)
        {
            var claim = EventStream.Claim(k);
            var remittance = EventStream.Remittance(k);
            var claimEntry = await Store.Idempotency.FindAsync(IdempotencyKeys.For(claim).Primary);
            Assert.NotNull(claimEntry);
            Assert.Equal(ProcessingStatus.NoPosting, claimEntry.Status);

            var journalKey = Processor.JournalKeyOf(remittance);
            journalKeys.Add(journalKey.Value);
            var remittanceEntry = await Store.Idempotency.FindAsync(IdempotencyKeys.For(remittance).Primary);
            Assert.NotNull(remittanceEntry);
            Assert.Equal(ProcessingStatus.Accepted, remittanceEntry.Status);
            Assert.Equal(journalKey.Value, remittanceEntry.Detail);

            var key = new ClaimKey(claim.Payer, claim.ClaimId);
            var record = await Store.Lifecycle.FindAsync(new ClaimLookup(claim.ClaimId, claim.Payer));
            Assert.NotNull(record);
            Assert.Equal(ClaimState.Paid, record.State);
            Assert.Equal(2, record.Version);
            var history = await Store.Lifecycle.GetHistoryAsync(key);
            Assert.Equal([ClaimState.Submitted, ClaimState.Paid], history.Select(h => h.To));

            var intent = await Store.Outbox.GetAsync(journalKey);
            Assert.NotNull(intent);
            Assert.Equal(OutboxStatus.Delivered, intent.Status);
        }

        Assert.Equal(claims, await Store.Outbox.CountAsync(OutboxStatus.Delivered));
        Assert.Equal(0, await Store.Outbox.CountAsync(OutboxStatus.Pending));
        Assert.Equal(0, await Store.Outbox.CountAsync(OutboxStatus.Failed));
        Assert.Empty(await Store.Parking.ListAsync(1000));
        Assert.Empty(await Store.DeadLetters.ListAsync(new DeadLetterQuery(Status: null, Limit: 1000)));

        var delivered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var log in deliveryLogs.Where(File.Exists))
        {
            foreach (var line in await File.ReadAllLinesAsync(log))
            {
                if (line.Length > 0)
                {
                    delivered.Add(line);
                }
            }
        }

        Assert.Equal(journalKeys.Order(StringComparer.Ordinal), delivered.Order(StringComparer.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        if (Store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder left behind is harmless.
            }
        }

        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }
}
