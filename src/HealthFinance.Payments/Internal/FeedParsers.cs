namespace HealthFinance.Payments.Internal;

/// <summary>Chooses the parser for an input from the options or its first bytes.</summary>
internal static class FeedParsers
{
    /// <param name="head">The first bytes of the input (all of it when shorter than <see cref="FeedDetector.HeadLength"/>).</param>
    /// <param name="options">The options.</param>
    public static FeedParser Create(ReadOnlySpan<byte> head, PaymentFeedOptions options)
    {
        var start = FeedDetector.BomLength(head);
        var kind = options.Kind;
        string? other = null;
        if (kind == PaymentFeedKind.None)
        {
            kind = FeedDetector.Detect(head, out other);
        }

        return kind switch
        {
            PaymentFeedKind.Csv => new CsvFeedParser(options, start),
            PaymentFeedKind.Json => new JsonDocumentParser(options, start),
            PaymentFeedKind.NdJson => new JsonLinesParser(options, start),
            _ => new NotAFeedParser(options, Message(head[start..], other)),
        };
    }

    private static string Message(ReadOnlySpan<byte> head, string? other)
    {
        if (head.Trim(" \t\r\n"u8).IsEmpty)
        {
            return "The input is empty; a payment feed has a CSV header row or JSON transactions.";
        }

        return other is not null
            ? $"The input is {other}, not a payment feed."
            : "The input is not a payment feed: its first 512 bytes hold neither a CSV header naming type, patient_account and amount, nor a JSON {\"transactions\":[...]} document or an object with patientAccount.";
    }
}
