using HealthFinance.Fhir;

namespace HealthFinance.Cli.Commands;

/// <summary>The FHIR branch of <c>healthfinance totals</c>: the control totals JSON of one FHIR JSON document.</summary>
internal static class FhirTotalsRunner
{
    /// <summary>Computes and prints the totals of a FHIR JSON document.</summary>
    /// <param name="console">The standard streams: the JSON object goes to stdout, findings to stderr.</param>
    /// <param name="stream">The input (the caller disposes it).</param>
    /// <param name="path">The FILE argument, for messages.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>0 totals printed; 1 malformed JSON, not a resource, or an unknown resource type (each finding with the SDK code and position on stderr); 2 I/O error.</returns>
    public static async Task<int> RunAsync(CliConsole console, Stream stream, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(stream);
        FhirControlTotals totals;
        try
        {
            totals = await FhirControlTotals.ComputeAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (FhirParseException ex)
        {
            foreach (var d in ex.Diagnostics)
            {
                await console.Error.WriteLineAsync($"healthfinance: '{path}' is unreadable: {d}").ConfigureAwait(false);
            }

            return HealthFinanceCommand.ExitInvalid;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await console.Error.WriteLineAsync($"healthfinance: cannot read '{path}': {ex.Message}").ConfigureAwait(false);
            return HealthFinanceCommand.ExitUsage;
        }

        await console.Out.WriteLineAsync(totals.ToJson()).ConfigureAwait(false);
        return HealthFinanceCommand.ExitOk;
    }
}
