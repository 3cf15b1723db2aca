using System.Text.Json.Serialization;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.Canonical.Events;

/// <summary>The CAS01 claim adjustment group code.</summary>
[JsonConverter(typeof(CanonicalEnumConverter<AdjustmentGroupCode>))]
public enum AdjustmentGroupCode
{
    /// <summary><c>CO</c>: contractual obligation; written off, not billed to the patient.</summary>
    [JsonStringEnumMemberName("CO")]
    ContractualObligation = 0,

    /// <summary><c>OA</c>: other adjustment, when no other group applies.</summary>
    [JsonStringEnumMemberName("OA")]
    OtherAdjustment = 1,

    /// <summary><c>PI</c>: payer-initiated reduction.</summary>
    [JsonStringEnumMemberName("PI")]
    PayerInitiatedReduction = 2,

    /// <summary><c>PR</c>: patient responsibility (deductible, coinsurance, copay).</summary>
    [JsonStringEnumMemberName("PR")]
    PatientResponsibility = 3,

    /// <summary><c>CR</c>: correction or reversal (4010 only; 5010 repeats the original group codes).</summary>
    [JsonStringEnumMemberName("CR")]
    CorrectionOrReversal = 4,
}
