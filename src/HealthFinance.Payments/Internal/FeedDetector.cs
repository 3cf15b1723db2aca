namespace HealthFinance.Payments.Internal;

/// <summary>Recognises a payment feed, and the formats it must not be mistaken for, from the first bytes.</summary>
internal static class FeedDetector
{
    public const int HeadLength = 512;

    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    public static int BomLength(ReadOnlySpan<byte> data) => data.StartsWith(Bom) ? 3 : 0;

    /// <summary>Detects the layout; <paramref name="other"/> names a known non-payment format when that is what the bytes are.</summary>
    public static PaymentFeedKind Detect(ReadOnlySpan<byte> head, out string? other)
    {
        other = null;
        if (head.Length > HeadLength)
        {
            head = head[..HeadLength];
        }

        head = head[BomLength(head)..].TrimStart(" \t\r\n"u8);
        if (head.IsEmpty)
        {
            return PaymentFeedKind.None;
        }

        if (head[0] == 0x0B || StartsWithHl7Header(head))
        {
            other = "HL7 v2";
            return PaymentFeedKind.None;
        }

        if (head.StartsWith("ISA"u8))
        {
            other = "X12";
            return PaymentFeedKind.None;
        }

        return head[0] == (byte)'{' ? DetectJson(head, out other) : DetectCsv(head);
    }

    private static bool StartsWithHl7Header(ReadOnlySpan<byte> head) =>
        head.Length >= 4 && (head.StartsWith("MSH"u8) || head.StartsWith("FHS"u8) || head.StartsWith("BHS"u8)) && !char.IsAsciiLetterOrDigit((char)head[3]) && head[3] is not ((byte)',' or (byte)' ');

    private static PaymentFeedKind DetectJson(ReadOnlySpan<byte> head, out string? other)
    {
        other = null;
        if (head.IndexOf("\"resourceType\""u8) >= 0)
        {
            other = "FHIR";
            return PaymentFeedKind.None;
        }

        var afterBrace = head[1..].TrimStart(" \t\r\n"u8);
        if (afterBrace.StartsWith("\"transactions\""u8) && FollowedByColon(afterBrace["\"transactions\""u8.Length..]))
        {
            return PaymentFeedKind.Json;
        }

        var at = head.IndexOf("\"transactions\""u8);
        if (at >= 0)
        {
            var rest = head[(at + "\"transactions\""u8.Length)..].TrimStart(" \t\r\n"u8);
            if (rest.StartsWith(":"u8) && rest[1..].TrimStart(" \t\r\n"u8).StartsWith("["u8))
            {
                return PaymentFeedKind.Json;
            }
        }

        return head.IndexOf("\"patientAccount\""u8) >= 0 ? PaymentFeedKind.NdJson : PaymentFeedKind.None;
    }

    private static bool FollowedByColon(ReadOnlySpan<byte> rest)
    {
        rest = rest.TrimStart(" \t\r\n"u8);
        return rest.IsEmpty || rest[0] == (byte)':';
    }

    private static PaymentFeedKind DetectCsv(ReadOnlySpan<byte> head)
    {
        var lf = head.IndexOf((byte)'\n');
        var line = lf >= 0 ? head[..lf] : head;
        bool type = false, account = false, amount = false;
        while (true)
        {
            var comma = line.IndexOf((byte)',');
            var name = comma >= 0 ? line[..comma] : line;
            name = name.Trim(" \t\r"u8);
            if (name.Length >= 2 && name[0] == (byte)'"' && name[^1] == (byte)'"')
            {
                name = name[1..^1].Trim(" \t"u8);
            }

            type |= name.EqualsIgnoreCaseAscii("type"u8);
            account |= name.EqualsIgnoreCaseAscii("patient_account"u8);
            amount |= name.EqualsIgnoreCaseAscii("amount"u8);
            if (comma < 0)
            {
                break;
            }

            line = line[(comma + 1)..];
        }

        return type && account && amount ? PaymentFeedKind.Csv : PaymentFeedKind.None;
    }

    private static bool EqualsIgnoreCaseAscii(this ReadOnlySpan<byte> value, ReadOnlySpan<byte> lowerName) =>
        System.Text.Ascii.EqualsIgnoreCase(value, lowerName);
}
