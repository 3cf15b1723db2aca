using System.Text;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Payments.Tests;

/// <summary>Builders and readers shared by the tests. All values are synthetic.</summary>
internal static class TestFeeds
{
    public const string Header = "type,transaction_id,original_transaction_id,patient_account,encounter,invoice,method,status,amount,currency,location,posting_date,settlement_batch,legal_entity,reason";

    public const string Payment = "payment,T-1001,,ACCT-1,ENC-1,INV-1,card,settled,125.50,USD,FAC-1,2024-03-05,B-77,LE-1,";

    public const string Refund = "refund,R-2001,T-1001,ACCT-1,,,card,settled,20.00,USD,,2024-03-06,,LE-1,overpayment";

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A CSV feed: the header and the rows, each ended by <paramref name="newline"/>.</summary>
    public static byte[] CsvWithNewline(string newline, params string[] rows) => Utf8(string.Concat(new[] { Header }.Concat(rows).Select(r => r + newline)));

    public static byte[] Csv(params string[] rows) => CsvWithNewline("\n", rows);

    public static IReadOnlyList<PaymentFeedRecord> Read(string text, PaymentFeedOptions? options = null) => PaymentFeedReader.Read(Utf8(text), options);

    public static IReadOnlyList<PaymentFeedRecord> Read(byte[] data, PaymentFeedOptions? options = null) => PaymentFeedReader.Read(data, options);

    /// <summary>Reads through <see cref="PaymentFeedReader.ReadAsync"/> from a stream that hands out at most <paramref name="chunk"/> bytes per read.</summary>
    public static async Task<List<PaymentFeedRecord>> ReadChunkedAsync(byte[] data, int chunk, PaymentFeedOptions? options = null)
    {
        var records = new List<PaymentFeedRecord>();
        await foreach (var record in PaymentFeedReader.ReadAsync(new ChunkedStream(data, chunk), options, TestContext.Current.CancellationToken))
        {
            records.Add(record);
        }

        return records;
    }

    public static PaymentFeedRecord Single(string text, PaymentFeedOptions? options = null)
    {
        var records = Read(text, options);
        return Assert.Single(records, r => r.IsTransaction);
    }

    public static T SingleEvent<T>(string text, PaymentFeedOptions? options = null)
        where T : CanonicalEvent
    {
        var record = Single(text, options);
        Assert.DoesNotContain(record.Diagnostics, d => d.IsError);
        return Assert.IsType<T>(Assert.Single(record.Events));
    }

    /// <summary>A comparable summary of a record: position, events as canonical JSON, findings as text.</summary>
    public static string Describe(PaymentFeedRecord r) =>
        $"{r.Kind} #{r.RecordIndex} {r.Position} L{r.LineNumber} @{r.ByteOffset} raw={Convert.ToHexString(r.RawBytes.Span)} " +
        string.Join(" ", r.Events.Select(e => HealthFinance.Canonical.Serialization.CanonicalJson.Serialize(e))) + " | " +
        string.Join(" ; ", r.Diagnostics.Select(d => d.ToString()));
}

/// <summary>A stream over bytes that returns at most a fixed number of bytes per read.</summary>
internal sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data)
{
    public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
}
