namespace HealthFinance.Cli.Commands;

/// <summary>The input formats the CLI recognises from a file's first bytes.</summary>
internal enum InputFormat
{
    Unknown,
    X12,
    Hl7v2,
    Fhir,
}

/// <summary>Detects an input's format from its first bytes, without consuming them.</summary>
internal static class FormatDetector
{
    private const int PeekSize = 512;

    /// <summary>Reads the first bytes of <paramref name="input"/>, detects the format, and returns a stream that replays them.</summary>
    /// <param name="input">The input stream.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The format and a stream positioned at the start of the input.</returns>
    public static async Task<(InputFormat Format, Stream Stream)> DetectAsync(Stream input, CancellationToken cancellationToken)
    {
        var buffer = new byte[PeekSize];
        var filled = 0;
        while (filled < buffer.Length)
        {
            var n = await input.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            filled += n;
        }

        var format = Detect(buffer.AsSpan(0, filled));
        return (format, new PrefixedStream(buffer.AsMemory(0, filled), input));
    }

    /// <summary>Detects the format of a prefix of the input.</summary>
    /// <param name="prefix">The first bytes.</param>
    /// <returns>The detected format.</returns>
    public static InputFormat Detect(ReadOnlySpan<byte> prefix)
    {
        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            prefix = prefix[3..];
        }

        prefix = prefix.TrimStart(" \t\r\n"u8);
        if (prefix.IsEmpty)
        {
            return InputFormat.Unknown;
        }

        if (prefix.StartsWith("ISA"u8) || prefix.IndexOf("ISA"u8) is >= 0 and < 256 && IsLikelyX12(prefix))
        {
            return InputFormat.X12;
        }

        if (prefix[0] == 0x0B)
        {
            prefix = prefix[1..];
        }

        if (prefix.StartsWith("MSH"u8) || prefix.StartsWith("FHS"u8) || prefix.StartsWith("BHS"u8))
        {
            return InputFormat.Hl7v2;
        }

        return prefix[0] == (byte)'{' ? InputFormat.Fhir : InputFormat.Unknown;
    }

    private static bool IsLikelyX12(ReadOnlySpan<byte> prefix)
    {
        var at = prefix.IndexOf("ISA"u8);
        return at + 3 < prefix.Length && prefix[at + 3] is not ((byte)' ' or (byte)'\r' or (byte)'\n') && !char.IsLetterOrDigit((char)prefix[at + 3]);
    }

    /// <summary>A read-only stream that first returns a buffered prefix, then the rest of the inner stream.</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream inner) : Stream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (!_prefix.IsEmpty)
            {
                var n = Math.Min(buffer.Length, _prefix.Length);
                _prefix.Span[..n].CopyTo(buffer);
                _prefix = _prefix[n..];
                return n;
            }

            return inner.Read(buffer);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_prefix.IsEmpty)
            {
                var n = Math.Min(buffer.Length, _prefix.Length);
                _prefix.Span[..n].CopyTo(buffer.Span);
                _prefix = _prefix[n..];
                return n;
            }

            return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
