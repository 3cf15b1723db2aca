namespace HealthFinance.Fhir;

/// <summary>
/// The permanent codes of every FHIR finding (deserialization, mapping, totals). A code never changes meaning once
/// published; every code is listed in <c>docs/diagnostics.md</c>.
/// </summary>
/// <remarks>
/// FHIR-00xx: the input cannot be read as a FHIR resource (never recoverable). FHIR-01xx: the Firely SDK reported an
/// issue while deserializing. FHIR-02xx: a resource is read but maps to no canonical event, by design. FHIR-03xx: a
/// resource cannot be mapped, or is mapped with a reservation, because of its finance content.
/// </remarks>
public static class FhirDiagnosticCodes
{
    /// <summary>FHIR-0001: the input is not well-formed JSON (the message and position come from the JSON reader).</summary>
    public const string MalformedJson = "FHIR-0001";

    /// <summary>FHIR-0002: the input is empty, or its root is not a JSON object.</summary>
    public const string NotAResource = "FHIR-0002";

    /// <summary>FHIR-0003: a resource's <c>resourceType</c> is not a FHIR R4 resource type (SDK code PVAL130).</summary>
    public const string UnknownResourceType = "FHIR-0003";

    /// <summary>FHIR-0004: a resource has no <c>resourceType</c> property (SDK codes JSON102, JSON103).</summary>
    public const string MissingResourceType = "FHIR-0004";

    /// <summary>
    /// FHIR-0100: the Firely SDK reported an issue (its code, e.g. PVAL116 or JSON120, is quoted in the message).
    /// A warning in <see cref="FhirDeserializationMode.Recoverable"/> mode, where the data was kept; an error in
    /// <see cref="FhirDeserializationMode.Strict"/> mode, where the document maps to nothing.
    /// </summary>
    public const string SdkIssue = "FHIR-0100";

    /// <summary>FHIR-0201 (information): the resource type carries no finance event this package maps (e.g. CoverageEligibilityRequest).</summary>
    public const string ResourceTypeNotMapped = "FHIR-0201";

    /// <summary>FHIR-0202 (information): the resource (Patient, Coverage, Encounter) is read only to resolve references.</summary>
    public const string ReferenceOnlyResource = "FHIR-0202";

    /// <summary>
    /// FHIR-0203 (information): the resource's status or use says there is nothing to post (a draft or cancelled
    /// Invoice, a ChargeItem that is not billable, a resource entered in error, a pre-authorization Claim).
    /// </summary>
    public const string NothingToPost = "FHIR-0203";

    /// <summary>FHIR-0301: no claim identifier (Claim.identifier, the claim a response refers to, or the resource id).</summary>
    public const string ClaimIdMissing = "FHIR-0301";

    /// <summary>FHIR-0302: the billing provider has no valid NPI (an identifier of system http://hl7.org/fhir/sid/us-npi).</summary>
    public const string BillingProviderNpiMissing = "FHIR-0302";

    /// <summary>FHIR-0303: no payer (insurer, the focal coverage's payor, or the payment issuer).</summary>
    public const string PayerMissing = "FHIR-0303";

    /// <summary>FHIR-0304: no patient account (ChargeItem.account, Invoice.account, Account.identifier or id).</summary>
    public const string AccountMissing = "FHIR-0304";

    /// <summary>FHIR-0305: a required amount is missing (Claim total and item nets, ChargeItem.priceOverride, Invoice line prices, payment amount).</summary>
    public const string AmountMissing = "FHIR-0305";

    /// <summary>FHIR-0306: a required date is missing or is not a full date (service date, payment date).</summary>
    public const string DateMissing = "FHIR-0306";

    /// <summary>FHIR-0307: a required code is missing (ChargeItem.code, an Invoice line's charge item code).</summary>
    public const string CodeMissing = "FHIR-0307";

    /// <summary>FHIR-0310: an amount's currency is not an ISO 4217 alpha-3 code.</summary>
    public const string InvalidCurrency = "FHIR-0310";

    /// <summary>FHIR-0311 (warning): an amount states no currency; the configured default currency is used.</summary>
    public const string CurrencyDefaulted = "FHIR-0311";

    /// <summary>FHIR-0312: the amounts of one resource are in different currencies.</summary>
    public const string CurrencyMismatch = "FHIR-0312";

    /// <summary>FHIR-0313 (information): an amount carried more digits than its currency's minor unit and was rounded (away from zero at the midpoint).</summary>
    public const string AmountRounded = "FHIR-0313";

    /// <summary>
    /// FHIR-0320 (warning): an item's or claim's adjudication does not explain the difference between the charge and
    /// the benefit (no CARC-coded adjustment, no eligible percentage); the difference is left unadjusted for validation to flag.
    /// </summary>
    public const string AdjudicationUnexplained = "FHIR-0320";

    /// <summary>
    /// FHIR-0321 (warning): a PaymentReconciliation payment detail refers to no adjudication (ClaimResponse or
    /// ExplanationOfBenefit) in the input; the claim payment carries the detail amount as both charge and payment.
    /// </summary>
    public const string PaymentDetailWithoutAdjudication = "FHIR-0321";

    /// <summary>FHIR-0322 (warning): the claim type is not institutional, professional, oral, vision or pharmacy; the claim is mapped as professional.</summary>
    public const string ClaimTypeDefaulted = "FHIR-0322";

    /// <summary>FHIR-0399: a mapped value violates an invariant of the canonical model (the canonical code is quoted in the message).</summary>
    public const string CanonicalInvariant = "FHIR-0399";
}
