using System.Globalization;

namespace HealthFinance.Idempotency.Durability.Tests;

/// <summary>
/// Four worker processes share one database and process the same inputs in different orders at the same time:
/// each input is processed once, each posting intent exists once, and every intent is delivered.
/// </summary>
public sealed class MultiProcessTests
{
    private const int Claims = 250;
    private const int Workers = 4;

    [Fact]
    public async Task Postgres_FourWorkers_OverlappingInputs_EachIntentExistsOnce()
    {
        await using var database = StateDatabase.Postgres();
        await RunConcurrentlyAsync(database);
    }

    [Fact]
    public async Task Sqlite_FourWorkers_OverlappingInputs_EachIntentExistsOnce()
    {
        await using var database = StateDatabase.Sqlite();
        await RunConcurrentlyAsync(database);
    }

    private static async Task RunConcurrentlyAsync(StateDatabase database)
    {
        var logs = Enumerable.Range(0, Workers).Select(_ => StateDatabase.NewLogPath()).ToArray();
        try
        {
            var workers = Enumerable.Range(0, Workers)
                .Select(i => WorkerProcess.Start([.. database.WorkerArguments, "--claims", Claims.ToString(CultureInfo.InvariantCulture), "--seed", (100 + i).ToString(CultureInfo.InvariantCulture), "--deliver-log", logs[i], "--worker", "w" + i.ToString(CultureInfo.InvariantCulture)]))
                .ToArray();
            try
            {
                foreach (var worker in workers)
                {
                    Assert.True(await worker.WaitAsync(TimeSpan.FromMinutes(4)), "A worker did not finish within four minutes.");
                    Assert.True(worker.ExitCode == 0, $"A worker failed:\n{worker.Output}");
                }

                // Every worker saw every input; together they processed each exactly once.
                var processed = workers.Sum(w => Count(w.Output, "processed="));
                var parked = workers.Sum(w => Count(w.Output, "parked="));
                Assert.Equal(2 * Claims, processed + parked);
            }
            finally
            {
                foreach (var worker in workers)
                {
                    worker.Dispose();
                }
            }

            await database.AssertProcessedExactlyOnceAsync(Claims, logs);
        }
        finally
        {
            foreach (var log in logs)
            {
                File.Delete(log);
            }
        }
    }

    private static int Count(string output, string field)
    {
        var at = output.LastIndexOf(field, StringComparison.Ordinal);
        Assert.True(at >= 0, $"The worker printed no summary:\n{output}");
        var start = at + field.Length;
        var end = start;
        while (end < output.Length && char.IsAsciiDigit(output[end]))
        {
            end++;
        }

        return int.Parse(output.AsSpan(start, end - start), CultureInfo.InvariantCulture);
    }
}
