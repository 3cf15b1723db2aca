using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using HealthFinance.Fhir.Internal;
using Hl7.Fhir.Model;
using Money = HealthFinance.Canonical.Money;

namespace HealthFinance.Fhir.Mapping;

/// <summary>One adjudication entry (item, header or total), whatever resource holds it.</summary>
/// <param name="Category">The category.</param>
/// <param name="Reason">The reason.</param>
/// <param name="Amount">The amount.</param>
/// <param name="Value">The non-monetary value (a percentage, or the adjusted quantity of a CARC-coded entry).</param>
/// <param name="Path">The relative path of the entry.</param>
internal readonly record struct AdjudicationEntry(CodeableConcept? Category, CodeableConcept? Reason, Hl7.Fhir.Model.Money? Amount, decimal? Value, string Path)
{
    public static List<AdjudicationEntry> Of(List<ExplanationOfBenefit.AdjudicationComponent> list, string path) =>
        [.. list.Select((a, i) => new AdjudicationEntry(a?.Category, a?.Reason, a?.Amount, a?.Value, $"{path}[{i}]"))];

    public static List<AdjudicationEntry> Of(List<ClaimResponse.AdjudicationComponent> list, string path) =>
        [.. list.Select((a, i) => new AdjudicationEntry(a?.Category, a?.Reason, a?.Amount, a?.Value, $"{path}[{i}]"))];

    public static List<AdjudicationEntry> Of(List<ExplanationOfBenefit.TotalComponent> list, string path) =>
        [.. list.Select((a, i) => new AdjudicationEntry(a?.Category, null, a?.Amount, null, $"{path}[{i}]"))];

    public static List<AdjudicationEntry> Of(List<ClaimResponse.TotalComponent> list, string path) =>
        [.. list.Select((a, i) => new AdjudicationEntry(a?.Category, null, a?.Amount, null, $"{path}[{i}]"))];

    /// <summary>Whether the entry is an explicit X12 adjustment (a CARC reason or a group-code category).</summary>
    public bool IsExplicitAdjustment =>
        MappingContext.FirstCoding(Category, FhirSystems.ClaimAdjustmentGroup) is not null || MappingContext.FirstCoding(Reason, FhirSystems.ClaimAdjustmentReason) is not null;
}

/// <summary>What a list of adjudication entries says, in canonical terms.</summary>
internal sealed class Adjudicated
{
    public Money? Submitted { get; private set; }

    public Money? Eligible { get; private set; }

    public Money? Benefit { get; private set; }

    public Money? PatientResponsibility { get; private set; }

    public Money? Interest { get; private set; }

    public List<ClaimAdjustment> Adjustments { get; } = [];

    /// <summary>
    /// Reads the entries. In explicit mode only CARC-coded entries become adjustments. Otherwise adjustments are
    /// derived: CO-45 = submitted − eligible (when <paramref name="charge"/> or submitted and eligible are known and
    /// <paramref name="deriveContractual"/>), PR-3 copay, PR-1 deductible and unallocdeduct, and the rest of eligible
    /// not paid as benefit PR-2 (coinsurance) when an eligible percentage is stated; any other rest is reported.
    /// </summary>
    public static Adjudicated Read(List<AdjudicationEntry> entries, bool explicitMode, bool deriveContractual, Money? charge, MappingContext context, string path)
    {
        var result = new Adjudicated();
        Money? copay = null;
        Money? deductible = null;
        var percentage = false;
        foreach (var entry in entries)
        {
            if (entry.IsExplicitAdjustment)
            {
                if (explicitMode)
                {
                    result.AddExplicit(entry, context);
                }

                continue;
            }

            if (MappingContext.FirstCoding(entry.Category, FhirSystems.CanonicalAdjudication)?.Code is { } own)
            {
                var amount = context.Amount(entry.Amount, entry.Path + ".amount");
                switch (own)
                {
                    case "patient-responsibility":
                        result.PatientResponsibility = Add(result.PatientResponsibility, amount);
                        break;
                    case "interest":
                        result.Interest = Add(result.Interest, amount);
                        break;
                }

                continue;
            }

            var code = FhirCategory(entry.Category);
            switch (code)
            {
                case "submitted":
                    result.Submitted = Add(result.Submitted, context.Amount(entry.Amount, entry.Path + ".amount"));
                    break;
                case "eligible":
                    result.Eligible = Add(result.Eligible, context.Amount(entry.Amount, entry.Path + ".amount"));
                    break;
                case "benefit":
                    result.Benefit = Add(result.Benefit, context.Amount(entry.Amount, entry.Path + ".amount"));
                    break;
                case "copay":
                    copay = Add(copay, context.Amount(entry.Amount, entry.Path + ".amount"));
                    break;
                case "deductible" or "unallocdeduct":
                    deductible = Add(deductible, context.Amount(entry.Amount, entry.Path + ".amount"));
                    break;
                case "eligpercent":
                    percentage = entry.Value is not null;
                    break;
            }
        }

        if (!explicitMode)
        {
            result.Derive(charge ?? result.Submitted, copay, deductible, percentage, deriveContractual, context, path);
        }

        return result;
    }

