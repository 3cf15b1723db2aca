using HealthFinance.Canonical.Events;

namespace HealthFinance.Fhir.Internal;

/// <summary>The X12 code of the canonical enums carried in FHIR extensions (BPR01, BPR03, BPR04), both ways.</summary>
internal static class FhirCodes
{
    private static readonly (PaymentHandlingCode Value, string Code)[] Handling =
    [
        (PaymentHandlingCode.PaymentAccompaniesRemittance, "C"), (PaymentHandlingCode.PaymentOnly, "D"), (PaymentHandlingCode.NotificationOnly, "H"),
        (PaymentHandlingCode.RemittanceOnly, "I"), (PaymentHandlingCode.Prenotification, "P"), (PaymentHandlingCode.SplitPaymentAndRemittance, "U"),
        (PaymentHandlingCode.HandlingPartyOption, "X"),
    ];

    private static readonly (CreditDebitIndicator Value, string Code)[] CreditDebit = [(CreditDebitIndicator.Credit, "C"), (CreditDebitIndicator.Debit, "D")];

    private static readonly (RemittancePaymentMethod Value, string Code)[] Method =
    [
        (RemittancePaymentMethod.Ach, "ACH"), (RemittancePaymentMethod.Check, "CHK"), (RemittancePaymentMethod.NonPayment, "NON"),
        (RemittancePaymentMethod.FedWire, "FWT"), (RemittancePaymentMethod.BusinessOwnedPayment, "BOP"),
    ];

    public static bool TryParse<TEnum>(string code, out TEnum value)
        where TEnum : struct, Enum
    {
        foreach (var (candidate, text) in Table<TEnum>())
        {
            if (text == code)
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    public static string Code<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        foreach (var (candidate, text) in Table<TEnum>())
        {
            if (EqualityComparer<TEnum>.Default.Equals(candidate, value))
            {
                return text;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(value), value, "The value has no X12 code.");
    }

    public static string Code(AdjustmentGroupCode group) => group switch
    {
        AdjustmentGroupCode.ContractualObligation => "CO",
        AdjustmentGroupCode.OtherAdjustment => "OA",
        AdjustmentGroupCode.PayerInitiatedReduction => "PI",
        AdjustmentGroupCode.PatientResponsibility => "PR",
        AdjustmentGroupCode.CorrectionOrReversal => "CR",
        _ => throw new ArgumentOutOfRangeException(nameof(group), group, "Undefined adjustment group."),
    };

    private static IEnumerable<(TEnum Value, string Code)> Table<TEnum>()
        where TEnum : struct, Enum
    {
        if (typeof(TEnum) == typeof(PaymentHandlingCode))
        {
            return Handling.Select(p => ((TEnum)(object)p.Value, p.Code));
        }

        if (typeof(TEnum) == typeof(CreditDebitIndicator))
        {
            return CreditDebit.Select(p => ((TEnum)(object)p.Value, p.Code));
        }

        if (typeof(TEnum) == typeof(RemittancePaymentMethod))
        {
            return Method.Select(p => ((TEnum)(object)p.Value, p.Code));
        }

        throw new NotSupportedException(typeof(TEnum).Name + " has no X12 code table.");
    }
}
