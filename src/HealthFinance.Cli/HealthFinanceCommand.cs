using System.CommandLine;
using HealthFinance.Cli.Commands;

namespace HealthFinance.Cli;

/// <summary>The root of the <c>healthfinance</c> command tree and its exit codes.</summary>
public static class HealthFinanceCommand
{
    /// <summary>Exit code: success (valid input, command completed).</summary>
    public const int ExitOk = 0;

    /// <summary>Exit code: the input is invalid or unreadable.</summary>
    public const int ExitInvalid = 1;

    /// <summary>Exit code: usage error or I/O error.</summary>
    public const int ExitUsage = 2;

    /// <summary>Builds the command tree.</summary>
    /// <param name="console">The standard streams the commands use.</param>
    /// <returns>The root command.</returns>
    public static RootCommand Build(CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var x12 = new Command("x12", "X12 EDI: validate, acknowledge, map to canonical objects.")
        {
            X12ValidateCommand.Create(console),
            X12ParseCommand.Create(console),
        };

        var hl7 = new Command("hl7", "HL7 v2: map DFT/BAR/ADT messages to canonical objects.")
        {
            Hl7ParseCommand.Create(console),
        };

        return new RootCommand("healthfinance: validate, parse, total and post healthcare billing files (X12, HL7 v2, FHIR, payment feeds).")
        {
            TotalsCommand.Create(console),
            JournalCommand.Create(console),
            SyncCommand.Create(console),
            DeadLetterCommand.Create(console),
            ReconcileCommand.Create(console),
            x12,
            hl7,
            FhirParseCommand.CreateGroup(console),
        };
    }

    /// <summary>Parses <paramref name="args"/> and runs the selected command.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="console">The standard streams; <see langword="null"/> for the process console.</param>
    /// <returns>The process exit code: 0 ok, 1 invalid input, 2 usage or I/O error.</returns>
    public static async Task<int> InvokeAsync(string[] args, CliConsole? console = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        console ??= CliConsole.System;
        var root = Build(console);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await console.Error.WriteLineAsync($"healthfinance: {error.Message}").ConfigureAwait(false);
            }

            await console.Error.WriteLineAsync("Run 'healthfinance --help' for usage.").ConfigureAwait(false);
            return ExitUsage;
        }

        var config = new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(config).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await console.Error.WriteLineAsync("healthfinance: cancelled.").ConfigureAwait(false);
            return ExitUsage;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Bad input never lands here (readers and validators report findings instead); this is the
            // last line of defence so that a script sees one line and an exit code, never a stack trace.
            await console.Error.WriteLineAsync($"healthfinance: unexpected error: {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
            return ExitUsage;
        }
    }
}
