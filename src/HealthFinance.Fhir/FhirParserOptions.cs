using HealthFinance.Canonical;

namespace HealthFinance.Fhir;

/// <summary>Options of <see cref="FhirParser"/> and <see cref="FhirControlTotals"/>.</summary>
public sealed record FhirParserOptions
{
    /// <summary>The default options (recoverable, USD).</summary>
    public static FhirParserOptions Default { get; } = new();

    /// <summary>How SDK deserialization issues are treated.</summary>
    /// <value>Defaults to <see cref="FhirDeserializationMode.Recoverable"/>.</value>
    public FhirDeserializationMode Mode { get; init; } = FhirDeserializationMode.Recoverable;

    /// <summary>The currency of amounts that state none (a FHIR Money without <c>currency</c>).</summary>
    /// <value>Defaults to <see cref="CurrencyCode.USD"/>.</value>
    public CurrencyCode DefaultCurrency { get; init; } = CurrencyCode.USD;

    /// <summary>The UTC offset of date-only and offset-less FHIR dateTime values.</summary>
    /// <value>Defaults to <see cref="TimeSpan.Zero"/>.</value>
    public TimeSpan DefaultOffset { get; init; }

    /// <summary>The file name recorded in every event's <see cref="SourceReference.FileName"/>, when known.</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public string? FileName { get; init; }
}
