using HealthFinance.Canonical.Diagnostics;

namespace HealthFinance.X12.Validation;

/// <summary>Options of <see cref="X12Validator"/>.</summary>
public sealed class X12ValidatorOptions
{
    /// <summary>The options of the underlying reader.</summary>
    /// <value>The reader defaults: BOM, text before ISA and line breaks after terminators tolerated.</value>
    public X12ReaderOptions ReaderOptions { get; set; } = new();

    /// <summary>Whether element syntax (lengths, types, required elements) is checked for the segments the validator knows.</summary>
    /// <value><see langword="true"/>.</value>
    public bool CheckElementSyntax { get; set; } = true;

    /// <summary>
    /// How many diagnostics <see cref="X12ValidationResult.Diagnostics"/> retains. Findings past the limit are still
    /// counted and still passed to <see cref="DiagnosticReported"/>, so memory stays bounded on any input.
    /// </summary>
    /// <value>10 000.</value>
    public int MaxRetainedDiagnostics { get; set; } = 10_000;

    /// <summary>How many segment errors (999 IK3) are kept per transaction set; the rest are counted.</summary>
    /// <value>100.</value>
    public int MaxSegmentErrorsPerTransaction { get; set; } = 100;

    /// <summary>Called for every finding as it is made (before retention limits), e.g. to stream findings out.</summary>
    /// <value><see langword="null"/>.</value>
    public Action<Diagnostic>? DiagnosticReported { get; set; }

    /// <summary>
    /// How many threads <see cref="X12Validator.Validate(ReadOnlySpan{byte}, X12ValidatorOptions?)"/> and, for a seekable
    /// <see cref="FileStream"/>, <see cref="X12Validator.ValidateAsync(Stream, X12ValidatorOptions?, CancellationToken)"/>
    /// may use. With 2 or more (at most two are used) and an input of at least 4 MiB, a second thread checks the
    /// transaction-set body segments of the later part of the input while the calling thread does everything else; the
    /// findings, their order and positions, and the envelope reports are exactly those of one thread.
    /// </summary>
    /// <value>1 (one thread).</value>
    public int MaxDegreeOfParallelism { get; set; } = 1;

    /// <summary>
    /// Validates with the straightforward per-element checks (an element enumerator, one character scan per segment)
    /// instead of the table-driven path; the findings are the same. Tests compare the two paths on any input.
    /// </summary>
    internal bool UseReferenceChecks { get; set; }

    /// <summary>Where the input is split between the two threads, as a fraction of its length (see <see cref="MaxDegreeOfParallelism"/>).</summary>
    internal double SecondThreadSplit { get; set; } = X12BodyVerifier.SplitFraction;

    /// <summary>A copy of these options.</summary>
    /// <returns>The copy.</returns>
    internal X12ValidatorOptions Copy() => (X12ValidatorOptions)MemberwiseClone();
}
