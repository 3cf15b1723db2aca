using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;
using Hl7.Fhir.Model;

namespace HealthFinance.Fhir;

/// <summary>The outcome of parsing and mapping one FHIR JSON document (a resource or a Bundle).</summary>
public sealed record FhirParseResult
{
    /// <summary>The deserialized resource (possibly partial in recoverable mode), or <see langword="null"/> when the input is unreadable.</summary>
    public Resource? Resource { get; init; }

    /// <summary>The canonical events, in input order; empty when the document has an SDK error in strict mode.</summary>
    public required IReadOnlyList<CanonicalEvent> Events { get; init; }

    /// <summary>The findings, in input order.</summary>
    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }

    /// <summary>Whether any finding is an error.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
