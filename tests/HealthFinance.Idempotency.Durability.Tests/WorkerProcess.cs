using System.Diagnostics;
using System.Text;
using HealthFinance.TestUtilities;

namespace HealthFinance.Idempotency.Durability.Tests;

/// <summary>Starts the state-store worker as a separate process, the way a host runs it.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private volatile bool _started;

    private WorkerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(e.Data);
            }

            if (e.Data.StartsWith("processing", StringComparison.Ordinal))
            {
                _started = true;
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(e.Data);
                }
            }
        };
    }

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static WorkerProcess Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(WorkerPath);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var worker = new WorkerProcess(new Process { StartInfo = info });
        worker._process.Start();
        worker._process.BeginOutputReadLine();
        worker._process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Waits until the worker has started on the stream (or exited).</summary>
    public async Task WaitForProcessingAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_started && !_process.HasExited)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The worker did not start processing within {timeout}:\n{Output}");
            await Task.Delay(5);
        }
    }

    /// <summary>Waits for the worker to exit by itself.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Kills the worker with SIGKILL: no finally blocks, no flushing, no disposal.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    // The worker is built beside the tests, with the same configuration.
    private static string WorkerPath
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var path = Path.Combine(Corpus.RepositoryRoot, "tests", "HealthFinance.Idempotency.Worker", "bin", configuration, "net10.0", "HealthFinance.Idempotency.Worker.dll");
            Assert.True(File.Exists(path), $"The worker is not built at {path}; build the solution first.");
            return path;
        }
    }
}
