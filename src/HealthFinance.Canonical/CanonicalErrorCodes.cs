namespace HealthFinance.Canonical;

/// <summary>
/// The permanent error codes carried by the <c>ErrorCode</c> property of every exception this package throws.
/// A code never changes meaning once published; docs/canonical-model.md lists them.
/// </summary>
public static class CanonicalErrorCodes
{
    /// <summary>An identifier is empty, whitespace only or contains control characters.</summary>
    public const string InvalidIdentifier = "CAN-0001";

    /// <summary>A currency code is not three uppercase ASCII letters (ISO 4217 alpha-3).</summary>
    public const string InvalidCurrencyCode = "CAN-0002";

    /// <summary>An NPI is not ten digits or fails its Luhn check digit.</summary>
    public const string InvalidNpi = "CAN-0003";

    /// <summary>A tax identifier is not nine digits.</summary>
    public const string InvalidTaxId = "CAN-0004";

    /// <summary>Two amounts that must share one currency do not.</summary>
    public const string CurrencyMismatch = "CAN-0010";

    /// <summary>A value violates an invariant of a canonical object (negative units, empty line list, undefined enum value...).</summary>
    public const string InvalidValue = "CAN-0020";

    /// <summary>A journal entry's debits and credits differ for one currency and legal entity.</summary>
    public const string UnbalancedJournal = "CAN-0030";

    /// <summary>A JSON document declares a <c>schemaVersion</c> this version of the package cannot read.</summary>
    public const string UnsupportedSchemaVersion = "CAN-0040";

    /// <summary>A JSON document has no <c>schemaVersion</c> property.</summary>
    public const string MissingSchemaVersion = "CAN-0041";

    /// <summary>A JSON document is malformed or does not have the shape of a canonical event.</summary>
    public const string InvalidJson = "CAN-0042";

    /// <summary>A JSON document is well formed but describes an object that violates a model invariant.</summary>
    public const string InvalidJsonContent = "CAN-0043";
}
