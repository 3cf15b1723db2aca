using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.Cli.Commands;

/// <summary>The process's standard streams, replaceable in tests.</summary>
/// <param name="Out">Where data goes (stdout).</param>
/// <param name="Error">Where errors go (stderr).</param>
/// <param name="OpenStandardInput">Opens standard input as a stream.</param>
/// <param name="OpenStandardOutput">Opens standard output as a stream (for binary data such as acknowledgments).</param>
public sealed record CliConsole(TextWriter Out, TextWriter Error, Func<Stream> OpenStandardInput, Func<Stream> OpenStandardOutput)
{
    /// <summary>The real console.</summary>
    public static CliConsole System { get; } = new(Console.Out, Console.Error, Console.OpenStandardInput, Console.OpenStandardOutput);

    /// <summary>Writes canonical events to <see cref="Out"/> as NDJSON (one JSON object per line) and findings to <see cref="Error"/>, one per line.</summary>
    /// <param name="events">The events.</param>
    /// <param name="diagnostics">The findings.</param>
    /// <returns>A task that completes when both are written.</returns>
    public async Task WriteCanonicalAsync(IEnumerable<CanonicalEvent> events, IEnumerable<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(diagnostics);
        foreach (var e in events)
        {
            await Out.WriteLineAsync(CanonicalJson.Serialize(e)).ConfigureAwait(false);
        }

        foreach (var d in diagnostics)
        {
            await Error.WriteLineAsync(d.ToString()).ConfigureAwait(false);
        }
    }
}
