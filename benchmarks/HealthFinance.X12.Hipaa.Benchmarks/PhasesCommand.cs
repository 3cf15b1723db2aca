using System.Diagnostics;
using System.Globalization;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.X12.Benchmarks;
using HealthFinance.X12.Hipaa.Internal;
using HealthFinance.X12.Hipaa.Remittance;

namespace HealthFinance.X12.Hipaa.Benchmarks;

/// <summary>
/// <c>phases [passes]</c>: where the time of 835 → canonical goes, one stage added at a time over the generated 835:
/// 0 = X12 reader + copying each transaction set into its buffer, 1 = + loop building, 2 = + the 835 map (balancing and
/// canonical objects). Prints MB/s and allocated MiB per stage and pass (default 5 passes; the last ones are warm).
/// </summary>
internal static class PhasesCommand
{
    public static int Run(string[] args)
    {
        var passes = args.Length > 1 && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 5;
        var input = BenchmarkInput.Bytes;
        var definition = Remittance835Definition.Definition;
        var codes = new HipaaCodeCache();
        for (var pass = 1; pass <= passes; pass++)
        {
            for (var stage = 0; stage <= 2; stage++)
            {
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var clock = Stopwatch.StartNew();
                var transaction = new HipaaTransaction();
                var builder = new HipaaLoopBuilder();
                var reader = new X12Reader(input);
                while (reader.Read())
                {
                    var tag = SegmentTag.Of(reader.SegmentId);
                    if (tag == SegmentTag.St)
                    {
                        transaction.Reset(reader.Delimiters, HipaaTransactionIdentity.Empty);
                    }

                    transaction.Append(ref reader);
                    if (tag == SegmentTag.Se && stage >= 1)
                    {
                        var context = new HipaaMapContext(HipaaReaderOptions.Default, transaction, definition, new List<Diagnostic>(), codes);
                        builder.Build(transaction, definition, context);
                        if (stage == 2)
                        {
                            Remittance835Map.Instance.Map(transaction, context);
                        }
                    }
                }

                clock.Stop();
                allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"pass {pass} stage {stage}: {input.Length / 1048576.0 / clock.Elapsed.TotalSeconds:F0} MB/s, {allocated / 1048576.0:F1} MiB allocated"));
            }
        }

        return 0;
    }
}
