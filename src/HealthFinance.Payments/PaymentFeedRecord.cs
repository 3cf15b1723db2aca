using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Payments;

/// <summary>
/// One unit of a payment feed: a transaction record with the canonical event it yields (none when it has an error, or
/// when it moves no money) and its findings, its position, and its exact bytes for dead-lettering and replay.
/// </summary>
/// <remarks>
/// <para>A unit that is not a transaction has <see cref="RecordIndex"/> -1 and never an event: the CSV header when it
/// has findings (unknown or missing columns), and findings about the input or the JSON document as a whole.</para>
/// <para><see cref="RawBytes"/> is a replayable feed of one record: for CSV the header line followed by the record's
/// line(s), for JSON the transaction object. Reading it again with <see cref="PaymentFeedReader.Read(ReadOnlySpan{byte}, PaymentFeedOptions?)"/>
/// yields the same event (same <see cref="CanonicalEvent.EventId"/>; the position then says line 2 or line 1).</para>
/// </remarks>
public sealed record PaymentFeedRecord
{
    /// <summary>The layout the record was read from.</summary>
    public required PaymentFeedKind Kind { get; init; }

    /// <summary>The 0-based index of the transaction in the feed (data rows, array elements or NDJSON values), or -1 for a unit that is not a transaction.</summary>
    public required long RecordIndex { get; init; }

    /// <summary>A readable position: <c>line 12</c> (CSV, NDJSON), <c>transactions[3]</c> (JSON document) or <c>document</c>.</summary>
    public required string Position { get; init; }

    /// <summary>The 1-based line of the unit's first byte.</summary>
    public required int LineNumber { get; init; }

    /// <summary>The 0-based offset of the unit's first byte in the input (a byte order mark counts).</summary>
    public required long ByteOffset { get; init; }

    /// <summary>
    /// The unit's bytes, owned by this record: the CSV header line and the record's line(s); the JSON object; empty for a
    /// record longer than <see cref="PaymentFeedOptions.MaxRecordLength"/>.
    /// </summary>
    public required ReadOnlyMemory<byte> RawBytes { get; init; }

    /// <summary>The transaction type, when it was read.</summary>
    public PaymentTransactionType? TransactionType { get; init; }

    /// <summary>The gateway transaction id (a refund's refund id), when present and usable.</summary>
    public string? TransactionId { get; init; }

    /// <summary>The settlement status, when it was read.</summary>
    public SettlementStatus? Status { get; init; }

    /// <summary>The amount with its currency, when both were read.</summary>
    public Money? Amount { get; init; }

    /// <summary>The canonical event: one <see cref="PatientPaymentReceived"/> or <see cref="RefundIssued"/>, or none.</summary>
    public required IReadOnlyList<CanonicalEvent> Events { get; init; }

    /// <summary>The findings, in input order.</summary>
    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }

    /// <summary>Whether any finding is an error (then <see cref="Events"/> is empty).</summary>
    public bool HasErrors
    {
        get
        {
            foreach (var d in Diagnostics)
            {
                if (d.IsError)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Whether the unit is a transaction record (<see cref="RecordIndex"/> is not -1).</summary>
    public bool IsTransaction => RecordIndex >= 0;
}
