using System.Buffers;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;
using HealthFinance.Fhir.Internal;
using HealthFinance.Fhir.Mapping;
using Hl7.Fhir.Model;

namespace HealthFinance.Fhir;

/// <summary>
/// Reads FHIR R4 JSON (one resource, or a Bundle of type collection, transaction, searchset or any other) with the
/// Firely SDK and maps the financial resources to canonical events: Claim to <see cref="ClaimSubmitted"/>; ChargeItem
/// and Invoice to <see cref="ChargeCaptured"/>; ExplanationOfBenefit, ClaimResponse and PaymentReconciliation to
/// <see cref="RemittanceReceived"/>; Account to <see cref="AccountContextUpdated"/>. Patient, Coverage, Encounter,
/// Organization, Practitioner and Location are read only to resolve references (identifiers, never clinical content).
/// </summary>
/// <remarks>
/// <para>Never throws for bad input: every problem is a <see cref="Diagnostic"/> with a <see cref="FhirDiagnosticCodes"/>
/// code and a position (FHIRPath, line, byte offset). A resource with an error finding yields no event.</para>
/// <para>References resolve inside the input: by fullUrl (absolute or urn:uuid), by <c>Type/id</c>, and <c>#id</c> to
/// contained resources. An ExplanationOfBenefit or ClaimResponse that a PaymentReconciliation in the same input pays is
/// mapped into that reconciliation's remittance rather than on its own; a ChargeItem an Invoice of the input bills is
/// mapped as the Invoice's line rather than on its own, so no charge counts twice.</para>
/// <para>Amounts are rounded to their currency's minor unit with <see cref="MidpointRounding.AwayFromZero"/> before
/// they enter the canonical model (FHIR decimals may carry binary-float artefacts such as <c>2436.80800000000013</c>).</para>
/// <para>The Firely model inspection runs once per process, on first use or on <see cref="Warm"/>.</para>
/// </remarks>
public static class FhirParser
{
    /// <summary>Prepares the Firely SDK (model inspection and a first deserialization) so the first message is not slow. Idempotent.</summary>
    public static void Warm() => FhirSdk.Warm();

    /// <summary>Parses and maps one FHIR JSON document held in memory.</summary>
    /// <param name="json">The UTF-8 JSON.</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="FhirParserOptions.Default"/>.</param>
    /// <returns>The events and findings.</returns>
    public static FhirParseResult Parse(ReadOnlySpan<byte> json, FhirParserOptions? options = null)
    {
        options ??= FhirParserOptions.Default;
        var diagnostics = new List<Diagnostic>();
        var resource = FhirSdk.Read(json, options.Mode, diagnostics);
        if (resource is null || !FhirSdk.IsKnownType(resource) || (options.Mode == FhirDeserializationMode.Strict && diagnostics.Any(d => d.IsError)))
        {
            return new FhirParseResult { Resource = resource, Events = [], Diagnostics = diagnostics };
        }

        return new FhirParseResult { Resource = resource, Events = MapCore(resource, options, diagnostics), Diagnostics = diagnostics };
    }

    /// <summary>Reads a stream to its end and parses it as one FHIR JSON document (a FHIR document is not streamed).</summary>
    /// <param name="stream">The input.</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="FhirParserOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The events and findings.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    public static async ValueTask<FhirParseResult> ParseAsync(Stream stream, FhirParserOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = await ReadAllAsync(stream, cancellationToken).ConfigureAwait(false);
        return Parse(buffer.WrittenSpan, options);
    }

    /// <summary>Maps a resource already deserialized (a single resource or a Bundle); no SDK findings are produced.</summary>
    /// <param name="resource">The resource.</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="FhirParserOptions.Default"/>.</param>
    /// <returns>The events and mapping findings.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="resource"/> is <see langword="null"/>.</exception>
    public static FhirParseResult Map(Resource resource, FhirParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var diagnostics = new List<Diagnostic>();
        return new FhirParseResult { Resource = resource, Events = MapCore(resource, options ?? FhirParserOptions.Default, diagnostics), Diagnostics = diagnostics };
    }

    internal static async ValueTask<ArrayBufferWriter<byte>> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(stream.CanSeek ? (int)Math.Clamp(stream.Length - stream.Position + 1, 1, int.MaxValue) : 64 * 1024);
        while (true)
        {
            var read = await stream.ReadAsync(buffer.GetMemory(16 * 1024), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer;
            }

            buffer.Advance(read);
        }
    }

    private static List<CanonicalEvent> MapCore(Resource root, FhirParserOptions options, List<Diagnostic> diagnostics)
    {
        var index = ResourceIndex.Build(root);
        var consumed = new HashSet<Resource>(ReferenceEqualityComparer.Instance);
        foreach (var entry in index.Entries)
        {
            switch (entry.Resource)
            {
                case PaymentReconciliation reconciliation:
                    consumed.UnionWith(RemittanceMapper.PaidAdjudications(reconciliation, index));
                    break;
                case Invoice invoice:
                    foreach (var line in invoice.LineItem)
                    {
                        if (line?.ChargeItem is ResourceReference reference && index.Resolve(reference, entry) is ChargeItem item)
                        {
                            consumed.Add(item);
                        }
                    }

                    break;
            }
        }

        var events = new List<CanonicalEvent>();
        var context = new MappingContext(options, index, diagnostics);
        foreach (var entry in index.Entries)
        {
            if (consumed.Contains(entry.Resource) || !FhirSdk.IsKnownType(entry.Resource))
            {
                continue;
            }

            context.Begin(entry);
            CanonicalEvent? mapped;
            try
            {
                mapped = MapResource(entry.Resource, context);
            }
            catch (Exception ex) when (ex is CanonicalModelException or CurrencyMismatchException)
            {
                var code = ex is CanonicalModelException model ? model.ErrorCode : CanonicalErrorCodes.CurrencyMismatch;
                context.Error(FhirDiagnosticCodes.CanonicalInvariant, $"The mapped values violate a canonical model invariant ({code}).", string.Empty);
                mapped = null;
            }

            if (mapped is not null && !context.Failed)
            {
                events.Add(mapped);
            }
        }

        return events;
    }

    private static CanonicalEvent? MapResource(Resource resource, MappingContext context)
    {
        switch (resource)
        {
            case Claim claim:
                return ClaimMapper.Map(claim, context);
            case ChargeItem item:
                return ChargeMapper.MapChargeItem(item, context);
            case Invoice invoice:
                return ChargeMapper.MapInvoice(invoice, context);
            case ExplanationOfBenefit eob:
                return RemittanceMapper.MapExplanationOfBenefit(eob, context);
            case ClaimResponse response:
                return RemittanceMapper.MapClaimResponse(response, context);
            case PaymentReconciliation reconciliation:
                return RemittanceMapper.MapPaymentReconciliation(reconciliation, context);
            case Account account:
                return AccountMapper.Map(account, context);
            case Patient or Coverage or Encounter or Organization or Practitioner or PractitionerRole or Location:
                context.Info(FhirDiagnosticCodes.ReferenceOnlyResource, "The resource is read only to resolve references.", string.Empty);
                return null;
            default:
                context.Info(FhirDiagnosticCodes.ResourceTypeNotMapped, "The resource type carries no finance event this package maps.", string.Empty);
                return null;
        }
    }
}
