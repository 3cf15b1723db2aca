using System.Text;
using BenchmarkDotNet.Attributes;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace HealthFinance.Fhir.Benchmarks;

/// <summary>
/// Parse + map of the R4 ExplanationOfBenefit example and of a generated ~300 KB Bundle, with the Firely SDK's own
/// deserialization of the same bytes as the baseline, so the mapping overhead reads off the Ratio column. The Firely
/// model inspection is warmed once in the global setup (as <see cref="FhirParser.Warm"/> does for a host).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BenchmarkConfig))]
public class FhirBenchmarks
{
    private FhirJsonDeserializer _sdk = null!;
    private byte[] _json = [];
    private Resource _resource = null!;

    /// <summary>The input: <see cref="FhirInputs.Eob"/> or <see cref="FhirInputs.Bundle300K"/>.</summary>
    [Params(FhirInputs.Eob, FhirInputs.Bundle300K)]
    public string Input { get; set; } = FhirInputs.Eob;

    [GlobalSetup]
    public void Setup()
    {
        FhirParser.Warm();
        _sdk = new FhirJsonDeserializer(new DeserializerSettings().UsingMode(DeserializationMode.Strict));
        _json = FhirInputs.Get(Input).Json;
        _resource = FhirParser.Parse(_json).Resource ?? throw new InvalidOperationException("The input does not parse.");
        Console.WriteLine($"// {Input}: {_json.Length:N0} bytes, {FhirInputs.Get(Input).Resources} resources, {FhirInputs.Get(Input).Origin}");
    }

    /// <summary>The SDK alone: <c>FhirJsonDeserializer.TryDeserializeResource</c> (strict settings, every issue collected).</summary>
    [Benchmark(Baseline = true)]
    public Resource? SdkDeserialize()
    {
        var reader = new System.Text.Json.Utf8JsonReader(_json);
        _sdk.TryDeserializeResource(ref reader, out var resource, out _);
        return resource;
    }

    /// <summary>The SDK alone, through the package's process-wide deserializer instance.</summary>
    [Benchmark]
    public Resource? SdkDeserializeShared()
    {
        var reader = new System.Text.Json.Utf8JsonReader(_json);
        Internal.FhirSdk.Deserializer.TryDeserializeResource(ref reader, out var resource, out _);
        return resource;
    }

    /// <summary><see cref="FhirParser.Parse"/>: the same deserialization plus the mapping to canonical events.</summary>
    [Benchmark]
    public int ParseAndMap() => FhirParser.Parse(_json).Events.Count;

    /// <summary><see cref="FhirParser.Map"/> of the already deserialized resource: the mapping alone.</summary>
    [Benchmark]
    public int MapOnly() => FhirParser.Map(_resource).Events.Count;

    /// <summary><see cref="FhirControlTotals.Compute(ReadOnlySpan{byte}, HealthFinance.Canonical.CurrencyCode?)"/>: the <c>healthfinance totals</c> figures.</summary>
    [Benchmark]
    public decimal ControlTotals() => FhirControlTotals.Compute(_json).TotalPaid;
}
