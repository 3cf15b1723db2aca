using HealthFinance.Canonical;

namespace HealthFinance.X12.Hipaa;

/// <summary>Options of <see cref="HipaaReader"/>.</summary>
public sealed record HipaaReaderOptions
{
    /// <summary>The default options.</summary>
    public static HipaaReaderOptions Default { get; } = new();

    /// <summary>The currency amounts are mapped in.</summary>
    /// <value>US dollars: HIPAA X12 amounts are USD.</value>
    public CurrencyCode Currency { get; init; } = CurrencyCode.USD;

    /// <summary>The name of the file being read, copied into each event's <c>Source.FileName</c>.</summary>
    /// <value><see langword="null"/>.</value>
    public string? FileName { get; init; }

    /// <summary>The options of the underlying <see cref="X12Reader"/>.</summary>
    /// <value>The X12 reader defaults.</value>
    public X12ReaderOptions ReaderOptions { get; init; }

    /// <summary>The initial read buffer size in bytes for streams (it grows only when one segment does not fit).</summary>
    /// <value>65 536.</value>
    public int BufferSize { get; init; } = 64 * 1024;
}
