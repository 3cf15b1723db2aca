using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HealthFinance.Canonical.Events;
using HealthFinance.Fhir.Internal;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using CanonicalMoney = HealthFinance.Canonical.Money;

namespace HealthFinance.Fhir;

/// <summary>
/// Renders canonical remittances as FHIR R4 resources a host can publish to a FHIR server: each
/// <see cref="ClaimPayment"/> as an ExplanationOfBenefit, the payment header with its claim payments and provider-level
/// adjustments as a PaymentReconciliation, and both together as a collection Bundle whose reconciliation details refer
/// to the ExplanationOfBenefits. <see cref="FhirParser"/> maps the Bundle back to an equal remittance.
/// </summary>
/// <remarks>
/// Values FHIR R4 has no element for (CLP02, CLP06, CLP08, CLP09, REF*6R, BPR01/03/04, TRN03/04, PLB reason codes) travel
/// in the extensions listed in <see cref="FhirSystems"/>. Adjustments become adjudications whose category is the X12
/// group code (<see cref="FhirSystems.ClaimAdjustmentGroup"/>) and whose reason is the CARC
/// (<see cref="FhirSystems.ClaimAdjustmentReason"/>). Identifiers are deterministic: rendering the same remittance twice
/// gives the same JSON.
/// </remarks>
public static class FhirRenderer
{
    private static readonly FhirJsonSerializer s_serializer = new();

    /// <summary>Renders one claim payment of a remittance as an ExplanationOfBenefit.</summary>
    /// <param name="remittance">The remittance (payer, payee and payment date).</param>
    /// <param name="claim">The claim payment.</param>
    /// <returns>The ExplanationOfBenefit; its payment is the claim's payment on the remittance's date and trace number.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static ExplanationOfBenefit ToExplanationOfBenefit(RemittanceReceived remittance, ClaimPayment claim)
    {
        ArgumentNullException.ThrowIfNull(remittance);
        ArgumentNullException.ThrowIfNull(claim);
        var date = DateText(remittance.Payment.PaymentDate);
        var eob = new ExplanationOfBenefit
        {
            Status = ExplanationOfBenefit.ExplanationOfBenefitStatus.Active,
            Type = new CodeableConcept(FhirSystems.ClaimType, claim.FacilityTypeCode is null ? "professional" : "institutional"),
            Use = ClaimUseCode.Claim,
            Patient = new ResourceReference { Identifier = new Identifier(FhirSystems.PatientControlNumber, claim.ClaimId.Value) },
            Created = date,
            Insurer = Payer(remittance),
            Provider = Payee(remittance),
            Claim = new ResourceReference { Identifier = new Identifier(FhirSystems.PatientControlNumber, claim.ClaimId.Value) },
            Outcome = ClaimProcessingCodes.Complete,
            Insurance = [new ExplanationOfBenefit.InsuranceComponent { Focal = true, Coverage = new ResourceReference { Display = "Coverage not stated by the remittance" } }],
            Payment = new ExplanationOfBenefit.PaymentComponent
            {
                DateElement = new Date(date),
                Amount = Money(claim.Paid),
                Identifier = new Identifier(FhirSystems.TraceNumber, remittance.Payment.TraceNumber),
            },
        };
        if (remittance.PayeeTaxId is { } tin)
        {
            eob.Payee = new ExplanationOfBenefit.PayeeComponent { Party = new ResourceReference { Identifier = new Identifier(FhirSystems.TaxId, tin.Value) } };
        }

        if (claim.PayerClaimControlNumber is { } pccn)
        {
            eob.Identifier.Add(new Identifier(null, pccn.Value));
        }

        eob.SetExtension(FhirSystems.ClaimStatusExtension, new Code(claim.Status.Value));
        SetCode(eob, FhirSystems.ClaimFilingIndicatorExtension, claim.ClaimFilingIndicator);
        SetCode(eob, FhirSystems.FacilityTypeExtension, claim.FacilityTypeCode);
        SetCode(eob, FhirSystems.ClaimFrequencyExtension, claim.ClaimFrequencyCode);
        PaymentExtensions(eob.Payment, remittance.Payment);

        var sequence = 1;
        foreach (var service in claim.Services)
        {
            eob.Item.Add(Item(service, sequence++));
        }

        foreach (var adjustment in claim.Adjustments)
        {
            eob.Adjudication.Add(Adjustment(adjustment));
        }

        eob.Total.Add(Total(FhirSystems.Adjudication, "submitted", claim.TotalCharge));
        eob.Total.Add(Total(FhirSystems.Adjudication, "benefit", claim.Paid));
        if (claim.PatientResponsibility is { } patient)
        {
            eob.Total.Add(Total(FhirSystems.CanonicalAdjudication, "patient-responsibility", patient));
        }

        if (claim.Interest is { } interest)
        {
            eob.Total.Add(Total(FhirSystems.CanonicalAdjudication, "interest", interest));
        }

        return eob;
    }

