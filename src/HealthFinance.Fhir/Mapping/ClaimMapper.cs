using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using HealthFinance.Fhir.Internal;
using Hl7.Fhir.Model;
using Money = HealthFinance.Canonical.Money;

namespace HealthFinance.Fhir.Mapping;

/// <summary>Claim → <see cref="ClaimSubmitted"/> (the claim and its lines, references only).</summary>
internal static class ClaimMapper
{
    public static ClaimSubmitted? Map(Claim claim, MappingContext context)
    {
        var use = MappingContext.Literal(claim.UseElement);
        if (use is "preauthorization" or "predetermination")
        {
            context.Info(FhirDiagnosticCodes.NothingToPost, "A pre-authorization or predetermination claim is not a submitted claim.", "use");
            return null;
        }

        if (context.IsInactive(claim.StatusElement, "a submitted claim"))
        {
            return null;
        }

        var claimId = ClaimIdOf(claim, context);
        var lines = new List<ClaimLine>();
        for (var i = 0; i < claim.Item.Count; i++)
        {
            if (claim.Item[i] is { } item && MapLine(item, i, context) is { } line)
            {
                lines.Add(line);
            }
        }

        var total = context.Amount(claim.Total, "total");
        if (total is null && claim.Total?.Value is null)
        {
            total = lines.Count == 0 ? null : Canonical.Money.Sum(lines.Select(l => l.Charge), context.Currency);
        }

        if (total is null)
        {
            context.Error(FhirDiagnosticCodes.AmountMissing, "The claim has neither a total nor item amounts.", "total");
        }

        var npiText = context.IdentifierOf(claim.Provider, FhirSystems.Npi);
        if (npiText is null || !Npi.TryParse(npiText, out var npi))
        {
            context.Error(FhirDiagnosticCodes.BillingProviderNpiMissing, "The billing provider has no valid NPI.", "provider");
            npi = default;
        }

        var (payer, coverage, sequence) = PayerOf(claim, context);
        if (payer is null)
        {
            context.Error(FhirDiagnosticCodes.PayerMissing, "The claim names no insurer and its focal coverage no payor.", "insurer");
        }

        if (claimId is null || context.Failed || total is null || payer is null || lines.Count == 0)
        {
            if (lines.Count == 0 && !context.Failed)
            {
                context.Error(FhirDiagnosticCodes.AmountMissing, "The claim has no items.", "item");
            }

            return null;
        }

        return new ClaimSubmitted
        {
            EventId = context.EventId(),
            Source = context.Source(),
            OccurredAt = context.Instant(claim.Created),
            ClaimId = new PatientControlNumber(claimId),
            ClaimType = ClaimTypeOf(claim.Type, context),
            TotalCharge = total.Value,
            Payer = new PayerId(payer),
            BillingProvider = npi,
            BillingProviderTaxId = context.IdentifierOf(claim.Provider, FhirSystems.TaxId) is { } tin && TaxId.TryParse(tin, out var taxId) ? taxId : null,
            PatientReference = context.ReferenceId(claim.Patient),
            SubscriberReference = coverage?.SubscriberId is { Length: > 0 } subscriber ? subscriber : null,
            PayerResponsibilitySequence = sequence switch { 1 => "P", 2 => "S", 3 => "T", _ => null },
            ServiceFacility = context.ReferenceId(claim.Facility) is { } facility ? new FacilityId(facility) : null,
            Lines = lines.ToArray(),
        };
    }

    /// <summary>The claim identifier: the first identifier value, else the resource id.</summary>
    public static string? ClaimIdOf(Claim claim, MappingContext context)
    {
        var id = claim.Identifier.FirstOrDefault(i => i?.Value is { Length: > 0 })?.Value ?? (string.IsNullOrEmpty(claim.Id) ? null : claim.Id);
        if (id is null)
        {
            context.Error(FhirDiagnosticCodes.ClaimIdMissing, "The claim has no identifier and no id.", "identifier");
        }

        return id;
    }

    private static ClaimLine? MapLine(Claim.ItemComponent item, int index, MappingContext context)
    {
        var path = $"item[{index}]";
        var charge = context.Amount(item.Net, path + ".net") ?? context.Net(item.UnitPrice, item.Quantity?.Value, item.Factor, path + ".unitPrice");
        if (charge is null)
        {
            context.Error(FhirDiagnosticCodes.AmountMissing, "The item has neither net nor unitPrice.", path + ".net");
            return null;
        }

        var procedure = MappingContext.ChargeCodeOf(item.ProductOrService);
        var revenue = MappingContext.FirstCoding(item.Revenue)?.Code?.Trim();
        if (procedure is null && revenue is null)
        {
            context.Error(FhirDiagnosticCodes.CodeMissing, "The item has neither a product or service code nor a revenue code.", path + ".productOrService");
            return null;
        }

        return new ClaimLine
        {
            LineNumber = item.Sequence is > 0 and var s ? s : index + 1,
            Procedure = procedure,
            Modifiers = MappingContext.Codes(item.Modifier),
            RevenueCode = revenue,
            Units = item.Quantity?.Value is { } q and >= 0 ? q : 1m,
            Charge = charge.Value,
            ServiceDate = MappingContext.DateOf(item.Serviced),
            LineItemControlNumber = MappingContext.Extension(item, FhirSystems.LineItemControlNumberExtension),
        };
    }

    private static (string? Payer, Coverage? Coverage, int? Sequence) PayerOf(Claim claim, MappingContext context)
    {
        var focal = claim.Insurance.FirstOrDefault(i => i?.Focal == true) ?? claim.Insurance.FirstOrDefault(i => i is not null);
        var coverage = context.Index.Resolve(focal?.Coverage, context.Entry) as Coverage;
        var payer = context.ReferenceId(claim.Insurer) ?? (coverage is null ? null : context.ReferenceIdFrom(coverage, coverage.Payor.FirstOrDefault()));
        return (payer, coverage, focal?.Sequence);
    }

    private static ClaimType ClaimTypeOf(CodeableConcept? type, MappingContext context)
    {
        switch (MappingContext.FirstCoding(type)?.Code)
        {
            case "institutional":
                return ClaimType.Institutional;
            case "oral":
                return ClaimType.Dental;
            case "professional" or "vision" or "pharmacy":
                return ClaimType.Professional;
            default:
                context.Warning(FhirDiagnosticCodes.ClaimTypeDefaulted, "The claim type is not a FHIR claim-type code; the claim is mapped as professional.", "type");
                return ClaimType.Professional;
        }
    }
}
