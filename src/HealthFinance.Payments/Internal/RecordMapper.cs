using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Payments.Internal;

/// <summary>What a record maps to.</summary>
internal readonly record struct MapResult(
    CanonicalEvent? Event,
    PaymentTransactionType? Type,
    string? TransactionId,
    SettlementStatus? Status,
    Money? Amount);

/// <summary>
/// Checks every field of a record and builds its canonical event. Every problem is a finding on the record; messages name
/// fields, never their values.
/// </summary>
internal sealed class RecordMapper(PaymentFeedOptions options, PaymentFeedKind kind)
{
    private readonly DuplicateTracker? _duplicates = options.DuplicateDetectionLimit > 0 ? new DuplicateTracker(options.DuplicateDetectionLimit) : null;

    /// <summary>Maps the record in <paramref name="fields"/>; findings are appended to <c>fields.Diagnostics</c>.</summary>
    /// <param name="fields">The record's fields.</param>
    /// <param name="position">The record's position (<c>line 12</c>, <c>transactions[3]</c>).</param>
    /// <param name="duplicateKey">Where the record stands, for duplicate messages: its line (CSV, NDJSON) or index (JSON document).</param>
    public MapResult Map(RecordFields fields, string position, long duplicateKey)
    {
        // Fields that do not apply to the record's type are ignored (one informational finding), not checked.
        var type = ReadType(fields);
        var ignored = type is { } known ? NotApplicableTo(known) : [];
        var transactionId = ReadText(fields, FeedField.TransactionId, TextRules.MaxIdentifierLength);
        var original = ignored.Contains(FeedField.OriginalTransactionId) ? null : ReadText(fields, FeedField.OriginalTransactionId, TextRules.MaxIdentifierLength);
        var account = ReadIdentifier<PatientAccountNumber>(fields, FeedField.PatientAccount, required: true, PatientAccountNumber.TryParse);
        var encounter = ignored.Contains(FeedField.Encounter) ? null : ReadIdentifier<EncounterId>(fields, FeedField.Encounter, required: false, EncounterId.TryParse);
        var invoice = ignored.Contains(FeedField.Invoice) ? null : ReadIdentifier<InvoiceId>(fields, FeedField.Invoice, required: false, InvoiceId.TryParse);
        var method = ReadCode(fields, FeedField.Method, Methods, PaymentFeedDiagnosticCodes.UnknownMethod, "card, ach, cash, check or other");
        var status = ReadCode(fields, FeedField.Status, Statuses, PaymentFeedDiagnosticCodes.UnknownStatus, "pending, settled, failed or voided");
        var amount = ReadAmount(fields, out var isZero);
        var currency = ReadCurrency(fields);
        var location = ignored.Contains(FeedField.Location) ? null : ReadText(fields, FeedField.Location, TextRules.MaxIdentifierLength);
        var date = ReadDate(fields);
        var batch = ignored.Contains(FeedField.SettlementBatch) ? null : ReadText(fields, FeedField.SettlementBatch, TextRules.MaxIdentifierLength);
        var legalEntity = ReadIdentifier<LegalEntityId>(fields, FeedField.LegalEntity, required: false, LegalEntityId.TryParse);
        var reason = ignored.Contains(FeedField.Reason) ? null : ReadText(fields, FeedField.Reason, TextRules.MaxReasonLength);

        if (type == PaymentTransactionType.Refund && !fields[FeedField.TransactionId].HasText && !fields[FeedField.TransactionId].InvalidUtf8 && !fields[FeedField.TransactionId].Reported)
        {
            Missing(fields, FeedField.TransactionId, " (a refund's refund id)");
        }

        if (type is { } t)
        {
            ReportNotApplicable(fields, t, ignored);
        }

        Money? money = amount is { } a && currency is { } c ? new Money(a, c) : null;
        var result = new MapResult(null, type, transactionId, status is { } s ? (SettlementStatus)s : null, money);
        if (isZero || fields.HasErrors || type is null || account is null || method is null || status is null || money is null || date is null)
        {
            return result;
        }

        var settlement = (SettlementStatus)status.Value;
        if (type == PaymentTransactionType.Refund && settlement is SettlementStatus.Failed or SettlementStatus.Voided)
        {
            fields.Diagnostics.Add(new Diagnostic(
                PaymentFeedDiagnosticCodes.RefundMovesNoMoney,
                DiagnosticSeverity.Information,
                $"The refund is {Statuses[status.Value]}; it moves no money and yields no event.",
                RecordLocation(fields)));
            return result;
        }

        // The content of what the event carries (fields that do not apply to the type are left out).
        var content = type == PaymentTransactionType.Payment
            ? Content(type.Value, settlement, account.Value, invoice, encounter, money.Value, (TenderType)method.Value, date.Value, location, batch, legalEntity, null, null)
            : Content(type.Value, settlement, account.Value, null, null, money.Value, (TenderType)method.Value, date.Value, null, null, legalEntity, original, reason);
        var eventId = type == PaymentTransactionType.Refund
            ? "refund:" + transactionId
            : transactionId is null
                ? "pay-sha256:" + Hash(content)
                : "pay:" + transactionId + ":" + Statuses[status.Value];
        CheckDuplicate(fields, type.Value, transactionId, eventId, content, duplicateKey);

        var source = new SourceReference
        {
            Format = SourceFormat.Payment,
            FileName = options.FileName,
            MessageControlId = transactionId,
            Position = position,
        };
        try
        {
            CanonicalEvent e = type == PaymentTransactionType.Payment
                ? new PatientPaymentReceived
                {
                    EventId = eventId,
                    Source = source,
                    ReceivedAt = options.ReceivedAt,
                    LegalEntity = legalEntity,
                    Account = account.Value,
                    Invoice = invoice,
                    Encounter = encounter,
                    Amount = money.Value,
                    Method = (TenderType)method.Value,
                    Settlement = settlement,
                    MerchantTransactionId = transactionId,
                    SettlementBatchId = batch,
                    Location = location,
                    PostingDate = date.Value,
                }
                : new RefundIssued
                {
                    EventId = eventId,
                    Source = source,
                    ReceivedAt = options.ReceivedAt,
                    LegalEntity = legalEntity,
                    RefundId = transactionId!,
                    Account = account.Value,
                    Recipient = RefundRecipient.Patient,
                    Amount = money.Value,
                    Method = (TenderType)method.Value,
                    IssueDate = date.Value,
                    Reason = reason,
                    OriginalPaymentReference = original,
                };
            return result with { Event = e };
        }
        catch (CanonicalModelException ex)
        {
            fields.Diagnostics.Add(new Diagnostic(
                PaymentFeedDiagnosticCodes.MappingFailed,
                DiagnosticSeverity.Error,
                $"The record could not be turned into a canonical event ({ex.ErrorCode}).",
                RecordLocation(fields),
                isRecoverable: false));
            return result;
        }
    }

