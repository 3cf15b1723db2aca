using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using HealthFinance.Fhir.Internal;
using Hl7.Fhir.Model;
using Money = HealthFinance.Canonical.Money;

namespace HealthFinance.Fhir.Mapping;

/// <summary>ExplanationOfBenefit, ClaimResponse and PaymentReconciliation → <see cref="RemittanceReceived"/>.</summary>
internal static class RemittanceMapper
{
    /// <summary>One item of an ExplanationOfBenefit or ClaimResponse, with the claim item it answers when known.</summary>
    private sealed record ItemView(
        int? Sequence,
        CodeableConcept? Product,
        List<CodeableConcept>? Modifiers,
        CodeableConcept? Revenue,
        decimal? Quantity,
        Hl7.Fhir.Model.Money? UnitPrice,
        decimal? Factor,
        Hl7.Fhir.Model.Money? Net,
        DataType? Serviced,
        Element Element,
        List<AdjudicationEntry> Adjudication,
        string Path);

    /// <summary>The parts of an adjudication resource the claim payment is built from.</summary>
    private sealed record AdjudicationView(
        DomainResource Resource,
        string? ClaimId,
        string? PayerClaimControlNumber,
        string? Outcome,
        List<ItemView> Items,
        List<AdjudicationEntry> Header,
        List<AdjudicationEntry> Totals,
        Hl7.Fhir.Model.Money? PaymentAmount);

    public static RemittanceReceived? MapExplanationOfBenefit(ExplanationOfBenefit eob, MappingContext context)
    {
        if (context.IsInactive(eob.StatusElement, "a remittance"))
        {
            return null;
        }

        var claim = ClaimPaymentOf(eob, context);
        var payment = eob.Payment;
        return Remittance(
            context,
            claim,
            payment?.Amount,
            "payment.amount",
            payment?.Date ?? eob.Created,
            payment?.Identifier?.Value ?? FirstIdentifier(eob.Identifier) ?? TypeAndId(eob),
            payment,
            eob.Insurer,
            eob.Provider,
            eob.Payee?.Party);
    }

    public static RemittanceReceived? MapClaimResponse(ClaimResponse response, MappingContext context)
    {
        if (context.IsInactive(response.StatusElement, "a remittance"))
        {
            return null;
        }

        if (MappingContext.Literal(response.UseElement) is "preauthorization" or "predetermination")
        {
            context.Info(FhirDiagnosticCodes.NothingToPost, "A pre-authorization or predetermination response pays nothing.", "use");
            return null;
        }

        var claim = ClaimPaymentOf(response, context);
        var payment = response.Payment;
        return Remittance(
            context,
            claim,
            payment?.Amount,
            "payment.amount",
            payment?.Date ?? response.Created,
            payment?.Identifier?.Value ?? FirstIdentifier(response.Identifier) ?? TypeAndId(response),
            payment,
            response.Insurer,
            response.Requestor,
            response.Requestor);
    }

    public static RemittanceReceived? MapPaymentReconciliation(PaymentReconciliation reconciliation, MappingContext context)
    {
        if (context.IsInactive(reconciliation.StatusElement, "a payment"))
        {
            return null;
        }

        var amount = context.Amount(reconciliation.PaymentAmount, "paymentAmount");
        if (amount is null)
        {
            context.Error(FhirDiagnosticCodes.AmountMissing, "The PaymentReconciliation has no payment amount.", "paymentAmount");
        }

        var claims = new List<ClaimPayment>();
        var adjustments = new List<ProviderAdjustment>();
        for (var i = 0; i < reconciliation.Detail.Count; i++)
        {
            if (reconciliation.Detail[i] is { } detail)
            {
                MapDetail(reconciliation, detail, i, context, claims, adjustments);
            }
        }

        var header = Header(context, amount, reconciliation.PaymentDate ?? reconciliation.Created, reconciliation.PaymentIdentifier?.Value ?? FirstIdentifier(reconciliation.Identifier) ?? TypeAndId(reconciliation), reconciliation, "paymentDate");
        var payer = Payer(context, reconciliation.PaymentIssuer, "paymentIssuer");
        if (header is null || payer is null || context.Failed)
        {
            return null;
        }

        var npi = context.IdentifierOf(reconciliation.Requestor, FhirSystems.Npi);
        var tin = MappingContext.Extension(reconciliation, FhirSystems.PayeeTaxIdExtension) ?? context.IdentifierOf(reconciliation.Requestor, FhirSystems.TaxId);
        return new RemittanceReceived
        {
            EventId = context.EventId(),
            Source = context.Source(),
            OccurredAt = context.Instant(reconciliation.Created),
            Payment = header,
            Payer = new PayerId(payer),
            PayerName = context.DisplayOf(reconciliation.PaymentIssuer),
            PayeeNpi = npi is not null && Npi.TryParse(npi, out var n) ? n : null,
            PayeeTaxId = tin is not null && TaxId.TryParse(tin, out var t) ? t : null,
            PayeeName = reconciliation.Requestor?.Display is { Length: > 0 } name ? name : null,
            Claims = claims.ToArray(),
            ProviderAdjustments = adjustments.ToArray(),
        };
    }

