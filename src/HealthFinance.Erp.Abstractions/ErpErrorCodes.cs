namespace HealthFinance.Erp;

/// <summary>
/// The permanent codes of the ERP packages. A code never changes meaning once published; docs/diagnostics.md lists them.
/// </summary>
/// <remarks>
/// ERP-00xx: journals an adapter cannot take as they are. ERP-001x: ledger mapping files. ERP-002x: applying a
/// mapping to a line. ERP-003x: talking to an ERP. ERP-004x: driving an adapter. ERP-005x: file export.
/// </remarks>
public static class ErpErrorCodes
{
    /// <summary>ERP-0001: a journal has more lines than the adapter accepts and cannot be cut into balanced parts within the limit.</summary>
    public const string JournalCannotBeSplit = "ERP-0001";

    /// <summary>ERP-0010: a ledger mapping file cannot be read (missing file, access denied).</summary>
    public const string MappingUnreadable = "ERP-0010";

    /// <summary>ERP-0011: a ledger mapping file is not well-formed JSON, a value has the wrong JSON type, or a property is unknown.</summary>
    public const string MappingMalformed = "ERP-0011";

    /// <summary>ERP-0012: a required ledger mapping value is missing (ledger, segment name or source, account).</summary>
    public const string MappingValueMissing = "ERP-0012";

    /// <summary>ERP-0013: a ledger mapping value is invalid (unknown segment source, unknown role, a constant without a value).</summary>
    public const string MappingValueInvalid = "ERP-0013";

    /// <summary>ERP-0014: a segment takes a high-cardinality value (claim id, patient account, trace number), which must never be a general-ledger segment.</summary>
    public const string MappingHighCardinalitySegment = "ERP-0014";

    /// <summary>ERP-0015: a ledger mapping row is defined twice (an account for the same role and legal entity, a segment name).</summary>
    public const string MappingDuplicate = "ERP-0015";

    /// <summary>ERP-0020: a line's role has no account in the ledger mapping and the line carries no account code.</summary>
    public const string AccountUnmapped = "ERP-0020";

    /// <summary>ERP-0021: a line lacks the value a segment takes and the segment has no default.</summary>
    public const string SegmentValueMissing = "ERP-0021";

    /// <summary>ERP-0022: a line's value has no row in the segment's value map and the segment has no default.</summary>
    public const string SegmentValueUnmapped = "ERP-0022";

    /// <summary>ERP-0023: a segment value contains the delimiter of the account display value, which would make the display value ambiguous.</summary>
    public const string SegmentValueHasDelimiter = "ERP-0023";

    /// <summary>ERP-0030: the ERP did not confirm the outcome (timeout, connection lost after the request was sent); the posting may have committed. Transient and ambiguous.</summary>
    public const string OutcomeUnknown = "ERP-0030";

    /// <summary>ERP-0031: the ERP is unavailable or throttling (connection refused, 429, 503); nothing was committed. Transient.</summary>
    public const string Unavailable = "ERP-0031";

    /// <summary>ERP-0032: the ERP refused the request as a whole (authentication, authorization, malformed request). Permanent.</summary>
    public const string RequestRefused = "ERP-0032";

    /// <summary>ERP-0040: an adapter did not return exactly one acknowledgment per journal of the batch.</summary>
    public const string AcknowledgmentMismatch = "ERP-0040";

    /// <summary>ERP-0041: a posting's outcome is unknown and the adapter can neither look it up nor deduplicate a resubmission; it is left in doubt, not resubmitted.</summary>
    public const string OutcomeInDoubt = "ERP-0041";

    /// <summary>ERP-0042: a journal still failed transiently after the configured number of attempts; nothing was committed and it may be resubmitted later.</summary>
    public const string AttemptsExhausted = "ERP-0042";

    /// <summary>ERP-0050: the export folder cannot be written or locked right now (I/O error, another writer holds the lock). Transient.</summary>
    public const string OutputUnavailable = "ERP-0050";

    /// <summary>ERP-0051: the manifest of posted keys beside an export cannot be read. Permanent until repaired.</summary>
    public const string ManifestCorrupt = "ERP-0051";

    /// <summary>ERP-0052: an idempotency key was already posted with different content; the second journal is rejected, not written.</summary>
    public const string KeyConflict = "ERP-0052";
}
