using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using HealthFinance.Idempotency.DeadLetters;

namespace HealthFinance.Cli.Commands;

/// <summary>
/// <c>healthfinance dead-letter list|replay</c>: what could not be processed, why, and a way to run it again once the
/// cause (rules, reference data, the ERP, the source file) is fixed.
/// </summary>
internal static class DeadLetterCommand
{
    public static Command Create(CliConsole console)
    {
        var group = new Command("dead-letter", "Inspect and replay what the pipeline quarantined or dead-lettered.");
        group.Subcommands.Add(CreateList(console));
        group.Subcommands.Add(CreateReplay(console));
        return group;
    }

    private static Command CreateList(CliConsole console)
    {
        var all = new Option<bool>("--all") { Description = "List replayed and discarded ones too (default: open ones)." };
        var json = new Option<bool>("--json") { Description = "One JSON object per dead letter (NDJSON)." };
        var limit = new Option<int>("--limit") { Description = "The most to list.", DefaultValueFactory = _ => 1000 };
        var setup = new SyncSetup();
        var command = new Command("list", "List dead letters: id (the replay handle), status, attempts, event type, codes, reason and where the input came from. Exit 0.")
        {
            all,
            json,
            limit,
        };
        setup.AddTo(command, withErp: false);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var resolved = await setup.ResolveAsync(parse, console).ConfigureAwait(false);
            if (resolved is null)
            {
                return HealthFinanceCommand.ExitUsage;
            }

            await using (resolved.ConfigureAwait(false))
            {
                var store = resolved.StateStore;
                await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
                var letters = new List<DeadLetter>();
                string? after = null;
                var max = Math.Max(1, parse.GetValue(limit));
                while (letters.Count < max)
                {
                    var page = await store.DeadLetters.ListAsync(new DeadLetterQuery(parse.GetValue(all) ? null : DeadLetterStatus.Open, Math.Min(500, max - letters.Count), after), cancellationToken).ConfigureAwait(false);
                    letters.AddRange(page);
                    if (page.Count == 0)
                    {
                        break;
                    }

                    after = page[^1].Id;
                }

                foreach (var letter in letters)
                {
                    await console.Out.WriteLineAsync(parse.GetValue(json) ? ToJson(letter) : ToText(letter)).ConfigureAwait(false);
                }

                if (!parse.GetValue(json))
                {
                    await console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"healthfinance: {letters.Count} dead letters.")).ConfigureAwait(false);
                }

                return HealthFinanceCommand.ExitOk;
            }
        });
        return command;
    }

    private static Command CreateReplay(CliConsole console)
    {
        var ids = new Argument<string[]>("ID") { Description = "Dead-letter ids (dl-…), or none with --all.", Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = "Replay every open dead letter." };
        var json = new Option<bool>("--json") { Description = "Print the replay summary as one JSON object." };
        var setup = new SyncSetup();
        var command = new Command("replay", "Run dead letters again with the current rules, reference data and ERP: a quarantined event is mapped again, an unreadable unit is read again from its file, a rejected journal is posted again. Exit 0 when every one was replayed, 1 when one still fails (it stays open with one more attempt).")
        {
            ids,
            all,
            json,
        };
        setup.AddTo(command, withErp: true);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var wanted = parse.GetValue(ids) ?? [];
            if (wanted.Length == 0 && !parse.GetValue(all))
            {
                await console.Error.WriteLineAsync("healthfinance: name the dead letters to replay, or pass --all.").ConfigureAwait(false);
                return HealthFinanceCommand.ExitUsage;
            }

            var resolved = await setup.ResolveAsync(parse, console).ConfigureAwait(false);
            if (resolved is null)
            {
                return HealthFinanceCommand.ExitUsage;
            }

            await using (resolved.ConfigureAwait(false))
            {
                var store = resolved.StateStore;
                await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
                if (parse.GetValue(all))
                {
                    var open = await store.DeadLetters.ListAsync(new DeadLetterQuery(DeadLetterStatus.Open, 100_000), cancellationToken).ConfigureAwait(false);
                    wanted = [.. wanted, .. open.Select(static l => l.Id)];
                }

                var exit = HealthFinanceCommand.ExitOk;
                var replayed = 0;
                foreach (var id in wanted.Distinct(StringComparer.Ordinal))
                {
                    var (outcome, report) = await resolved.Pipeline.ReplayAsync(id, cancellationToken).ConfigureAwait(false);
                    if (outcome == ReplayOutcome.Replayed)
                    {
                        replayed++;
                    }
                    else
                    {
                        exit = HealthFinanceCommand.ExitInvalid;
                    }

                    var line = parse.GetValue(json)
                        ? $"{{\"id\":{JsonSerializer.Serialize(id)},\"outcome\":\"{outcome}\",\"posted\":{report.Posted},\"journals\":{report.Journals},\"deliveredJournals\":{report.DeliveredJournals},\"quarantined\":{report.Quarantined}}}"
                        : $"{id}: {Describe(outcome)} ({report.Posted} posted, {report.Journals} journals, {report.DeliveredJournals} delivered)";
                    await console.Out.WriteLineAsync(line).ConfigureAwait(false);
                }

                await console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"healthfinance: {replayed} of {wanted.Distinct(StringComparer.Ordinal).Count()} dead letters replayed.")).ConfigureAwait(false);
                return exit;
            }
        });
        return command;
    }

    private static string Describe(ReplayOutcome outcome) => outcome switch
    {
        ReplayOutcome.Replayed => "replayed",
        ReplayOutcome.StillFailing => "still fails (kept open, one more attempt)",
        ReplayOutcome.NotFound => "no such dead letter",
        ReplayOutcome.AlreadyResolved => "not open (replayed or discarded before)",
        ReplayOutcome.PayloadPurged => "its payload was purged by retention; it cannot be replayed",
        _ => outcome.ToString(),
    };

    private static string ToText(DeadLetter letter)
    {
        var where = letter.Context.SourceName is null ? string.Empty : " " + letter.Context.SourceName + (letter.Context.Position is null ? string.Empty : " at " + letter.Context.Position);
        return string.Create(CultureInfo.InvariantCulture, $"{letter.Id} {letter.Status.ToString().ToLowerInvariant()} attempts={letter.Attempts} {letter.EventType ?? letter.PayloadType} [{string.Join(",", letter.FindingCodes)}]{where}: {letter.Reason}");
    }

    private static string ToJson(DeadLetter letter)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", letter.Id);
            writer.WriteString("status", letter.Status.ToString().ToLowerInvariant());
            writer.WriteNumber("attempts", letter.Attempts);
            writer.WriteString("eventType", letter.EventType);
            writer.WriteString("payloadType", letter.PayloadType);
            writer.WriteStartArray("codes");
            foreach (var code in letter.FindingCodes)
            {
                writer.WriteStringValue(code);
            }

            writer.WriteEndArray();
            writer.WriteString("reason", letter.Reason);
            writer.WriteString("input", letter.Context.SourceName);
            writer.WriteString("position", letter.Context.Position);
            writer.WriteString("firstFailureAt", letter.FirstFailureAt);
            writer.WriteString("lastFailureAt", letter.LastFailureAt);
            writer.WriteBoolean("replayable", letter.HasPayload);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
