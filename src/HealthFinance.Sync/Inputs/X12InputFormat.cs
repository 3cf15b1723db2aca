using System.Globalization;
using System.Runtime.CompilerServices;
using HealthFinance.Idempotency.Keys;
using HealthFinance.X12.Hipaa;

namespace HealthFinance.Sync.Inputs;

/// <summary>X12 5010 (835, 837P/I/D, 277CA, 999/997, TA1) through <see cref="HipaaReader"/>: one unit per transaction set.</summary>
public sealed class X12InputFormat : IInputFormat
{
    /// <inheritdoc/>
    public string Name => "x12";

    /// <inheritdoc/>
    public bool CanRead(ReadOnlySpan<byte> head)
    {
        var trimmed = head.TrimStart("\uFEFF"u8).TrimStart(" \t\r\n"u8);
        if (trimmed.StartsWith("ISA"u8))
        {
            return true;
        }

        // A file with a short preamble before its interchange: ISA followed by the element separator.
        var at = trimmed.IndexOf("ISA"u8);
        return at is >= 0 and < 256 && at + 3 < trimmed.Length && trimmed[at + 3] is not ((byte)' ' or (byte)'\r' or (byte)'\n') && !char.IsLetterOrDigit((char)trimmed[at + 3]);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<InputUnit> ReadAsync(Stream stream, string sourceName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var options = new HipaaReaderOptions { FileName = sourceName };
        await foreach (var result in HipaaReader.ReadAsync(stream, options, cancellationToken).ConfigureAwait(false))
        {
            var id = result.Identity;
            var offset = id.ByteOffset.ToString(CultureInfo.InvariantCulture);
            yield return new InputUnit
            {
                SourceName = sourceName,
                Format = Name,
                Label = $"{id.TransactionSetId ?? "?"} {id.TransactionSetControlNumber ?? "?"}",
                Position = id.ByteOffset >= 0 ? $"byte {offset}, segment {id.SegmentIndex.ToString(CultureInfo.InvariantCulture)}" : null,
                Key = IdempotencyKey.Derive("unit", Name, sourceName, id.InterchangeControlNumber, id.GroupControlNumber, id.TransactionSetControlNumber, offset),
                Events = result.Events,
                Diagnostics = result.Diagnostics,
                NotMapped = result.Outcome == HipaaOutcome.NotMapped,
            };
        }
    }
}
