using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using HealthFinance.Mapping.Posting;
using HealthFinance.Mapping.Rules;

namespace HealthFinance.Mapping.Tests;

/// <summary>The test rule files and builders for canonical events.</summary>
internal static class TestRules
{
    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "TestData", file);

    public static RuleSetCatalog Catalog { get; } = Load("e1-core.json", "e1-reference.json", "e1-2025.json");

    public static RuleSetCatalog Load(params string[] files)
    {
        var result = RuleSetLoader.LoadFiles(files.Select(PathOf));
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
        return result.Catalog!;
    }

    public static PostingEngine Engine { get; } = new(Catalog);

    public static Money Usd(decimal amount) => new(amount, CurrencyCode.USD);

    public static ClaimAdjustment Cas(string group, string reason, decimal amount) => new()
    {
        Group = group switch
        {
            "CO" => AdjustmentGroupCode.ContractualObligation,
            "OA" => AdjustmentGroupCode.OtherAdjustment,
            "PI" => AdjustmentGroupCode.PayerInitiatedReduction,
            _ => AdjustmentGroupCode.PatientResponsibility,
        },
        ReasonCode = reason,
        Amount = Usd(amount),
    };

    public static ClaimPayment Claim(string pcn, string status, decimal charge, decimal paid, decimal? patient, string icn, params ClaimAdjustment[] adjustments) => new()
    {
        ClaimId = new PatientControlNumber(pcn),
        Status = new ClaimStatusCode(status),
        TotalCharge = Usd(charge),
        Paid = Usd(paid),
        PatientResponsibility = patient is { } p ? Usd(p) : null,
        PayerClaimControlNumber = new PayerClaimControlNumber(icn),
        ClaimFilingIndicator = "12",
        Adjustments = adjustments,
    };

    public static ProviderAdjustment Plb(string reason, decimal amount, string? reference = null, string provider = "PRV1") => new()
    {
        Provider = new ProviderId(provider),
        ReasonCode = reason,
        Reference = reference,
        Amount = Usd(amount),
        FiscalPeriodDate = new DateOnly(2024, 12, 31),
    };

    public static RemittanceReceived Remit(string st02, decimal bpr02, ClaimPayment[] claims, ProviderAdjustment[]? plbs = null, DateOnly? date = null, string? trace = null) => new()
    {
        EventId = "835-" + st02,
        Source = new SourceReference { Format = SourceFormat.X12, InterchangeControlNumber = "000000001", GroupControlNumber = "1", TransactionSetControlNumber = st02, Position = "ST*" + st02 },
        Payer = new PayerId("P1"),
        PayeeTaxId = new TaxId("999999999"),
        Payment = new RemittancePayment
        {
            HandlingCode = bpr02 == 0 ? PaymentHandlingCode.NotificationOnly : PaymentHandlingCode.RemittanceOnly,
            Amount = Usd(bpr02),
            CreditDebit = CreditDebitIndicator.Credit,
            Method = bpr02 == 0 ? RemittancePaymentMethod.NonPayment : RemittancePaymentMethod.Ach,
            PaymentDate = date ?? new DateOnly(2024, 6, 5),
            TraceNumber = trace ?? "EFT" + st02,
        },
        Claims = claims,
        ProviderAdjustments = plbs ?? [],
    };

    /// <summary>The lines of journals as (debit role, credit role, amount) pairs, each posting being a debit line followed by its credit line.</summary>
    public static List<(string Debit, string Credit, decimal Amount)> Pairs(IEnumerable<JournalDraft> journals)
    {
        var pairs = new List<(string, string, decimal)>();
        foreach (var journal in journals)
        {
            for (var i = 0; i < journal.Lines.Count; i += 2)
            {
                var first = journal.Lines[i];
                var second = journal.Lines[i + 1];
                Assert.Equal(first.Amount, second.Amount);
                Assert.NotEqual(first.Side, second.Side);
                var (debit, credit) = first.Side == JournalSide.Debit ? (first, second) : (second, first);
                pairs.Add((debit.Role.Value, credit.Role.Value, first.Amount.Amount));
            }
        }

        return pairs;
    }

    public static decimal Net(IEnumerable<JournalDraft> journals, AccountRole role, Func<PostingLine, bool>? filter = null)
        => journals.SelectMany(j => j.Lines).Where(l => l.Role == role && (filter?.Invoke(l) ?? true)).Sum(l => l.Debit - l.Credit);
}
