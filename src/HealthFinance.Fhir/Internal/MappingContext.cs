using System.Globalization;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;
using Hl7.Fhir.Model;
using Money = HealthFinance.Canonical.Money;

namespace HealthFinance.Fhir.Internal;

/// <summary>The state of mapping one resource: options, the input's index, findings, and the resource's single currency.</summary>
internal sealed class MappingContext(FhirParserOptions options, ResourceIndex index, List<Diagnostic> diagnostics)
{
    private CurrencyCode? _currency;

    public FhirParserOptions Options { get; } = options;

    public ResourceIndex Index { get; } = index;

    public ResourceEntry Entry { get; private set; } = null!;

    /// <summary>Whether an error finding was reported for the current resource.</summary>
    public bool Failed { get; private set; }

    /// <summary>Starts the mapping of a resource.</summary>
    /// <param name="entry">The resource.</param>
    public void Begin(ResourceEntry entry)
    {
        Entry = entry;
        Failed = false;
        _currency = null;
    }

    /// <summary>Maps a resource referenced by the current one (e.g. an adjudication a PaymentReconciliation pays) with findings located on it.</summary>
    public T Within<T>(ResourceEntry entry, Func<T> map)
    {
        var outer = Entry;
        Entry = entry;
        try
        {
            return map();
        }
        finally
        {
            Entry = outer;
        }
    }

    public string PathOf(string relative) => relative.Length == 0 ? Entry.Path : Entry.Path + "." + relative;

    public void Report(string code, DiagnosticSeverity severity, string message, string relativePath)
    {
        diagnostics.Add(new Diagnostic(code, severity, message, new SourceLocation { Path = PathOf(relativePath) }, severity != DiagnosticSeverity.Error));
        Failed |= severity == DiagnosticSeverity.Error;
    }

    public void Error(string code, string message, string relativePath) => Report(code, DiagnosticSeverity.Error, message, relativePath);

    public void Warning(string code, string message, string relativePath) => Report(code, DiagnosticSeverity.Warning, message, relativePath);

    public void Info(string code, string message, string relativePath) => Report(code, DiagnosticSeverity.Information, message, relativePath);

    /// <summary>Reports (FHIR-0203) and returns <see langword="true"/> when a status says the resource is a draft, cancelled or entered in error.</summary>
    /// <param name="status">The status element.</param>
    /// <param name="what">What the resource would otherwise be, for the message (e.g. "a remittance").</param>
    /// <returns><see langword="true"/> when there is nothing to post.</returns>
    public bool IsInactive(PrimitiveType? status, string what)
    {
        if (Literal(status) is not ("entered-in-error" or "draft" or "cancelled"))
        {
            return false;
        }

        Info(FhirDiagnosticCodes.NothingToPost, $"A draft, cancelled or entered-in-error {Entry.Resource.TypeName} is not {what}.", "status");
        return true;
    }

    /// <summary>The source reference of events mapped from the current resource.</summary>
    public SourceReference Source() => new()
    {
        Format = SourceFormat.Fhir,
        FileName = Options.FileName,
        Position = Entry.Path,
        MessageControlId = Entry.TypeAndId,
    };

    /// <summary>A deterministic event id: <c>fhir:</c> + the fullUrl, or <c>Type/id</c>, or the resource's path.</summary>
    public string EventId() => "fhir:" + (Entry.FullUrl is { Length: > 0 } url ? url : Entry.TypeAndId ?? (Options.FileName is { } f ? f + "#" + Entry.Path : Entry.Path));

    /// <summary>Reads an amount: currency checked (one per resource; default when absent), rounded to the minor unit.</summary>
    /// <param name="money">The FHIR Money.</param>
    /// <param name="relativePath">Its path, for findings.</param>
    /// <returns>The canonical amount, or <see langword="null"/> when absent or unusable (an error is then reported).</returns>
    public Money? Amount(Hl7.Fhir.Model.Money? money, string relativePath) =>
        money?.Value is { } value ? Checked(value, money, relativePath, relativePath + ".value") : null;

    /// <summary>
    /// An item's net computed as FHIR defines it, unitPrice × quantity × factor, from the values as sent; only the
    /// product is rounded to the minor unit.
    /// </summary>
    /// <param name="unitPrice">The unit price.</param>
    /// <param name="quantity">The quantity (1 when absent).</param>
    /// <param name="factor">The factor (1 when absent).</param>
    /// <param name="relativePath">The unit price's path, for findings.</param>
    /// <returns>The computed net, or <see langword="null"/> without a unit price.</returns>
    public Money? Net(Hl7.Fhir.Model.Money? unitPrice, decimal? quantity, decimal? factor, string relativePath) =>
        unitPrice?.Value is { } price ? Checked(price * (quantity ?? 1m) * (factor ?? 1m), unitPrice, relativePath, relativePath) : null;

