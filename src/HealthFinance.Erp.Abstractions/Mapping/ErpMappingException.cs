using HealthFinance.Canonical.Diagnostics;

namespace HealthFinance.Erp;

/// <summary>Thrown when a ledger mapping cannot be used; <see cref="Diagnostics"/> lists every problem with its JSON path.</summary>
public sealed class ErpMappingException : ErpException
{
    /// <summary>Creates the exception with no findings.</summary>
    public ErpMappingException()
        : this([])
    {
    }

    /// <summary>Creates the exception with a message and no findings.</summary>
    /// <param name="message">Describes the problem.</param>
    public ErpMappingException(string message)
        : base(ErpErrorCodes.MappingValueInvalid, message, isTransient: false)
    {
        Diagnostics = [];
    }

    /// <summary>Creates the exception with a message, an inner exception and no findings.</summary>
    /// <param name="message">Describes the problem.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public ErpMappingException(string message, Exception? innerException)
        : base(ErpErrorCodes.MappingValueInvalid, message, isTransient: false, isAmbiguous: false, innerException)
    {
        Diagnostics = [];
    }

    /// <summary>Creates the exception from the findings of a mapping check.</summary>
    /// <param name="diagnostics">The findings; the first one's code becomes <see cref="ErpException.ErrorCode"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="diagnostics"/> is <see langword="null"/>.</exception>
    public ErpMappingException(IReadOnlyList<Diagnostic> diagnostics)
        : base(
            diagnostics is { Count: > 0 } ? diagnostics[0].Code : ErpErrorCodes.MappingValueInvalid,
            "The ledger mapping cannot be used: " + string.Join(" ", (diagnostics ?? throw new ArgumentNullException(nameof(diagnostics))).Select(d => d.ToString())),
            isTransient: false)
    {
        Diagnostics = diagnostics;
    }

    /// <summary>Every problem found, each with its code and JSON path.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}