    /// <summary>The adjudication resources (ExplanationOfBenefit, ClaimResponse) a PaymentReconciliation's details pay.</summary>
    /// <param name="reconciliation">The reconciliation.</param>
    /// <param name="index">The input.</param>
    /// <returns>The resources its details refer to.</returns>
    public static IEnumerable<Resource> PaidAdjudications(PaymentReconciliation reconciliation, ResourceIndex index)
    {
        var entry = index.EntryOf(reconciliation);
        foreach (var detail in reconciliation.Detail)
        {
            var target = index.Resolve(detail?.Response, entry);
            if (target is ExplanationOfBenefit or ClaimResponse)
            {
                yield return target;
            }
        }
    }

    private static void MapDetail(PaymentReconciliation reconciliation, PaymentReconciliation.DetailsComponent detail, int index, MappingContext context, List<ClaimPayment> claims, List<ProviderAdjustment> adjustments)
    {
        var path = $"detail[{index}]";
        var type = MappingContext.FirstCoding(detail.Type)?.Code;
        if (type is "adjustment" or "advance")
        {
            var amount = context.Amount(detail.Amount, path + ".amount");
            var provider = context.ReferenceId(detail.Payee) ?? context.ReferenceId(reconciliation.Requestor);
            if (provider is null)
            {
                context.Error(FhirDiagnosticCodes.PayerMissing, "The adjustment detail names no payee and the reconciliation no requestor.", path + ".payee");
                return;
            }

            if (amount is null)
            {
                context.Error(FhirDiagnosticCodes.AmountMissing, "The adjustment detail has no amount.", path + ".amount");
                return;
            }

            // A detail adds to the payment; a provider-level adjustment (PLB) is positive when it reduces it.
            adjustments.Add(new ProviderAdjustment
            {
                Provider = new ProviderId(provider),
                ReasonCode = MappingContext.Extension(detail, FhirSystems.ProviderAdjustmentReasonExtension) ?? (type == "advance" ? "AP" : "CS"),
                Reference = detail.Identifier?.Value is { Length: > 0 } reference ? reference : null,
                FiscalPeriodDate = MappingContext.Date(detail.Date),
                Amount = -amount.Value,
            });
            return;
        }

        var adjudication = context.Index.Resolve(detail.Response, context.Entry);
        if (adjudication is ExplanationOfBenefit or ClaimResponse && context.Index.EntryOf(adjudication) is { } target)
        {
            if (context.Within(target, () => adjudication is ExplanationOfBenefit eob ? ClaimPaymentOf(eob, context) : ClaimPaymentOf((ClaimResponse)adjudication, context)) is { } paid)
            {
                claims.Add(paid);
            }

            return;
        }

        var detailAmount = context.Amount(detail.Amount, path + ".amount");
        var claim = context.Index.Resolve(detail.Request, context.Entry) as Claim;
        var claimId = claim is not null ? ClaimMapper.ClaimIdOf(claim, context) : ClaimIdOfReference(detail.Request, context);
        if (claimId is null)
        {
            context.Error(FhirDiagnosticCodes.ClaimIdMissing, "The payment detail refers to no claim.", path + ".request");
            return;
        }

        if (detailAmount is null)
        {
            context.Error(FhirDiagnosticCodes.AmountMissing, "The payment detail has no amount.", path + ".amount");
            return;
        }

        context.Warning(FhirDiagnosticCodes.PaymentDetailWithoutAdjudication, "The payment detail refers to no adjudication in the input; the claim payment carries the detail amount only.", path);
        var charge = claim is null ? null : ClaimTotal(claim, context);
        claims.Add(new ClaimPayment
        {
            ClaimId = new PatientControlNumber(claimId),
            Status = detailAmount.Value.IsNegative ? ClaimStatusCode.Reversal : ClaimStatusCode.ProcessedAsPrimary,
            TotalCharge = charge ?? detailAmount.Value,
            Paid = detailAmount.Value,
            PayerClaimControlNumber = detail.Response?.Identifier?.Value is { Length: > 0 } pccn ? new PayerClaimControlNumber(pccn) : null,
        });
    }