    private static readonly string[] Types = ["payment", "refund"];
    private static readonly string[] Methods = ["card", "ach", "cash", "check", "other"];
    private static readonly string[] Statuses = ["pending", "settled", "failed", "voided"];

    private PaymentTransactionType? ReadType(RecordFields fields)
    {
        var code = ReadCode(fields, FeedField.Type, Types, PaymentFeedDiagnosticCodes.UnknownTransactionType, "payment or refund");
        return code is { } c ? (PaymentTransactionType)c : null;
    }

    private int? ReadCode(RecordFields fields, FeedField field, string[] names, string unknownCode, string expected)
    {
        if (!Present(fields, field, required: true))
        {
            return null;
        }

        var text = fields[field].Text!;
        for (var i = 0; i < names.Length; i++)
        {
            if (text.Equals(names[i], StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        Add(fields, field, unknownCode, $"The {Name(field)} is not {expected}.");
        return null;
    }

    private string? ReadText(RecordFields fields, FeedField field, int maxLength)
    {
        if (!Present(fields, field, required: false))
        {
            return null;
        }

        var text = fields[field].Text!;
        if (!TextRules.IsUsableText(text, maxLength))
        {
            Unusable(fields, field, maxLength);
            return null;
        }

        return text;
    }

    private delegate bool TryParseId<T>(string? value, out T result);

    private T? ReadIdentifier<T>(RecordFields fields, FeedField field, bool required, TryParseId<T> parse)
        where T : struct
    {
        if (!Present(fields, field, required))
        {
            return null;
        }

        // The canonical identifiers refuse what the feed refuses: longer than 256 characters or control characters.
        if (!parse(fields[field].Text, out var id))
        {
            Unusable(fields, field, TextRules.MaxIdentifierLength);
            return null;
        }

        return id;
    }

    private decimal? ReadAmount(RecordFields fields, out bool isZero)
    {
        isZero = false;
        if (!Present(fields, FeedField.Amount, required: true))
        {
            return null;
        }

        var status = TextRules.ParseAmount(fields[FeedField.Amount].Text, out var value);
        var message = status switch
        {
            TextRules.AmountStatus.Valid => null,
            TextRules.AmountStatus.Zero => null,
            TextRules.AmountStatus.Signed => "The amount has a sign; amounts are positive (a refund is a record of type refund).",
            TextRules.AmountStatus.TooManyFractionDigits => "The amount has more than two fraction digits.",
            TextRules.AmountStatus.TooLarge => "The amount is too large.",
            _ => "The amount is not a decimal number: digits with an optional '.' and one or two fraction digits (no thousands separator, exponent or currency sign).",
        };
        if (message is not null)
        {
            Add(fields, FeedField.Amount, PaymentFeedDiagnosticCodes.InvalidAmount, message);
            return null;
        }

        if (status == TextRules.AmountStatus.Zero)
        {
            isZero = true;
            Add(fields, FeedField.Amount, PaymentFeedDiagnosticCodes.ZeroAmount, "The amount is zero; the record moves no money and yields no event.", DiagnosticSeverity.Warning);
        }

        return value;
    }

    private CurrencyCode? ReadCurrency(RecordFields fields)
    {
        ref var value = ref fields[FeedField.Currency];
        if (value.Reported)
        {
            return null;
        }

        if (value.InvalidUtf8)
        {
            Unusable(fields, FeedField.Currency, TextRules.MaxIdentifierLength);
            return null;
        }

        if (!value.HasText)
        {
            return options.DefaultCurrency;
        }

        if (!TextRules.TryParseCurrency(value.Text!, out var code))
        {
            Add(fields, FeedField.Currency, PaymentFeedDiagnosticCodes.InvalidCurrency, "The currency is not an ISO 4217 alphabetic code (three letters).");
            return null;
        }

        return new CurrencyCode(code);
    }

    private DateOnly? ReadDate(RecordFields fields)
    {
        if (!Present(fields, FeedField.PostingDate, required: true))
        {
            return null;
        }

        if (!TextRules.TryParseDate(fields[FeedField.PostingDate].Text, out var date))
        {
            Add(fields, FeedField.PostingDate, PaymentFeedDiagnosticCodes.InvalidDate, $"The {Name(FeedField.PostingDate)} is not a calendar date written yyyy-MM-dd.");
            return null;
        }

        return date;
    }

    /// <summary>Whether the field has text; reports invalid UTF-8, and a missing value when required.</summary>
    private bool Present(RecordFields fields, FeedField field, bool required)
    {
        ref var value = ref fields[field];
        if (value.Reported)
        {
            return false;
        }

        if (value.InvalidUtf8)
        {
            Unusable(fields, field, field == FeedField.Reason ? TextRules.MaxReasonLength : TextRules.MaxIdentifierLength);
            return false;
        }

        if (value.HasText)
        {
            return true;
        }

        if (required)
        {
            Missing(fields, field, "");
        }

        return false;
    }

    private void Missing(RecordFields fields, FeedField field, string note) =>
        Add(fields, field, PaymentFeedDiagnosticCodes.MissingRequiredField, $"The required field {Name(field)}{note} is missing or empty.");

    private void Unusable(RecordFields fields, FeedField field, int maxLength) =>
        Add(fields, field, PaymentFeedDiagnosticCodes.InvalidText, string.Create(
            CultureInfo.InvariantCulture,
            $"The {Name(field)} is not usable: it is longer than {maxLength} characters, has control characters, or is not valid UTF-8."));

    private static readonly FeedField[] NotForPayments = [FeedField.OriginalTransactionId, FeedField.Reason];
    private static readonly FeedField[] NotForRefunds = [FeedField.Encounter, FeedField.Invoice, FeedField.Location, FeedField.SettlementBatch];

    private static FeedField[] NotApplicableTo(PaymentTransactionType type) =>
        type == PaymentTransactionType.Payment ? NotForPayments : NotForRefunds;

    private void ReportNotApplicable(RecordFields fields, PaymentTransactionType type, FeedField[] candidates)
    {
        List<string>? names = null;
        var first = (FeedField)(-1);
        foreach (var field in candidates)
        {
            if (fields[field].HasText || fields[field].InvalidUtf8)
            {
                (names ??= []).Add(Name(field));
                if (first < 0)
                {
                    first = field;
                }
            }
        }

        if (names is null)
        {
            return;
        }

        var list = names.Count == 1 ? names[0] : string.Join(", ", names[..^1]) + " and " + names[^1];
        var verb = names.Count == 1 ? "does" : "do";
        var kindName = type == PaymentTransactionType.Payment ? "a payment" : "a refund";
        fields.Diagnostics.Add(new Diagnostic(
            PaymentFeedDiagnosticCodes.FieldNotApplicable,
            DiagnosticSeverity.Information,
            $"{(names.Count == 1 ? "The field" : "The fields")} {list} {verb} not apply to {kindName} and {(names.Count == 1 ? "is" : "are")} ignored.",
            FieldLocation(fields, first)));
    }

    private void CheckDuplicate(RecordFields fields, PaymentTransactionType type, string? transactionId, string eventId, string content, long duplicateKey)
    {
        if (_duplicates is null || _duplicates.TryAdd(eventId, TextRules.Fnv1a(content), duplicateKey, out var firstKey, out var sameContent))
        {
            return;
        }

        var first = kind == PaymentFeedKind.Json
            ? string.Create(CultureInfo.InvariantCulture, $"transactions[{firstKey}]")
            : string.Create(CultureInfo.InvariantCulture, $"line {firstKey}");
        var what = type == PaymentTransactionType.Refund
            ? "the same refund id as"
            : transactionId is null ? "no transaction id and the same content as" : "the same transaction id and status as";
        var tail = transactionId is null ? "." : sameContent ? ", with the same content." : ", with different content.";
        fields.Diagnostics.Add(new Diagnostic(
            PaymentFeedDiagnosticCodes.DuplicateTransaction,
            DiagnosticSeverity.Warning,
            $"The record has {what} the record at {first}{tail} Both carry the same event id; downstream idempotency keeps one.",
            transactionId is null ? RecordLocation(fields) : FieldLocation(fields, FeedField.TransactionId)));
    }

    private static string Content(
        PaymentTransactionType type, SettlementStatus status, PatientAccountNumber account, InvoiceId? invoice, EncounterId? encounter, Money amount,
        TenderType method, DateOnly date, string? location, string? batch, LegalEntityId? legalEntity, string? original, string? reason) =>
        string.Join(
            '\u001f',
            type == PaymentTransactionType.Payment ? "payment" : "refund",
            Statuses[(int)status],
            account.Value,
            invoice?.Value,
            encounter?.Value,
            amount.Amount.ToString("0.00", CultureInfo.InvariantCulture),
            amount.Currency.Value,
            Methods[(int)method],
            date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            location,
            batch,
            legalEntity?.Value,
            original,
            reason);

    private static string Hash(string content)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(content), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }

    private string Name(FeedField field) => FeedFields.Name(field, kind);

    private void Add(RecordFields fields, FeedField field, string code, string message, DiagnosticSeverity severity = DiagnosticSeverity.Error) =>
        fields.Diagnostics.Add(new Diagnostic(code, severity, message, FieldLocation(fields, field)));

    /// <summary>Where a field stands; a field the record lacks points at the record.</summary>
    public SourceLocation FieldLocation(RecordFields fields, FeedField field)
    {
        ref var value = ref fields[field];
        var path = fields.PathPrefix + Name(field);
        return value.Exists
            ? new SourceLocation { Path = path, LineNumber = value.Line, ElementPosition = value.Column, ByteOffset = value.ByteOffset }
            : new SourceLocation { Path = path, LineNumber = fields.Line, ByteOffset = fields.ByteOffset };
    }

    public static SourceLocation RecordLocation(RecordFields fields) =>
        new()
        {
            Path = fields.PathPrefix.Length > 0 ? fields.PathPrefix[..^1] : null,
            LineNumber = fields.Line,
            ByteOffset = fields.ByteOffset,
        };
}