    /// <summary>Renders a remittance's payment header, claim payments and provider-level adjustments as a PaymentReconciliation.</summary>
    /// <param name="remittance">The remittance.</param>
    /// <returns>The PaymentReconciliation; its payment details do not refer to ExplanationOfBenefits (see <see cref="ToBundle"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="remittance"/> is <see langword="null"/>.</exception>
    public static PaymentReconciliation ToPaymentReconciliation(RemittanceReceived remittance) => ToPaymentReconciliation(remittance, null);

    /// <summary>
    /// Renders a remittance as a collection Bundle: the PaymentReconciliation first, then one ExplanationOfBenefit per
    /// claim payment, which the reconciliation's payment details refer to by their <c>urn:uuid</c> fullUrl.
    /// </summary>
    /// <param name="remittance">The remittance.</param>
    /// <returns>The Bundle.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="remittance"/> is <see langword="null"/>.</exception>
    public static Bundle ToBundle(RemittanceReceived remittance)
    {
        ArgumentNullException.ThrowIfNull(remittance);
        var urls = remittance.Claims.Select((_, i) => Urn(remittance.EventId + "#claim" + i.ToString(CultureInfo.InvariantCulture))).ToList();
        var bundle = new Bundle { Type = Bundle.BundleType.Collection };
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = Urn(remittance.EventId + "#payment"), Resource = ToPaymentReconciliation(remittance, urls) });
        for (var i = 0; i < remittance.Claims.Count; i++)
        {
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = urls[i], Resource = ToExplanationOfBenefit(remittance, remittance.Claims[i]) });
        }

        return bundle;
    }

    /// <summary>Serializes a resource as FHIR JSON.</summary>
    /// <param name="resource">The resource.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="resource"/> is <see langword="null"/>.</exception>
    public static string ToJson(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return s_serializer.SerializeToString(resource);
    }

    private static PaymentReconciliation ToPaymentReconciliation(RemittanceReceived remittance, List<string>? eobUrls)
    {
        ArgumentNullException.ThrowIfNull(remittance);
        var date = DateText(remittance.Payment.PaymentDate);
        var reconciliation = new PaymentReconciliation
        {
            Status = FinancialResourceStatusCodes.Active,
            Created = date,
            PaymentIssuer = Payer(remittance),
            Outcome = ClaimProcessingCodes.Complete,
            PaymentDate = date,
            PaymentAmount = Money(remittance.Payment.Amount),
            PaymentIdentifier = new Identifier(FhirSystems.TraceNumber, remittance.Payment.TraceNumber),
        };
        if (remittance.PayeeNpi is not null || remittance.PayeeName is not null)
        {
            reconciliation.Requestor = new ResourceReference
            {
                Identifier = remittance.PayeeNpi is { } npi ? new Identifier(FhirSystems.Npi, npi.Value) : null,
                Display = remittance.PayeeName,
            };
        }

        PaymentExtensions(reconciliation, remittance.Payment);
        SetString(reconciliation, FhirSystems.PayeeTaxIdExtension, remittance.PayeeTaxId?.Value);
        for (var i = 0; i < remittance.Claims.Count; i++)
        {
            var claim = remittance.Claims[i];
            reconciliation.Detail.Add(new PaymentReconciliation.DetailsComponent
            {
                Type = new CodeableConcept(FhirSystems.PaymentType, "payment"),
                Request = new ResourceReference { Identifier = new Identifier(FhirSystems.PatientControlNumber, claim.ClaimId.Value) },
                Response = eobUrls is null ? null : new ResourceReference(eobUrls[i]),
                Date = date,
                Amount = Money(claim.Paid),
            });
        }

        foreach (var adjustment in remittance.ProviderAdjustments)
        {
            var detail = new PaymentReconciliation.DetailsComponent
            {
                Type = new CodeableConcept(FhirSystems.PaymentType, "adjustment"),
                Identifier = adjustment.Reference is { } reference ? new Identifier(null, reference) : null,
                Payee = new ResourceReference { Identifier = new Identifier(FhirSystems.ProviderId, adjustment.Provider.Value) },
                Date = adjustment.FiscalPeriodDate is { } fiscal ? DateText(fiscal) : null,

                // A detail adds to the payment; a provider-level adjustment is positive when it reduces it.
                Amount = Money(-adjustment.Amount),
            };
            detail.SetExtension(FhirSystems.ProviderAdjustmentReasonExtension, new Code(adjustment.ReasonCode));
            reconciliation.Detail.Add(detail);
        }

        return reconciliation;
    }

    private static ExplanationOfBenefit.ItemComponent Item(ServicePayment service, int sequence)
    {
        var item = new ExplanationOfBenefit.ItemComponent
        {
            Sequence = sequence,
            ProductOrService = service.Procedure is { } procedure ? new CodeableConcept(SystemOf(procedure.CodeSet), procedure.Code) : new CodeableConcept { Text = "Procedure not stated" },
            Revenue = service.RevenueCode is { } revenue ? new CodeableConcept(FhirSystems.RevenueCode, revenue) : null,
            Serviced = service.ServiceDate is { } served ? new Date(DateText(served)) : null,
            Quantity = service.Units is { } units ? new Quantity { Value = units } : null,
            Net = Money(service.Charge),
        };
        foreach (var modifier in service.Modifiers)
        {
            item.Modifier.Add(new CodeableConcept(null, modifier));
        }

        if (service.Allowed is { } allowed)
        {
            item.Adjudication.Add(new ExplanationOfBenefit.AdjudicationComponent { Category = new CodeableConcept(FhirSystems.Adjudication, "eligible"), Amount = Money(allowed) });
        }

        item.Adjudication.Add(new ExplanationOfBenefit.AdjudicationComponent { Category = new CodeableConcept(FhirSystems.Adjudication, "benefit"), Amount = Money(service.Paid) });
        foreach (var adjustment in service.Adjustments)
        {
            item.Adjudication.Add(Adjustment(adjustment));
        }

        if (service.LineItemControlNumber is { } control)
        {
            item.SetExtension(FhirSystems.LineItemControlNumberExtension, new FhirString(control));
        }

        return item;
    }

    private static ExplanationOfBenefit.AdjudicationComponent Adjustment(ClaimAdjustment adjustment) => new()
    {
        Category = new CodeableConcept(FhirSystems.ClaimAdjustmentGroup, FhirCodes.Code(adjustment.Group)),
        Reason = new CodeableConcept(FhirSystems.ClaimAdjustmentReason, adjustment.ReasonCode),
        Amount = Money(adjustment.Amount),
        Value = adjustment.Quantity,
    };

    private static ExplanationOfBenefit.TotalComponent Total(string system, string code, CanonicalMoney amount) =>
        new() { Category = new CodeableConcept(system, code), Amount = Money(amount) };

    private static ResourceReference Payer(RemittanceReceived remittance) =>
        new() { Identifier = new Identifier(FhirSystems.PayerId, remittance.Payer.Value), Display = remittance.PayerName };

    private static ResourceReference Payee(RemittanceReceived remittance) => new()
    {
        Identifier = remittance.PayeeNpi is { } npi ? new Identifier(FhirSystems.Npi, npi.Value) : null,
        Display = remittance.PayeeName ?? (remittance.PayeeNpi is null ? "Payee not stated by the remittance" : null),
    };

    private static void PaymentExtensions(Base holder, RemittancePayment payment)
    {
        SetCode(holder, FhirSystems.PaymentHandlingExtension, FhirCodes.Code(payment.HandlingCode));
        SetCode(holder, FhirSystems.CreditDebitExtension, FhirCodes.Code(payment.CreditDebit));
        SetCode(holder, FhirSystems.PaymentMethodExtension, FhirCodes.Code(payment.Method));
        SetString(holder, FhirSystems.OriginatingCompanyExtension, payment.OriginatingCompanyId);
        SetString(holder, FhirSystems.OriginatingCompanySupplementalExtension, payment.OriginatingCompanySupplementalCode);
    }

    private static void SetCode(Base holder, string url, string? code)
    {
        if (code is not null)
        {
            Set(holder, url, new Code(code));
        }
    }

    private static void SetString(Base holder, string url, string? text)
    {
        if (text is not null)
        {
            Set(holder, url, new FhirString(text));
        }
    }

    private static void Set(Base holder, string url, DataType value)
    {
        switch (holder)
        {
            case DomainResource resource:
                resource.SetExtension(url, value);
                break;
            case Element element:
                element.SetExtension(url, value);
                break;
        }
    }

    private static Hl7.Fhir.Model.Money Money(CanonicalMoney amount)
    {
        var money = new Hl7.Fhir.Model.Money { Value = amount.Amount };
        if (Enum.TryParse<Hl7.Fhir.Model.Money.Currencies>(amount.Currency.Value, ignoreCase: false, out var currency))
        {
            money.Currency = currency;
        }
        else
        {
            money.CurrencyElement = new Code<Hl7.Fhir.Model.Money.Currencies> { JsonValue = amount.Currency.Value };
        }

        return money;
    }

    private static string? SystemOf(ChargeCodeSet set) => set switch
    {
        ChargeCodeSet.Cpt => FhirSystems.Cpt,
        ChargeCodeSet.Hcpcs => FhirSystems.Hcpcs,
        ChargeCodeSet.Icd10Pcs => FhirSystems.Icd10Pcs,
        ChargeCodeSet.Ndc => FhirSystems.Ndc,
        ChargeCodeSet.RevenueCode => FhirSystems.RevenueCode,
        _ => null,
    };

    private static string DateText(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Urn(string seed)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(seed), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return "urn:uuid:" + new Guid(hash[..16], bigEndian: true).ToString("D", CultureInfo.InvariantCulture);
    }
}
