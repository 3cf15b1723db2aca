using FsCheck;
using FsCheck.Fluent;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Idempotency.Tests.Keys;

/// <summary>A remittance and a copy that differs from it only in fields outside its keys.</summary>
public sealed record NonKeyVariant(RemittanceReceived Original, RemittanceReceived Variant);

/// <summary>A remittance and a copy that differs from it in one field of its primary key.</summary>
public sealed record KeyFieldVariant(RemittanceReceived Original, RemittanceReceived Variant, string Field);

/// <summary>A remittance and the same remittance resent under a new envelope (ISA13/GS06/ST02) and event id.</summary>
public sealed record Resend(RemittanceReceived Original, RemittanceReceived Resent);

/// <summary>FsCheck generators of remittances for the key derivation properties.</summary>
public static class KeyArbitraries
{
    private static Gen<string> Token(string prefix, int max) => Gen.Choose(0, max).Select(n => prefix + n.ToString("D3", System.Globalization.CultureInfo.InvariantCulture));

    private static Gen<Money> Usd(int minCents, int maxCents) => Gen.Choose(minCents, maxCents).Select(c => new Money(c / 100m, CurrencyCode.USD));

    // Few claim ids, control numbers and statuses, so that generated remittances often hold repeated and identical tuples.
    public static Gen<ClaimPayment> ClaimGen =>
        from id in Token("PCN", 4)
        from status in Gen.Elements("1", "2", "3", "4", "19", "22")
        from charge in Usd(0, 500_000)
        from paid in Gen.Elements(0m, 50m, 120.5m, -120.5m)
        from pccn in Gen.OneOf(Gen.Constant<string?>(null), Token("ICN", 3).Select(t => (string?)t))
        from filing in Gen.Elements("12", "MB", "CI")
        select new ClaimPayment
        {
            ClaimId = new PatientControlNumber(id),
            Status = new ClaimStatusCode(status),
            TotalCharge = charge,
            Paid = new Money(paid, CurrencyCode.USD),
            PayerClaimControlNumber = pccn is null ? null : new PayerClaimControlNumber(pccn),
            ClaimFilingIndicator = filing,
        };

    public static Gen<RemittanceReceived> RemittanceGen =>
        from eventId in Token("835-", 999)
        from isa in Token("000000", 999)
        from gs in Token("G", 999)
        from st in Token("S", 999)
        from payer in Token("PAYER-", 50)
        from trace in Token("EFT-", 999)
        from amount in Usd(-1_000_000, 10_000_000)
        from creditDebit in Gen.Elements(CreditDebitIndicator.Credit, CreditDebitIndicator.Debit)
        from days in Gen.Choose(0, 3650)
        from count in Gen.Choose(0, 6)
        from claims in Gen.ArrayOf(ClaimGen, count)
        select new RemittanceReceived
        {
            EventId = eventId,
            Source = new SourceReference { Format = SourceFormat.X12, InterchangeControlNumber = isa, GroupControlNumber = gs, TransactionSetControlNumber = st, Position = "ST*" + st },
            Payer = new PayerId(payer),
            PayerName = "ACME HEALTH PLAN",
            PayeeName = "GENERAL CLINIC",
            Payment = new RemittancePayment
            {
                HandlingCode = PaymentHandlingCode.RemittanceOnly,
                Amount = amount,
                CreditDebit = creditDebit,
                Method = RemittancePaymentMethod.Ach,
                PaymentDate = new DateOnly(2020, 1, 1).AddDays(days),
                TraceNumber = trace,
            },
            Claims = claims,
        };

    public static Gen<T[]> Shuffled<T>(IReadOnlyList<T> items) =>
        Gen.ArrayOf(Gen.Choose(0, 1_000_000), items.Count)
            .Select(order => items.Select((item, i) => (item, order[i])).OrderBy(p => p.Item2).Select(p => p.item).ToArray());

    public static Arbitrary<RemittanceReceived> Remittance() => Arb.From(RemittanceGen);

    public static Arbitrary<NonKeyVariant> NonKey() => Arb.From(
        from original in RemittanceGen
        from shuffled in Shuffled(original.Claims)
        from payerName in Gen.Elements<string?>(null, "OTHER PLAN")
        from payeeName in Gen.Elements<string?>(null, "OTHER CLINIC")
        from eventId in Gen.Elements(original.EventId, original.EventId + "-reread")
        from position in Gen.Elements<string?>(null, "ST*0001", "ST*0001/CLP[9]")
        from charge in Usd(0, 900_000)
        from method in Gen.Elements(RemittancePaymentMethod.Ach, RemittancePaymentMethod.Check, RemittancePaymentMethod.NonPayment)
        select new NonKeyVariant(
            original,
            original with
            {
                EventId = eventId,
                Source = original.Source with { Position = position, FileName = "resent.835", SegmentIndex = 42 },
                PayerName = payerName,
                PayeeName = payeeName,
                PayeeTaxId = new TaxId("123456789"),
                Payment = original.Payment with { Method = method, HandlingCode = PaymentHandlingCode.PaymentAccompaniesRemittance, OriginatingCompanyId = "1999999999" },
                Claims = shuffled.Select(c => c with { TotalCharge = charge, PatientResponsibility = new Money(10m, CurrencyCode.USD), ClaimFilingIndicator = "ZZ", FacilityTypeCode = "11" }).ToArray(),
            }));

    public static Arbitrary<KeyFieldVariant> KeyField() => Arb.From(
        from original in RemittanceGen
        from field in Gen.Elements("payer", "TRN02", "BPR02", "BPR03", "BPR16")
        from cents in Gen.Choose(1, 100_000)
        from days in Gen.Choose(1, 400)
        let p = original.Payment
        select new KeyFieldVariant(
            original,
            field switch
            {
                "payer" => original with { Payer = new PayerId(original.Payer.Value + "X") },
                "TRN02" => original with { Payment = p with { TraceNumber = p.TraceNumber + "0" } },
                "BPR02" => original with { Payment = p with { Amount = p.Amount + new Money(cents / 100m, CurrencyCode.USD) } },
                "BPR03" => original with { Payment = p with { CreditDebit = p.CreditDebit == CreditDebitIndicator.Credit ? CreditDebitIndicator.Debit : CreditDebitIndicator.Credit } },
                _ => original with { Payment = p with { PaymentDate = p.PaymentDate.AddDays(days) } },
            },
            field));

    public static Arbitrary<Resend> Resent() => Arb.From(
        from original in RemittanceGen
        from which in Gen.Elements("ISA13", "GS06", "ST02", "all")
        select new Resend(
            original,
            original with
            {
                EventId = original.EventId + "-resent",
                Source = which switch
                {
                    "ISA13" => original.Source with { InterchangeControlNumber = original.Source.InterchangeControlNumber + "9" },
                    "GS06" => original.Source with { GroupControlNumber = original.Source.GroupControlNumber + "9" },
                    "ST02" => original.Source with { TransactionSetControlNumber = original.Source.TransactionSetControlNumber + "9" },
                    _ => original.Source with { InterchangeControlNumber = "000000999", GroupControlNumber = "999", TransactionSetControlNumber = "9999" },
                },
            }));

    public static Arbitrary<ClaimPayment> Claim() => Arb.From(ClaimGen);
}
