using System.CommandLine;

namespace HealthFinance.Cli;

/// <summary>The root of the <c>healthfinance</c> command tree.</summary>
public static class HealthFinanceCommand
{
    /// <summary>Exit code: success (valid input, command completed).</summary>
    public const int ExitOk = 0;

    /// <summary>Exit code: the input is invalid or unreadable.</summary>
    public const int ExitInvalid = 1;

    /// <summary>Exit code: usage error or I/O error.</summary>
    public const int ExitUsage = 2;

    /// <summary>Builds the command tree.</summary>
    /// <returns>The root command.</returns>
    public static RootCommand Build()
    {
        var root = new RootCommand("healthfinance: validate, parse and total healthcare billing files (X12, HL7 v2, FHIR).");
        return root;
    }

    /// <summary>Parses <paramref name="args"/> and runs the selected command.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="stdout">Where data goes.</param>
    /// <param name="stderr">Where errors go.</param>
    /// <returns>The process exit code.</returns>
    public static async Task<int> InvokeAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        var root = Build();
        var parse = root.Parse(args);
        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        var code = await parse.InvokeAsync(config).ConfigureAwait(false);
        return parse.Errors.Count > 0 ? ExitUsage : code;
    }
}
