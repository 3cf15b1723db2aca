using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;
using static HealthFinance.Canonical.Tests.Support.Samples;

namespace HealthFinance.Canonical.Tests.Events;

public sealed class EventInvariantTests
{
    private static readonly SourceReference Hl7 = new() { Format = SourceFormat.Hl7v2, MessageControlId = "MSG1" };

    private static ChargeLine Line(decimal amount, CurrencyCode? currency = null) => new()
    {
        Code = new ChargeCode { CodeSet = ChargeCodeSet.Cpt, Code = "99213" },
        Units = 1m,
        Amount = new Money(amount, currency ?? CurrencyCode.USD),
        ServiceDate = new DateOnly(2024, 1, 2),
    };

    private static ChargeCaptured Charge() => new()
    {
        EventId = "dft-1",
        Source = Hl7,
        Account = new PatientAccountNumber("ACC1"),
        Lines = [Line(100m), Line(50m) with { TransactionType = ChargeTransactionType.Credit }],
    };

    private static ClaimSubmitted Claim() => new()
    {
        EventId = "837-1",
        Source = X12Source(),
        ClaimId = new PatientControlNumber("PCN1"),
        ClaimType = ClaimType.Professional,
        TotalCharge = Usd(150m),
        Payer = new PayerId("P1"),
        BillingProvider = new Npi("1234567893"),
        Lines =
        [
            new ClaimLine { LineNumber = 1, Procedure = new ChargeCode { CodeSet = ChargeCodeSet.Cpt, Code = "99213" }, Units = 1m, Charge = Usd(100m) },
            new ClaimLine { LineNumber = 2, RevenueCode = "0450", Units = 2m, Charge = Usd(50m) },
        ],
    };

    [Fact]
    public void Base_InvalidEnvelope_Throws()
    {
        Assert.Throws<CanonicalModelException>(() => Charge() with { EventId = " " });
        Assert.Throws<ArgumentNullException>(() => Charge() with { EventId = null! });
        Assert.Throws<ArgumentNullException>(() => Charge() with { Source = null! });
        Assert.Throws<CanonicalModelException>(() => Charge() with { CorrelationId = default(CorrelationId) });
        Assert.Throws<CanonicalModelException>(() => Charge() with { LegalEntity = default(LegalEntityId) });
        Assert.Equal(1, Charge().SchemaVersion);
        Assert.Equal("dft-1", (Charge() with { EventId = " dft-1 " }).EventId);
    }

    [Fact]
    public void SourceReference_InvalidValues_Throw()
    {
        Assert.Throws<CanonicalModelException>(() => Hl7 with { Format = (SourceFormat)0 });
        Assert.Throws<CanonicalModelException>(() => Hl7 with { SegmentIndex = -1 });
        Assert.Null((Hl7 with { SegmentIndex = null }).SegmentIndex);
    }

    [Fact]
    public void ChargeCaptured_Invariants_Hold()
    {
        var charge = Charge();
        Assert.Equal(CurrencyCode.USD, charge.Currency);
        Assert.Equal(Usd(-50m), charge.Lines[1].SignedAmount);
        Assert.Equal(Usd(100m), charge.Lines[0].SignedAmount);
        Assert.Throws<CanonicalModelException>(() => charge with { Lines = [] });
        Assert.Throws<CurrencyMismatchException>(() => charge with { Lines = [Line(1m), Line(1m, CurrencyCode.EUR)] });
        Assert.Equal(CurrencyCode.EUR, (charge with { Lines = [Line(1m, CurrencyCode.EUR)] }).Currency);
        Assert.Throws<CanonicalModelException>(() => charge with { Account = default });
        Assert.Throws<CanonicalModelException>(() => Line(-1m));
        Assert.Throws<CanonicalModelException>(() => Line(1m) with { Units = -0.5m });
        Assert.Throws<CanonicalModelException>(() => Line(1m) with { TransactionType = (ChargeTransactionType)9 });
        Assert.Throws<ArgumentNullException>(() => Line(1m) with { Code = null! });
        Assert.Throws<CanonicalModelException>(() => new ChargeCode { CodeSet = (ChargeCodeSet)77, Code = "1" });
        Assert.Throws<CanonicalModelException>(() => new ChargeCode { CodeSet = ChargeCodeSet.Ndc, Code = "" });
        Assert.Equal("Hcpcs:J1100", new ChargeCode { CodeSet = ChargeCodeSet.Hcpcs, Code = "J1100" }.ToString());
    }

