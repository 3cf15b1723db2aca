using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HealthFinance.Sync;
using HealthFinance.Sync.Inputs;

namespace HealthFinance.Cli.Commands;

/// <summary>
/// <c>healthfinance sync INPUT... [--rules F] [--state S] [--erp SPEC] [--out DIR] [--json]</c>: the whole pipeline on
/// files and folders, with a run summary on stdout (text, or one JSON object with <c>--json</c>).
/// </summary>
internal static class SyncCommand
{
    public static Command Create(CliConsole console)
    {
        var inputs = new Argument<string[]>("INPUT") { Description = "Files or folders (a folder contributes the files directly in it, in name order; *.md and hidden files are skipped).", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print the run summary as one JSON object." };
        var setup = new SyncSetup();
        var command = new Command("sync", "Run the pipeline: detect, parse, validate, deduplicate, correlate, map to balanced journals and post them; everything else is quarantined, parked or dead-lettered with a reason. Exit 0 when every input is accounted for, 1 when postings still wait for the ERP or an input could not be accounted for, 2 usage, I/O or rule file error.")
        {
            inputs,
            json,
        };
        setup.AddTo(command, withErp: true);
        command.SetAction((parse, cancellationToken) => RunAsync(console, setup, parse, parse.GetValue(inputs)!, parse.GetValue(json), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, SyncSetup setup, ParseResult parse, string[] paths, bool json, CancellationToken cancellationToken)
    {
        IReadOnlyList<SyncInput> inputs;
        try
        {
            inputs = SyncInput.FromPaths(paths);
        }
        catch (FileNotFoundException ex)
        {
            await console.Error.WriteLineAsync("healthfinance: " + ex.Message).ConfigureAwait(false);
            return HealthFinanceCommand.ExitUsage;
        }

        var resolved = await setup.ResolveAsync(parse, console, ConfigureFromEnvironment).ConfigureAwait(false);
        if (resolved is null)
        {
            return HealthFinanceCommand.ExitUsage;
        }

        await using (resolved.ConfigureAwait(false))
        {
            var progress = ReferenceEquals(console, CliConsole.System) && !Console.IsErrorRedirected ? new TerminalProgress(console.Error) : null;
            SyncRunReport report;
            try
            {
                report = await resolved.Pipeline.RunAsync(inputs, progress, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                progress?.Clear();
            }

            if (json)
            {
                await console.Out.WriteLineAsync(ToJson(report, resolved)).ConfigureAwait(false);
            }
            else
            {
                await WriteTextAsync(console.Out, report, resolved).ConfigureAwait(false);
            }

            return report.Complete ? HealthFinanceCommand.ExitOk : HealthFinanceCommand.ExitInvalid;
        }
    }

    // Tuning hooks for operators and tests, read once per run.
    private static void ConfigureFromEnvironment(SyncOptions options)
    {
        if (double.TryParse(Environment.GetEnvironmentVariable("HEALTHFINANCE_DELIVERY_LEASE_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var lease) && lease > 0)
        {
            options.DeliveryLease = TimeSpan.FromSeconds(lease);
        }

        if (double.TryParse(Environment.GetEnvironmentVariable("HEALTHFINANCE_DRAIN_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var drain) && drain >= 0)
        {
            options.DrainTimeout = TimeSpan.FromSeconds(drain);
        }
    }

    internal static string ToJson(SyncRunReport report, SyncSetup.Resolved resolved)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("received", report.Received);
            writer.WriteNumber("posted", report.Posted);
            writer.WriteNumber("duplicates", report.Duplicates);
            writer.WriteNumber("quarantined", report.Quarantined);
            writer.WriteNumber("parked", report.Parked);
            writer.WriteNumber("deadLettered", report.DeadLettered);
            writer.WriteNumber("journals", report.Journals);
            writer.WriteNumber("journalLines", report.JournalLines);
            writer.WriteNumber("reconciliationVariance", report.ReconciliationVariance);
            writer.WriteNumber("nothingToPost", report.NothingToPost);
            writer.WriteNumber("released", report.Released);
            writer.WriteNumber("claimPayments", report.ClaimPayments);
            writer.WriteNumber("deliveredJournals", report.DeliveredJournals);
            writer.WriteNumber("rejectedJournals", report.RejectedJournals);
            writer.WriteNumber("pendingMessages", report.PendingMessages);
            writer.WriteNumber("elapsedMs", (long)report.Elapsed.TotalMilliseconds);
            writer.WriteString("state", resolved.StateDescription);
            writer.WriteString("erp", resolved.ErpDescription);
            writer.WriteStartArray("quarantines");
            foreach (var q in report.Quarantines)
            {
                writer.WriteStartObject();
                writer.WriteString("input", q.Input);
                writer.WriteString("position", q.Position);
                writer.WriteString("unit", q.Unit);
                writer.WriteString("eventType", q.EventType);
                writer.WriteString("codes", q.Codes);
                writer.WriteString("deadLetterId", q.DeadLetterId);
                writer.WriteString("reason", q.Reason);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static async Task WriteTextAsync(TextWriter output, SyncRunReport report, SyncSetup.Resolved resolved)
    {
        var inv = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Create(inv, $"healthfinance sync: {report.Received} received, {report.Posted} posted, {report.Duplicates} duplicates, {report.Quarantined} quarantined, {report.Parked} parked, {report.DeadLettered} dead-lettered, {report.NothingToPost} with nothing to post ({report.Elapsed.TotalSeconds:0.0} s)")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(inv, $"  journals: {report.Journals} ({report.JournalLines} lines) accepted for posting, {report.DeliveredJournals} delivered to {resolved.ErpDescription}, {report.RejectedJournals} rejected, {report.PendingMessages} messages waiting for delivery")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(inv, $"  reconciliation: remitted minus applied cash = {report.ReconciliationVariance:0.00}; {report.ClaimPayments} claim payments; {report.Released} parked items released")).ConfigureAwait(false);
        await output.WriteLineAsync("  state: " + resolved.StateDescription).ConfigureAwait(false);
        foreach (var q in report.Quarantines)
        {
            await output.WriteLineAsync($"  quarantined {q.Input} {q.Unit}{(q.Position is null ? string.Empty : " at " + q.Position)}: {q.Codes} → {q.DeadLetterId}").ConfigureAwait(false);
        }

        if (report.Quarantined + report.DeadLettered > 0)
        {
            await output.WriteLineAsync("  see the reasons with 'healthfinance dead-letter list', replay with 'healthfinance dead-letter replay ID' once fixed").ConfigureAwait(false);
        }

        if (!report.Complete)
        {
            await output.WriteLineAsync("  SYNC-0203: postings still wait for the ERP; run sync again (or the worker) to deliver them").ConfigureAwait(false);
        }
    }

    /// <summary>A one-line progress display on a terminal, rewritten in place.</summary>
    private sealed class TerminalProgress(TextWriter error) : IProgress<SyncRunReport>
    {
        private readonly Lock _gate = new();
        private bool _written;

        public void Report(SyncRunReport value)
        {
            if (value.Elapsed > TimeSpan.Zero)
            {
                return;
            }

            lock (_gate)
            {
                error.Write(string.Create(CultureInfo.InvariantCulture, $"\r  {value.Received} received, {value.Posted} posted, {value.Duplicates} duplicates, {value.Quarantined} quarantined, {value.Parked} parked, {value.DeliveredJournals} journals delivered   "));
                _written = true;
            }
        }

        public void Clear()
        {
            lock (_gate)
            {
                if (_written)
                {
                    error.Write("\r" + new string(' ', 120) + "\r");
                }
            }
        }
    }
}
