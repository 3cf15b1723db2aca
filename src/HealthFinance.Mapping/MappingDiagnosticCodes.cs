namespace HealthFinance.Mapping;

/// <summary>
/// The permanent codes of every finding of the mapping package. A code never changes meaning once published.
/// </summary>
/// <remarks>
/// POST-00xx: a rule file cannot be loaded (each finding carries the file, JSON path, line and byte position).
/// POST-01xx: an event cannot be posted as the rules say, or posts nothing by design.
/// </remarks>
public static class MappingDiagnosticCodes
{
    /// <summary>POST-0001: a rule file cannot be read (missing file, access denied).</summary>
    public const string RuleFileUnreadable = "POST-0001";

    /// <summary>POST-0002: a rule file is not well-formed JSON, a value has the wrong JSON type, or a property is unknown.</summary>
    public const string RuleFileMalformed = "POST-0002";

    /// <summary>POST-0003: a required rule value is missing (version, effective date, table key, pattern side).</summary>
    public const string RuleValueMissing = "POST-0003";

    /// <summary>POST-0004: a rule value is invalid (unknown account role, unknown adjustment category, bad currency, empty date range).</summary>
    public const string RuleValueInvalid = "POST-0004";

    /// <summary>POST-0005: a reference-data row or pattern is defined twice (in one file or across the files of one rule set).</summary>
    public const string RuleDuplicate = "POST-0005";

    /// <summary>POST-0006: two files of one rule set version disagree on a header value (effective dates).</summary>
    public const string RuleHeaderConflict = "POST-0006";

    /// <summary>POST-0007: a posting pattern the engine needs, or one a table row names, is not defined.</summary>
    public const string RulePatternMissing = "POST-0007";

    /// <summary>POST-0008: the effective date ranges of two rule set versions overlap, so a date would choose two versions.</summary>
    public const string RuleVersionsOverlap = "POST-0008";

    /// <summary>POST-0101: no rule set version is in force on the accounting date of the event.</summary>
    public const string NoRuleSetInForce = "POST-0101";

    /// <summary>POST-0102: the legal entity cannot be resolved: no facility, provider or tax id row maps the event's organization.</summary>
    public const string LegalEntityUnmapped = "POST-0102";

    /// <summary>POST-0103: no payer row maps the payer and claim filing indicator to a payer class.</summary>
    public const string PayerUnmapped = "POST-0103";

    /// <summary>POST-0104: no revenue code or procedure code row maps a charge line to a service line.</summary>
    public const string ServiceCodeUnmapped = "POST-0104";

    /// <summary>POST-0105: no adjustment reason row maps a CAS group and reason code to an adjustment category.</summary>
    public const string AdjustmentReasonUnmapped = "POST-0105";

    /// <summary>POST-0106: no provider adjustment row maps a PLB reason code to a posting pattern.</summary>
    public const string ProviderAdjustmentUnmapped = "POST-0106";

    /// <summary>POST-0107 (information): a denied claim posts nothing at remittance time; it goes to the denial work queue.</summary>
    public const string DenialNotPosted = "POST-0107";

    /// <summary>POST-0108 (warning): a reversal's original payment is unknown; its cash effect goes to suspense.</summary>
    public const string ReversalOriginalUnknown = "POST-0108";

    /// <summary>POST-0109 (warning): a reversal does not negate its original exactly; its cash effect goes to suspense.</summary>
    public const string ReversalMismatch = "POST-0109";

    /// <summary>POST-0110 (information): the event has no general-ledger effect (status, acknowledgment, context, journal, failed payment, predetermination pricing).</summary>
    public const string NoLedgerEffect = "POST-0110";

    /// <summary>POST-0111 (information): the legal entity books revenue from another source, so this event books none.</summary>
    public const string NotRevenueSource = "POST-0111";

    /// <summary>POST-0112 (warning): a claim payment names a claim the posting history does not know; its cash effect goes to suspense.</summary>
    public const string ClaimUnknown = "POST-0112";

    /// <summary>POST-0113 (information): a prenotification or payment-only remittance carries nothing to post.</summary>
    public const string RemittanceNotPostable = "POST-0113";

    /// <summary>POST-0114 (warning): a denied claim carries a payment amount; the cash effect goes to suspense.</summary>
    public const string DenialWithPayment = "POST-0114";

    /// <summary>POST-0115: the event carries no date the accounting date can be taken from.</summary>
    public const string NoAccountingDate = "POST-0115";
}
