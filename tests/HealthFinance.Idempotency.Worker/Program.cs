using System.Globalization;
using System.Text;
using HealthFinance.Idempotency;
using HealthFinance.Idempotency.Outbox;
using HealthFinance.Idempotency.PostgreSql;
using HealthFinance.Idempotency.Sqlite;
using HealthFinance.Idempotency.Worker;
using Microsoft.Extensions.DependencyInjection;

// healthfinance-state-worker --state sqlite:PATH|postgres:CONNSTRING --schema NAME --claims N --seed S --deliver-log FILE --worker ID
// Exit 0 when the whole stream is processed and the outbox is drained.
var options = Arguments.Parse(args);
var services = new ServiceCollection();
const string TestKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="; // 32 bytes 0..31, a test key only
if (options.State.StartsWith("sqlite:", StringComparison.Ordinal))
{
    services.AddHealthFinanceSqliteState(o =>
    {
        o.Path = options.State["sqlite:".Length..];
        o.PayloadKeys["test"] = TestKey;
        o.CurrentPayloadKeyId = "test";
    });
}
else if (options.State.StartsWith("postgres:", StringComparison.Ordinal))
{
    services.AddHealthFinancePostgresState(o =>
    {
        o.ConnectionString = options.State["postgres:".Length..];
        o.Schema = options.Schema ?? o.Schema;
        o.PayloadKeys["test"] = TestKey;
        o.CurrentPayloadKeyId = "test";
    });
}
else
{
    Console.Error.WriteLine("--state must be sqlite:PATH or postgres:CONNSTRING");
    return 2;
}

await using var provider = services.BuildServiceProvider();
var store = provider.GetRequiredService<IStateStore>();
await Transient.RetryAsync(async () => await store.MigrateAsync(), CancellationToken.None);

var processor = new Processor(store);
var counts = new Dictionary<InputOutcome, int>();
var stream = EventStream.Create(options.Claims, options.Seed);
Console.WriteLine("processing " + stream.Count.ToString(CultureInfo.InvariantCulture));
foreach (var input in stream)
{
    var outcome = await processor.ProcessAsync(input, CancellationToken.None);
    counts[outcome] = counts.GetValueOrDefault(outcome) + 1;
}

// Deliver the outbox: at least once; a worker killed while holding leases leaves them to expire.
var delivered = 0;
var lease = TimeSpan.FromSeconds(2);
while (true)
{
    var leases = await Transient.RetryAsync(async () => await store.Outbox.LeaseAsync(options.WorkerId, 50, lease, Processor.Destination), CancellationToken.None);
    if (leases.Count == 0)
    {
        if (await store.Outbox.CountAsync(OutboxStatus.Pending) == 0)
        {
            break;
        }

        await Task.Delay(100);
        continue;
    }

    foreach (var held in leases)
    {
        if (options.DeliverLog is { } log)
        {
            await using var file = new FileStream(log, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            await file.WriteAsync(Encoding.UTF8.GetBytes(held.Key.Value + "\n"));
            await file.FlushAsync();
        }

        if (await Transient.RetryAsync(async () => await store.Outbox.CompleteAsync(held, "DOC-" + held.Key.Value[^12..]), CancellationToken.None))
        {
            delivered++;
        }
    }
}

Console.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $"done processed={counts.GetValueOrDefault(InputOutcome.Processed)} duplicates={counts.GetValueOrDefault(InputOutcome.Duplicate)} parked={counts.GetValueOrDefault(InputOutcome.Parked)} delivered={delivered}"));
return 0;

/// <summary>The worker's command line.</summary>
internal sealed record Arguments(string State, string? Schema, int Claims, int Seed, string? DeliverLog, string WorkerId)
{
    public static Arguments Parse(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        return new Arguments(
            Value("--state") ?? throw new ArgumentException("--state is required"),
            Value("--schema"),
            int.Parse(Value("--claims") ?? "200", CultureInfo.InvariantCulture),
            int.Parse(Value("--seed") ?? "1", CultureInfo.InvariantCulture),
            Value("--deliver-log"),
            Value("--worker") ?? Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
    }
}
