using HealthFinance.Canonical;

namespace HealthFinance.Hl7v2;

/// <summary>Options of <see cref="Hl7v2Parser"/>.</summary>
public sealed record Hl7v2ParserOptions
{
    /// <summary>The default options.</summary>
    public static Hl7v2ParserOptions Default { get; } = new();

    /// <summary>The reader options.</summary>
    /// <value>Defaults to <c>default(Hl7v2ReaderOptions)</c>.</value>
    public Hl7v2ReaderOptions Reader { get; init; }

    /// <summary>The currency of amounts that state none (FT1-11/FT1-12 without a denomination).</summary>
    /// <value>Defaults to <see cref="CurrencyCode.USD"/>.</value>
    public CurrencyCode DefaultCurrency { get; init; } = CurrencyCode.USD;

    /// <summary>The UTC offset of timestamps (MSH-7) that state none.</summary>
    /// <value>Defaults to <see cref="TimeSpan.Zero"/>.</value>
    public TimeSpan DefaultOffset { get; init; }

    /// <summary>The file name recorded in every event's <see cref="SourceReference.FileName"/>, when known.</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public string? FileName { get; init; }
}
