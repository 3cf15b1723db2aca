using System.Globalization;
using System.Text.Json;
using HealthFinance.Canonical.Diagnostics;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

namespace HealthFinance.Fhir.Internal;

/// <summary>The Firely SDK deserializer of the process, warmed once, and the translation of its issues into findings.</summary>
internal static class FhirSdk
{
    // One strict deserializer serves both modes: it reports every issue and keeps the partial result, and the mode
    // decides what the issues mean. Creating it and running it once inspects the model (hundreds of milliseconds),
    // so it happens once per process, on first use.
    private static readonly FhirJsonDeserializer s_deserializer = CreateWarm();

    /// <summary>The process-wide deserializer (warm).</summary>
    public static FhirJsonDeserializer Deserializer => s_deserializer;

    /// <summary>Forces the static initialization (model inspection and a first deserialization of every mapped type).</summary>
    public static void Warm() => GC.KeepAlive(s_deserializer);

    private static FhirJsonDeserializer CreateWarm()
    {
        var deserializer = new FhirJsonDeserializer(new DeserializerSettings().UsingMode(DeserializationMode.Strict));
        var warm = """
            {"resourceType":"Bundle","type":"collection","entry":[
            {"resource":{"resourceType":"Claim","status":"active","item":[{"sequence":1,"net":{"value":1,"currency":"USD"}}],"total":{"value":1,"currency":"USD"}}},
            {"resource":{"resourceType":"ExplanationOfBenefit","status":"active","item":[{"sequence":1,"adjudication":[{"amount":{"value":1}}]}],"payment":{"amount":{"value":1}}}},
            {"resource":{"resourceType":"ClaimResponse","status":"active","item":[{"itemSequence":1}],"payment":{"amount":{"value":1}}}},
            {"resource":{"resourceType":"PaymentReconciliation","status":"active","detail":[{"amount":{"value":1}}]}},
            {"resource":{"resourceType":"ChargeItem","status":"billable","priceOverride":{"value":1}}},
            {"resource":{"resourceType":"Invoice","status":"issued","lineItem":[{"priceComponent":[{"type":"base"}]}]}},
            {"resource":{"resourceType":"Account","status":"active"}},{"resource":{"resourceType":"Coverage","status":"active"}},
            {"resource":{"resourceType":"Encounter","status":"finished"}},{"resource":{"resourceType":"Patient","active":true}},
            {"resource":{"resourceType":"Organization","active":true}},{"resource":{"resourceType":"Practitioner","active":true}}]}
            """u8;
        var reader = new Utf8JsonReader(warm);
        deserializer.TryDeserializeResource(ref reader, out _, out _);
        return deserializer;
    }

    /// <summary>Deserializes one JSON document and translates every SDK issue into a finding.</summary>
    /// <param name="json">The UTF-8 JSON (a BOM is skipped).</param>
    /// <param name="mode">Decides the severity of SDK issues.</param>
    /// <param name="diagnostics">Receives the findings.</param>
    /// <returns>The resource (partial when there were issues), or <see langword="null"/> when nothing usable was read.</returns>
    public static Resource? Read(ReadOnlySpan<byte> json, FhirDeserializationMode mode, List<Diagnostic> diagnostics)
    {
        if (json.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            json = json[3..];
        }

        var start = json.IndexOfAnyExcept(" \t\r\n"u8);
        if (start < 0 || json[start] != (byte)'{')
        {
            var where = start < 0 ? SourceLocation.None : new SourceLocation { ByteOffset = start, LineNumber = LineOf(json, start) };
            diagnostics.Add(new Diagnostic(FhirDiagnosticCodes.NotAResource, DiagnosticSeverity.Error, start < 0 ? "The input is empty." : "The JSON root is not an object, so it is not a FHIR resource.", where, isRecoverable: false));
            return null;
        }

        Resource? resource;
        IEnumerable<CodedException> issues;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            s_deserializer.TryDeserializeResource(ref reader, out resource, out issues);
        }
        catch (JsonException ex)
        {
            diagnostics.Add(MalformedJson(json, ex));
            return null;
        }
        catch (InvalidOperationException ex)
        {
            diagnostics.Add(new Diagnostic(FhirDiagnosticCodes.NotAResource, DiagnosticSeverity.Error, "The JSON is not shaped like a FHIR resource: " + ex.Message, SourceLocation.None, isRecoverable: false));
            return null;
        }

