using System.Globalization;

namespace HealthFinance.Idempotency.Durability.Tests;

/// <summary>
/// A worker process is killed with SIGKILL at random points while it processes a stream of claims and remittances
/// and delivers the outbox, then restarted, many times. Afterwards every input was processed exactly once and
/// nothing is missing.
/// </summary>
public sealed class CrashSafetyTests
{
    private const int Claims = 400;
    private const int MaxKills = 30;

    [Fact]
    public async Task Sqlite_WorkerKilledAtRandomPoints_ProcessesEveryInputExactlyOnce()
    {
        await using var database = StateDatabase.Sqlite();
        await RunUntilDoneWithKillsAsync(database, seed: 11);
    }

    [Fact]
    public async Task Postgres_WorkerKilledAtRandomPoints_ProcessesEveryInputExactlyOnce()
    {
        await using var database = StateDatabase.Postgres();
        await RunUntilDoneWithKillsAsync(database, seed: 12);
    }

    private static async Task RunUntilDoneWithKillsAsync(StateDatabase database, int seed)
    {
        var random = new Random(seed);
        var log = StateDatabase.NewLogPath();
        var killsWhileProcessing = 0;
        var runs = 0;
        try
        {
            while (true)
            {
                runs++;
                using var worker = WorkerProcess.Start([.. database.WorkerArguments, "--claims", Claims.ToString(CultureInfo.InvariantCulture), "--seed", seed.ToString(CultureInfo.InvariantCulture), "--deliver-log", log]);

                // Up to MaxKills runs are killed at a random moment after they started on the stream (re-reading
                // what earlier runs did, processing new inputs, or delivering the outbox); then the worker is left to finish.
                await worker.WaitForProcessingAsync(TimeSpan.FromMinutes(1));
                var budget = runs <= MaxKills ? TimeSpan.FromMilliseconds(random.Next(0, 500)) : TimeSpan.FromMinutes(3);
                if (await worker.WaitAsync(budget))
                {
                    Assert.True(worker.ExitCode == 0, $"The worker failed (run {runs}):\n{worker.Output}");
                    break;
                }

                Assert.True(runs <= MaxKills, "The worker did not finish within three minutes.");
                await worker.KillAsync();
                killsWhileProcessing++;
            }

            Assert.True(killsWhileProcessing >= 10, $"Only {killsWhileProcessing} of {runs} runs were killed while processing; the test proves nothing with fewer.");
            await database.AssertProcessedExactlyOnceAsync(Claims, [log]);
        }
        finally
        {
            File.Delete(log);
        }
    }
}
