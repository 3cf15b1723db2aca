namespace HealthFinance.Fhir;

/// <summary>How the Firely SDK's deserialization issues are treated.</summary>
public enum FhirDeserializationMode
{
    /// <summary>
    /// For ingestion: every SDK issue (unknown element, invalid code, missing required element, bad literal) becomes a
    /// warning <see cref="FhirDiagnosticCodes.SdkIssue"/> finding with its position, and the data the SDK kept is mapped.
    /// Only unreadable JSON and unknown resource types are errors.
    /// </summary>
    Recoverable = 0,

    /// <summary>For validation: any SDK issue is an error finding and the document maps to no canonical event.</summary>
    Strict = 1,
}