        int[]? lineStarts = null;
        var root = resource?.TypeName;
        foreach (var issue in issues)
        {
            diagnostics.Add(ToDiagnostic(issue, mode, json, root, ref lineStarts));
        }

        return resource;
    }

    /// <summary>Whether a resource is a model class the mapping knows (an unknown resource type is read as a dynamic resource).</summary>
    /// <param name="resource">The resource.</param>
    /// <returns><see langword="true"/> for a FHIR R4 resource type.</returns>
    public static bool IsKnownType(Resource resource) => resource is not DynamicResource;

    private static Diagnostic MalformedJson(ReadOnlySpan<byte> json, JsonException ex)
    {
        var line = ex.LineNumber is { } l ? (int)Math.Min(l + 1, int.MaxValue) : (int?)null;
        long? offset = null;
        if (ex.LineNumber is { } zeroLine && ex.BytePositionInLine is { } column)
        {
            offset = OffsetOfLine(json, zeroLine) + column;
        }

        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        return new Diagnostic(FhirDiagnosticCodes.MalformedJson, DiagnosticSeverity.Error, "The input is not well-formed JSON: " + message, new SourceLocation { LineNumber = line, ByteOffset = offset }, isRecoverable: false);
    }

    private static Diagnostic ToDiagnostic(CodedException issue, FhirDeserializationMode mode, ReadOnlySpan<byte> json, string? root, ref int[]? lineStarts)
    {
        var extended = issue as ExtendedCodedException;
        var path = string.IsNullOrEmpty(extended?.InstancePath) ? null : extended.InstancePath;

        // The SDK names the root "$this" in some issues; findings name it by its resource type, as FHIRPath does.
        if (path is not null && root is not null && path.StartsWith("$this", StringComparison.Ordinal))
        {
            path = root + path[5..];
        }
        int? line = extended?.LineNumber is { } l and > 0 and <= int.MaxValue ? (int)l : null;
        long? offset = null;
        if (line is { } ln && extended?.Position is { } position and > 0)
        {
            lineStarts ??= LineStarts(json);
            if (ln <= lineStarts.Length)
            {
                offset = lineStarts[ln - 1] + position - 1;
            }
        }

        var location = new SourceLocation { Path = path, LineNumber = line, ByteOffset = offset };
        var code = issue.ErrorCode;
        var (ours, severity) = code switch
        {
            "PVAL130" => (FhirDiagnosticCodes.UnknownResourceType, DiagnosticSeverity.Error),
            "JSON102" or "JSON103" => (FhirDiagnosticCodes.MissingResourceType, DiagnosticSeverity.Error),
            _ => (FhirDiagnosticCodes.SdkIssue, mode == FhirDeserializationMode.Strict ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning),
        };

        var text = string.Create(CultureInfo.InvariantCulture, $"The FHIR SDK reported {code}: {Describe(code, extended)}.");
        return new Diagnostic(ours, severity, text, location, isRecoverable: severity != DiagnosticSeverity.Error);
    }

    // Short, value-free descriptions (SDK messages quote the offending values, which may be PHI).
    private static string Describe(string code, ExtendedCodedException? issue) => code switch
    {
        "PVAL105" => "a required element is missing",
        "PVAL116" => "a code is not in its value set",
        "PVAL124" => "a value is not a valid literal of its type",
        "PVAL128" => "an element is not defined by FHIR R4",
        "PVAL129" => "an element is empty",
        "PVAL130" => "the resource type is not a FHIR R4 resource",
        "JSON102" => "resourceType is not a string",
        "JSON103" => "the resource has no resourceType",
        "JSON109" => "a primitive value is null",
        "JSON120" => "an object has no properties",
        "JSON121" => "an array is empty",
        "JSON129" => "a property appears twice",
        _ => issue is null ? "a deserialization issue" : "a " + issue.IssueType.ToString() + " issue",
    };

    private static int[] LineStarts(ReadOnlySpan<byte> json)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }

    private static long OffsetOfLine(ReadOnlySpan<byte> json, long zeroBasedLine)
    {
        long line = 0;
        for (var i = 0; i < json.Length && line < zeroBasedLine; i++)
        {
            if (json[i] == (byte)'\n')
            {
                line++;
                if (line == zeroBasedLine)
                {
                    return i + 1;
                }
            }
        }

        return 0;
    }

    private static int LineOf(ReadOnlySpan<byte> json, int offset) => json[..offset].Count((byte)'\n') + 1;
}
