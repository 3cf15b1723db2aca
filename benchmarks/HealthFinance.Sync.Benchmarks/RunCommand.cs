using System.Diagnostics;
using System.Globalization;

namespace HealthFinance.Sync.Benchmarks;

/// <summary>
/// <c>generate MB ...</c> writes (or finds) the inputs; <c>run MB [repeat] [noexport]</c> runs the pipeline over them the
/// given number of times (default 1) in this process, with the JSON-lines export or (<c>noexport</c>) an ERP that
/// accepts everything, and prints claim payments per second and memory: run it under <c>/usr/bin/time -v</c> for the
/// process's peak resident set.
/// </summary>
internal static class RunCommand
{
    public static int Generate(string[] args)
    {
        foreach (var size in args.Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)))
        {
            var started = Stopwatch.GetTimestamp();
            var inputs = SyncInputSet.Get(size);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{size} MiB ({Stopwatch.GetElapsedTime(started).TotalSeconds:N1} s): {inputs.ClaimsPath}, {inputs.RemittancePath}"));
            Console.WriteLine("  " + inputs.Describe());
        }

        return 0;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var size = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var repeat = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
        var export = !args.Contains("noexport");
        var inputs = SyncInputSet.Get(size);
        Console.WriteLine($"{size} MiB, {(export ? "JSON-lines export" : "no export")}: {inputs.Describe()}");
        for (var i = 1; i <= repeat; i++)
        {
            var load = ProfileCommand.LoadAverage();
            using var runner = new SyncRunner();
            using var memory = new MemorySampler();
            var started = Stopwatch.GetTimestamp();
            var report = await runner.RunAsync(inputs, export ? null : new NullErpAdapter()).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started);
            memory.Dispose();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {i}: {elapsed.TotalSeconds:N2} s, {inputs.Summary.ClaimPayments / elapsed.TotalSeconds:N0} claim payments/s, {report.Journals:N0} journals ({report.JournalLines:N0} lines) delivered; "
                + $"peak working set {memory.PeakWorkingSet / 1048576.0:N0} MiB, peak managed heap {memory.PeakHeap / 1048576.0:N0} MiB, heap after {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0:N0} MiB; load average before {load}, after {ProfileCommand.LoadAverage()}"));
        }

        return 0;
    }
}
