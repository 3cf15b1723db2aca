using HealthFinance.Canonical.Diagnostics;

namespace HealthFinance.Erp;

/// <summary>The outcome of loading a ledger mapping: the mapping when it is valid, and every finding.</summary>
public sealed class ErpLedgerMappingLoadResult
{
    internal ErpLedgerMappingLoadResult(ErpLedgerMapping? mapping, IReadOnlyList<Diagnostic> diagnostics)
    {
        Mapping = mapping;
        Diagnostics = diagnostics;
    }

    /// <summary>The mapping, or <see langword="null"/> when it has an error.</summary>
    public ErpLedgerMapping? Mapping { get; }

    /// <summary>Every finding, each with the file, JSON path, line and byte offset.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Whether the mapping loaded without error.</summary>
    public bool Success => Mapping is not null;

    /// <summary>Returns the mapping or throws with every finding.</summary>
    /// <returns>The mapping.</returns>
    /// <exception cref="ErpMappingException">The mapping has an error.</exception>
    public ErpLedgerMapping GetMappingOrThrow() => Mapping ?? throw new ErpMappingException(Diagnostics);
}
