using System.Globalization;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Erp.Testing;

/// <summary>
/// The journals the conformance kit posts: runs of debit/credit pairs as the posting engine writes them, for legal
/// entity <c>E1</c>, in USD, on the roles <see cref="Roles"/>. A mapping used by an adapter under test must place them.
/// </summary>
public static class ErpConformanceJournals
{
    /// <summary>The roles the kit's journals use.</summary>
    public static IReadOnlyList<AccountRole> Roles { get; } = [AccountRole.CashClearing, AccountRole.PayerAr, AccountRole.ContractualAllowance, AccountRole.PatientAr];

    /// <summary>The dimensions of every line: legal entity <c>E1</c>, facility <c>F1</c>, cost center <c>C100</c>, payer <c>P1</c>, payer class <c>commercial</c>.</summary>
    public static JournalDimensions Dimensions { get; } = new()
    {
        LegalEntity = new LegalEntityId("E1"),
        Facility = new FacilityId("F1"),
        CostCenter = "C100",
        Payer = new PayerId("P1"),
        PayerClass = "commercial",
    };

    /// <summary>Creates a balanced journal of <paramref name="pairs"/> debit/credit pairs with distinct amounts.</summary>
    /// <param name="idempotencyKey">The key (also the end of the journal id).</param>
    /// <param name="pairs">How many pairs; at least 1.</param>
    /// <returns>The journal.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pairs"/> is less than 1.</exception>
    public static JournalEntry Pairs(string idempotencyKey, int pairs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pairs, 1);
        var lines = new List<JournalLine>();
        for (var i = 1; i <= pairs; i++)
        {
            var amount = new Money(i * 100m + 0.25m * (i % 4), CurrencyCode.USD);
            var (debit, credit, memo) = (i % 3) switch
            {
                1 => (AccountRole.CashClearing, AccountRole.PayerAr, "CLP04"),
                2 => (AccountRole.ContractualAllowance, AccountRole.PayerAr, "CO-45"),
                _ => (AccountRole.PatientAr, AccountRole.PayerAr, "PR-1"),
            };
            var references = new JournalLineReferences { ClaimId = new PatientControlNumber("PCN" + i.ToString(CultureInfo.InvariantCulture)), TraceNumber = "EFT0001" };
            lines.Add(JournalLine.DebitOf(debit, amount, Dimensions) with { Memo = memo, References = references });
            lines.Add(JournalLine.CreditOf(credit, amount, Dimensions) with { Memo = memo, References = references });
        }

        return new JournalEntry
        {
            EventId = "J-" + idempotencyKey,
            Source = new SourceReference { Format = SourceFormat.X12, InterchangeControlNumber = "000000905", GroupControlNumber = "905", TransactionSetControlNumber = "0001", FileName = "remit.835" },
            LegalEntity = new LegalEntityId("E1"),
            IdempotencyKey = idempotencyKey,
            EntryDate = new DateOnly(2024, 1, 5),
            SourceEventIds = ["x12-835:000000905:905:0001"],
            RuleSetVersion = "conformance-1",
            Description = "835 claim payment",
            Lines = lines.ToArray(),
        };
    }
}
