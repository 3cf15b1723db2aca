using System.Buffers;
using System.Text;
using System.Text.Json;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Fhir.Internal;
using Hl7.Fhir.Model;

namespace HealthFinance.Fhir;

/// <summary>
/// The control totals of a FHIR JSON document. <see cref="WriteJson"/> writes the <c>healthfinance totals</c> JSON
/// object, whose field names are a public contract:
/// <c>{"format":"fhir","resources":n,"resourceTypes":{"Claim":n,...},"claims":n,"totalBilled":x,"eobs":n,"totalPaid":x,"paymentAmount":x}</c>.
/// </summary>
/// <remarks>
/// <see cref="Resources"/> counts resources, each Bundle entry on its own (nested Bundles are walked, a Bundle itself
/// is not counted). <see cref="TotalBilled"/> sums Claim.total, or the Claim's item nets when total is absent (an item
/// without net counts unitPrice × quantity × factor, FHIR's definition of net). <see cref="TotalPaid"/> sums
/// ExplanationOfBenefit.payment.amount and ClaimResponse.payment.amount; <see cref="PaymentAmount"/> sums
/// PaymentReconciliation.paymentAmount. Each amount is rounded to its currency's minor unit (the default currency's when
/// it states none) with <see cref="MidpointRounding.AwayFromZero"/> before it is added. SDK issues that lose no data do
/// not stop the totals (the SDK's recoverable reading); malformed JSON, a root that is not an object and an unknown or
/// missing resource type do.
/// </remarks>
public sealed class FhirControlTotals
{
    /// <summary>The number of resources (Bundle entries counted individually; Bundles not counted).</summary>
    public long Resources { get; init; }

    /// <summary>The number of resources of each type, sorted ordinally by type name.</summary>
    public IReadOnlyDictionary<string, long> ResourceTypes { get; init; } = new SortedDictionary<string, long>(StringComparer.Ordinal);

    /// <summary>The number of Claim resources.</summary>
    public long Claims { get; init; }

    /// <summary>Σ Claim.total (Σ Claim.item.net when total is absent).</summary>
    public decimal TotalBilled { get; init; }

    /// <summary>The number of ExplanationOfBenefit resources.</summary>
    public long Eobs { get; init; }

    /// <summary>Σ ExplanationOfBenefit.payment.amount + Σ ClaimResponse.payment.amount.</summary>
    public decimal TotalPaid { get; init; }

    /// <summary>Σ PaymentReconciliation.paymentAmount.</summary>
    public decimal PaymentAmount { get; init; }

    /// <summary>Computes the totals of a document held in memory.</summary>
    /// <param name="json">The UTF-8 JSON.</param>
    /// <param name="defaultCurrency">The currency of amounts that state none (for rounding); <see langword="null"/> for USD.</param>
    /// <returns>The totals.</returns>
    /// <exception cref="FhirParseException">The JSON is malformed, its root is not an object, or a resource type is unknown or missing (the findings carry the SDK codes and positions).</exception>
    public static FhirControlTotals Compute(ReadOnlySpan<byte> json, CurrencyCode? defaultCurrency = null)
    {
        var diagnostics = new List<Diagnostic>();
        var resource = FhirSdk.Read(json, FhirDeserializationMode.Recoverable, diagnostics);
        var fatal = diagnostics.Where(d => d.IsError).ToList();
        if (resource is null || fatal.Count > 0)
        {
            throw new FhirParseException(fatal.Count > 0 ? fatal : diagnostics);
        }

        return Compute(resource, defaultCurrency);
    }

    /// <summary>Reads a stream to its end and computes the totals of the document.</summary>
    /// <param name="stream">The input.</param>
    /// <param name="defaultCurrency">The currency of amounts that state none (for rounding); <see langword="null"/> for USD.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The totals.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="FhirParseException">The document cannot be read (see <see cref="Compute(ReadOnlySpan{byte}, CurrencyCode?)"/>).</exception>
    public static async ValueTask<FhirControlTotals> ComputeAsync(Stream stream, CurrencyCode? defaultCurrency = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = await FhirParser.ReadAllAsync(stream, cancellationToken).ConfigureAwait(false);
        return Compute(buffer.WrittenSpan, defaultCurrency);
    }

