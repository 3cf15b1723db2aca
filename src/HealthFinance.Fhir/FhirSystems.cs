namespace HealthFinance.Fhir;

/// <summary>
/// The code systems, identifier systems and extension URLs this package reads and writes. Standard systems come
/// first; the package's own (under <see cref="Base"/>) carry the X12 values FHIR R4 has no element for, so that a
/// canonical claim payment survives the way to FHIR and back.
/// </summary>
public static class FhirSystems
{
    /// <summary>The base of the package's own systems and extensions.</summary>
    public const string Base = "https://github.com/healthfinance/HealthFinance.Canonical/fhir";

    /// <summary>National Provider Identifier (US NPI).</summary>
    public const string Npi = "http://hl7.org/fhir/sid/us-npi";

    /// <summary>US employer/taxpayer identification number (EIN/TIN).</summary>
    public const string TaxId = "urn:oid:2.16.840.1.113883.4.4";

    /// <summary>The FHIR adjudication category code system (submitted, eligible, benefit, copay, deductible, ...).</summary>
    public const string Adjudication = "http://terminology.hl7.org/CodeSystem/adjudication";

    /// <summary>The FHIR claim type code system (institutional, oral, pharmacy, professional, vision).</summary>
    public const string ClaimType = "http://terminology.hl7.org/CodeSystem/claim-type";

    /// <summary>The FHIR payment type code system of PaymentReconciliation details (payment, adjustment, advance).</summary>
    public const string PaymentType = "http://terminology.hl7.org/CodeSystem/payment-type";

    /// <summary>X12 Claim Adjustment Reason Codes (CARC).</summary>
    public const string ClaimAdjustmentReason = "https://x12.org/codes/claim-adjustment-reason-codes";

    /// <summary>CPT.</summary>
    public const string Cpt = "http://www.ama-assn.org/go/cpt";

    /// <summary>HCPCS Level II.</summary>
    public const string Hcpcs = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";

    /// <summary>ICD-10-PCS.</summary>
    public const string Icd10Pcs = "http://www.cms.gov/Medicare/Coding/ICD10";

    /// <summary>NDC.</summary>
    public const string Ndc = "http://hl7.org/fhir/sid/ndc";

    /// <summary>NUBC revenue codes.</summary>
    public const string RevenueCode = "https://www.nubc.org/CodeSystem/RevenueCodes";

    /// <summary>The X12 claim adjustment group codes CO, OA, PI, PR and CR (an adjudication category).</summary>
    public const string ClaimAdjustmentGroup = Base + "/CodeSystem/claim-adjustment-group";

    /// <summary>The package's adjudication totals: <c>patient-responsibility</c> (CLP05) and <c>interest</c> (AMT*I).</summary>
    public const string CanonicalAdjudication = Base + "/CodeSystem/adjudication";

    /// <summary>The provider's claim identifier (patient control number, 837 CLM01 / 835 CLP01).</summary>
    public const string PatientControlNumber = Base + "/NamingSystem/patient-control-number";

    /// <summary>The payer identifier (835 N1*PR / TRN03).</summary>
    public const string PayerId = Base + "/NamingSystem/payer-id";

    /// <summary>The check or EFT trace number (835 TRN02).</summary>
    public const string TraceNumber = Base + "/NamingSystem/trace-number";

    /// <summary>The provider identifier of a provider-level adjustment (835 PLB01).</summary>
    public const string ProviderId = Base + "/NamingSystem/provider-id";

    /// <summary>Extension (code): the 835 claim status code CLP02.</summary>
    public const string ClaimStatusExtension = Base + "/StructureDefinition/claim-status-code";

    /// <summary>Extension (code): the claim filing indicator CLP06.</summary>
    public const string ClaimFilingIndicatorExtension = Base + "/StructureDefinition/claim-filing-indicator";

    /// <summary>Extension (code): the facility type code CLP08.</summary>
    public const string FacilityTypeExtension = Base + "/StructureDefinition/facility-type-code";

    /// <summary>Extension (code): the claim frequency code CLP09.</summary>
    public const string ClaimFrequencyExtension = Base + "/StructureDefinition/claim-frequency-code";

    /// <summary>Extension (string): the line item control number REF*6R of an item.</summary>
    public const string LineItemControlNumberExtension = Base + "/StructureDefinition/line-item-control-number";

    /// <summary>Extension (code): the payment handling code BPR01.</summary>
    public const string PaymentHandlingExtension = Base + "/StructureDefinition/payment-handling-code";

    /// <summary>Extension (code): the credit/debit flag BPR03.</summary>
    public const string CreditDebitExtension = Base + "/StructureDefinition/credit-debit-flag";

    /// <summary>Extension (code): the payment method BPR04.</summary>
    public const string PaymentMethodExtension = Base + "/StructureDefinition/payment-method";

    /// <summary>Extension (string): the originating company identifier TRN03.</summary>
    public const string OriginatingCompanyExtension = Base + "/StructureDefinition/originating-company-id";

    /// <summary>Extension (string): the originating company supplemental code TRN04.</summary>
    public const string OriginatingCompanySupplementalExtension = Base + "/StructureDefinition/originating-company-supplemental-code";

    /// <summary>Extension (string): the payee tax identifier of a PaymentReconciliation.</summary>
    public const string PayeeTaxIdExtension = Base + "/StructureDefinition/payee-tax-id";

    /// <summary>Extension (code): the provider adjustment reason code (PLB03-1) of a PaymentReconciliation detail.</summary>
    public const string ProviderAdjustmentReasonExtension = Base + "/StructureDefinition/provider-adjustment-reason";
}
