using System.Runtime.CompilerServices;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Payments;

namespace HealthFinance.Sync.Inputs;

/// <summary>Patient portal and payment gateway settlement feeds (CSV, JSON, NDJSON) through <see cref="PaymentFeedReader"/>: one unit per record.</summary>
public sealed class PaymentFeedInputFormat : IInputFormat
{
    /// <inheritdoc/>
    public string Name => "payments";

    /// <inheritdoc/>
    public bool CanRead(ReadOnlySpan<byte> head) => PaymentFeedReader.Detect(head) != PaymentFeedKind.None;

    /// <inheritdoc/>
    public async IAsyncEnumerable<InputUnit> ReadAsync(Stream stream, string sourceName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var options = new PaymentFeedOptions { FileName = sourceName };
        await foreach (var record in PaymentFeedReader.ReadAsync(stream, options, cancellationToken).ConfigureAwait(false))
        {
            yield return new InputUnit
            {
                SourceName = sourceName,
                Format = Name,
                Label = record.IsTransaction ? (record.TransactionType?.ToString().ToLowerInvariant() ?? "record") + " " + record.Position : record.Position,
                Position = record.Position,
                Key = IdempotencyKey.Derive("unit", Name, sourceName, record.TransactionId, record.Position),
                Events = record.Events,
                Diagnostics = record.Diagnostics,
            };
        }
    }
}
