using System.Globalization;
using System.Runtime.CompilerServices;
using HealthFinance.Hl7v2;
using HealthFinance.Idempotency.Keys;

namespace HealthFinance.Sync.Inputs;

/// <summary>HL7 v2 ER7 (plain, FHS/BHS batches, MLLP frames) through <see cref="Hl7v2Parser"/>: one unit per message.</summary>
public sealed class Hl7v2InputFormat : IInputFormat
{
    /// <inheritdoc/>
    public string Name => "hl7v2";

    /// <inheritdoc/>
    public bool CanRead(ReadOnlySpan<byte> head)
    {
        var trimmed = head.TrimStart("\uFEFF"u8).TrimStart(" \t\r\n"u8);
        if (!trimmed.IsEmpty && trimmed[0] == 0x0B)
        {
            trimmed = trimmed[1..];
        }

        return trimmed.StartsWith("MSH"u8) || trimmed.StartsWith("FHS"u8) || trimmed.StartsWith("BHS"u8);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<InputUnit> ReadAsync(Stream stream, string sourceName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var options = new Hl7v2ParserOptions { FileName = sourceName };
        await foreach (var result in Hl7v2Parser.ReadAsync(stream, options, cancellationToken).ConfigureAwait(false))
        {
            var offset = result.ByteOffset.ToString(CultureInfo.InvariantCulture);
            yield return new InputUnit
            {
                SourceName = sourceName,
                Format = Name,
                Label = $"{result.MessageType ?? "?"} message {(result.MessageIndex + 1).ToString(CultureInfo.InvariantCulture)}",
                Position = $"byte {offset}, segment {result.SegmentIndex.ToString(CultureInfo.InvariantCulture)}",
                Key = IdempotencyKey.Derive("unit", Name, sourceName, result.MessageControlId, offset),
                Events = result.Events,
                Diagnostics = result.Diagnostics,
            };
        }
    }
}
