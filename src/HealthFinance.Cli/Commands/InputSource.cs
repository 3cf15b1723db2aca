namespace HealthFinance.Cli.Commands;

/// <summary>Opens a command's FILE argument: a path, or <c>-</c> for standard input.</summary>
internal static class InputSource
{
    /// <summary>Opens the input for sequential reading.</summary>
    /// <param name="path">A file path or <c>-</c>.</param>
    /// <param name="stdin">Standard input, used for <c>-</c>.</param>
    /// <returns>The stream; the caller disposes it.</returns>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static Stream Open(string path, Func<Stream> stdin)
    {
        if (path == "-")
        {
            return stdin();
        }

        return new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            Options = FileOptions.SequentialScan | FileOptions.Asynchronous,
            BufferSize = 0,
        });
    }

    /// <summary>Creates an output file (or standard output for <c>-</c>).</summary>
    /// <param name="path">A file path or <c>-</c>.</param>
    /// <param name="stdout">Standard output, used for <c>-</c>.</param>
    /// <returns>The stream; the caller disposes it.</returns>
    public static Stream Create(string path, Func<Stream> stdout)
        => path == "-" ? stdout() : new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
}