    private void Derive(Money? charge, Money? copay, Money? deductible, bool percentage, bool deriveContractual, MappingContext context, string path)
    {
        if (deriveContractual && charge is { } c && Eligible is { } e && c.Amount != e.Amount)
        {
            Adjustments.Add(Adjustment(AdjustmentGroupCode.ContractualObligation, "45", c - e));
        }

        if (deductible is { IsZero: false } d)
        {
            Adjustments.Add(Adjustment(AdjustmentGroupCode.PatientResponsibility, "1", d));
        }

        if (copay is { IsZero: false } p)
        {
            Adjustments.Add(Adjustment(AdjustmentGroupCode.PatientResponsibility, "3", p));
        }

        var basis = Eligible ?? (deriveContractual ? charge : null);
        if (basis is { } b && Benefit is { } paid)
        {
            var rest = b - paid;
            if (copay is { } cp)
            {
                rest -= cp;
            }

            if (deductible is { } dd)
            {
                rest -= dd;
            }

            if (!rest.IsZero)
            {
                if (percentage)
                {
                    Adjustments.Add(Adjustment(AdjustmentGroupCode.PatientResponsibility, "2", rest));
                }
                else
                {
                    context.Warning(FhirDiagnosticCodes.AdjudicationUnexplained, "The adjudication does not explain the whole difference between the charge and the benefit; the rest is left unadjusted.", path);
                }
            }
        }

        if (PatientShare(Adjustments) is { } patient)
        {
            PatientResponsibility = patient;
        }
    }

    /// <summary>The sum of the patient-responsibility (PR) adjustments.</summary>
    /// <param name="adjustments">The adjustments.</param>
    /// <returns>The sum, or <see langword="null"/> when none is PR.</returns>
    public static Money? PatientShare(IEnumerable<ClaimAdjustment> adjustments)
    {
        var patient = adjustments.Where(a => a.Group == AdjustmentGroupCode.PatientResponsibility).Select(a => a.Amount).ToList();
        return patient.Count > 0 ? Money.Sum(patient, patient[0].Currency) : null;
    }

    private void AddExplicit(AdjudicationEntry entry, MappingContext context)
    {
        var group = MappingContext.FirstCoding(entry.Category, FhirSystems.ClaimAdjustmentGroup)?.Code switch
        {
            "CO" => AdjustmentGroupCode.ContractualObligation,
            "OA" => AdjustmentGroupCode.OtherAdjustment,
            "PI" => AdjustmentGroupCode.PayerInitiatedReduction,
            "PR" => AdjustmentGroupCode.PatientResponsibility,
            "CR" => AdjustmentGroupCode.CorrectionOrReversal,
            _ => FhirCategory(entry.Category) is "copay" or "deductible" or "unallocdeduct" ? AdjustmentGroupCode.PatientResponsibility : AdjustmentGroupCode.ContractualObligation,
        };
        var reason = MappingContext.FirstCoding(entry.Reason, FhirSystems.ClaimAdjustmentReason)?.Code?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            context.Error(FhirDiagnosticCodes.CodeMissing, "An adjustment adjudication has no CARC reason code.", entry.Path + ".reason");
            return;
        }

        if (context.Amount(entry.Amount, entry.Path + ".amount") is not { } amount)
        {
            context.Error(FhirDiagnosticCodes.AmountMissing, "An adjustment adjudication has no amount.", entry.Path + ".amount");
            return;
        }

        Adjustments.Add(new ClaimAdjustment { Group = group, ReasonCode = reason, Amount = amount, Quantity = entry.Value });
    }

    private static ClaimAdjustment Adjustment(AdjustmentGroupCode group, string reason, Money amount) => new() { Group = group, ReasonCode = reason, Amount = amount };

    private static Money? Add(Money? sum, Money? value) => (sum, value) switch
    {
        (null, _) => value,
        (_, null) => sum,
        ({ } s, { } v) => s + v,
    };

    private static string? FhirCategory(CodeableConcept? category) =>
        category?.Coding.FirstOrDefault(c => c?.Code is { Length: > 0 } && (c.System is null || c.System == FhirSystems.Adjudication))?.Code;
}
