using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Idempotency.Worker;

/// <summary>
/// A deterministic stream of claims and their remittances. The order is shuffled by a seed, so many remittances
/// arrive before their claim and must be parked until it does.
/// </summary>
public static class EventStream
{
    /// <summary>The payers the claims are spread over.</summary>
    public static readonly string[] Payers = ["PAYER-A", "PAYER-B", "PAYER-C"];

    /// <summary>Creates the stream.</summary>
    /// <param name="claims">How many claims (each with one remittance).</param>
    /// <param name="seed">The shuffle seed; the same seed gives the same order.</param>
    /// <returns>2 × <paramref name="claims"/> events.</returns>
    public static IReadOnlyList<CanonicalEvent> Create(int claims, int seed)
    {
        var events = new List<CanonicalEvent>(claims * 2);
        for (var k = 0; k < claims; k++)
        {
            events.Add(Claim(k));
            events.Add(Remittance(k));
        }

        var random = new Random(seed);
        for (var i = events.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (events[i], events[j]) = (events[j], events[i]);
        }

        return events;
    }

    /// <summary>The claim of index <paramref name="k"/>.</summary>
    /// <param name="k">The index.</param>
    /// <returns>The claim.</returns>
    public static ClaimSubmitted Claim(int k)
    {
        var charge = new Money(100m + k, CurrencyCode.USD);
        return new ClaimSubmitted
        {
            EventId = $"837-{k}",
            Source = new SourceReference { Format = SourceFormat.X12, InterchangeControlNumber = "000000101", GroupControlNumber = "1", TransactionSetControlNumber = $"{k:D4}" },
            ClaimId = new PatientControlNumber($"PCN{k:D6}"),
            ClaimType = ClaimType.Professional,
            TotalCharge = charge,
            Payer = new PayerId(Payers[k % Payers.Length]),
            BillingProvider = new Npi("1234567893"),
            Lines = [new ClaimLine { LineNumber = 1, Procedure = new ChargeCode { CodeSet = ChargeCodeSet.Cpt, Code = "99213" }, Units = 1m, Charge = charge }],
        };
    }

    /// <summary>The remittance paying claim <paramref name="k"/>.</summary>
    /// <param name="k">The index.</param>
    /// <returns>The remittance.</returns>
    public static RemittanceReceived Remittance(int k)
    {
        var charge = new Money(100m + k, CurrencyCode.USD);
        var paid = new Money(80m + k, CurrencyCode.USD);
        return new RemittanceReceived
        {
            EventId = $"835-{k}",
            Source = new SourceReference { Format = SourceFormat.X12, InterchangeControlNumber = "000000202", GroupControlNumber = "2", TransactionSetControlNumber = $"{k:D4}" },
            Payer = new PayerId(Payers[k % Payers.Length]),
            Payment = new RemittancePayment
            {
                HandlingCode = PaymentHandlingCode.PaymentAccompaniesRemittance,
                Amount = paid,
                CreditDebit = CreditDebitIndicator.Credit,
                Method = RemittancePaymentMethod.Ach,
                PaymentDate = new DateOnly(2026, 11, 2),
                TraceNumber = $"TRN{k:D6}",
            },
            Claims =
            [
                new ClaimPayment
                {
                    ClaimId = new PatientControlNumber($"PCN{k:D6}"),
                    Status = ClaimStatusCode.ProcessedAsPrimary,
                    TotalCharge = charge,
                    Paid = paid,
                    PayerClaimControlNumber = new PayerClaimControlNumber($"ICN{k:D8}"),
                },
            ],
        };
    }
}