    private static Money? ClaimTotal(Claim claim, MappingContext context)
    {
        var entry = context.Index.EntryOf(claim);
        return entry is null ? null : context.Within(entry, () => context.Amount(claim.Total, "total"));
    }

    private static ClaimPayment? ClaimPaymentOf(ExplanationOfBenefit eob, MappingContext context)
    {
        var items = new List<ItemView>();
        for (var i = 0; i < eob.Item.Count; i++)
        {
            if (eob.Item[i] is { } item)
            {
                var path = $"item[{i}]";
                items.Add(new ItemView(item.Sequence, item.ProductOrService, item.Modifier, item.Revenue, item.Quantity?.Value, item.UnitPrice, item.Factor, item.Net, item.Serviced, item, AdjudicationEntry.Of(item.Adjudication, path + ".adjudication"), path));
            }
        }

        var claimId = context.Index.Resolve(eob.Claim, context.Entry) is Claim claim ? ClaimMapper.ClaimIdOf(claim, context) : ClaimIdOfReference(eob.Claim, context);
        var view = new AdjudicationView(eob, claimId, FirstIdentifier(eob.Identifier), MappingContext.Literal(eob.OutcomeElement), items, AdjudicationEntry.Of(eob.Adjudication, "adjudication"), AdjudicationEntry.Of(eob.Total, "total"), eob.Payment?.Amount);
        return ClaimPaymentOf(view, context);
    }

    private static ClaimPayment? ClaimPaymentOf(ClaimResponse response, MappingContext context)
    {
        var request = context.Index.Resolve(response.Request, context.Entry) as Claim;
        var items = new List<ItemView>();
        for (var i = 0; i < response.Item.Count; i++)
        {
            if (response.Item[i] is not { } item)
            {
                continue;
            }

            // A response item answers the claim item of the same sequence; its codes and charge come from there when the claim is in the input.
            var asked = request?.Item.FirstOrDefault(c => c?.Sequence == item.ItemSequence);
            var path = $"item[{i}]";
            items.Add(new ItemView(item.ItemSequence, asked?.ProductOrService, asked?.Modifier, asked?.Revenue, asked?.Quantity?.Value, asked?.UnitPrice, asked?.Factor, asked?.Net, asked?.Serviced, item, AdjudicationEntry.Of(item.Adjudication, path + ".adjudication"), path));
        }

        var claimId = request is not null ? ClaimMapper.ClaimIdOf(request, context) : ClaimIdOfReference(response.Request, context);
        var view = new AdjudicationView(response, claimId, FirstIdentifier(response.Identifier), MappingContext.Literal(response.OutcomeElement), items, AdjudicationEntry.Of(response.Adjudication, "adjudication"), AdjudicationEntry.Of(response.Total, "total"), response.Payment?.Amount);
        return ClaimPaymentOf(view, context);
    }

