using System.Globalization;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using CanonicalMoney = HealthFinance.Canonical.Money;

namespace HealthFinance.Fhir.Benchmarks;

/// <summary>One benchmark input: its JSON and how many resources it holds.</summary>
/// <param name="Name">The parameter value shown in the tables.</param>
/// <param name="Json">The UTF-8 JSON.</param>
/// <param name="Resources">The number of resources (Bundle entries counted individually).</param>
/// <param name="Origin">Where the JSON comes from.</param>
internal sealed record FhirInput(string Name, byte[] Json, long Resources, string Origin);

/// <summary>
/// The inputs: the R4 ExplanationOfBenefit example (EB3500, read from the shared corpus when it is present — never
/// copied into the repository — else an ExplanationOfBenefit of the same shape rendered here), and a generated,
/// deterministic collection Bundle of about 300 KB (claims, their adjudications, the payment that pays them, and the
/// patients, coverages and organizations they refer to).
/// </summary>
internal static class FhirInputs
{
    public const string Eob = "EOB-example";
    public const string Bundle300K = "Bundle-300KB";

    private static readonly Lazy<FhirInput> s_eob = new(CreateEob);
    private static readonly Lazy<FhirInput> s_bundle = new(() => Measure(Bundle300K, CreateBundle(300 * 1024), "generated (FhirInputs.CreateBundle, 300 KB target)"));

    public static FhirInput Get(string name) => name switch
    {
        Eob => s_eob.Value,
        Bundle300K => s_bundle.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown input."),
    };

    private static FhirInput Measure(string name, byte[] json, string origin) => new(name, json, FhirControlTotals.Compute(json).Resources, origin);

    private static FhirInput CreateEob()
    {
        var corpus = Environment.GetEnvironmentVariable("HF_CORPUS") is { Length: > 0 } root ? root : FindCorpus();
        var path = corpus is null ? null : Path.Combine(corpus, "fhir", "ExplanationOfBenefit", "fhirr4spec-ExplanationOfBenefit-EB3500.json");
        if (path is not null && File.Exists(path))
        {
            return Measure(Eob, File.ReadAllBytes(path), "R4 example EB3500 (shared corpus)");
        }

        var remittance = Remittance(1, 1);
        return Measure(Eob, System.Text.Encoding.UTF8.GetBytes(FhirRenderer.ToJson(FhirRenderer.ToExplanationOfBenefit(remittance, remittance.Claims[0]))), "rendered ExplanationOfBenefit (corpus absent)");
    }

