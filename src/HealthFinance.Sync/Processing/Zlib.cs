using System.Buffers;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace HealthFinance.Sync.Processing;

/// <summary>The zlib framing of the payloads the pipeline keeps in the state store (outbox messages, kept claim payments).</summary>
internal static class Zlib
{
    /// <summary>Compresses bytes (fastest level: the payloads are JSON, which shrinks about sixfold even so).</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>The zlib stream.</returns>
    public static byte[] Compress(ReadOnlySpan<byte> data)
    {
        using var compressed = new MemoryStream((data.Length / 4) + 64);
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return compressed.ToArray();
    }

    /// <summary>Decompresses a zlib stream.</summary>
    /// <param name="payload">The zlib stream.</param>
    /// <returns>The bytes, in a buffer the caller reads with <see cref="ArrayBufferWriter{T}.WrittenSpan"/>.</returns>
    public static ArrayBufferWriter<byte> Decompress(ReadOnlyMemory<byte> payload)
    {
        var text = new ArrayBufferWriter<byte>(payload.Length * 6);
        using (var input = MemoryMarshal.TryGetArray(payload, out var segment) ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false) : new MemoryStream(payload.ToArray(), writable: false))
        using (var zlib = new ZLibStream(input, CompressionMode.Decompress))
        {
            int read;
            while ((read = zlib.Read(text.GetSpan(64 * 1024))) > 0)
            {
                text.Advance(read);
            }
        }

        return text;
    }
}
