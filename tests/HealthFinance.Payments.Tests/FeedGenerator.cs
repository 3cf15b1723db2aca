using System.Globalization;
using System.Text;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Payments.Tests;

/// <summary>A generated feed transaction: what a gateway would send, and the event it must read back as.</summary>
internal sealed record GeneratedTransaction(IReadOnlyDictionary<string, string> Fields, CanonicalEvent? Expected);

/// <summary>Seeded generators of valid transactions and writers of the three layouts (the tests' own, independent of the reader).</summary>
internal static class FeedGenerator
{
    public static readonly string[] Columns =
    [
        "type", "transaction_id", "original_transaction_id", "patient_account", "encounter", "invoice", "method", "status",
        "amount", "currency", "location", "posting_date", "settlement_batch", "legal_entity", "reason",
    ];

    private static readonly string[] Methods = ["card", "ach", "cash", "check", "other"];
    private static readonly string[] Statuses = ["pending", "settled", "failed", "voided"];
    private const string IdAlphabet = "ABCXYZabcxyz0123456789-_#/ ,\"'éü€";

    public static List<GeneratedTransaction> Transactions(Random random, int count, CurrencyCode defaultCurrency)
    {
        var list = new List<GeneratedTransaction>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(Transaction(random, i, defaultCurrency));
        }

