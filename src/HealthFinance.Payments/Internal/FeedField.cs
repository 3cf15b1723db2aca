namespace HealthFinance.Payments.Internal;

/// <summary>The fields of a feed record, in the order of the documented CSV header.</summary>
internal enum FeedField
{
    Type,
    TransactionId,
    OriginalTransactionId,
    PatientAccount,
    Encounter,
    Invoice,
    Method,
    Status,
    Amount,
    Currency,
    Location,
    PostingDate,
    SettlementBatch,
    LegalEntity,
    Reason,
}

/// <summary>The CSV and JSON names of the fields.</summary>
internal static class FeedFields
{
    public const int Count = 15;

    public static readonly string[] CsvNames =
    [
        "type", "transaction_id", "original_transaction_id", "patient_account", "encounter", "invoice", "method", "status",
        "amount", "currency", "location", "posting_date", "settlement_batch", "legal_entity", "reason",
    ];

    public static readonly string[] JsonNames =
    [
        "type", "transactionId", "originalTransactionId", "patientAccount", "encounter", "invoice", "method", "status",
        "amount", "currency", "location", "postingDate", "settlementBatch", "legalEntity", "reason",
    ];

    private static readonly byte[][] JsonNamesUtf8 = [.. JsonNames.Select(System.Text.Encoding.UTF8.GetBytes)];

    /// <summary>The columns a CSV header must have (every record needs them).</summary>
    public static readonly FeedField[] RequiredColumns =
        [FeedField.Type, FeedField.PatientAccount, FeedField.Amount, FeedField.Method, FeedField.Status, FeedField.PostingDate];

    public static string Name(FeedField field, PaymentFeedKind kind) =>
        kind == PaymentFeedKind.Csv ? CsvNames[(int)field] : JsonNames[(int)field];

    /// <summary>Finds a CSV column by name: trimmed, ASCII case-insensitive.</summary>
    public static int FindCsv(ReadOnlySpan<char> name)
    {
        name = name.Trim();
        for (var i = 0; i < CsvNames.Length; i++)
        {
            if (name.Equals(CsvNames[i], StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Finds a JSON property by its exact (unescaped) UTF-8 name.</summary>
    public static int FindJson(ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < JsonNamesUtf8.Length; i++)
        {
            if (name.SequenceEqual(JsonNamesUtf8[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
