using HealthFinance.Canonical.Events;

namespace HealthFinance.Canonical.Tests.Support;

/// <summary>Small synthetic fixtures (never real PHI).</summary>
internal static class Samples
{
    public static Money Usd(decimal amount) => new(amount, CurrencyCode.USD);

    public static SourceReference X12Source(string position = "ST*0001") => new()
    {
        Format = SourceFormat.X12,
        InterchangeControlNumber = "000000905",
        GroupControlNumber = "905",
        TransactionSetControlNumber = "0001",
        Position = position,
        SegmentIndex = 3,
        FileName = "remit-20240105.835",
    };

    /// <summary>The worked example of DOMAIN.md section 3.3: BPR02 405.25 = 500 - (−5.25 + 100).</summary>
    public static RemittanceReceived Remittance() => new()
    {
        EventId = "835:000000905:905:0001",
        Source = X12Source(),
        CorrelationId = new CorrelationId("corr-1"),
        ReceivedAt = new DateTimeOffset(2024, 1, 5, 8, 30, 0, TimeSpan.Zero),
        LegalEntity = new LegalEntityId("E1"),
        Payment = new RemittancePayment
        {
            HandlingCode = PaymentHandlingCode.RemittanceOnly,
            Amount = Usd(405.25m),
            CreditDebit = CreditDebitIndicator.Credit,
            Method = RemittancePaymentMethod.Ach,
            PaymentDate = new DateOnly(2024, 1, 5),
            TraceNumber = "EFT0001",
            OriginatingCompanyId = "1999999999",
        },
        Payer = new PayerId("P1"),
        PayerName = "Synthetic Health Plan",
        PayeeNpi = new Npi("1234567893"),
        Claims =
        [
            new ClaimPayment
            {
                ClaimId = new PatientControlNumber("PCN1"),
                Status = ClaimStatusCode.ProcessedAsPrimary,
                TotalCharge = Usd(500.00m),
                Paid = Usd(300.00m),
                PatientResponsibility = Usd(50.00m),
                ClaimFilingIndicator = "12",
                PayerClaimControlNumber = new PayerClaimControlNumber("ICN1"),
                Adjustments =
                [
                    new ClaimAdjustment { Group = AdjustmentGroupCode.ContractualObligation, ReasonCode = "45", Amount = Usd(150.00m) },
                    new ClaimAdjustment { Group = AdjustmentGroupCode.PatientResponsibility, ReasonCode = "1", Amount = Usd(50.00m) },
                ],
                Services =
                [
                    new ServicePayment
                    {
                        Procedure = new ChargeCode { CodeSet = ChargeCodeSet.Cpt, Code = "99213" },
                        Modifiers = ["25"],
                        Charge = Usd(500.00m),
                        Paid = Usd(300.00m),
                        Units = 1m,
                        ServiceDate = new DateOnly(2023, 12, 1),
                        LineItemControlNumber = "L1",
                    },
                ],
            },
            new ClaimPayment
            {
                ClaimId = new PatientControlNumber("PCN2"),
                Status = ClaimStatusCode.ProcessedAsPrimary,
                TotalCharge = Usd(250m),
                Paid = Usd(200m),
                ClaimFilingIndicator = "12",
                PayerClaimControlNumber = new PayerClaimControlNumber("ICN2"),
                Interest = Usd(5.25m),
                Adjustments = [new ClaimAdjustment { Group = AdjustmentGroupCode.ContractualObligation, ReasonCode = "45", Amount = Usd(50m) }],
            },
        ],
        ProviderAdjustments =
        [
            new ProviderAdjustment { Provider = new ProviderId("PRV1"), FiscalPeriodDate = new DateOnly(2024, 12, 31), ReasonCode = "L6", Amount = Usd(-5.25m) },
            new ProviderAdjustment { Provider = new ProviderId("PRV1"), FiscalPeriodDate = new DateOnly(2024, 12, 31), ReasonCode = "WO", Reference = "PCN9 ICN9 EFT0001", Amount = Usd(100m) },
        ],
    };

    /// <summary>The journal of DOMAIN.md section 3.3 (Σ Dr = Σ Cr = 1,260.50).</summary>
    public static JournalEntry Journal()
    {
        var dims = new JournalDimensions { LegalEntity = new LegalEntityId("E1"), Payer = new PayerId("P1"), PayerClass = "commercial" };
        var pcn1 = dims with { ClaimId = new PatientControlNumber("PCN1") };
        var pcn2 = dims with { ClaimId = new PatientControlNumber("PCN2") };
        return new JournalEntry
        {
            EventId = "je:835:000000905:905:0001",
            Source = new SourceReference { Format = SourceFormat.Manual },
            IdempotencyKey = "000000905/905/0001",
            EntryDate = new DateOnly(2024, 1, 5),
            SourceEventIds = ["835:000000905:905:0001"],
            Lines =
            [
                JournalLine.DebitOf(AccountRole.CashClearing, Usd(300m), pcn1),
                JournalLine.CreditOf(AccountRole.PayerAr, Usd(300m), pcn1),
                JournalLine.DebitOf(AccountRole.ContractualAllowance, Usd(150m), pcn1),
                JournalLine.CreditOf(AccountRole.PayerAr, Usd(150m), pcn1),
                JournalLine.DebitOf(AccountRole.PatientAr, Usd(50m), pcn1),
                JournalLine.CreditOf(AccountRole.PayerAr, Usd(50m), pcn1),
                JournalLine.DebitOf(AccountRole.CashClearing, Usd(200m), pcn2),
                JournalLine.CreditOf(AccountRole.PayerAr, Usd(200m), pcn2),
                JournalLine.DebitOf(AccountRole.ContractualAllowance, Usd(50m), pcn2),
                JournalLine.CreditOf(AccountRole.PayerAr, Usd(50m), pcn2),
                JournalLine.DebitOf(AccountRole.CashClearing, Usd(5.25m), dims),
                JournalLine.CreditOf(AccountRole.InterestIncome, Usd(5.25m), dims),
                JournalLine.DebitOf(AccountRole.PayerAr, Usd(100m), dims with { ClaimId = new PatientControlNumber("PCN9") }),
                JournalLine.CreditOf(AccountRole.CashClearing, Usd(100m), dims),
                JournalLine.DebitOf(AccountRole.Cash, Usd(405.25m), dims),
                JournalLine.CreditOf(AccountRole.CashClearing, Usd(405.25m), dims),
            ],
        };
    }
}