    private static ClaimPayment? ClaimPaymentOf(AdjudicationView view, MappingContext context)
    {
        if (view.ClaimId is null)
        {
            context.Error(FhirDiagnosticCodes.ClaimIdMissing, "The adjudication refers to no claim with an identifier.", view.Resource is ExplanationOfBenefit ? "claim" : "request");
            return null;
        }

        var explicitMode = MappingContext.Extension(view.Resource, FhirSystems.ClaimStatusExtension) is not null
            || view.Header.Any(a => a.IsExplicitAdjustment)
            || view.Items.Any(i => i.Adjudication.Any(a => a.IsExplicitAdjustment));

        var services = new List<ServicePayment>();
        foreach (var item in view.Items)
        {
            services.Add(ServiceOf(item, explicitMode, context));
        }

        var totals = Adjudicated.Read(view.Totals, explicitMode || services.Count > 0, deriveContractual: true, charge: null, context, "total");
        var header = Adjudicated.Read(view.Header, explicitMode, deriveContractual: false, charge: null, context, "adjudication");
        var claimAdjustments = header.Adjustments.Concat(totals.Adjustments).ToList();

        var charge = totals.Submitted ?? (services.Count > 0 ? Money.Sum(services.Select(s => s.Charge), context.Currency) : null);
        var paymentAmount = context.Amount(view.PaymentAmount, "payment.amount");
        var paid = totals.Benefit ?? (services.Count > 0 ? Money.Sum(services.Select(s => s.Paid), context.Currency) : paymentAmount);
        if (charge is null)
        {
            context.Error(FhirDiagnosticCodes.AmountMissing, "The adjudication states no submitted amount, and has no items.", "total");
            return null;
        }

        Money? patient;
        if (explicitMode)
        {
            patient = totals.PatientResponsibility;
        }
        else
        {
            patient = Adjudicated.PatientShare(claimAdjustments.Concat(services.SelectMany(s => s.Adjustments))) ?? totals.PatientResponsibility;
        }

        var paidAmount = paid ?? Money.Zero(charge.Value.Currency);
        var status = MappingContext.Extension(view.Resource, FhirSystems.ClaimStatusExtension) is { } statusCode && ClaimStatusCode.TryParse(statusCode, out var parsed)
            ? parsed
            : view.Outcome == "error" ? ClaimStatusCode.Denied
            : paidAmount.IsNegative ? ClaimStatusCode.Reversal
            : ClaimStatusCode.ProcessedAsPrimary;

        return new ClaimPayment
        {
            ClaimId = new PatientControlNumber(view.ClaimId),
            Status = status,
            TotalCharge = charge.Value,
            Paid = paidAmount,
            PatientResponsibility = patient,
            PayerClaimControlNumber = view.PayerClaimControlNumber is { } pccn ? new PayerClaimControlNumber(pccn) : null,
            ClaimFilingIndicator = MappingContext.Extension(view.Resource, FhirSystems.ClaimFilingIndicatorExtension),
            FacilityTypeCode = MappingContext.Extension(view.Resource, FhirSystems.FacilityTypeExtension),
            ClaimFrequencyCode = MappingContext.Extension(view.Resource, FhirSystems.ClaimFrequencyExtension),
            Interest = totals.Interest,
            Adjustments = claimAdjustments.ToArray(),
            Services = services.ToArray(),
        };
    }

    private static ServicePayment ServiceOf(ItemView item, bool explicitMode, MappingContext context)
    {
        var itemCharge = context.Amount(item.Net, item.Path + ".net") ?? context.Net(item.UnitPrice, item.Quantity, item.Factor, item.Path + ".unitPrice");
        var read = Adjudicated.Read(item.Adjudication, explicitMode, deriveContractual: true, charge: itemCharge, context, item.Path + ".adjudication");

        // An item that states no charge is charged what was eligible (no contractual adjustment is then derived).
        var charge = read.Submitted ?? itemCharge ?? read.Eligible ?? context.Zero;
        return new ServicePayment
        {
            Procedure = MappingContext.ChargeCodeOf(item.Product),
            Modifiers = MappingContext.Codes(item.Modifiers),
            RevenueCode = MappingContext.FirstCoding(item.Revenue)?.Code?.Trim(),
            Charge = charge,
            Paid = read.Benefit ?? Money.Zero(charge.Currency),
            Allowed = read.Eligible,
            Units = item.Quantity,
            ServiceDate = MappingContext.DateOf(item.Serviced),
            LineItemControlNumber = MappingContext.Extension(item.Element, FhirSystems.LineItemControlNumberExtension),
            Adjustments = read.Adjustments.ToArray(),
        };
    }

