namespace HealthFinance.Idempotency.Lifecycle;

/// <summary>Where a claim stands in its revenue-cycle life (DOMAIN.md 1.8).</summary>
public enum ClaimState
{
    /// <summary>Sent to the payer (837).</summary>
    Submitted = 0,

    /// <summary>The functional group or transaction set was acknowledged (999/TA1 accepted).</summary>
    Acknowledged = 1,

    /// <summary>Accepted for adjudication (277CA category A1/A2).</summary>
    Accepted = 2,

    /// <summary>Rejected before adjudication (999 rejection or 277CA category A3/A4/A6/A7/A8).</summary>
    Rejected = 3,

    /// <summary>Adjudicated and paid in full (835 CLP02 1/2/3 with payment equal to the allowed amount).</summary>
    Paid = 4,

    /// <summary>Adjudicated and paid in part.</summary>
    PartiallyPaid = 5,

    /// <summary>Adjudicated and denied (835 CLP02 4).</summary>
    Denied = 6,

    /// <summary>A prior adjudication was reversed (835 CLP02 22).</summary>
    Reversed = 7,

    /// <summary>Replaced by a corrected claim (837 CLM05-3 = 7) or a corrected adjudication.</summary>
    Corrected = 8,

    /// <summary>The payment was reconciled with the deposit; the claim is closed.</summary>
    Settled = 9,
}
