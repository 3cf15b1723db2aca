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
}
