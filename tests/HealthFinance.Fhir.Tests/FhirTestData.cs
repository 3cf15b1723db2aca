using System.Text;

namespace HealthFinance.Fhir.Tests;

/// <summary>Fixtures written for these tests (synthetic, no PHI) and small JSON builders.</summary>
internal static class FhirTestData
{
    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", name));

    public static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    public static FhirParseResult Parse(string json, FhirParserOptions? options = null) => FhirParser.Parse(Utf8(json), options);

    /// <summary>A minimal, strict-valid ExplanationOfBenefit with the given items and totals (JSON fragments).</summary>
    public static string Eob(string items, string totals, string extra = "") => $$$"""
        {"resourceType":"ExplanationOfBenefit","id":"eob1","identifier":[{"value":"PCCN-1"}],"status":"active",
         "type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"professional"}]},"use":"claim",
         "patient":{"reference":"Patient/p1"},"created":"2024-01-05","insurer":{"identifier":{"value":"PAYER-1"},"display":"Plan One"},
         "provider":{"identifier":{"system":"http://hl7.org/fhir/sid/us-npi","value":"1234567893"}},
         "claim":{"identifier":{"value":"PCN-7"}},"outcome":"complete",
         "insurance":[{"focal":true,"coverage":{"reference":"Coverage/c1"}}],
         "item":[{{{items}}}],"total":[{{{totals}}}],
         "payment":{"date":"2024-01-06","amount":{"value":80,"currency":"USD"}}{{{extra}}}}
        """;

    public static string Adjudication(string category, decimal amount) =>
        $$$"""{"category":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/adjudication","code":"{{{category}}}"}]},"amount":{"value":{{{amount.ToString(System.Globalization.CultureInfo.InvariantCulture)}}},"currency":"USD"}}""";

    public static string Item(int sequence, decimal net, params string[] adjudications) =>
        $$$"""{"sequence":{{{sequence}}},"productOrService":{"coding":[{"system":"http://www.ama-assn.org/go/cpt","code":"99213"}]},"servicedDate":"2024-01-02","net":{"value":{{{net.ToString(System.Globalization.CultureInfo.InvariantCulture)}}},"currency":"USD"},"adjudication":[{{{string.Join(',', adjudications)}}}]}""";
}
