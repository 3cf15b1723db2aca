namespace HealthFinance.X12.Validation;

/// <summary>What was found for one interchange (ISA … IEA): its header values, groups and TA1-level errors.</summary>
public sealed class X12InterchangeReport
{
    private readonly List<X12GroupReport> _groups = [];
    private readonly List<string> _noteCodes = [];

    internal X12InterchangeReport(long segmentIndex, X12Delimiters delimiters)
    {
        SegmentIndex = segmentIndex;
        Delimiters = delimiters;
    }

    /// <summary>The 0-based index of the ISA segment in the input.</summary>
    public long SegmentIndex { get; }

    /// <summary>The delimiters the interchange declared.</summary>
    public X12Delimiters Delimiters { get; }

    /// <summary>ISA05, the sender ID qualifier.</summary>
    public string SenderQualifier { get; internal set; } = "";

    /// <summary>ISA06, the sender ID (trimmed).</summary>
    public string SenderId { get; internal set; } = "";

    /// <summary>ISA07, the receiver ID qualifier.</summary>
    public string ReceiverQualifier { get; internal set; } = "";

    /// <summary>ISA08, the receiver ID (trimmed).</summary>
    public string ReceiverId { get; internal set; } = "";

    /// <summary>ISA09, the interchange date (YYMMDD).</summary>
    public string Date { get; internal set; } = "";

    /// <summary>ISA10, the interchange time (HHMM).</summary>
    public string Time { get; internal set; } = "";

    /// <summary>ISA12, the interchange control version number (e.g. <c>00501</c>).</summary>
    public string Version { get; internal set; } = "";

    /// <summary>ISA13, the interchange control number.</summary>
    public string ControlNumber { get; internal set; } = "";

    /// <summary>ISA15, the usage indicator (<c>P</c> production, <c>T</c> test, <c>I</c> information).</summary>
    public string UsageIndicator { get; internal set; } = "";

    /// <summary><see langword="true"/> when the IEA trailer was seen.</summary>
    public bool HasTrailer { get; internal set; }

    /// <summary>The functional groups of the interchange, in input order.</summary>
    public IReadOnlyList<X12GroupReport> Groups => _groups;

    /// <summary>TA1 interchange note codes (TA105, e.g. <c>001</c>) for the envelope errors found; empty when none.</summary>
    public IReadOnlyList<string> NoteCodes => _noteCodes;

    /// <summary><see langword="true"/> when the interchange envelope has no errors (TA104 = A).</summary>
    public bool IsEnvelopeValid => _noteCodes.Count == 0;

    internal void AddGroup(X12GroupReport group) => _groups.Add(group);

    internal void AddNoteCode(string code)
    {
        if (!_noteCodes.Contains(code))
        {
            _noteCodes.Add(code);
        }
    }
}

/// <summary>What was found for one functional group (GS … GE): its header values, transaction sets and AK9 codes.</summary>
public sealed class X12GroupReport
{
    private readonly List<X12TransactionReport> _transactions = [];
    private readonly List<string> _errorCodes = [];

    internal X12GroupReport(long segmentIndex) => SegmentIndex = segmentIndex;

    /// <summary>The 0-based index of the GS segment in the input.</summary>
    public long SegmentIndex { get; }

    /// <summary>GS01, the functional identifier code (e.g. <c>HP</c> for 835, <c>HC</c> for 837).</summary>
    public string FunctionalIdentifierCode { get; internal set; } = "";

    /// <summary>GS02, the application sender's code.</summary>
    public string SenderCode { get; internal set; } = "";

    /// <summary>GS03, the application receiver's code.</summary>
    public string ReceiverCode { get; internal set; } = "";

    /// <summary>GS06, the group control number.</summary>
    public string ControlNumber { get; internal set; } = "";

    /// <summary>GS08, the version / release / industry identifier code (e.g. <c>005010X221A1</c>).</summary>
    public string Version { get; internal set; } = "";

    /// <summary><see langword="true"/> when the GE trailer was seen.</summary>
    public bool HasTrailer { get; internal set; }

    /// <summary>The transaction sets of the group, in input order.</summary>
    public IReadOnlyList<X12TransactionReport> Transactions => _transactions;

