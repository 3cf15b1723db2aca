using System.Collections.Frozen;

namespace HealthFinance.Erp;

/// <summary>
/// One segment of an ERP account combination, in order: Oracle <c>SEGMENT1</c>..<c>SEGMENTn</c>, or one
/// dimension of a Dynamics 365 account display value.
/// </summary>
public sealed record ErpSegmentDefinition
{
    /// <summary>The segment's name (e.g. <c>Company</c>, <c>CostCenter</c>, <c>MainAccount</c>).</summary>
    /// <exception cref="ArgumentException">The value is empty.</exception>
    public required string Name
    {
        get;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value, nameof(Name));
            field = value.Trim();
        }
    }

    /// <summary>Where the value comes from.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is undefined.</exception>
    public required ErpSegmentSource Source
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(Source), value, "Undefined segment source.");
    }

    /// <summary>The fixed value of a <see cref="ErpSegmentSource.Constant"/> segment.</summary>
    public string? Value { get; init; }

    /// <summary>Translates canonical values to the ERP's codes (e.g. legal entity <c>E1</c> → company <c>101</c>); <see langword="null"/> to use values as they are.</summary>
    public IReadOnlyDictionary<string, string>? Values { get; init => field = value?.ToFrozenDictionary(StringComparer.Ordinal); }

    /// <summary>The value used when the line has none, or (with <see cref="Values"/>) when its value has no row; <see langword="null"/> to refuse such lines.</summary>
    public string? Default { get; init; }
}
