using System.Buffers;
using System.Text;
using System.Text.Json;

namespace HealthFinance.Payments;

/// <summary>
/// The control totals of a payment feed: transactions read, payments and refunds by outcome, and the sums of the amounts
/// that move money. <see cref="WriteJson"/> writes the <c>healthfinance totals</c> JSON object, whose field names are a
/// public contract.
/// </summary>
/// <remarks>
/// Totals are of the feed as sent: a record with an error counts in <see cref="Records"/> and <see cref="Rejected"/> only;
/// every other record counts as a payment or a refund (a duplicate counts again). <see cref="TotalPayments"/> sums the
/// pending and settled payments, <see cref="TotalRefunds"/> the pending and settled refunds. The sums add amounts of all
/// currencies; <see cref="Currencies"/> lists them, so a total over more than one currency is not a money amount.
/// </remarks>
public sealed class PaymentFeedTotals
{
    /// <summary>The number of transaction records (rows, array elements or NDJSON values), including rejected ones.</summary>
    public long Records { get; init; }

    /// <summary>The number of payment records without an error, whatever their status.</summary>
    public long Payments { get; init; }

    /// <summary>The number of refund records without an error, whatever their status.</summary>
    public long Refunds { get; init; }

    /// <summary>The number of records with an error (they yield no event).</summary>
    public long Rejected { get; init; }

    /// <summary>The number of payments and refunds whose status is <c>failed</c>.</summary>
    public long Failed { get; init; }

    /// <summary>The number of payments and refunds whose status is <c>voided</c>.</summary>
    public long Voided { get; init; }

    /// <summary>The sum of the amounts of pending and settled payments.</summary>
    public decimal TotalPayments { get; init; }

    /// <summary>The sum of the amounts of pending and settled refunds.</summary>
    public decimal TotalRefunds { get; init; }

    /// <summary>The currencies of the payments and refunds, sorted ordinally.</summary>
    public IReadOnlyList<string> Currencies { get; init; } = [];

    /// <summary>Computes the totals of a feed held in memory.</summary>
    /// <param name="data">The feed's bytes.</param>
    /// <param name="options">The reader options, or <see langword="null"/> for <see cref="PaymentFeedOptions.Default"/>.</param>
    /// <returns>The totals.</returns>
    public static PaymentFeedTotals Compute(ReadOnlySpan<byte> data, PaymentFeedOptions? options = null)
    {
        var calculator = new PaymentFeedTotalsCalculator();
        foreach (var record in PaymentFeedReader.Read(data, options))
        {
            calculator.Add(record);
        }

        return calculator.ToTotals();
    }

    /// <summary>Computes the totals of a stream, record by record, with memory bounded as for <see cref="PaymentFeedReader.ReadAsync"/>.</summary>
    /// <param name="stream">The feed; not disposed.</param>
    /// <param name="options">The reader options, or <see langword="null"/> for <see cref="PaymentFeedOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The totals.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    public static async ValueTask<PaymentFeedTotals> ComputeAsync(Stream stream, PaymentFeedOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var calculator = new PaymentFeedTotalsCalculator();
        await foreach (var record in PaymentFeedReader.ReadAsync(stream, options, cancellationToken).ConfigureAwait(false))
        {
            calculator.Add(record);
        }

        return calculator.ToTotals();
    }

    /// <summary>Writes the totals as the <c>healthfinance totals</c> JSON object (field names are a public contract).</summary>
    /// <param name="output">Where the UTF-8 JSON goes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> is <see langword="null"/>.</exception>
    public void WriteJson(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        w.WriteString("format", "payment");
        w.WriteNumber("records", Records);
        w.WriteNumber("payments", Payments);
        w.WriteNumber("refunds", Refunds);
        w.WriteNumber("rejected", Rejected);
        w.WriteNumber("failed", Failed);
        w.WriteNumber("voided", Voided);
        w.WriteNumber("totalPayments", TotalPayments);
        w.WriteNumber("totalRefunds", TotalRefunds);
        w.WriteStartArray("currencies");
        foreach (var currency in Currencies)
        {
            w.WriteStringValue(currency);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The totals as the <c>healthfinance totals</c> JSON text.</summary>
    /// <returns>One line of JSON.</returns>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        WriteJson(buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
