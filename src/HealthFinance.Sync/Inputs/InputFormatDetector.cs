namespace HealthFinance.Sync.Inputs;

/// <summary>Picks the <see cref="IInputFormat"/> of an input from its first bytes, without consuming them.</summary>
public static class InputFormatDetector
{
    /// <summary>How many bytes detection looks at.</summary>
    public const int PeekSize = 512;

    /// <summary>Reads the first bytes of <paramref name="input"/>, picks the first format that can read them, and returns a stream that replays them.</summary>
    /// <param name="input">The input stream; owned by the returned stream.</param>
    /// <param name="formats">The formats to try, in order.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The format (<see langword="null"/> when none can read the input) and a stream positioned at the start of the input.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static async Task<(IInputFormat? Format, Stream Stream)> DetectAsync(Stream input, IEnumerable<IInputFormat> formats, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(formats);
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

        var head = buffer.AsMemory(0, filled);
        IInputFormat? format = null;
        foreach (var candidate in formats)
        {
            if (candidate.CanRead(head.Span))
            {
                format = candidate;
                break;
            }
        }

        return (format, new PrefixedStream(head, input));
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
