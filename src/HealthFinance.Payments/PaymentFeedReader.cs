using System.Buffers;
using System.Runtime.CompilerServices;
using HealthFinance.Payments.Internal;

namespace HealthFinance.Payments;

/// <summary>
/// Reads patient portal and payment gateway settlement feeds (CSV, a JSON document or NDJSON) into canonical events:
/// payments into <see cref="HealthFinance.Canonical.Events.PatientPaymentReceived"/>, refunds into
/// <see cref="HealthFinance.Canonical.Events.RefundIssued"/>.
/// </summary>
/// <remarks>
/// <para>Never throws for bad input: every problem is a positioned <see cref="HealthFinance.Canonical.Diagnostics.Diagnostic"/>
/// (codes in <see cref="PaymentFeedDiagnosticCodes"/>) on the record it concerns, a record with an error yields no event,
/// and reading goes on with the next record. Only an unreadable CSV header, an unreadable JSON document structure or a JSON
/// syntax error in a document end the reading early (after one finding).</para>
/// <para>Input is streamed: memory is bounded by <see cref="PaymentFeedOptions.MaxRecordLength"/>, whatever the size of
/// the input. The stream is not disposed.</para>
/// </remarks>
public static class PaymentFeedReader
{
    /// <summary>How many leading bytes <see cref="Detect"/> looks at.</summary>
    public const int DetectionLength = FeedDetector.HeadLength;

    private const int InitialBufferSize = 64 * 1024;

    /// <summary>
    /// Detects a payment feed from its first bytes: a CSV header row naming <c>type</c>, <c>patient_account</c> and
    /// <c>amount</c>; a JSON document whose root has <c>"transactions": [</c>; or JSON objects with <c>"patientAccount"</c>
    /// (NDJSON). X12 (<c>ISA</c>), HL7 v2 (<c>MSH</c>, <c>FHS</c>, <c>BHS</c>, MLLP) and FHIR JSON (<c>"resourceType"</c>) are never
    /// detected as payment feeds.
    /// </summary>
    /// <param name="head">The first bytes of the input; only the first <see cref="DetectionLength"/> are looked at. A UTF-8 byte order mark and leading white space are skipped.</param>
    /// <returns>The layout, or <see cref="PaymentFeedKind.None"/>.</returns>
    public static PaymentFeedKind Detect(ReadOnlySpan<byte> head) => FeedDetector.Detect(head, out _);

    /// <summary>Reads a stream record by record, with memory bounded by <see cref="PaymentFeedOptions.MaxRecordLength"/>.</summary>
    /// <param name="stream">The feed; read to its end (or to the point where reading stops) and not disposed.</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="PaymentFeedOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One record per transaction, plus a unit (<see cref="PaymentFeedRecord.RecordIndex"/> -1) for each finding about the feed as a whole.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <example>
    /// <code>
    /// await foreach (var record in PaymentFeedReader.ReadAsync(stream, new PaymentFeedOptions { FileName = "settlement.csv" }, ct))
    /// {
    ///     foreach (var e in record.Events) { /* PatientPaymentReceived or RefundIssued */ }
    ///     if (record.HasErrors) { /* dead-letter record.RawBytes with record.Diagnostics */ }
    /// }
    /// </code>
    /// </example>
    public static IAsyncEnumerable<PaymentFeedRecord> ReadAsync(Stream stream, PaymentFeedOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadCoreAsync(stream, options ?? PaymentFeedOptions.Default, cancellationToken);
    }

    /// <summary>Reads a feed held in memory.</summary>
    /// <param name="data">The feed's bytes.</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="PaymentFeedOptions.Default"/>.</param>
    /// <returns>One record per transaction, plus a unit (<see cref="PaymentFeedRecord.RecordIndex"/> -1) for each finding about the feed as a whole.</returns>
    public static IReadOnlyList<PaymentFeedRecord> Read(ReadOnlySpan<byte> data, PaymentFeedOptions? options = null)
    {
        var parser = FeedParsers.Create(data[..Math.Min(data.Length, DetectionLength)], options ?? PaymentFeedOptions.Default);
        var records = new List<PaymentFeedRecord>();
        while (!parser.IsCompleted && parser.TryReadNext(data[(int)parser.KeepFrom..], isFinal: true, out var record))
        {
            records.Add(record);
        }

        return records;
    }

    private static async IAsyncEnumerable<PaymentFeedRecord> ReadCoreAsync(Stream stream, PaymentFeedOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        try
        {
            long bufferOffset = 0;
            var length = 0;
            var eof = false;
            while (length < DetectionLength && !eof)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                eof = n == 0;
                length += n;
            }

            var parser = FeedParsers.Create(buffer.AsSpan(0, Math.Min(length, DetectionLength)), options);
            while (!parser.IsCompleted)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (TryReadNext(parser, buffer, bufferOffset, length, eof, out var record))
                {
                    yield return record;
                    continue;
                }

                if (eof)
                {
                    break;
                }

                // Keep the bytes the parser still needs, grow only when they fill the buffer, and read more.
                var keep = (int)(parser.KeepFrom - bufferOffset);
                if (keep > 0)
                {
                    Buffer.BlockCopy(buffer, keep, buffer, 0, length - keep);
                    bufferOffset += keep;
                    length -= keep;
                }

                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, larger, 0, length);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                eof = read == 0;
                length += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool TryReadNext(FeedParser parser, byte[] buffer, long bufferOffset, int length, bool eof, out PaymentFeedRecord record)
    {
        var start = (int)(parser.KeepFrom - bufferOffset);
        return parser.TryReadNext(buffer.AsSpan(start, length - start), eof, out record!);
    }
}
