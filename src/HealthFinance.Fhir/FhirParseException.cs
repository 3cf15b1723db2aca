using HealthFinance.Canonical.Diagnostics;

namespace HealthFinance.Fhir;

/// <summary>
/// Thrown when a FHIR JSON document cannot be read at all: malformed JSON, a root that is not an object, no or an
/// unknown <c>resourceType</c>. <see cref="Diagnostics"/> holds every such finding with its position.
/// </summary>
public sealed class FhirParseException : Exception
{
    /// <summary>Creates the exception from its findings.</summary>
    /// <param name="diagnostics">The error findings; at least one.</param>
    /// <exception cref="ArgumentException"><paramref name="diagnostics"/> is empty.</exception>
    public FhirParseException(IReadOnlyList<Diagnostic> diagnostics)
        : base(diagnostics is { Count: > 0 } ? diagnostics[0].ToString() : throw new ArgumentException("At least one finding is required.", nameof(diagnostics)))
    {
        Diagnostics = diagnostics;
        ErrorCode = diagnostics[0].Code;
    }

    /// <summary>The code of the first finding (a <see cref="FhirDiagnosticCodes"/> value).</summary>
    public string ErrorCode { get; }

    /// <summary>Every finding that made the document unreadable.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}
