using System.Text.Json.Serialization;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.Canonical.Events;

/// <summary>The code system a charge, claim or service line code belongs to.</summary>
[JsonConverter(typeof(CanonicalEnumConverter<ChargeCodeSet>))]
public enum ChargeCodeSet
{
    /// <summary>CPT (AMA Current Procedural Terminology). JSON <c>cpt</c>.</summary>
    Cpt = 0,

    /// <summary>HCPCS Level II. JSON <c>hcpcs</c>.</summary>
    Hcpcs = 1,

    /// <summary>ICD-10-PCS inpatient procedure code. JSON <c>icd10Pcs</c>.</summary>
    Icd10Pcs = 2,

    /// <summary>NUBC revenue code. JSON <c>revenueCode</c>.</summary>
    RevenueCode = 3,

    /// <summary>National Drug Code. JSON <c>ndc</c>.</summary>
    Ndc = 4,

    /// <summary>A code from the provider's own charge master. JSON <c>local</c>.</summary>
    Local = 5,
}
