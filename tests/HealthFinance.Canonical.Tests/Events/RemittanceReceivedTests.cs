using HealthFinance.Canonical.Events;
using HealthFinance.Canonical.Tests.Support;
using static HealthFinance.Canonical.Tests.Support.Samples;

namespace HealthFinance.Canonical.Tests.Events;

public sealed class RemittanceReceivedTests
{
    [Fact]
    public void Ctor_WorkedExample_ExposesSingleCurrencyAndStructuralEquality()
    {
        var a = Remittance();
        var b = Remittance();
        Assert.Equal(CurrencyCode.USD, a.Currency);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { Payer = new PayerId("P2") });
    }

    [Fact]
    public void Claims_CurrencyDiffersFromPayment_Throws()
    {
        var eurClaim = Remittance().Claims[1] with { };
        var eur = new ClaimPayment { ClaimId = eurClaim.ClaimId, Status = eurClaim.Status, TotalCharge = new Money(1m, CurrencyCode.EUR), Paid = new Money(1m, CurrencyCode.EUR) };
        var ex = Assert.Throws<CurrencyMismatchException>(() => Remittance() with { Claims = [eur] });
        Assert.Equal(CanonicalErrorCodes.CurrencyMismatch, ex.ErrorCode);
    }

    [Fact]
    public void ProviderAdjustments_CurrencyDiffersFromPayment_Throws()
    {
        var plb = new ProviderAdjustment { Provider = new ProviderId("PRV1"), ReasonCode = "L6", Amount = new Money(-1m, CurrencyCode.EUR) };
        Assert.Throws<CurrencyMismatchException>(() => Remittance() with { ProviderAdjustments = [plb] });
    }

    [Fact]
    public void ClaimPayment_MixedCurrencies_Throws()
    {
        Assert.Throws<CurrencyMismatchException>(() => new ClaimPayment
        {
            ClaimId = new PatientControlNumber("PCN1"),
            Status = ClaimStatusCode.Denied,
            TotalCharge = Usd(100m),
            Paid = new Money(0m, CurrencyCode.EUR),
        });
        Assert.Throws<CurrencyMismatchException>(() => Remittance().Claims[0] with { Interest = new Money(1m, CurrencyCode.CAD) });
        Assert.Throws<CurrencyMismatchException>(() => Remittance().Claims[0] with { PatientResponsibility = new Money(1m, CurrencyCode.CAD) });
        Assert.Throws<CurrencyMismatchException>(() => Remittance().Claims[0] with
        {
            Adjustments = [new ClaimAdjustment { Group = AdjustmentGroupCode.ContractualObligation, ReasonCode = "45", Amount = new Money(1m, CurrencyCode.CAD) }],
        });
    }

    [Fact]
    public void ServicePayment_MixedCurrencies_Throws()
    {
        var service = Remittance().Claims[0].Services[0];
        Assert.Throws<CurrencyMismatchException>(() => service with { Paid = new Money(1m, CurrencyCode.EUR) });
        Assert.Throws<CurrencyMismatchException>(() => service with { Allowed = new Money(1m, CurrencyCode.EUR) });
        Assert.Throws<CurrencyMismatchException>(() => Remittance().Claims[0] with
        {
            Services = [new ServicePayment { Charge = new Money(1m, CurrencyCode.EUR), Paid = new Money(1m, CurrencyCode.EUR) }],
        });
    }

    [Fact]
    public void Reversal_NegativeAmounts_AreRepresentable()
    {
        var original = Remittance().Claims[0];
        var reversal = original with
        {
            Status = ClaimStatusCode.Reversal,
            TotalCharge = -original.TotalCharge,
            Paid = -original.Paid,
            PatientResponsibility = -original.PatientResponsibility!.Value,
            Adjustments = [.. original.Adjustments.Select(a => a with { Amount = -a.Amount })],
        };
        Assert.True(reversal.Status.IsReversal);
        Assert.Equal(Usd(-300m), reversal.Paid);
    }

    [Fact]
    public void Required_DefaultIdentifiers_Throw()
    {
        Assert.Equal(CanonicalErrorCodes.InvalidIdentifier, Assert.Throws<CanonicalModelException>(() => Remittance() with { Payer = default }).ErrorCode);
        Assert.Throws<CanonicalModelException>(() => Remittance().Claims[0] with { ClaimId = default });
        Assert.Throws<CanonicalModelException>(() => Remittance().Claims[0] with { Status = default });
        Assert.Throws<CanonicalModelException>(() => Remittance() with { PayeeNpi = default(Npi) });
        Assert.Throws<CanonicalModelException>(() => Remittance().ProviderAdjustments[0] with { Provider = default });
    }

    [Fact]
    public void Payment_InvalidValues_Throw()
    {
        var payment = Remittance().Payment;
        Assert.Throws<CanonicalModelException>(() => payment with { HandlingCode = (PaymentHandlingCode)99 });
        Assert.Throws<CanonicalModelException>(() => payment with { CreditDebit = (CreditDebitIndicator)99 });
        Assert.Throws<CanonicalModelException>(() => payment with { Method = (RemittancePaymentMethod)99 });
        Assert.Throws<CanonicalModelException>(() => payment with { TraceNumber = " " });
        Assert.Throws<CanonicalModelException>(() => payment with { Amount = default });
        Assert.Throws<ArgumentNullException>(() => Remittance() with { Payment = null! });
    }

    [Fact]
    public void NullItems_InLists_Throw()
    {
        Assert.Throws<CanonicalModelException>(() => Remittance() with { Claims = new ClaimPayment[] { null! } });
        Assert.Throws<CanonicalModelException>(() => Remittance() with { ProviderAdjustments = new ProviderAdjustment[] { null! } });
        Assert.Throws<CanonicalModelException>(() => Remittance().Claims[0] with { Adjustments = new ClaimAdjustment[] { null! } });
        Assert.Throws<CanonicalModelException>(() => Remittance().Claims[0] with { Services = new ServicePayment[] { null! } });
    }

    [Fact]
    public void Adjustment_InvalidValues_Throw()
    {
        var adjustment = Remittance().Claims[0].Adjustments[0];
        Assert.Throws<CanonicalModelException>(() => adjustment with { Group = (AdjustmentGroupCode)42 });
        Assert.Throws<CanonicalModelException>(() => adjustment with { ReasonCode = "" });
        Assert.Throws<CanonicalModelException>(() => adjustment with { Amount = default });
        Assert.Throws<CanonicalModelException>(() => Remittance().ProviderAdjustments[0] with { ReasonCode = " " });
    }

    [Fact]
    public void Modifiers_EmptyOrUntrimmed_Throw()
    {
        var service = Remittance().Claims[0].Services[0];
        Assert.Throws<CanonicalModelException>(() => service with { Modifiers = [""] });
        Assert.Throws<CanonicalModelException>(() => service with { Modifiers = [" 25"] });
    }

    [Fact]
    public void OptionalText_Whitespace_BecomesNull()
    {
        Assert.Null((Remittance() with { PayerName = "   " }).PayerName);
        Assert.Equal("Plan", (Remittance() with { PayerName = " Plan " }).PayerName);
    }
}
