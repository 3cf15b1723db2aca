using System.Globalization;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Fhir.Tests;

/// <summary>Random canonical remittances (seeded) holding only values FHIR can carry: amounts in the currency's minor unit.</summary>
internal static class RemittanceGenerator
{
    private static readonly ClaimStatusCode[] Statuses =
    [
        ClaimStatusCode.ProcessedAsPrimary, ClaimStatusCode.ProcessedAsSecondary, ClaimStatusCode.Denied, ClaimStatusCode.Reversal,
        ClaimStatusCode.ProcessedAsPrimaryForwarded, ClaimStatusCode.PredeterminationPricingOnly,
    ];

    public static RemittanceReceived Create(int seed)
    {
        var r = new Random(seed);
        var currency = r.Next(3) switch { 0 => CurrencyCode.USD, 1 => CurrencyCode.EUR, _ => new CurrencyCode("JPY") };
        var claims = Enumerable.Range(0, r.Next(4)).Select(_ => Claim(r, currency)).ToArray();
        var adjustments = Enumerable.Range(0, r.Next(3)).Select(_ => new ProviderAdjustment
        {
            Provider = new ProviderId(Text(r, "PRV")),
            ReasonCode = Pick(r, "WO", "L6", "FB", "CS", "72"),
            Reference = Maybe(r, () => Text(r, "REF")),
            FiscalPeriodDate = Maybe(r, () => (DateOnly?)Date(r)),
            Amount = Amount(r, currency, allowNegative: true),
        }).ToArray();
        return new RemittanceReceived
        {
            EventId = "remit-" + seed.ToString(CultureInfo.InvariantCulture),
            Source = new SourceReference { Format = SourceFormat.X12 },
            Payment = new RemittancePayment
            {
                HandlingCode = (PaymentHandlingCode)r.Next(7),
                Amount = Amount(r, currency, allowNegative: false),
                CreditDebit = (CreditDebitIndicator)r.Next(2),
                Method = (RemittancePaymentMethod)r.Next(5),
                PaymentDate = Date(r),
                TraceNumber = Text(r, "TRN"),
                OriginatingCompanyId = Maybe(r, () => "1" + r.Next(100000000, 999999999).ToString(CultureInfo.InvariantCulture)),
                OriginatingCompanySupplementalCode = Maybe(r, () => Text(r, "SUP")),
            },
            Payer = new PayerId(Text(r, "PAYER")),
            PayerName = Maybe(r, () => Text(r, "Plan")),
            PayeeNpi = Maybe(r, () => (Npi?)ValidNpi(r)),
            PayeeTaxId = Maybe(r, () => (TaxId?)new TaxId(r.Next(100000000, 999999999).ToString(CultureInfo.InvariantCulture))),
            PayeeName = Maybe(r, () => Text(r, "Clinic")),
            Claims = claims,
            ProviderAdjustments = adjustments,
        };
    }

    public static Npi ValidNpi(Random r)
    {
        var nine = r.Next(100000000, 999999999).ToString(CultureInfo.InvariantCulture);
        return new Npi(nine + Npi.ComputeCheckDigit(nine).ToString(CultureInfo.InvariantCulture));
    }

    private static ClaimPayment Claim(Random r, CurrencyCode currency) => new()
    {
        ClaimId = new PatientControlNumber(Text(r, "PCN")),
        Status = Statuses[r.Next(Statuses.Length)],
        TotalCharge = Amount(r, currency, allowNegative: false),
        Paid = Amount(r, currency, allowNegative: true),
        PatientResponsibility = Maybe(r, () => (Money?)Amount(r, currency, allowNegative: false)),
        PayerClaimControlNumber = Maybe(r, () => (PayerClaimControlNumber?)new PayerClaimControlNumber(Text(r, "ICN"))),
        ClaimFilingIndicator = Maybe(r, () => Pick(r, "12", "MB", "MC", "CI")),
        FacilityTypeCode = Maybe(r, () => Pick(r, "11", "13", "83")),
        ClaimFrequencyCode = Maybe(r, () => Pick(r, "1", "7", "8")),
        Interest = Maybe(r, () => (Money?)Amount(r, currency, allowNegative: false)),
        Adjustments = Enumerable.Range(0, r.Next(3)).Select(_ => Adjustment(r, currency)).ToArray(),
        Services = Enumerable.Range(0, r.Next(4)).Select(_ => Service(r, currency)).ToArray(),
    };

    private static ServicePayment Service(Random r, CurrencyCode currency) => new()
    {
        Procedure = Maybe(r, () => new ChargeCode { CodeSet = (ChargeCodeSet)r.Next(6), Code = Text(r, "P") }),
        Modifiers = Enumerable.Range(0, r.Next(3)).Select(_ => Pick(r, "25", "59", "LT", "RT")).ToArray(),
        RevenueCode = Maybe(r, () => "0" + r.Next(100, 999).ToString(CultureInfo.InvariantCulture)),
        Charge = Amount(r, currency, allowNegative: false),
        Paid = Amount(r, currency, allowNegative: true),
        Allowed = Maybe(r, () => (Money?)Amount(r, currency, allowNegative: false)),
        Units = Maybe(r, () => (decimal?)r.Next(1, 20)),
        ServiceDate = Maybe(r, () => (DateOnly?)Date(r)),
        LineItemControlNumber = Maybe(r, () => Text(r, "LI")),
        Adjustments = Enumerable.Range(0, r.Next(4)).Select(_ => Adjustment(r, currency)).ToArray(),
    };

    private static ClaimAdjustment Adjustment(Random r, CurrencyCode currency) => new()
    {
        Group = (AdjustmentGroupCode)r.Next(5),
        ReasonCode = Pick(r, "45", "1", "2", "3", "253", "A1", "B13"),
        Amount = Amount(r, currency, allowNegative: true),
        Quantity = Maybe(r, () => (decimal?)r.Next(1, 5)),
    };

    private static Money Amount(Random r, CurrencyCode currency, bool allowNegative)
    {
        var digits = currency.Value == "JPY" ? 0 : 2;
        var units = (decimal)r.Next(0, 5_000_000) / (digits == 0 ? 1 : 100);
        return new Money(allowNegative && r.Next(4) == 0 ? -units : units, currency);
    }

    private static DateOnly Date(Random r) => new DateOnly(2020, 1, 1).AddDays(r.Next(0, 2000));

    private static string Text(Random r, string prefix) => prefix + r.Next(1, 999999).ToString(CultureInfo.InvariantCulture);

    private static string Pick(Random r, params string[] values) => values[r.Next(values.Length)];

    private static T? Maybe<T>(Random r, Func<T> value) => r.Next(3) == 0 ? default : value();
}
