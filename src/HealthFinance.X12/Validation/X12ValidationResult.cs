using HealthFinance.Canonical.Diagnostics;

namespace HealthFinance.X12.Validation;

/// <summary>The outcome of validating an X12 input: findings, counts and the envelope structure found.</summary>
public sealed class X12ValidationResult
{
    internal X12ValidationResult(
        IReadOnlyList<Diagnostic> diagnostics,
        IReadOnlyList<X12InterchangeReport> interchanges,
        long errorCount,
        long warningCount,
        long suppressedDiagnostics,
        long segmentCount,
        long bytesRead)
    {
        Diagnostics = diagnostics;
        Interchanges = interchanges;
        ErrorCount = errorCount;
        WarningCount = warningCount;
        SuppressedDiagnostics = suppressedDiagnostics;
        SegmentCount = segmentCount;
        BytesRead = bytesRead;
    }

    /// <summary>The retained findings, in input order (see <see cref="X12ValidatorOptions.MaxRetainedDiagnostics"/>).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>The interchanges found, with their groups and transaction sets.</summary>
    public IReadOnlyList<X12InterchangeReport> Interchanges { get; }

    /// <summary>The number of error findings (including suppressed ones).</summary>
    public long ErrorCount { get; }

    /// <summary>The number of warning findings (including suppressed ones).</summary>
    public long WarningCount { get; }

    /// <summary>The number of findings not retained in <see cref="Diagnostics"/>.</summary>
    public long SuppressedDiagnostics { get; }

    /// <summary>The number of segments read.</summary>
    public long SegmentCount { get; }

    /// <summary>The number of bytes read.</summary>
    public long BytesRead { get; }

    /// <summary><see langword="true"/> when no error was found.</summary>
    public bool IsValid => ErrorCount == 0;

    /// <summary>How many segments had their body checks done by the second thread (0 on one thread).</summary>
    internal long SegmentsVerifiedOnSecondThread { get; init; }
}
