using System.Diagnostics;
using System.Globalization;
using HealthFinance.X12.Benchmarks;

namespace HealthFinance.X12.Hipaa.Benchmarks;

/// <summary>
/// <c>profile [seconds] [span|stream|reader]</c>: runs one benchmark over the generated 835 in a loop for the given time
/// (default 20 s, the span reader) and prints MB/s, allocation and garbage-collection pauses per pass,
/// so that a sampling profiler (e.g. <c>dotnet-trace collect --profile cpu-sampling</c>) can attach to a steady process.
/// </summary>
internal static class ProfileCommand
{
    public static int Run(string[] args)
    {
        var seconds = args.Length > 1 && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 20;
        var input = BenchmarkInput.Bytes;
        var benchmarks = new HipaaBenchmarks();
        benchmarks.Setup();
        var mode = args.Length > 2 ? args[2] : "span";
        Func<long> run = mode switch
        {
            "stream" => () => benchmarks.Stream835ToCanonical(),
            "reader" => benchmarks.X12ReaderOnly,
            _ => () => benchmarks.Read835ToCanonical(),
        };
        var total = Stopwatch.StartNew();
        while (total.Elapsed.TotalSeconds < seconds)
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var collections = GC.CollectionCount(0);
            var paused = GC.GetTotalPauseDuration();
            var pass = Stopwatch.StartNew();
            var claims = run();
            pass.Stop();
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            collections = GC.CollectionCount(0) - collections;
            paused = GC.GetTotalPauseDuration() - paused;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{input.Length / 1048576.0 / pass.Elapsed.TotalSeconds:F0} MB/s, {claims} (claims or elements), {pass.Elapsed.TotalMilliseconds:F0} ms, {allocated / 1048576.0:F1} MiB allocated, {collections} collections pausing {paused.TotalMilliseconds:F0} ms"));
        }

        return 0;
    }
}