    /// <summary>AK9 functional group syntax error codes (AK905–AK909) found; empty when none.</summary>
    public IReadOnlyList<string> ErrorCodes => _errorCodes;

    /// <summary>The number of transaction sets that have no errors.</summary>
    public int AcceptedTransactionCount => _transactions.Count(t => t.IsAccepted);

    internal void AddTransaction(X12TransactionReport transaction) => _transactions.Add(transaction);

    internal void AddErrorCode(string code)
    {
        if (!_errorCodes.Contains(code))
        {
            _errorCodes.Add(code);
        }
    }
}

/// <summary>What was found for one transaction set (ST … SE): its identifiers, segment errors and IK5 codes.</summary>
public sealed class X12TransactionReport
{
    private readonly List<X12SegmentError> _segmentErrors = [];
    private readonly List<string> _errorCodes = [];

    internal X12TransactionReport(long segmentIndex) => SegmentIndex = segmentIndex;

    /// <summary>The 0-based index of the ST segment in the input.</summary>
    public long SegmentIndex { get; }

    /// <summary>ST01, the transaction set identifier code (e.g. <c>835</c>).</summary>
    public string TransactionSetId { get; internal set; } = "";

    /// <summary>ST02, the transaction set control number.</summary>
    public string ControlNumber { get; internal set; } = "";

    /// <summary>ST03, the implementation convention reference (e.g. <c>005010X221A1</c>), empty when absent.</summary>
    public string ImplementationReference { get; internal set; } = "";

    /// <summary>The number of segments from ST to SE inclusive, as counted.</summary>
    public int SegmentCount { get; internal set; }

    /// <summary><see langword="true"/> when the SE trailer was seen.</summary>
    public bool HasTrailer { get; internal set; }

    /// <summary>Segment-level errors (999 IK3, with IK4 element detail), in input order.</summary>
    public IReadOnlyList<X12SegmentError> SegmentErrors => _segmentErrors;

    /// <summary>IK5 transaction set syntax error codes (IK502–IK506) found; empty when none.</summary>
    public IReadOnlyList<string> ErrorCodes => _errorCodes;

    /// <summary><see langword="true"/> when the transaction set has no errors (IK501 = A).</summary>
    public bool IsAccepted => _errorCodes.Count == 0 && _segmentErrors.Count == 0;

    /// <summary>The number of segment errors dropped because <see cref="X12ValidatorOptions.MaxSegmentErrorsPerTransaction"/> was reached.</summary>
    public int SuppressedSegmentErrors { get; internal set; }

    internal void AddSegmentError(X12SegmentError error, int max)
    {
        if (_segmentErrors.Count >= max)
        {
            SuppressedSegmentErrors++;
            return;
        }

        _segmentErrors.Add(error);
    }

    internal void AddErrorCode(string code)
    {
        if (!_errorCodes.Contains(code))
        {
            _errorCodes.Add(code);
        }
    }
}

/// <summary>A segment-level error as reported in a 999 IK3 segment.</summary>
/// <param name="SegmentId">IK301, the segment identifier.</param>
/// <param name="PositionInTransaction">IK302, the 1-based position of the segment in the transaction set (ST = 1).</param>
/// <param name="SyntaxErrorCode">IK304, the segment syntax error code (e.g. <c>8</c> = segment has data element errors).</param>
/// <param name="ElementErrors">The IK4 element errors of the segment.</param>
public sealed record X12SegmentError(string SegmentId, int PositionInTransaction, string SyntaxErrorCode, IReadOnlyList<X12ElementError> ElementErrors);

/// <summary>An element-level error as reported in a 999 IK4 segment.</summary>
/// <param name="ElementPosition">IK401-1, the 1-based element position in the segment.</param>
/// <param name="ComponentPosition">IK401-2, the 1-based component position, when the error is in a component.</param>
/// <param name="RepetitionPosition">IK401-3, the 1-based repetition, when the element repeats.</param>
/// <param name="SyntaxErrorCode">IK403, the data element syntax error code (e.g. <c>1</c> = required data element missing).</param>
public sealed record X12ElementError(int ElementPosition, int? ComponentPosition, int? RepetitionPosition, string SyntaxErrorCode);
