namespace HealthFinance.Payments;

/// <summary>
/// The permanent codes of every payment feed finding. A code never changes meaning once published; docs/diagnostics.md
/// lists them.
/// </summary>
/// <remarks>
/// PAY-00xx: the feed as a whole (detection, CSV header, JSON document, record size). PAY-01xx: a record's structure
/// (CSV quoting and field count, JSON shape). PAY-02xx: a field's value. PAY-03xx: the outcome of a readable record.
/// A record with an error finding yields no event. Messages name columns and properties, never their values.
/// </remarks>
public static class PaymentFeedDiagnosticCodes
{
    /// <summary>PAY-0001 (error): the input is empty or is not a payment feed (no CSV header naming <c>type</c>, <c>patient_account</c> and <c>amount</c>; no JSON transactions document or transaction object). Nothing is read.</summary>
    public const string NotAPaymentFeed = "PAY-0001";

    /// <summary>PAY-0002 (error): the CSV header lacks a required column (<c>type</c>, <c>patient_account</c>, <c>amount</c>, <c>method</c>, <c>status</c>, <c>posting_date</c>). No record is read.</summary>
    public const string MissingColumn = "PAY-0002";

    /// <summary>PAY-0003 (error): the CSV header names a feed column twice. No record is read.</summary>
    public const string DuplicateColumn = "PAY-0003";

    /// <summary>PAY-0004 (information): a CSV column or JSON property is not part of the feed format and is ignored (reported once per feed).</summary>
    public const string UnknownField = "PAY-0004";

    /// <summary>
    /// PAY-0005 (error): the JSON text is not well formed (position from the JSON reader). In a JSON document reading
    /// stops; in NDJSON the record is skipped and reading resumes at the next line that starts with <c>{</c>.
    /// </summary>
    public const string MalformedJson = "PAY-0005";

    /// <summary>PAY-0006 (error): the JSON document's root is not an object, it has no <c>transactions</c> property, or <c>transactions</c> is not an array.</summary>
    public const string InvalidJsonDocument = "PAY-0006";

    /// <summary>PAY-0007 (error): a record is longer than <see cref="PaymentFeedOptions.MaxRecordLength"/>; it is skipped and its bytes are not kept.</summary>
    public const string RecordTooLong = "PAY-0007";

    /// <summary>PAY-0101 (error): malformed CSV quoting: a quote inside an unquoted field, text after a closing quote, or a quoted field not closed before the end of the input or <see cref="PaymentFeedOptions.MaxRecordLength"/>. The record is its first line; reading resumes at the next line.</summary>
    public const string MalformedCsvQuoting = "PAY-0101";

    /// <summary>PAY-0102 (error): a CSV record has more or fewer fields than the header.</summary>
    public const string FieldCountMismatch = "PAY-0102";

    /// <summary>PAY-0103 (error): a transaction (an element of <c>transactions</c>, or an NDJSON value) is not a JSON object.</summary>
    public const string RecordNotAnObject = "PAY-0103";

    /// <summary>PAY-0104 (error): a JSON property has a value of the wrong JSON type (an object, array or boolean where a string or number belongs).</summary>
    public const string InvalidJsonValueType = "PAY-0104";

    /// <summary>PAY-0105 (error): a JSON transaction object has the same feed property twice.</summary>
    public const string DuplicateProperty = "PAY-0105";

    /// <summary>PAY-0201 (error): a required field is missing or empty (<c>type</c>, <c>patient_account</c>, <c>amount</c>, <c>method</c>, <c>status</c>, <c>posting_date</c>; <c>transaction_id</c> of a refund).</summary>
    public const string MissingRequiredField = "PAY-0201";

    /// <summary>PAY-0202 (error): <c>type</c> is neither <c>payment</c> nor <c>refund</c>.</summary>
    public const string UnknownTransactionType = "PAY-0202";

    /// <summary>PAY-0203 (error): <c>method</c> is not <c>card</c>, <c>ach</c>, <c>cash</c>, <c>check</c> or <c>other</c>.</summary>
    public const string UnknownMethod = "PAY-0203";

    /// <summary>PAY-0204 (error): <c>status</c> is not <c>pending</c>, <c>settled</c>, <c>failed</c> or <c>voided</c>.</summary>
    public const string UnknownStatus = "PAY-0204";

    /// <summary>PAY-0205 (error): <c>amount</c> is not a positive decimal with at most two fraction digits (<c>.</c> separator; no sign, exponent or thousands separator), or is too large.</summary>
    public const string InvalidAmount = "PAY-0205";

    /// <summary>PAY-0206 (warning): <c>amount</c> is zero; the record moves no money and yields no event.</summary>
    public const string ZeroAmount = "PAY-0206";

    /// <summary>PAY-0207 (error): <c>currency</c> is not an ISO 4217 alphabetic code.</summary>
    public const string InvalidCurrency = "PAY-0207";

    /// <summary>PAY-0208 (error): <c>posting_date</c> is not a calendar date written <c>yyyy-MM-dd</c>.</summary>
    public const string InvalidDate = "PAY-0208";

    /// <summary>PAY-0209 (error): an identifier or text is not usable: longer than 256 characters (1,024 for <c>reason</c>), control characters, or not valid UTF-8.</summary>
    public const string InvalidText = "PAY-0209";

    /// <summary>PAY-0210 (information): fields that do not apply to the record's type are ignored, their values unchecked (<c>original_transaction_id</c> and <c>reason</c> of a payment; <c>encounter</c>, <c>invoice</c>, <c>location</c> and <c>settlement_batch</c> of a refund).</summary>
    public const string FieldNotApplicable = "PAY-0210";

    /// <summary>PAY-0301 (information): a refund whose status is <c>failed</c> or <c>voided</c> moves no money and yields no event.</summary>
    public const string RefundMovesNoMoney = "PAY-0301";

    /// <summary>PAY-0302 (warning): the record has the identity of an earlier record of the same feed (the same transaction id and status; the same refund id; for a payment without transaction id, the same content). Its event has the same event id.</summary>
    public const string DuplicateTransaction = "PAY-0302";

    /// <summary>PAY-0399 (error): the record could not be turned into a canonical event because of an unexpected failure (the <c>CAN-xxxx</c> code is in the message).</summary>
    public const string MappingFailed = "PAY-0399";
}
