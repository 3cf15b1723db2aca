using System.Diagnostics;
using System.Globalization;
using HealthFinance.Canonical.Events;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Mapping.Posting;
using HealthFinance.Sync.Inputs;
using HealthFinance.Sync.Processing;
using HealthFinance.Validation;

namespace HealthFinance.Sync.Benchmarks;

/// <summary>
/// <c>profile [MB ...] [--passes 1,2,3]</c>: where the time of an end-to-end run goes, stage by stage, over the generated input of each
/// size (default 10 MiB). Three passes, one after the other in this process:
/// <list type="number">
/// <item>Parse, map and outbox JSON without state: the X12 input format (streaming read and 835/837 map) timed apart
/// from the work the pipeline's unit processor does per event without the store (idempotency keys, source
/// validation, posting rules, journal validation, cash applied), the outbox payload written
/// (<c>OutboxHeader.Write</c>) and read back as the deliverer does, each timed on its own.</item>
/// <item>The pipeline with SQLite state and an ERP that accepts everything at once: every state store call timed.</item>
/// <item>The pipeline with SQLite state and the JSON-lines export: every state store and export call timed.</item>
/// </list>
/// Pipeline passes run the 837 and the 835 as two runs of one pipeline (the claim payment history carries over, as
/// in one run) so each file's share shows. Processing and delivery run at the same time on two threads, so the
/// timed calls of both add up to more than the wall time.
/// </summary>
internal static class ProfileCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var at = Array.IndexOf(args, "--passes");
        var passes = at > 0 && at + 1 < args.Length ? args[at + 1].Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToHashSet() : [1, 2, 3];
        var sizes = args.Skip(1).Where((a, i) => a != "--passes" && i + 1 != at + 1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).DefaultIfEmpty(10).ToList();
        foreach (var size in sizes)
        {
            var inputs = SyncInputSet.Get(size);
            Console.WriteLine($"## {size} MiB: {inputs.Describe()}");
            Console.WriteLine($"load average: {LoadAverage()}");
            if (passes.Contains(1))
            {
                await StandaloneAsync(inputs).ConfigureAwait(false);
            }

            if (passes.Contains(2))
            {
                await PipelineAsync(inputs, exportJsonLines: false).ConfigureAwait(false);
            }

            if (passes.Contains(3))
            {
                await PipelineAsync(inputs, exportJsonLines: true).ConfigureAwait(false);
            }
            Console.WriteLine($"load average after: {LoadAverage()}");
        }

        return 0;
    }

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static async Task StandaloneAsync(SyncInputSet inputs)
    {
        var rules = SyncRunner.Rules;
        var engine = new PostingEngine(rules);
        var validator = new PostingValidator(rules);
        var history = new ClaimPaymentHistory();
        var format = new X12InputFormat();
        long units = 0, events = 0, journals = 0, lines = 0, payloadBytes = 0, posted = 0;
        long map = 0, json = 0, jsonRead = 0, read = 0;
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(true);
        var wall = Stopwatch.StartNew();
        foreach (var path in inputs.Paths)
        {
            var started = Stopwatch.GetTimestamp();
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
            await foreach (var unit in format.ReadAsync(stream, Path.GetFileName(path), CancellationToken.None).ConfigureAwait(false))
            {
                var unitStarted = Stopwatch.GetTimestamp();
                read += unitStarted - started;
                units++;
                foreach (var e in unit.Events)
                {
                    events++;
                    var t0 = Stopwatch.GetTimestamp();
                    _ = IdempotencyKeys.For(e);
                    PostingDecision decision;
                    if (e is RemittanceReceived r)
                    {
                        _ = IdempotencyKeys.ForClaimPayments(r);
                        decision = validator.DecideMapped(r, PostingValidator.ValidateSource(r), engine.Post(r, history));
                        if (decision.Outcome == PostingOutcome.Post)
                        {
                            var checkpoint = new ReconciliationCheckpoint();
                            checkpoint.Add(decision);
                            _ = checkpoint.Report();
                        }
                    }
                    else
                    {
                        decision = validator.Decide(e, engine, history);
                    }

                    var t1 = Stopwatch.GetTimestamp();
                    map += t1 - t0;
                    if (decision.Outcome != PostingOutcome.Post)
                    {
                        throw new InvalidOperationException($"The generated input should post whole; {unit.Label} {e.EventId} is {decision.Outcome}: {string.Join("; ", decision.Reasons)}");
                    }

                    posted++;
                    for (var chunk = 0; chunk * 500 < decision.Entries.Count; chunk++)
                    {
                        var part = decision.Entries.Skip(chunk * 500).Take(500).ToList();
                        var payload = OutboxHeader.Write(new OutboxHeader(["k"], chunk + 1, 1, [], 0), part);
                        payloadBytes += payload.Length;
                        var t2 = Stopwatch.GetTimestamp();
                        json += t2 - t1;
                        var (_, back) = OutboxHeader.Read(payload);
                        t1 = Stopwatch.GetTimestamp();
                        jsonRead += t1 - t2;
                        journals += back.Count;
                        lines += back.Sum(static j => j.Lines.Count);
                    }

                    json += Stopwatch.GetTimestamp() - t1;
                }

                started = Stopwatch.GetTimestamp();
            }
        }

        wall.Stop();
        var heapAfter = GC.GetTotalMemory(true);
        GC.KeepAlive(history);
        var claims = inputs.Summary.ClaimPayments;
        Console.WriteLine();
        Console.WriteLine("### Pass 1: parse, map and outbox JSON, no state (one thread)");
        Console.WriteLine("| stage | time | claim payments/s alone | share |");
        Console.WriteLine("|---|---:|---:|---:|");
        var total = TimeSpan.FromTicks(0);
        foreach (var (name, ticks) in new[] { ("read + map X12 (X12InputFormat: HipaaReader)", read), ("unit processing without state (keys, source validation, posting rules, journal validation, cash applied)", map), ("outbox payload JSON, written", json), ("outbox payload JSON, read back as the deliverer does", jsonRead) })
        {
            var elapsed = Stopwatch.GetElapsedTime(0, ticks);
            total += elapsed;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {elapsed.TotalSeconds:N2} s | {claims / elapsed.TotalSeconds:N0} | {elapsed / wall.Elapsed:P0} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| wall | {wall.Elapsed.TotalSeconds:N2} s | {claims / wall.Elapsed.TotalSeconds:N0} | |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"units {units:N0}, events {events:N0} posted {posted:N0}, journals {journals:N0}, lines {lines:N0}, outbox payload {payloadBytes / 1048576.0:N1} MiB; "
            + $"claim payment history kept {history.Payments.Count:N0} payments, managed heap {heapBefore / 1048576.0:N1} MiB before, {heapAfter / 1048576.0:N1} MiB after (forced collection, history alive)"));
    }

    private static async Task PipelineAsync(SyncInputSet inputs, bool exportJsonLines)
    {
        using var runner = new SyncRunner();
        var timers = new StageTimers();
        var sqlite = runner.OpenState();
        var state = new TimedStateStore(sqlite, timers);
        var adapter = exportJsonLines ? (Erp.IErpAdapter)new TimedErpAdapter(runner.JsonLinesExport(), timers) : new TimedErpAdapter(new NullErpAdapter(), timers);
        GC.Collect();
        using var memory = new MemorySampler();
        var wall = Stopwatch.StartNew();
        var reports = new List<(string File, SyncRunReport Report)>();
        using (var pipeline = new SyncPipeline(SyncPipeline.BuiltInFormats, SyncRunner.Rules, state, adapter))
        {
            foreach (var path in inputs.Paths)
            {
                reports.Add((Path.GetFileName(path), await pipeline.RunAsync([SyncInput.FromFile(path)]).ConfigureAwait(false)));
            }
        }

        wall.Stop();
        memory.Dispose();
        var heapAfter = GC.GetTotalMemory(false);
        sqlite.Dispose();
        var journals = reports.Sum(static r => r.Report.Journals);
        var delivered = reports.Sum(static r => r.Report.DeliveredJournals);
        var quarantined = reports.Sum(static r => r.Report.Quarantined + r.Report.DeadLettered + r.Report.Parked);
        if (quarantined != 0 || journals != delivered || reports.Sum(static r => r.Report.ClaimPayments) != inputs.Summary.ClaimPayments)
        {
            throw new InvalidOperationException($"The generated input should post whole: quarantined/dead-lettered/parked {quarantined}, journals {journals}, delivered {delivered}.");
        }

        var claims = inputs.Summary.ClaimPayments;
        Console.WriteLine();
        Console.WriteLine($"### Pass {(exportJsonLines ? 3 : 2)}: pipeline, SQLite state, {(exportJsonLines ? "JSON-lines export" : "an ERP that accepts everything (no export)")}");
        foreach (var (file, report) in reports)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"- {file}: {report.Elapsed.TotalSeconds:N2} s, received {report.Received:N0}, posted {report.Posted:N0}, journals {report.Journals:N0} ({report.JournalLines:N0} lines), delivered {report.DeliveredJournals:N0}, claim payments {report.ClaimPayments:N0}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"- wall {wall.Elapsed.TotalSeconds:N2} s: {claims / wall.Elapsed.TotalSeconds:N0} claim payments/s (835 run alone: {claims / reports[1].Report.Elapsed.TotalSeconds:N0}/s); "
            + $"peak working set {memory.PeakWorkingSet / 1048576.0:N0} MiB, peak managed heap {memory.PeakHeap / 1048576.0:N0} MiB, heap after {heapAfter / 1048576.0:N0} MiB; "
            + $"state file {new FileInfo(runner.StatePath).Length / 1048576.0:N1} MiB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"- timed state store calls {timers.Total("state.").TotalSeconds:N2} s (of which in processing transactions {timers.Total("state.tx.").TotalSeconds:N2} s), ERP adapter {timers.Total("erp.").TotalSeconds:N2} s"));
        Console.WriteLine();
        Console.WriteLine(timers.Format("| operation | calls | time | share of wall |", wall.Elapsed).Split(Environment.NewLine, 2)[1]);
    }
}