    private Money? Checked(decimal value, Hl7.Fhir.Model.Money money, string relativePath, string roundedPath)
    {
        var currency = CurrencyOf(money, relativePath);
        if (currency is not { } c)
        {
            return null;
        }

        if (_currency is { } established && established != c)
        {
            Error(FhirDiagnosticCodes.CurrencyMismatch, "The amounts of one resource must share one currency.", relativePath);
            return null;
        }

        _currency = c;
        var rounded = FhirAmounts.Round(value, c);
        if (rounded != value)
        {
            Info(FhirDiagnosticCodes.AmountRounded, string.Create(CultureInfo.InvariantCulture, $"The amount was rounded to {FhirAmounts.MinorUnitDigits(c)} decimals."), roundedPath);
        }

        return new Money(rounded, c);
    }

    /// <summary>The currency of the current resource's amounts so far (the default currency when none was read).</summary>
    public CurrencyCode Currency => _currency ?? Options.DefaultCurrency;

    /// <summary>Zero in the current resource's currency.</summary>
    public Money Zero => Canonical.Money.Zero(Currency);

    private CurrencyCode? CurrencyOf(Hl7.Fhir.Model.Money money, string relativePath)
    {
        var text = money.CurrencyElement?.JsonValue as string;
        if (string.IsNullOrEmpty(text))
        {
            Warning(FhirDiagnosticCodes.CurrencyDefaulted, "The amount states no currency; the default currency is used.", relativePath);
            return Options.DefaultCurrency;
        }

        if (CurrencyCode.TryParse(text.AsSpan(), out var currency))
        {
            return currency;
        }

        Error(FhirDiagnosticCodes.InvalidCurrency, "The currency is not an ISO 4217 alpha-3 code.", relativePath + ".currency");
        return null;
    }

