namespace HealthFinance.Canonical.Diagnostics;

/// <summary>
/// One finding of a parser, validator or mapper: a permanent code, a severity, a message and the
/// location it refers to. Codes never change meaning once published; docs/diagnostics.md lists them.
/// </summary>
public sealed record Diagnostic
{
    /// <summary>Creates a diagnostic.</summary>
    /// <param name="code">The permanent code, e.g. <c>X12-0101</c>.</param>
    /// <param name="severity">How serious the finding is.</param>
    /// <param name="message">A human-readable description; never contains raw field values (they may be PHI).</param>
    /// <param name="location">Where the finding was made.</param>
    /// <param name="isRecoverable"><see langword="true"/> when no data was lost by reading past the problem.</param>
    /// <exception cref="ArgumentException"><paramref name="code"/> or <paramref name="message"/> is empty.</exception>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public Diagnostic(string code, DiagnosticSeverity severity, string message, SourceLocation location, bool isRecoverable = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        ArgumentNullException.ThrowIfNull(location);
        Code = code;
        Severity = severity;
        Message = message;
        Location = location;
        IsRecoverable = isRecoverable;
    }

    /// <summary>The permanent code, e.g. <c>X12-0101</c>.</summary>
    public string Code { get; }

    /// <summary>How serious the finding is.</summary>
    public DiagnosticSeverity Severity { get; }

    /// <summary>A human-readable description of the finding.</summary>
    public string Message { get; }

    /// <summary>Where the finding was made.</summary>
    public SourceLocation Location { get; }

    /// <summary><see langword="true"/> when no data was lost by reading past the problem.</summary>
    public bool IsRecoverable { get; }

    /// <summary><see langword="true"/> when <see cref="Severity"/> is <see cref="DiagnosticSeverity.Error"/>.</summary>
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>Formats the diagnostic as <c>X12-0101 error: message Segment: 3 (ST) | Byte: 120.</c></summary>
    /// <returns>A one-line description.</returns>
    public override string ToString()
    {
        var where = Location.ToString();
        var sev = Severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            _ => "info",
        };
        return where.Length == 0 ? $"{Code} {sev}: {Message}" : $"{Code} {sev}: {Message} {where}.";
    }
}
