namespace HealthFinance.TestUtilities.Generation;

/// <summary>What <see cref="RevenueCycleGenerator"/> wrote.</summary>
public sealed record RevenueCycleSummary
{
    /// <summary>Claims in the 837 (CLM).</summary>
    public long Claims { get; init; }

    /// <summary>837 transaction sets.</summary>
    public long ClaimTransactions { get; init; }

    /// <summary>837 segments, ISA to IEA.</summary>
    public long ClaimSegments { get; init; }

    /// <summary>837 bytes.</summary>
    public long ClaimBytes { get; init; }

    /// <summary>835 transaction sets.</summary>
    public long RemittanceTransactions { get; init; }

    /// <summary>Claim payments in the 835 (CLP): every claim once, plus each reversal and its correction.</summary>
    public long ClaimPayments { get; init; }

    /// <summary>Claims paid (CLP02 1) with a contractual adjustment only.</summary>
    public long Paid { get; init; }

    /// <summary>Claims paid (CLP02 1) with patient responsibility (CAS PR) besides the contractual adjustment.</summary>
    public long PartiallyPaid { get; init; }

    /// <summary>Claims denied (CLP02 4).</summary>
    public long Denied { get; init; }

    /// <summary>Reversals (CLP02 22) of a payment in an earlier transaction set.</summary>
    public long Reversals { get; init; }

    /// <summary>Corrections (CLP02 1, REF*F8) right after each reversal.</summary>
    public long Corrections { get; init; }

    /// <summary>PLB L6 interest adjustments (each matched by an AMT*I on one claim).</summary>
    public long InterestAdjustments { get; init; }

    /// <summary>PLB WO recoupments of an earlier claim's overpayment.</summary>
    public long Recoupments { get; init; }

    /// <summary>835 segments, ISA to IEA.</summary>
    public long RemittanceSegments { get; init; }

    /// <summary>835 bytes.</summary>
    public long RemittanceBytes { get; init; }

    /// <summary>Σ BPR02 over the 835.</summary>
    public decimal TotalPayment { get; init; }
}
