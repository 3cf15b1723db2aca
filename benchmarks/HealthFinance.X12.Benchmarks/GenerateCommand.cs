using System.Diagnostics;
using System.Globalization;

namespace HealthFinance.X12.Benchmarks;

/// <summary><c>generate &lt;path&gt; &lt;sizeMB&gt; [seed]</c>: streams a generated 835 of at least sizeMB MiB to a file.</summary>
internal static class GenerateCommand
{
    public static int Run(string[] args)
    {
        if (args.Length is < 3 or > 4
            || !int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out var megabytes) || megabytes < 1)
        {
            Console.Error.WriteLine("usage: generate <path> <sizeMB> [seed]   (sizeMB in MiB, a positive whole number)");
            return 2;
        }

        var seed = Generated835.DefaultSeed;
        if (args.Length == 4 && !int.TryParse(args[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seed))
        {
            Console.Error.WriteLine($"seed must be an integer, not '{args[3]}'");
            return 2;
        }

        var stopwatch = Stopwatch.StartNew();
        Generated835Summary summary;
        using (var file = new FileStream(args[1], FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan))
        {
            summary = Generated835.Write(file, megabytes * 1024L * 1024L, seed);
        }

        Console.WriteLine(
            $"{args[1]}: {summary.Bytes} bytes ({summary.Bytes / 1048576.0:F1} MiB), {summary.Segments} segments, " +
            $"{summary.Transactions} transactions, {summary.Claims} claims, {summary.ServiceLines} service lines, " +
            $"seed {seed}, {stopwatch.Elapsed.TotalSeconds:F1} s");
        return 0;
    }
}
