namespace HealthFinance.Hl7v2.Internal;

/// <summary>How an FT1 amount was found.</summary>
internal enum Ft1AmountStatus
{
    /// <summary>FT1-11 (extended amount) is present.</summary>
    Extended,

    /// <summary>FT1-11 is empty: FT1-10 quantity (1 when empty) × FT1-12 unit amount.</summary>
    Computed,

    /// <summary>FT1-11 and FT1-12 are both empty.</summary>
    Missing,

    /// <summary>A value is not a number (the field is reported).</summary>
    Invalid,
}

/// <summary>The FT1 amount rule shared by the control totals and the canonical mapping.</summary>
internal static class Ft1Amount
{
    /// <summary>
    /// FT1-11.1.1 (price quantity of the first component of the extended amount) when present; otherwise FT1-10 × FT1-12.1.1.
    /// The currency is the second subcomponent of the same amount (empty when not stated).
    /// </summary>
    internal static Ft1AmountStatus Get(scoped ref Hl7v2Reader reader, out decimal amount, out ReadOnlySpan<byte> currency, out int field)
    {
        amount = 0;
        currency = default;
        var extended = reader.GetSubcomponent(11, 1, 1, 1);
        if (!extended.IsEmpty)
        {
            field = 11;
            if (!Hl7v2Values.TryParseDecimal(extended, out amount))
            {
                return Ft1AmountStatus.Invalid;
            }

            currency = reader.GetSubcomponent(11, 1, 1, 2);
            return Ft1AmountStatus.Extended;
        }

        var unit = reader.GetSubcomponent(12, 1, 1, 1);
        if (unit.IsEmpty)
        {
            field = 11;
            return Ft1AmountStatus.Missing;
        }

        field = 12;
        if (!Hl7v2Values.TryParseDecimal(unit, out var unitAmount))
        {
            return Ft1AmountStatus.Invalid;
        }

        var quantity = 1m;
        var quantityBytes = reader.GetComponent(10, 1);
        if (!quantityBytes.IsEmpty && !Hl7v2Values.TryParseDecimal(quantityBytes, out quantity))
        {
            field = 10;
            return Ft1AmountStatus.Invalid;
        }

        amount = quantity * unitAmount;
        currency = reader.GetSubcomponent(12, 1, 1, 2);
        return Ft1AmountStatus.Computed;
    }
}