    [Fact]
    public void ClaimSubmitted_Invariants_Hold()
    {
        var claim = Claim();
        Assert.Equal(CurrencyCode.USD, claim.Currency);
        Assert.Throws<CanonicalModelException>(() => claim with { Lines = [] });
        Assert.Throws<CanonicalModelException>(() => claim with { Lines = [new ClaimLine { LineNumber = 1, Units = 1m, Charge = Usd(1m) }] });
        Assert.Throws<CurrencyMismatchException>(() => claim with { Lines = [claim.Lines[0] with { Charge = new Money(1m, CurrencyCode.EUR) }] });
        Assert.Throws<CurrencyMismatchException>(() => claim with { TotalCharge = new Money(150m, CurrencyCode.EUR) });
        Assert.Throws<CanonicalModelException>(() => claim with { TotalCharge = Usd(-1m) });
        Assert.Throws<CanonicalModelException>(() => claim with { ClaimType = (ClaimType)9 });
        Assert.Throws<CanonicalModelException>(() => claim with { BillingProvider = default });
        Assert.Throws<CanonicalModelException>(() => claim with { Payer = default });
        Assert.Throws<CanonicalModelException>(() => claim.Lines[0] with { LineNumber = 0 });
        Assert.Throws<CanonicalModelException>(() => claim.Lines[0] with { Units = -1m });
        Assert.Throws<CanonicalModelException>(() => claim.Lines[0] with { Charge = Usd(-1m) });
    }

    [Fact]
    public void ClaimStatusReported_Invariants_Hold()
    {
        var status = new ClaimStatusReported
        {
            EventId = "277-1",
            Source = X12Source(),
            ClaimId = new PatientControlNumber("PCN1"),
            CategoryCode = "A2",
            StatusCode = "20",
            Action = ClaimStatusAction.Accepted,
            TotalCharge = Usd(150m),
        };
        Assert.False(status.IsRejection);
        Assert.True((status with { CategoryCode = "A7" }).IsRejection);
        Assert.True((status with { Action = ClaimStatusAction.Rejected }).IsRejection);
        Assert.Throws<CanonicalModelException>(() => status with { CategoryCode = "" });
        Assert.Throws<CanonicalModelException>(() => status with { StatusCode = " " });
        Assert.Throws<CanonicalModelException>(() => status with { Action = (ClaimStatusAction)9 });
        Assert.Throws<CanonicalModelException>(() => status with { TotalCharge = default(Money) });
    }

    [Fact]
    public void PatientPayment_Invariants_Hold()
    {
        var payment = new PatientPaymentReceived
        {
            EventId = "pay-1",
            Source = new SourceReference { Format = SourceFormat.Payment },
            Account = new PatientAccountNumber("ACC1"),
            Amount = Usd(25m),
            Method = TenderType.Card,
            Settlement = SettlementStatus.Settled,
            PostingDate = new DateOnly(2024, 1, 3),
        };
        Assert.Throws<CanonicalModelException>(() => payment with { Amount = Usd(0m) });
        Assert.Throws<CanonicalModelException>(() => payment with { Amount = Usd(-1m) });
        Assert.Throws<CanonicalModelException>(() => payment with { Method = (TenderType)9 });
        Assert.Throws<CanonicalModelException>(() => payment with { Settlement = (SettlementStatus)9 });
        Assert.Throws<CanonicalModelException>(() => payment with { Invoice = default(InvoiceId) });
    }

    [Fact]
    public void Refund_Invariants_Hold()
    {
        var refund = new RefundIssued
        {
            EventId = "ref-1",
            Source = new SourceReference { Format = SourceFormat.Manual },
            RefundId = "R1",
            Account = new PatientAccountNumber("ACC1"),
            Recipient = RefundRecipient.Patient,
            Amount = Usd(25m),
            Method = TenderType.Check,
            IssueDate = new DateOnly(2024, 2, 1),
        };
        Assert.Throws<CanonicalModelException>(() => refund with { Amount = Usd(0m) });
        Assert.Throws<CanonicalModelException>(() => refund with { RefundId = "" });
        Assert.Throws<CanonicalModelException>(() => refund with { Recipient = (RefundRecipient)9 });
        Assert.Throws<CanonicalModelException>(() => refund with { Method = (TenderType)9 });
    }

    [Fact]
    public void AccountAdjusted_Invariants_Hold()
    {
        var adjustment = new AccountAdjusted
        {
            EventId = "adj-1",
            Source = Hl7,
            Account = new PatientAccountNumber("ACC1"),
            Kind = AccountAdjustmentKind.BadDebtTransfer,
            ReasonCode = "BD",
            Amount = Usd(80m),
            PostingDate = new DateOnly(2024, 3, 1),
        };
        Assert.Equal(Usd(-80m), (adjustment with { Amount = Usd(-80m) }).Amount);
        Assert.Throws<CanonicalModelException>(() => adjustment with { Amount = Usd(0m) });
        Assert.Throws<CanonicalModelException>(() => adjustment with { Amount = default });
        Assert.Throws<CanonicalModelException>(() => adjustment with { Kind = (AccountAdjustmentKind)9 });
        Assert.Throws<CanonicalModelException>(() => adjustment with { ReasonCode = " " });
    }