        return list;
    }

    public static GeneratedTransaction Transaction(Random random, int index, CurrencyCode defaultCurrency)
    {
        var refund = random.Next(4) == 0;
        var f = new Dictionary<string, string>();
        f["type"] = random.Next(5) == 0 ? (refund ? "REFUND" : "Payment") : (refund ? "refund" : "payment");
        var id = refund || random.Next(6) != 0 ? Id(random) + "~" + index.ToString(CultureInfo.InvariantCulture) : null;
        if (id is not null)
        {
            f["transaction_id"] = id;
        }

        var account = Id(random);
        f["patient_account"] = account;
        var method = random.Next(Methods.Length);
        var status = random.Next(Statuses.Length);
        f["method"] = Methods[method];
        f["status"] = Statuses[status];
        var amount = decimal.Round((decimal)(random.NextDouble() * 5000) + 0.01m, random.Next(3), MidpointRounding.ToEven);
        if (amount == 0m)
        {
            amount = 0.01m;
        }

        f["amount"] = amount.ToString(CultureInfo.InvariantCulture);
        var currency = random.Next(3) switch { 0 => null, 1 => "EUR", _ => "USD" };
        if (currency is not null)
        {
            f["currency"] = random.Next(4) == 0 ? currency.ToLowerInvariant() : currency;
        }

        var date = new DateOnly(2020, 1, 1).AddDays(random.Next(3000));
        f["posting_date"] = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var legal = Maybe(random, f, "legal_entity");
        var source = new SourceReference { Format = SourceFormat.Payment, MessageControlId = id };
        var money = new Money(amount, currency is null ? defaultCurrency : new CurrencyCode(currency));
        var legalEntity = legal is null ? (LegalEntityId?)null : new LegalEntityId(legal);
        if (refund)
        {
            var original = Maybe(random, f, "original_transaction_id");
            var reason = Maybe(random, f, "reason");
            CanonicalEvent? e = status >= 2 ? null : new RefundIssued
            {
                EventId = "refund:" + id!.Trim(),
                Source = source,
                LegalEntity = legalEntity,
                RefundId = id!,
                Account = new PatientAccountNumber(account),
                Recipient = RefundRecipient.Patient,
                Amount = money,
                Method = (TenderType)method,
                IssueDate = date,
                Reason = reason,
                OriginalPaymentReference = original,
            };
            return new GeneratedTransaction(f, e);
        }

        var encounter = Maybe(random, f, "encounter");
        var invoice = Maybe(random, f, "invoice");
        var location = Maybe(random, f, "location");
        var batch = Maybe(random, f, "settlement_batch");
        return new GeneratedTransaction(f, new PatientPaymentReceived
        {
            EventId = id is null ? "pay-sha256:(content)" : "pay:" + id.Trim() + ":" + Statuses[status],
            Source = source,
            LegalEntity = legalEntity,
            Account = new PatientAccountNumber(account),
            Invoice = invoice is null ? null : new InvoiceId(invoice),
            Encounter = encounter is null ? null : new EncounterId(encounter),
            Amount = money,
            Method = (TenderType)method,
            Settlement = (SettlementStatus)status,
            MerchantTransactionId = id,
            SettlementBatchId = batch,
            Location = location,
            PostingDate = date,
        });
    }

    /// <summary>CSV: columns in a random order (with an unknown column sometimes), random quoting, LF or CRLF, maybe a BOM.</summary>
    public static byte[] Csv(Random random, IReadOnlyList<GeneratedTransaction> transactions)
    {
        var columns = Columns.OrderBy(_ => random.Next()).ToList();
        if (random.Next(3) == 0)
        {
            columns.Insert(random.Next(columns.Count + 1), "gateway_fee");
        }

        var newline = random.Next(2) == 0 ? "\n" : "\r\n";
        var sb = new StringBuilder();
        if (random.Next(4) == 0)
        {
            sb.Append('\uFEFF');
        }

        sb.AppendJoin(',', columns.Select(c => Field(random, random.Next(3) == 0 ? c.ToUpperInvariant() : c))).Append(newline);
        foreach (var t in transactions)
        {
            sb.AppendJoin(',', columns.Select(c => Field(random, t.Fields.TryGetValue(c, out var v) ? v : c == "gateway_fee" ? "0.30" : ""))).Append(newline);
            if (random.Next(10) == 0)
            {
                sb.Append(newline);
            }
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>A JSON document or NDJSON, amounts as numbers or strings, maybe indented.</summary>
    public static byte[] Json(Random random, IReadOnlyList<GeneratedTransaction> transactions, bool lines)
    {
        var sb = new StringBuilder();
        if (!lines)
        {
            sb.Append(random.Next(2) == 0 ? "{\"source\":{\"gateway\":[1,2]},\n\"transactions\":[\n" : "{\"transactions\":[");
        }

        for (var i = 0; i < transactions.Count; i++)
        {
            if (!lines && i > 0)
            {
                sb.Append(",\n");
            }

            sb.Append('{');
            var first = true;
            foreach (var (column, value) in transactions[i].Fields.OrderBy(_ => random.Next()))
            {
                sb.Append(first ? "" : ",").Append(random.Next(5) == 0 && !lines ? "\n  " : "");
                first = false;
                sb.Append('"').Append(CamelCase(column)).Append("\":");
                if (column == "amount" && random.Next(2) == 0)
                {
                    sb.Append(value);
                }
                else
                {
                    sb.Append(System.Text.Json.JsonSerializer.Serialize(value));
                }
            }

            sb.Append('}');
            if (lines)
            {
                sb.Append(random.Next(2) == 0 ? "\n" : "\r\n");
            }
        }

        if (!lines)
        {
            sb.Append("]}");
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static string CamelCase(string column)
    {
        var parts = column.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    private static string? Maybe(Random random, Dictionary<string, string> fields, string column)
    {
        if (random.Next(2) == 0)
        {
            return null;
        }

        var value = Id(random);
        fields[column] = value;
        return value;
    }

    private static string Id(Random random)
    {
        var length = 1 + random.Next(12);
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = IdAlphabet[random.Next(IdAlphabet.Length)];
        }

        // Identifiers are read trimmed; the generator writes them without surrounding blanks.
        var text = new string(chars).Trim();
        return text.Length == 0 ? "X" : text;
    }

    private static string Field(Random random, string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 || value.StartsWith(' ') || random.Next(5) == 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
}
