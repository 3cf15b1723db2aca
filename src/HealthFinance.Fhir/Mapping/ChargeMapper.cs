using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using HealthFinance.Fhir.Internal;
using Hl7.Fhir.Model;
using Money = HealthFinance.Canonical.Money;

namespace HealthFinance.Fhir.Mapping;

/// <summary>ChargeItem and Invoice → <see cref="ChargeCaptured"/>.</summary>
internal static class ChargeMapper
{
    public static ChargeCaptured? MapChargeItem(ChargeItem item, MappingContext context)
    {
        var status = MappingContext.Literal(item.StatusElement);
        if (status is not ("billable" or "billed"))
        {
            context.Info(FhirDiagnosticCodes.NothingToPost, "Only a billable or billed ChargeItem is a charge.", "status");
            return null;
        }

        var account = AccountOf(item.Account.FirstOrDefault(), context, "account");
        var line = MapChargeItemLine(item, context, string.Empty);
        if (account is null || line is null || context.Failed)
        {
            return null;
        }

        return new ChargeCaptured
        {
            EventId = context.EventId(),
            Source = context.Source(),
            OccurredAt = context.Instant(item.EnteredDate),
            Account = new PatientAccountNumber(account),
            Encounter = EncounterOf(item.Context, context),
            Lines = new[] { line },
        };
    }

    public static ChargeCaptured? MapInvoice(Invoice invoice, MappingContext context)
    {
        var status = MappingContext.Literal(invoice.StatusElement);
        if (status is not ("issued" or "balanced"))
        {
            context.Info(FhirDiagnosticCodes.NothingToPost, "Only an issued or balanced Invoice holds charges.", "status");
            return null;
        }

        var account = AccountOf(invoice.Account, context, "account");
        if (invoice.LineItem.Count == 0)
        {
            context.Error(FhirDiagnosticCodes.AmountMissing, "The invoice has no line items, so its charges are not known line by line.", "lineItem");
            return null;
        }

        var date = MappingContext.Date(invoice.Date);
        var lines = new List<ChargeLine>();
        for (var i = 0; i < invoice.LineItem.Count; i++)
        {
            if (invoice.LineItem[i] is { } lineItem && MapInvoiceLine(lineItem, i, date, context) is { } line)
            {
                lines.Add(line);
            }
        }

        if (account is null || context.Failed || lines.Count == 0)
        {
            return null;
        }

        return new ChargeCaptured
        {
            EventId = context.EventId(),
            Source = context.Source(),
            OccurredAt = context.Instant(invoice.Date),
            Account = new PatientAccountNumber(account),
            Lines = lines.ToArray(),
        };
    }

    private static ChargeLine? MapChargeItemLine(ChargeItem item, MappingContext context, string prefix)
    {
        var code = MappingContext.ChargeCodeOf(item.Code);
        if (code is null)
        {
            context.Error(FhirDiagnosticCodes.CodeMissing, "The ChargeItem has no code.", prefix + "code");
        }

        // priceOverride is the total price of the charge; the price rules of a ChargeItemDefinition are not evaluated.
        var amount = context.Amount(item.PriceOverride, prefix + "priceOverride");
        if (amount is null && item.PriceOverride?.Value is null)
        {
            context.Error(FhirDiagnosticCodes.AmountMissing, "The ChargeItem states no price (priceOverride).", prefix + "priceOverride");
        }

        var date = MappingContext.DateOf(item.Occurrence) ?? MappingContext.Date(item.EnteredDate);
        if (date is null)
        {
            context.Error(FhirDiagnosticCodes.DateMissing, "The ChargeItem has no occurrence or entered date.", prefix + "occurrence");
        }

        if (code is null || amount is null || date is null)
        {
            return null;
        }

        return new ChargeLine
        {
            LineId = item.Identifier.FirstOrDefault(i => i?.Value is { Length: > 0 })?.Value ?? NullIfEmpty(item.Id),
            Code = code,
            Units = item.Quantity?.Value is { } q and >= 0 ? q : 1m,
            Amount = amount.Value.Abs(),
            TransactionType = amount.Value.IsNegative ? ChargeTransactionType.Credit : ChargeTransactionType.Charge,
            ServiceDate = date.Value,
            Department = context.ReferenceId(item.CostCenter) ?? context.ReferenceId(item.PerformingOrganization),
        };
    }

    private static ChargeLine? MapInvoiceLine(Invoice.LineItemComponent lineItem, int index, DateOnly? invoiceDate, MappingContext context)
    {
        var path = $"lineItem[{index}]";
        ChargeItem? chargeItem = null;
        ChargeCode? code = null;
        switch (lineItem.ChargeItem)
        {
            case ResourceReference reference:
                chargeItem = context.Index.Resolve(reference, context.Entry) as ChargeItem;
                code = MappingContext.ChargeCodeOf(chargeItem?.Code);
                break;
            case CodeableConcept concept:
                code = MappingContext.ChargeCodeOf(concept);
                break;
        }

        if (code is null)
        {
            context.Error(FhirDiagnosticCodes.CodeMissing, "The line item's charge item code is neither given nor resolvable in the input.", path + ".chargeItem");
        }

        // The line amount: base + surcharge + tax − deduction − discount; informational components are left out.
        decimal? sum = null;
        var currency = context.Currency;
        for (var i = 0; i < lineItem.PriceComponent.Count; i++)
        {
            var component = lineItem.PriceComponent[i];
            var sign = MappingContext.Literal(component?.TypeElement) switch
            {
                "base" or "surcharge" or "tax" => 1m,
                "deduction" or "discount" => -1m,
                _ => 0m,
            };
            if (sign != 0m && context.Amount(component!.Amount, $"{path}.priceComponent[{i}].amount") is { } amount)
            {
                sum = (sum ?? 0m) + (sign * amount.Amount);
                currency = amount.Currency;
            }
        }

        if (sum is null && chargeItem is not null && context.Amount(chargeItem.PriceOverride, path + ".chargeItem.priceOverride") is { } price)
        {
            sum = price.Amount;
            currency = price.Currency;
        }

        if (sum is null)
        {
            context.Error(FhirDiagnosticCodes.AmountMissing, "The line item has no price component and no resolvable ChargeItem price.", path + ".priceComponent");
        }

        var date = (chargeItem is null ? null : MappingContext.DateOf(chargeItem.Occurrence)) ?? invoiceDate;
        if (date is null)
        {
            context.Error(FhirDiagnosticCodes.DateMissing, "Neither the line's ChargeItem nor the invoice has a date.", "date");
        }

        if (code is null || sum is null || date is null)
        {
            return null;
        }

        return new ChargeLine
        {
            LineId = lineItem.Sequence?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Code = code,
            Units = chargeItem?.Quantity?.Value is { } q and >= 0 ? q : 1m,
            Amount = new Money(Math.Abs(sum.Value), currency),
            TransactionType = sum.Value < 0 ? ChargeTransactionType.Credit : ChargeTransactionType.Charge,
            ServiceDate = date.Value,
        };
    }

    private static string? AccountOf(ResourceReference? reference, MappingContext context, string path)
    {
        var account = context.ReferenceId(reference);
        if (account is null)
        {
            context.Error(FhirDiagnosticCodes.AccountMissing, "The charge names no account.", path);
        }

        return account;
    }

    private static EncounterId? EncounterOf(ResourceReference? reference, MappingContext context) =>
        context.Index.Resolve(reference, context.Entry) is Encounter or null && context.ReferenceId(reference) is { } id ? new EncounterId(id) : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