    private static RemittanceReceived? Remittance(
        MappingContext context,
        ClaimPayment? claim,
        Hl7.Fhir.Model.Money? paymentAmount,
        string paymentPath,
        string? paymentDate,
        string? trace,
        Base? paymentElement,
        ResourceReference? insurer,
        ResourceReference? provider,
        ResourceReference? payee)
    {
        var amount = context.Amount(paymentAmount, paymentPath) ?? (claim is null ? null : Money.Zero(claim.Currency));
        var header = Header(context, amount, paymentDate, trace, paymentElement, "payment.date");
        var payer = Payer(context, insurer, "insurer");
        if (claim is null || header is null || payer is null || context.Failed)
        {
            return null;
        }

        var npi = context.IdentifierOf(provider, FhirSystems.Npi);
        var tin = context.IdentifierOf(payee, FhirSystems.TaxId) ?? context.IdentifierOf(provider, FhirSystems.TaxId);
        return new RemittanceReceived
        {
            EventId = context.EventId(),
            Source = context.Source(),
            OccurredAt = context.Instant(paymentDate),
            Payment = header,
            Payer = new PayerId(payer),
            PayerName = context.DisplayOf(insurer),
            PayeeNpi = npi is not null && Npi.TryParse(npi, out var n) ? n : null,
            PayeeTaxId = tin is not null && TaxId.TryParse(tin, out var t) ? t : null,
            PayeeName = context.DisplayOf(provider),
            Claims = new[] { claim },
        };
    }

    private static RemittancePayment? Header(MappingContext context, Money? amount, string? date, string? trace, Base? element, string datePath)
    {
        var paymentDate = MappingContext.Date(date);
        if (paymentDate is null)
        {
            context.Error(FhirDiagnosticCodes.DateMissing, "The payment has no full date (payment date or created).", datePath);
        }

        if (amount is null || paymentDate is null)
        {
            return null;
        }

        if (trace is null)
        {
            context.Error(FhirDiagnosticCodes.ClaimIdMissing, "The payment has no identifier and the resource no id, so it has no trace number.", "identifier");
            return null;
        }

        var hasPayment = !amount.Value.IsZero;
        return new RemittancePayment
        {
            HandlingCode = CodeOr(element, FhirSystems.PaymentHandlingExtension, hasPayment ? PaymentHandlingCode.PaymentAccompaniesRemittance : PaymentHandlingCode.NotificationOnly),
            Amount = amount.Value,
            CreditDebit = CodeOr(element, FhirSystems.CreditDebitExtension, amount.Value.IsNegative ? CreditDebitIndicator.Debit : CreditDebitIndicator.Credit),
            Method = CodeOr(element, FhirSystems.PaymentMethodExtension, hasPayment ? RemittancePaymentMethod.BusinessOwnedPayment : RemittancePaymentMethod.NonPayment),
            PaymentDate = paymentDate.Value,
            TraceNumber = trace,
            OriginatingCompanyId = Extension(element, FhirSystems.OriginatingCompanyExtension),
            OriginatingCompanySupplementalCode = Extension(element, FhirSystems.OriginatingCompanySupplementalExtension),
        };
    }

    private static string? Extension(Base? holder, string url) => holder switch
    {
        DomainResource resource => MappingContext.Extension(resource, url),
        Element element => MappingContext.Extension(element, url),
        _ => null,
    };

    private static TEnum CodeOr<TEnum>(Base? holder, string url, TEnum fallback)
        where TEnum : struct, Enum =>
        Extension(holder, url) is { } code && FhirCodes.TryParse<TEnum>(code, out var value) ? value : fallback;

    private static string? Payer(MappingContext context, ResourceReference? insurer, string path)
    {
        var payer = context.ReferenceId(insurer);
        if (payer is null)
        {
            context.Error(FhirDiagnosticCodes.PayerMissing, "The resource names no payer.", path);
        }

        return payer;
    }

    private static string? ClaimIdOfReference(ResourceReference? reference, MappingContext context)
    {
        if (reference?.Identifier?.Value is { Length: > 0 } id)
        {
            return id;
        }

        if (context.IdentifierOf(reference) is { } resolved)
        {
            return resolved;
        }

        if (reference?.Reference is { Length: > 0 } literal && literal[0] != '#')
        {
            var tail = literal.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var n = tail.Length;
            if (n >= 3 && tail[n - 2] == "_history")
            {
                n -= 2;
            }

            return n > 0 ? tail[n - 1] : null;
        }

        return null;
    }

    private static string? FirstIdentifier(List<Identifier> identifiers) => identifiers.FirstOrDefault(i => i?.Value is { Length: > 0 })?.Value;

    private static string? TypeAndId(Resource resource) => string.IsNullOrEmpty(resource.Id) ? null : resource.TypeName + "/" + resource.Id;
}
