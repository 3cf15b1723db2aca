namespace HealthFinance.Hl7v2;

/// <summary>
/// The permanent codes of every HL7 v2 finding (reader, parser, mapper, totals). A code never changes meaning once
/// published. <see cref="GetAckErrorCode(string)"/> gives the HL7 table 0357 code an ERR segment carries for each.
/// </summary>
/// <remarks>
/// HL7-00xx: the input is structurally unreadable (<see cref="Hl7v2ReaderException"/>, never recoverable).
/// HL7-01xx: a message is readable but a segment or field is wrong. HL7-02xx: the message as a whole is not processed.
/// HL7-03xx: a mapping rule of the canonical model is not met.
/// </remarks>
public static class Hl7v2DiagnosticCodes
{
    /// <summary>HL7-0000: unspecified reader failure (an exception built without a code).</summary>
    public const string Unspecified = "HL7-0000";

    /// <summary>HL7-0001: the input does not start with an MSH, FHS or BHS header (also empty input). ACK 100.</summary>
    public const string NoHeader = "HL7-0001";

    /// <summary>HL7-0002: a header segment ends before its encoding characters (MSH-2). ACK 100.</summary>
    public const string HeaderTruncated = "HL7-0002";

    /// <summary>
    /// HL7-0003: the field separator or an encoding character is a letter, digit, space or control byte, two are equal,
    /// or MSH-2 has more than 5 characters. ACK 102.
    /// </summary>
    public const string InvalidEncodingCharacters = "HL7-0003";

    /// <summary>HL7-0004: a segment is longer than <see cref="Hl7v2ReaderOptions.MaxSegmentLength"/>. ACK 100.</summary>
    public const string SegmentTooLong = "HL7-0004";

    /// <summary>
    /// HL7-0005: a segment identifier is not three upper-case letters or digits (e.g. a text line broken out of a field,
    /// or segments separated by something other than CR, LF or CRLF). ACK 100.
    /// </summary>
    public const string InvalidSegmentId = "HL7-0005";

    /// <summary>HL7-0006: an MLLP stream holds data outside a frame, a frame longer than the maximum, or ends inside a frame. ACK 100.</summary>
    public const string MllpFramingError = "HL7-0006";

    /// <summary>HL7-0101: a required field or component is empty (e.g. MSH-9, MSH-10, FT1-4, FT1-6, PID-18). ACK 101.</summary>
    public const string RequiredFieldMissing = "HL7-0101";

    /// <summary>HL7-0102: a field does not hold a value of its data type (a number, date or timestamp). ACK 102.</summary>
    public const string InvalidDataType = "HL7-0102";

    /// <summary>HL7-0103: a coded field holds a value outside its table (e.g. FT1-6 not CG, CD, PY, AJ or CO). ACK 103.</summary>
    public const string TableValueNotFound = "HL7-0103";

    /// <summary>HL7-0104: a segment appears where it is not allowed (e.g. FT1 before PID, BTS without BHS). ACK 100.</summary>
    public const string SegmentSequenceError = "HL7-0104";

    /// <summary>HL7-0105 (warning): a value holds a malformed escape sequence; it is kept verbatim. ACK 102.</summary>
    public const string InvalidEscapeSequence = "HL7-0105";

    /// <summary>HL7-0106 (warning): MSH-2 has fewer than 4 encoding characters; the missing delimiters are absent. ACK 102.</summary>
    public const string ShortEncodingCharacters = "HL7-0106";

    /// <summary>HL7-0107 (warning): a batch or file trailer count (BTS-1, FTS-1) differs from the number read. ACK 100.</summary>
    public const string BatchCountMismatch = "HL7-0107";

    /// <summary>HL7-0201 (information): the message type is readable but not a finance message this package maps. ACK 200.</summary>
    public const string UnsupportedMessageType = "HL7-0201";

    /// <summary>HL7-0202: MSH-12 is not an HL7 version from 2.3 to 2.8 (2.3.1, 2.5.1 and so on included). ACK 203.</summary>
    public const string UnsupportedVersion = "HL7-0202";

    /// <summary>HL7-0207: the message could not be mapped because of an unexpected failure; the message is not processed. ACK 207.</summary>
    public const string InternalError = "HL7-0207";

    /// <summary>HL7-0301: the charge lines of one message use more than one currency. ACK 102.</summary>
    public const string MixedCurrencies = "HL7-0301";

    /// <summary>HL7-0302 (warning): a payment or adjustment transaction has a zero amount and produces no event. ACK 102.</summary>
    public const string ZeroAmount = "HL7-0302";

    /// <summary>HL7-0303: an identifier or code is not usable in the canonical model (too long, control characters). ACK 102.</summary>
    public const string InvalidIdentifier = "HL7-0303";

    /// <summary>Returns the HL7 table 0357 (message error condition) code an ERR segment carries for a finding.</summary>
    /// <param name="code">A code of this class.</param>
    /// <returns>100 segment sequence error, 101 required field missing, 102 data type error, 103 table value not found,
    /// 200 unsupported message type, 203 unsupported version id, or 207 application internal error (also for unknown codes).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> is <see langword="null"/>.</exception>
    public static int GetAckErrorCode(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return code switch
        {
            NoHeader or HeaderTruncated or SegmentTooLong or MllpFramingError or InvalidSegmentId or SegmentSequenceError or BatchCountMismatch => 100,
            RequiredFieldMissing => 101,
            InvalidEncodingCharacters or InvalidDataType or InvalidEscapeSequence or ShortEncodingCharacters or MixedCurrencies
                or ZeroAmount or InvalidIdentifier => 102,
            TableValueNotFound => 103,
            UnsupportedMessageType => 200,
            UnsupportedVersion => 203,
            _ => 207,
        };
    }
}
