using HealthFinance.Canonical.Events;
using static HealthFinance.Canonical.Tests.Support.Samples;

namespace HealthFinance.Canonical.Tests.Events;

public sealed class JournalEntryTests
{
    [Fact]
    public void Ctor_WorkedExample_Balances()
    {
        var entry = Journal();
        Assert.Equal(1260.50m, entry.Lines.Sum(l => l.Debit.Amount));
        Assert.Equal(1260.50m, entry.Lines.Sum(l => l.Credit.Amount));
    }

    [Fact]
    public void Ctor_Unbalanced_ThrowsWithDetails()
    {
        var lines = Journal().Lines.AsImmutableArray().RemoveAt(0);
        var ex = Assert.Throws<UnbalancedJournalException>(() => Journal() with { Lines = lines });
        Assert.Equal(CanonicalErrorCodes.UnbalancedJournal, ex.ErrorCode);
        Assert.Equal(CurrencyCode.USD, ex.Currency);
        Assert.Equal(new LegalEntityId("E1"), ex.LegalEntity);
        Assert.Equal(960.50m, ex.TotalDebit);
        Assert.Equal(1260.50m, ex.TotalCredit);
        Assert.Equal("Lines", ex.ParamName);
        Assert.Contains("USD", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ctor_BalancedOnlyAcrossCurrencies_Throws()
    {
        Assert.Throws<UnbalancedJournalException>(() => Journal() with
        {
            Lines = [JournalLine.DebitOf(AccountRole.Cash, Usd(10m)), JournalLine.CreditOf(AccountRole.CashClearing, new Money(10m, CurrencyCode.EUR))],
        });
    }

    [Fact]
    public void Ctor_BalancedOnlyAcrossLegalEntities_Throws()
    {
        var e1 = new JournalDimensions { LegalEntity = new LegalEntityId("E1") };
        var e2 = new JournalDimensions { LegalEntity = new LegalEntityId("E2") };
        var ex = Assert.Throws<UnbalancedJournalException>(() => Journal() with
        {
            Lines = [JournalLine.DebitOf(AccountRole.Cash, Usd(10m), e1), JournalLine.CreditOf(AccountRole.CashClearing, Usd(10m), e2)],
        });
        Assert.Contains("legal entity E", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ctor_EachCurrencyBalanced_Constructs()
    {
        var entry = Journal() with
        {
            Lines =
            [
                JournalLine.DebitOf(AccountRole.Cash, Usd(10m)),
                JournalLine.DebitOf(AccountRole.Cash, new Money(5m, CurrencyCode.EUR)),
                JournalLine.CreditOf(AccountRole.CashClearing, new Money(5.00m, CurrencyCode.EUR)),
                JournalLine.CreditOf(AccountRole.CashClearing, Usd(10m)),
            ],
        };
        Assert.Equal(4, entry.Lines.Count);
    }

    [Fact]
    public void Ctor_EmptyLines_Throws()
    {
        Assert.Equal(CanonicalErrorCodes.InvalidValue, Assert.Throws<CanonicalModelException>(() => Journal() with { Lines = [] }).ErrorCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Line_NonPositiveAmount_Throws(decimal amount)
    {
        Assert.Throws<CanonicalModelException>(() => JournalLine.DebitOf(AccountRole.Cash, Usd(amount)));
        Assert.Throws<CanonicalModelException>(() => JournalLine.CreditOf(AccountRole.Cash, Usd(amount)));
    }

    [Fact]
    public void Line_ExactlyOneSideIsNonZero()
    {
        var debit = JournalLine.DebitOf(AccountRole.Cash, Usd(10m));
        Assert.Equal(Usd(10m), debit.Debit);
        Assert.True(debit.Credit.IsZero);
        var credit = debit with { Side = JournalSide.Credit };
        Assert.True(credit.Debit.IsZero);
        Assert.Equal(Usd(10m), credit.Credit);
    }

    [Fact]
    public void Line_InvalidValues_Throw()
    {
        var line = JournalLine.DebitOf(AccountRole.Cash, Usd(10m));
        Assert.Throws<CanonicalModelException>(() => line with { Side = (JournalSide)5 });
        Assert.Throws<CanonicalModelException>(() => line with { Account = default });
        Assert.Throws<ArgumentNullException>(() => line with { Dimensions = null! });
        Assert.Throws<CanonicalModelException>(() => line with { Amount = default });
        Assert.Same(JournalDimensions.None, line.Dimensions);
    }

    [Fact]
    public void Entry_InvalidHeader_Throws()
    {
        Assert.Throws<CanonicalModelException>(() => Journal() with { IdempotencyKey = "" });
        Assert.Throws<ArgumentNullException>(() => Journal() with { IdempotencyKey = null! });
        Assert.Throws<CanonicalModelException>(() => Journal() with { SourceEventIds = [" "] });
        Assert.Throws<CanonicalModelException>(() => Journal() with { Lines = new JournalLine[] { null! } });
    }

    [Fact]
    public void Line_EmptyReferences_AreStoredAsNull()
    {
        var line = JournalLine.DebitOf(AccountRole.Cash, Usd(10m)) with { References = JournalLineReferences.None };
        Assert.Null(line.References);
        Assert.Equal(JournalLine.DebitOf(AccountRole.Cash, Usd(10m)), line);
    }

    [Fact]
    public void Line_References_AreKeptTrimmed_AndBlankTextBecomesNull()
    {
        var refs = new JournalLineReferences
        {
            ClaimId = new PatientControlNumber("PCN1"),
            PayerClaimControlNumber = new PayerClaimControlNumber("ICN1"),
            PatientAccount = new PatientAccountNumber("ACCT1"),
            TraceNumber = " EFT0001 ",
            ProviderAdjustmentReference = "  ",
            ReversedJournalId = "J-1",
        };
        var line = JournalLine.CreditOf(AccountRole.PayerAr, Usd(10m)) with { References = refs };

        Assert.Same(refs, line.References);
        Assert.Equal("EFT0001", refs.TraceNumber);
        Assert.Null(refs.ProviderAdjustmentReference);
        Assert.False(refs.IsEmpty);
        Assert.True(JournalLineReferences.None.IsEmpty);
        Assert.Throws<CanonicalModelException>(() => refs with { ClaimId = default(PatientControlNumber) });
    }

    [Fact]
    public void Dimensions_AdjustmentValues_AreTrimmed_AndBlankBecomesNull()
    {
        var dims = new JournalDimensions { AdjustmentCategory = " contractual ", AdjustmentReason = "CO-45", ProviderAdjustmentReason = " " };
        Assert.Equal("contractual", dims.AdjustmentCategory);
        Assert.Equal("CO-45", dims.AdjustmentReason);
        Assert.Null(dims.ProviderAdjustmentReason);
    }
}