    private static string? FindCorpus()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "corpus");
            if (File.Exists(Path.Combine(dir.FullName, "HealthFinance.Canonical.slnx")) && Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>A collection Bundle of at least <paramref name="targetBytes"/> bytes of JSON.</summary>
    public static byte[] CreateBundle(int targetBytes)
    {
        var sample = Serialize(BundleOf(10));
        var claims = Math.Max(1, (int)Math.Ceiling(10.0 * targetBytes / sample.Length));
        return Serialize(BundleOf(claims));
    }

    private static byte[] Serialize(Bundle bundle) => System.Text.Encoding.UTF8.GetBytes(new FhirJsonSerializer().SerializeToString(bundle));

    private static Bundle BundleOf(int claims)
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Collection };
        var payer = Add(bundle, new Organization { Identifier = [new Identifier("http://example.org/payers", "PAYER-1")], Name = "Benchmark Health Plan" });
        var provider = Add(bundle, new Organization { Identifier = [new Identifier(FhirSystems.Npi, "1234567893")], Name = "Benchmark Clinic" });
        var reconciliation = new PaymentReconciliation
        {
            Status = FinancialResourceStatusCodes.Active,
            Created = "2024-06-30",
            PaymentIssuer = new ResourceReference(payer),
            Requestor = new ResourceReference(provider),
            PaymentDate = "2024-06-30",
            PaymentIdentifier = new Identifier(null, "EFT-BENCH"),
        };
        var paid = 0m;
        for (var i = 0; i < claims; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            var patient = Add(bundle, new Patient { Identifier = [new Identifier("http://example.org/mrn", "MRN-" + n)] });
            var coverage = Add(bundle, new Coverage
            {
                Status = FinancialResourceStatusCodes.Active,
                SubscriberId = "SUB-" + n,
                Beneficiary = new ResourceReference(patient),
                Payor = [new ResourceReference(payer)],
            });
            var claim = new Claim
            {
                Identifier = [new Identifier("http://example.org/claims", "PCN-" + n)],
                Status = FinancialResourceStatusCodes.Active,
                Type = new CodeableConcept(FhirSystems.ClaimType, "professional"),
                Use = ClaimUseCode.Claim,
                Patient = new ResourceReference(patient),
                Created = "2024-06-01",
                Provider = new ResourceReference(provider),
                Priority = new CodeableConcept(null, "normal"),
                Insurance = [new Claim.InsuranceComponent { Sequence = 1, Focal = true, Coverage = new ResourceReference(coverage) }],
            };
            var eob = new ExplanationOfBenefit
            {
                Identifier = [new Identifier(null, "ICN-" + n)],
                Status = ExplanationOfBenefit.ExplanationOfBenefitStatus.Active,
                Type = new CodeableConcept(FhirSystems.ClaimType, "professional"),
                Use = ClaimUseCode.Claim,
                Patient = new ResourceReference(patient),
                Created = "2024-06-20",
                Insurer = new ResourceReference(payer),
                Provider = new ResourceReference(provider),
                Outcome = ClaimProcessingCodes.Complete,
                Insurance = [new ExplanationOfBenefit.InsuranceComponent { Focal = true, Coverage = new ResourceReference(coverage) }],
            };
            decimal charged = 0m, benefit = 0m;
            for (var line = 1; line <= 3; line++)
            {
                var charge = 50m + (((i * 7) + (line * 13)) % 200) + 0.25m * line;
                var eligible = decimal.Round(charge * 0.8m, 2, MidpointRounding.AwayFromZero);
                var copay = 10m;
                var pays = decimal.Round((eligible - copay) * 0.8m, 2, MidpointRounding.AwayFromZero);
                var code = new CodeableConcept(FhirSystems.Cpt, (99210 + line).ToString(CultureInfo.InvariantCulture));
                claim.Item.Add(new Claim.ItemComponent { Sequence = line, ProductOrService = code, Serviced = new Date("2024-05-30"), Quantity = new Quantity { Value = 1 }, Net = Usd(charge) });
                eob.Item.Add(new ExplanationOfBenefit.ItemComponent
                {
                    Sequence = line,
                    ProductOrService = code,
                    Serviced = new Date("2024-05-30"),
                    Net = Usd(charge),
                    Adjudication =
                    [
                        Adjudication("submitted", charge), Adjudication("eligible", eligible), Adjudication("copay", copay),
                        new ExplanationOfBenefit.AdjudicationComponent { Category = new CodeableConcept(FhirSystems.Adjudication, "eligpercent"), Value = 80 },
                        Adjudication("benefit", pays),
                    ],
                });
                charged += charge;
                benefit += pays;
            }

            claim.Total = Usd(charged);
            var claimUrl = Add(bundle, claim);
            eob.Claim = new ResourceReference(claimUrl);
            eob.Total = [new ExplanationOfBenefit.TotalComponent { Category = new CodeableConcept(FhirSystems.Adjudication, "submitted"), Amount = Usd(charged) }, new ExplanationOfBenefit.TotalComponent { Category = new CodeableConcept(FhirSystems.Adjudication, "benefit"), Amount = Usd(benefit) }];
            eob.Payment = new ExplanationOfBenefit.PaymentComponent { DateElement = new Date("2024-06-30"), Amount = Usd(benefit) };
            var eobUrl = Add(bundle, eob);
            reconciliation.Detail.Add(new PaymentReconciliation.DetailsComponent { Type = new CodeableConcept(FhirSystems.PaymentType, "payment"), Request = new ResourceReference(claimUrl), Response = new ResourceReference(eobUrl), Amount = Usd(benefit) });
            paid += benefit;
        }

        reconciliation.PaymentAmount = Usd(paid);
        Add(bundle, reconciliation);
        return bundle;
    }

    private static string Add(Bundle bundle, Resource resource)
    {
        var url = string.Create(CultureInfo.InvariantCulture, $"urn:uuid:00000000-0000-4000-8000-{bundle.Entry.Count:x12}");
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = url, Resource = resource });
        return url;
    }

    private static Hl7.Fhir.Model.Money Usd(decimal value) => new() { Value = value, Currency = Hl7.Fhir.Model.Money.Currencies.USD };

    private static ExplanationOfBenefit.AdjudicationComponent Adjudication(string category, decimal amount) =>
        new() { Category = new CodeableConcept(FhirSystems.Adjudication, category), Amount = Usd(amount) };

    private static RemittanceReceived Remittance(int claims, int seed)
    {
        var usd = CurrencyCode.USD;
        return new RemittanceReceived
        {
            EventId = "bench-" + seed.ToString(CultureInfo.InvariantCulture),
            Source = new SourceReference { Format = SourceFormat.Fhir },
            Payer = new PayerId("PAYER-1"),
            PayeeNpi = new Npi("1234567893"),
            Payment = new RemittancePayment
            {
                HandlingCode = PaymentHandlingCode.PaymentAccompaniesRemittance,
                Amount = new CanonicalMoney(96m, usd),
                CreditDebit = CreditDebitIndicator.Credit,
                Method = RemittancePaymentMethod.Ach,
                PaymentDate = new DateOnly(2024, 6, 30),
                TraceNumber = "EFT-1",
            },
            Claims = [.. Enumerable.Range(0, claims).Select(i => new ClaimPayment
            {
                ClaimId = new PatientControlNumber("PCN-" + i.ToString(CultureInfo.InvariantCulture)),
                Status = ClaimStatusCode.ProcessedAsPrimary,
                TotalCharge = new CanonicalMoney(135.57m, usd),
                Paid = new CanonicalMoney(96m, usd),
                Services =
                [
                    new ServicePayment
                    {
                        Procedure = new ChargeCode { CodeSet = ChargeCodeSet.Local, Code = "1205" },
                        Charge = new CanonicalMoney(135.57m, usd),
                        Paid = new CanonicalMoney(96m, usd),
                        Allowed = new CanonicalMoney(120m, usd),
                        ServiceDate = new DateOnly(2014, 8, 16),
                        Adjustments =
                        [
                            new ClaimAdjustment { Group = AdjustmentGroupCode.ContractualObligation, ReasonCode = "45", Amount = new CanonicalMoney(15.57m, usd) },
                            new ClaimAdjustment { Group = AdjustmentGroupCode.PatientResponsibility, ReasonCode = "2", Amount = new CanonicalMoney(24m, usd) },
                        ],
                    },
                ],
            })],
        };
    }
}
