using System.Text;
using HealthFinance.Cli;
using HealthFinance.Cli.Commands;

namespace HealthFinance.Cli.Tests;

/// <summary>Runs the CLI in-process with captured standard streams.</summary>
internal static class CliRunner
{
    public static async Task<(int Code, string Out, string Error, byte[] Binary)> RunAsync(string[] args, byte[]? stdin = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var binary = new MemoryStream();
        var console = new CliConsole(output, error, () => new MemoryStream(stdin ?? []), () => new NonClosingStream(binary));
        var code = await HealthFinanceCommand.InvokeAsync(args, console);
        return (code, output.ToString(), error.ToString(), binary.ToArray());
    }

    /// <summary>A folder of this test run's files, removed when the test process exits.</summary>
    private static readonly string TempFolder = CreateTempFolder();

    public static string TempFile(string content, string extension = ".x12")
    {
        var path = Path.Combine(TempFolder, Guid.NewGuid().ToString("N") + extension);
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes(content));
        return path;
    }

    private static string CreateTempFolder()
    {
        var folder = Directory.CreateTempSubdirectory("hf-cli-tests-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: the OS temp cleaner removes what is left.
            }
        };
        return folder;
    }

    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);
    }
}
