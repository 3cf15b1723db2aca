using System.Runtime.CompilerServices;
using HealthFinance.Fhir;
using HealthFinance.Idempotency.Keys;

namespace HealthFinance.Sync.Inputs;

/// <summary>FHIR R4 JSON (a resource or a Bundle) through <see cref="FhirParser"/>: one unit per file.</summary>
public sealed class FhirInputFormat : IInputFormat
{
    /// <inheritdoc/>
    public string Name => "fhir";

    /// <inheritdoc/>
    public bool CanRead(ReadOnlySpan<byte> head)
    {
        var trimmed = head.TrimStart("\uFEFF"u8).TrimStart(" \t\r\n"u8);
        return trimmed.StartsWith("{"u8) && head.IndexOf("\"resourceType\""u8) >= 0;
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<InputUnit> ReadAsync(Stream stream, string sourceName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var result = await FhirParser.ParseAsync(stream, new FhirParserOptions { FileName = sourceName }, cancellationToken).ConfigureAwait(false);
        yield return new InputUnit
        {
            SourceName = sourceName,
            Format = Name,
            Label = result.Resource?.TypeName ?? "resource",
            Key = IdempotencyKey.Derive("unit", Name, sourceName, result.Resource?.Id),
            Events = result.Events,
            Diagnostics = result.Diagnostics,
        };
    }
}