    [Fact]
    public void AcknowledgmentReceived_Invariants_Hold()
    {
        var ack = new AcknowledgmentReceived
        {
            EventId = "x12-999:000000001:1",
            Source = new SourceReference { Format = SourceFormat.X12, InterchangeControlNumber = "000000001" },
            Kind = AcknowledgmentKind.Implementation,
            Status = AcknowledgmentStatus.PartiallyAccepted,
            AcknowledgedControlNumber = "17456",
            TransactionSetsIncluded = 2,
            TransactionSetsReceived = 2,
            TransactionSetsAccepted = 1,
            Transactions =
            [
                new AcknowledgedTransaction
                {
                    TransactionSetId = "837",
                    ControlNumber = "0001",
                    Status = AcknowledgmentStatus.Rejected,
                    ErrorCodes = ["5"],
                    SegmentErrors =
                    [
                        new AcknowledgedSegmentError
                        {
                            SegmentId = "CLM",
                            PositionInTransaction = 22,
                            Code = "8",
                            ElementErrors = [new AcknowledgedElementError { ElementPosition = 2, Code = "6" }],
                        },
                    ],
                },
            ],
        };
        Assert.Single(ack.Transactions);
        Assert.Throws<CanonicalModelException>(() => ack with { Kind = (AcknowledgmentKind)9 });
        Assert.Throws<CanonicalModelException>(() => ack with { Status = (AcknowledgmentStatus)9 });
        Assert.Throws<CanonicalModelException>(() => ack with { AcknowledgedControlNumber = " " });
        Assert.Throws<CanonicalModelException>(() => ack with { TransactionSetsAccepted = -1 });
        Assert.Throws<CanonicalModelException>(() => ack with { ErrorCodes = [""] });
        var transaction = ack.Transactions[0];
        Assert.Throws<CanonicalModelException>(() => transaction with { ControlNumber = "" });
        var segment = transaction.SegmentErrors[0];
        Assert.Throws<CanonicalModelException>(() => segment with { PositionInTransaction = 0 });
        var element = segment.ElementErrors[0];
        Assert.Throws<CanonicalModelException>(() => element with { ElementPosition = 0 });
        Assert.Throws<CanonicalModelException>(() => element with { ComponentPosition = 0 });
        Assert.Throws<CanonicalModelException>(() => element with { Code = "" });
    }

    [Fact]
    public void PostingAcknowledged_Invariants_Hold()
    {
        var ack = new PostingAcknowledged
        {
            EventId = "ack-1",
            Source = new SourceReference { Format = SourceFormat.Manual },
            IdempotencyKey = "k",
            Status = PostingStatus.PartiallyAccepted,
            Messages = [new PostingMessage { Severity = DiagnosticSeverity.Error, Text = "Line 2 rejected", LineIndex = 1 }],
        };
        Assert.Single(ack.Messages);
        Assert.Throws<CanonicalModelException>(() => ack with { Status = (PostingStatus)9 });
        Assert.Throws<CanonicalModelException>(() => ack with { IdempotencyKey = "" });
        Assert.Throws<CanonicalModelException>(() => ack with { Messages = new PostingMessage[] { null! } });
        Assert.Throws<CanonicalModelException>(() => ack.Messages[0] with { LineIndex = -1 });
        Assert.Throws<CanonicalModelException>(() => ack.Messages[0] with { Text = "" });
        Assert.Throws<CanonicalModelException>(() => ack.Messages[0] with { Severity = (DiagnosticSeverity)9 });
    }

    [Fact]
    public void Exceptions_DefaultConstructors_CarryErrorCodes()
    {
        Assert.Equal(CanonicalErrorCodes.InvalidValue, new CanonicalModelException().ErrorCode);
        Assert.Equal(CanonicalErrorCodes.InvalidValue, new CanonicalModelException("m").ErrorCode);
        Assert.Equal(CanonicalErrorCodes.InvalidValue, new CanonicalModelException("m", null).ErrorCode);
        Assert.Equal(CanonicalErrorCodes.UnbalancedJournal, new UnbalancedJournalException().ErrorCode);
        Assert.Equal(CanonicalErrorCodes.UnbalancedJournal, new UnbalancedJournalException("m").ErrorCode);
        Assert.Equal(CanonicalErrorCodes.UnbalancedJournal, new UnbalancedJournalException("m", null).ErrorCode);
        Assert.Equal(CanonicalErrorCodes.CurrencyMismatch, new CurrencyMismatchException().ErrorCode);
        Assert.Equal(CanonicalErrorCodes.CurrencyMismatch, new CurrencyMismatchException("m", null).ErrorCode);
        Assert.Equal(CanonicalErrorCodes.InvalidIdentifier, new CanonicalFormatException().ErrorCode);
        Assert.Equal(CanonicalErrorCodes.InvalidIdentifier, new CanonicalFormatException("m", (Exception?)null).ErrorCode);
        Assert.Equal(CanonicalErrorCodes.InvalidJson, new HealthFinance.Canonical.Serialization.CanonicalJsonException().ErrorCode);
        Assert.Throws<ArgumentException>(() => new CanonicalModelException(" ", "m", null));
    }
}
