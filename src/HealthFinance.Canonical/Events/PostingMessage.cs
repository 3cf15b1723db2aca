using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Internal;

namespace HealthFinance.Canonical.Events;

/// <summary>One message returned by an ERP about a posting.</summary>
public sealed record PostingMessage
{
    /// <summary>How serious the message is.</summary>
    /// <exception cref="CanonicalModelException">The value is undefined.</exception>
    public required DiagnosticSeverity Severity { get; init => field = Guard.Defined(value); }

    /// <summary>The ERP's message code, when it has one.</summary>
    public string? Code { get; init => field = Guard.OptionalText(value); }

    /// <summary>The message text.</summary>
    /// <exception cref="CanonicalModelException">The value is empty.</exception>
    public required string Text { get; init => field = Guard.Text(value); }

    /// <summary>The 0-based index of the journal line the message refers to, when it refers to one.</summary>
    /// <exception cref="CanonicalModelException">The value is negative.</exception>
    public int? LineIndex { get; init => field = value is { } v ? (int)Guard.NonNegative(v) : null; }
}
