using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Idempotency.PostgreSql;
using HealthFinance.Idempotency.Sqlite;
using Npgsql;

namespace HealthFinance.Idempotency.Benchmarks;

/// <summary>
/// Record-if-absent throughput for one worker: each operation records one new input (its business key and one
/// alias, as a remittance has), either one transaction per input or <see cref="BatchSize"/> inputs per call to
/// <see cref="IIdempotencyStore.TryRecordManyAsync"/>. Every input is new, so every call writes.
/// </summary>
public class RecordBenchmarks
{
    /// <summary>Inputs per measured invocation.</summary>
    public const int PerInvoke = 1_000;

    /// <summary>Inputs per batch in the batched case.</summary>
    public const int BatchSize = 500;

    private const int Invocations = 8;
    private const string Key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private IStateStore _store = null!;
    private IdempotencyRecord[] _records = [];
    private int _next;
    private string? _folder;
    private string? _schema;

    /// <summary>The store under test: <c>sqlite</c>, and <c>postgres</c> when <c>HF_POSTGRES</c> is set.</summary>
    [ParamsSource(nameof(Stores))]
    public string Store { get; set; } = "sqlite";

    public static IEnumerable<string> Stores()
    {
        yield return "sqlite";
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("HF_POSTGRES")))
        {
            yield return "postgres";
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        if (Store == "sqlite")
        {
            _folder = Path.Combine(Path.GetTempPath(), "hf-bench-state-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_folder);
            var options = new SqliteStateStoreOptions { Path = Path.Combine(_folder, "state.db"), CurrentPayloadKeyId = "k" };
            options.PayloadKeys["k"] = Key;
            _store = new SqliteStateStore(options);
        }
        else
        {
            _schema = "hf_bench_" + Guid.NewGuid().ToString("N")[..12];
            var options = new PostgresStateStoreOptions { ConnectionString = Environment.GetEnvironmentVariable("HF_POSTGRES")!, Schema = _schema, CurrentPayloadKeyId = "k" };
            options.PayloadKeys["k"] = Key;
            _store = new PostgresStateStore(options);
        }

        _store.MigrateAsync().AsTask().GetAwaiter().GetResult();

        // Enough new inputs for every invocation of the fixed job (warmup and measured), derived before timing.
        var count = PerInvoke * Invocations * (Config.Warmups + Config.Iterations + 1);
        _records = new IdempotencyRecord[count];
        var run = Guid.NewGuid().ToString("N");
        for (var i = 0; i < count; i++)
        {
            var id = i.ToString(CultureInfo.InvariantCulture);
            var keys = EventKeys.Of(IdempotencyKey.Derive("remittance", "PAYER", run, id), IdempotencyKey.Derive("remittance-envelope", "PAYER", run, id));
            _records[i] = new IdempotencyRecord(keys, "remittance", ProcessingStatus.Accepted);
        }

        _next = 0;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        (_store as IDisposable)?.Dispose();
        (_store as IAsyncDisposable)?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }

        if (_schema is not null)
        {
            using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("HF_POSTGRES"));
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE", connection);
            drop.ExecuteNonQuery();
        }
    }

    /// <summary>One transaction per input.</summary>
    [Benchmark(OperationsPerInvoke = PerInvoke)]
    public async Task<int> OneAtATime()
    {
        var recorded = 0;
        for (var i = 0; i < PerInvoke; i++)
        {
            if ((await _store.Idempotency.TryRecordAsync(Next())).Recorded)
            {
                recorded++;
            }
        }

        return Expect(recorded);
    }

    /// <summary><see cref="BatchSize"/> inputs per call.</summary>
    [Benchmark(OperationsPerInvoke = PerInvoke)]
    public async Task<int> Batched()
    {
        var recorded = 0;
        var batch = new IdempotencyRecord[BatchSize];
        for (var done = 0; done < PerInvoke; done += BatchSize)
        {
            for (var i = 0; i < BatchSize; i++)
            {
                batch[i] = Next();
            }

            foreach (var result in await _store.Idempotency.TryRecordManyAsync(batch))
            {
                if (result.Recorded)
                {
                    recorded++;
                }
            }
        }

        return Expect(recorded);
    }

    private IdempotencyRecord Next()
    {
        if (_next == _records.Length)
        {
            throw new InvalidOperationException("The benchmark ran more invocations than its inputs were derived for.");
        }

        return _records[_next++];
    }

    // A store that skipped a write would look fast: every input here is new and must be recorded.
    private static int Expect(int recorded)
        => recorded == PerInvoke ? recorded : throw new InvalidOperationException($"Recorded {recorded} of {PerInvoke} new inputs.");

    /// <summary>The fixed job (used unless the command line names one): each case writes a known number of new inputs, so the input pool can be derived up front.</summary>
    internal static class Config
    {
        public const int Warmups = 2;
        public const int Iterations = 8;

        public static Job Job { get; } = Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(Warmups)
            .WithIterationCount(Iterations)
            .WithInvocationCount(Invocations)
            .WithUnrollFactor(1)
            .WithId("State");
    }
}