    /// <summary>Computes the totals of a deserialized resource or Bundle.</summary>
    /// <param name="resource">The resource.</param>
    /// <param name="defaultCurrency">The currency of amounts that state none (for rounding); <see langword="null"/> for USD.</param>
    /// <returns>The totals.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="resource"/> is <see langword="null"/>.</exception>
    public static FhirControlTotals Compute(Resource resource, CurrencyCode? defaultCurrency = null)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var calculator = new Calculator(defaultCurrency ?? CurrencyCode.USD);
        foreach (var entry in ResourceIndex.Build(resource).Entries)
        {
            calculator.Accept(entry.Resource);
        }

        return calculator.Complete();
    }

    /// <summary>Writes the totals as the <c>healthfinance totals</c> JSON object (field names are a public contract).</summary>
    /// <param name="output">Where the UTF-8 JSON goes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> is <see langword="null"/>.</exception>
    public void WriteJson(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        w.WriteString("format", "fhir");
        w.WriteNumber("resources", Resources);
        w.WriteStartObject("resourceTypes");
        foreach (var (type, count) in ResourceTypes.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteNumber(type, count);
        }

        w.WriteEndObject();
        w.WriteNumber("claims", Claims);
        w.WriteNumber("totalBilled", TotalBilled);
        w.WriteNumber("eobs", Eobs);
        w.WriteNumber("totalPaid", TotalPaid);
        w.WriteNumber("paymentAmount", PaymentAmount);
        w.WriteEndObject();
    }

    /// <summary>The totals as the <c>healthfinance totals</c> JSON text.</summary>
    /// <returns>One line of JSON.</returns>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        WriteJson(buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private sealed class Calculator(CurrencyCode defaultCurrency)
    {
        private readonly SortedDictionary<string, long> _types = new(StringComparer.Ordinal);
        private long _resources;
        private long _claims;
        private long _eobs;
        private decimal _billed;
        private decimal _paid;
        private decimal _payments;

        public void Accept(Resource resource)
        {
            _resources++;
            var type = resource.TypeName;
            _types[type] = _types.GetValueOrDefault(type) + 1;
            switch (resource)
            {
                case Claim claim:
                    _claims++;
                    _billed += Billed(claim);
                    break;
                case ExplanationOfBenefit eob:
                    _eobs++;
                    _paid += Rounded(eob.Payment?.Amount);
                    break;
                case ClaimResponse response:
                    _paid += Rounded(response.Payment?.Amount);
                    break;
                case PaymentReconciliation reconciliation:
                    _payments += Rounded(reconciliation.PaymentAmount);
                    break;
            }
        }

        public FhirControlTotals Complete() => new()
        {
            Resources = _resources,
            ResourceTypes = _types,
            Claims = _claims,
            TotalBilled = _billed,
            Eobs = _eobs,
            TotalPaid = _paid,
            PaymentAmount = _payments,
        };

        private decimal Billed(Claim claim)
        {
            if (claim.Total?.Value is not null)
            {
                return Rounded(claim.Total);
            }

            var sum = 0m;
            foreach (var item in claim.Item)
            {
                if (item?.Net?.Value is not null)
                {
                    sum += Rounded(item.Net);
                }
                else if (item?.UnitPrice?.Value is { } price)
                {
                    sum += FhirAmounts.Round(price * (item.Quantity?.Value ?? 1m) * (item.Factor ?? 1m), CurrencyOf(item.UnitPrice));
                }
            }

            return sum;
        }

        private decimal Rounded(Hl7.Fhir.Model.Money? money) => money?.Value is { } value ? FhirAmounts.Round(value, CurrencyOf(money)) : 0m;

        private CurrencyCode CurrencyOf(Hl7.Fhir.Model.Money money) =>
            money.CurrencyElement?.JsonValue is string text && CurrencyCode.TryParse(text.AsSpan(), out var currency) ? currency : defaultCurrency;
    }
}
