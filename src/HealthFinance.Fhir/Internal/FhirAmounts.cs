using HealthFinance.Canonical;

namespace HealthFinance.Fhir.Internal;

/// <summary>Rounding of FHIR decimals to the minor unit of their currency.</summary>
internal static class FhirAmounts
{
    /// <summary>The number of decimals of a currency's minor unit (ISO 4217); 2 for any currency not listed.</summary>
    /// <param name="currency">The currency.</param>
    /// <returns>0, 2, 3 or 4.</returns>
    public static int MinorUnitDigits(CurrencyCode currency) => currency.Value switch
    {
        "BIF" or "CLP" or "DJF" or "GNF" or "ISK" or "JPY" or "KMF" or "KRW" or "PYG" or "RWF" or "UGX" or "UYI" or "VND" or "VUV" or "XAF" or "XOF" or "XPF" => 0,
        "BHD" or "IQD" or "JOD" or "KWD" or "LYD" or "OMR" or "TND" => 3,
        "CLF" or "UYW" => 4,
        _ => 2,
    };

    /// <summary>Rounds an amount to its currency's minor unit, away from zero at the midpoint.</summary>
    /// <param name="amount">The amount as the source sent it.</param>
    /// <param name="currency">The currency.</param>
    /// <returns>The rounded amount.</returns>
    public static decimal Round(decimal amount, CurrencyCode currency) => decimal.Round(amount, MinorUnitDigits(currency), MidpointRounding.AwayFromZero);
}
