namespace HealthFinance.Canonical.Diagnostics;

/// <summary>How serious a <see cref="Diagnostic"/> is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Informational: nothing is wrong, but the reader may want to know.</summary>
    Information = 0,

    /// <summary>Something is unusual or non-conformant, but the data can still be used.</summary>
    Warning = 1,

    /// <summary>The data is invalid; the unit it belongs to must not be posted.</summary>
    Error = 2,
}