    /// <summary>A full date from a FHIR date or dateTime literal (partial dates give <see langword="null"/>).</summary>
    public static DateOnly? Date(string? literal) =>
        literal is { Length: >= 10 } && DateOnly.TryParseExact(literal.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>An instant from a FHIR date or dateTime literal; the default offset applies when none is stated.</summary>
    public DateTimeOffset? Instant(string? literal)
    {
        if (string.IsNullOrEmpty(literal))
        {
            return null;
        }

        if (literal.Length > 10 && DateTimeOffset.TryParse(literal, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant) && HasOffset(literal))
        {
            return instant;
        }

        if (literal.Length > 10 && DateTime.TryParse(literal, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Options.DefaultOffset);
        }

        return Date(literal) is { } date ? new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), Options.DefaultOffset) : null;
    }

    private static bool HasOffset(string literal) => literal.EndsWith('Z') || literal.LastIndexOfAny(['+', '-']) > 10;

    /// <summary>The date of a choice of date, dateTime or Period (its start).</summary>
    public static DateOnly? DateOf(DataType? value) => value switch
    {
        Hl7.Fhir.Model.Date d => Date(d.Value),
        FhirDateTime dt => Date(dt.Value),
        Period p => Date(p.Start) ?? Date(p.End),
        _ => null,
    };

    /// <summary>The string of a primitive (its literal, even when it is not a valid code).</summary>
    public static string? Literal(PrimitiveType? value) => value?.JsonValue switch
    {
        null => null,
        string s => s.Length == 0 ? null : s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var o => o.ToString(),
    };

    /// <summary>The value of an extension of <paramref name="element"/> as text.</summary>
    public static string? Extension(Element? element, string url) => element is null ? null : Literal(element.GetExtension(url)?.Value as PrimitiveType);

    /// <summary>The value of an extension of <paramref name="resource"/> as text.</summary>
    public static string? Extension(DomainResource? resource, string url) => resource is null ? null : Literal(resource.GetExtension(url)?.Value as PrimitiveType);

    /// <summary>The first code of a concept, optionally of one system.</summary>
    public static Coding? FirstCoding(CodeableConcept? concept, string? system = null)
    {
        if (concept is null)
        {
            return null;
        }

        foreach (var coding in concept.Coding)
        {
            if (coding is not null && !string.IsNullOrEmpty(coding.Code) && (system is null || string.Equals(coding.System, system, StringComparison.Ordinal)))
            {
                return coding;
            }
        }

        return null;
    }

    /// <summary>Whether a concept has the code (of the system, or of no stated system).</summary>
    public static bool HasCode(CodeableConcept? concept, string system, string code) =>
        concept?.Coding.Any(c => c is not null && c.Code == code && (c.System is null || c.System == system)) == true;

    /// <summary>The identifier value a reference carries, or that the referenced resource's identifiers hold (of a system, when given).</summary>
    public string? IdentifierOf(ResourceReference? reference, string? system = null, Resource? from = null)
    {
        if (reference?.Identifier is { Value: { Length: > 0 } v } id && (system is null || id.System == system))
        {
            return v;
        }

        var holder = from is null ? Entry : Index.EntryOf(from);
        if (Index.Resolve(reference, holder) is { } target && Identifiers(target) is { } ids)
        {
            foreach (var candidate in ids)
            {
                if (candidate?.Value is { Length: > 0 } value && (system is null || candidate.System == system))
                {
                    return value;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// A reference as an id: the identifier it carries, else the referenced resource's first identifier, else the
    /// literal reference reduced to <c>Type/id</c> (e.g. <c>Organization/3</c>).
    /// </summary>
    public string? ReferenceId(ResourceReference? reference) => ReferenceIdFrom(null, reference);

    /// <summary>As <see cref="ReferenceId(ResourceReference?)"/>, for a reference held by another resource of the input.</summary>
    public string? ReferenceIdFrom(Resource? from, ResourceReference? reference)
    {
        if (IdentifierOf(reference, null, from) is { } value)
        {
            return value;
        }

        if (reference?.Reference is { Length: > 0 } literal && literal[0] != '#')
        {
            return ResourceIndex.TypeAndIdOf(literal) ?? literal;
        }

        return null;
    }

    /// <summary>The display of a reference, else the name of the referenced Organization.</summary>
    public string? DisplayOf(ResourceReference? reference) =>
        reference?.Display is { Length: > 0 } display ? display : (Index.Resolve(reference, Entry) as Organization)?.Name;

    private static List<Identifier>? Identifiers(Resource resource) => resource switch
    {
        Organization o => o.Identifier,
        Practitioner p => p.Identifier,
        PractitionerRole r => r.Identifier,
        Patient p => p.Identifier,
        Account a => a.Identifier,
        Coverage c => c.Identifier,
        Encounter e => e.Identifier,
        Claim c => c.Identifier,
        Location l => l.Identifier,
        _ => null,
    };

    /// <summary>A charge code from a concept: the first coding whose system is known, else the first coding as a local code.</summary>
    public static ChargeCode? ChargeCodeOf(CodeableConcept? concept)
    {
        if (concept is null)
        {
            return null;
        }

        Coding? local = null;
        foreach (var coding in concept.Coding)
        {
            if (coding is null || string.IsNullOrWhiteSpace(coding.Code))
            {
                continue;
            }

            if (CodeSetOf(coding.System) is { } set)
            {
                return new ChargeCode { CodeSet = set, Code = coding.Code.Trim() };
            }

            local ??= coding;
        }

        return local is null ? null : new ChargeCode { CodeSet = ChargeCodeSet.Local, Code = local.Code!.Trim() };
    }

    /// <summary>The code set of a FHIR code system URI.</summary>
    public static ChargeCodeSet? CodeSetOf(string? system) => system?.TrimEnd('/') switch
    {
        FhirSystems.Cpt or "http://ama-assn.org/go/cpt" => ChargeCodeSet.Cpt,
        FhirSystems.Hcpcs or "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets" => ChargeCodeSet.Hcpcs,
        FhirSystems.Icd10Pcs or "http://hl7.org/fhir/sid/icd-10-pcs" or "http://www.cms.gov/Medicare/Coding/ICD10/" => ChargeCodeSet.Icd10Pcs,
        FhirSystems.Ndc => ChargeCodeSet.Ndc,
        FhirSystems.RevenueCode or "http://www.nubc.org/CodeSystem/RevenueCodes" or "https://www.nubc.org/CodeSystem/RevenueCodes/" => ChargeCodeSet.RevenueCode,
        _ => null,
    };

    /// <summary>The codes of a list of concepts (modifiers), trimmed, empty ones left out.</summary>
    public static EquatableArray<string> Codes(List<CodeableConcept>? concepts)
    {
        if (concepts is null || concepts.Count == 0)
        {
            return default;
        }

        var codes = new List<string>();
        foreach (var concept in concepts)
        {
            if (FirstCoding(concept)?.Code?.Trim() is { Length: > 0 } code)
            {
                codes.Add(code);
            }
        }

        return codes.ToArray();
    }
}
