namespace HealthFinance.Validation;

/// <summary>The permanent codes of every pre-posting validation finding. A code never changes meaning once published.</summary>
/// <remarks>
/// VAL-00xx: a journal draft cannot be posted. VAL-01xx: the source event is not fit to post (835 balancing).
/// VAL-02xx: reconciliation variances.
/// </remarks>
public static class ValidationDiagnosticCodes
{
    /// <summary>VAL-0001: debits and credits of a journal differ for one legal entity and currency.</summary>
    public const string Unbalanced = "VAL-0001";

    /// <summary>VAL-0002: a line's role has no ERP account in its legal entity's chart of accounts (the missing row is named).</summary>
    public const string AccountUnmapped = "VAL-0002";

    /// <summary>VAL-0003: a line lacks a dimension its legal entity requires for its role.</summary>
    public const string DimensionMissing = "VAL-0003";

    /// <summary>VAL-0004: a journal holds amounts in more than one currency.</summary>
    public const string MixedCurrencies = "VAL-0004";

    /// <summary>VAL-0005: the accounting date falls in a closed period of the legal entity.</summary>
    public const string PeriodClosed = "VAL-0005";

    /// <summary>VAL-0006: a journal or line has no legal entity, or one its rule set does not define.</summary>
    public const string LegalEntityMissing = "VAL-0006";

    /// <summary>VAL-0007 (warning): a journal with this idempotency key was already accepted; the second booking is skipped.</summary>
    public const string DuplicatePosting = "VAL-0007";

    /// <summary>VAL-0008: a line amount is not positive, or a journal has no line.</summary>
    public const string InvalidLine = "VAL-0008";

    /// <summary>VAL-0009: the rule set version named by a journal is not loaded.</summary>
    public const string RuleSetUnknown = "VAL-0009";

    /// <summary>VAL-0101: an 835 does not balance: BPR02 differs from Σ CLP04 − Σ PLB.</summary>
    public const string RemittanceUnbalanced = "VAL-0101";

    /// <summary>VAL-0102: an 835 claim does not balance: CLP03 − Σ CAS (claim and service level) differs from CLP04.</summary>
    public const string ClaimUnbalanced = "VAL-0102";

    /// <summary>VAL-0103: an 835 service line does not balance: SVC02 − Σ CAS differs from SVC03.</summary>
    public const string ServiceUnbalanced = "VAL-0103";

    /// <summary>VAL-0104: BPR02 is negative, or zero without BPR01 = H (notification) or P (prenotification).</summary>
    public const string PaymentAmountInvalid = "VAL-0104";

    /// <summary>VAL-0201 (warning): billed, remitted and posted amounts of a claim, remittance or day differ; the cause is named.</summary>
    public const string ReconciliationVariance = "VAL-0201";
}
