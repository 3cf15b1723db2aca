using System.Text.Json.Serialization;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.Canonical;

/// <summary>The kind of source a canonical event was produced from.</summary>
[JsonConverter(typeof(CanonicalEnumConverter<SourceFormat>))]
public enum SourceFormat
{
    /// <summary>An X12 EDI transaction (837, 835, 277CA...). JSON <c>x12</c>.</summary>
    X12 = 1,

    /// <summary>An HL7 v2 message (DFT, BAR, ADT). JSON <c>hl7v2</c>.</summary>
    Hl7v2 = 2,

    /// <summary>A FHIR R4 resource (ChargeItem, Claim, ClaimResponse...). JSON <c>fhir</c>.</summary>
    Fhir = 3,

    /// <summary>A payment gateway, lockbox or portal feed. JSON <c>payment</c>.</summary>
    Payment = 4,

    /// <summary>Entered by a person or produced by this product (e.g. journals). JSON <c>manual</c>.</summary>
    Manual = 5,
}
