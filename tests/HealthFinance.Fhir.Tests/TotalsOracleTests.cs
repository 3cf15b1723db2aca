using System.Text.Json;
using HealthFinance.TestUtilities;

namespace HealthFinance.Fhir.Tests;

/// <summary>The control totals agree with an independent reading of the raw JSON (System.Text.Json, no Firely, no mapping).</summary>
public sealed class TotalsOracleTests
{
    public static TheoryData<string> Files() => Corpus.Files("fhir");

    [Theory]
    [MemberData(nameof(Files))]
    public void CorpusFile_TotalsMatchTheOracle(string file)
    {
        var bytes = Corpus.ReadBytes(file);
        Assert.Equal(Oracle(bytes), FhirControlTotals.Compute(bytes).ToJson());
    }

    [Theory]
    [InlineData("remittance-bundle.json")]
    [InlineData("charges-bundle.json")]
    public void Fixture_TotalsMatchTheOracle(string fixture)
    {
        var bytes = FhirTestData.Read(fixture);
        Assert.Equal(Oracle(bytes), FhirControlTotals.Compute(bytes).ToJson());
    }

    private static string Oracle(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var types = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long resources = 0, claims = 0, eobs = 0;
        decimal billed = 0, paid = 0, payment = 0;

        void Visit(JsonElement resource)
        {
            var type = resource.GetProperty("resourceType").GetString()!;
            if (type == "Bundle")
            {
                if (resource.TryGetProperty("entry", out var entries))
                {
                    foreach (var entry in entries.EnumerateArray())
                    {
                        if (entry.TryGetProperty("resource", out var child))
                        {
                            Visit(child);
                        }
                    }
                }

                return;
            }

            resources++;
            types[type] = types.GetValueOrDefault(type) + 1;
            switch (type)
            {
                case "Claim":
                    claims++;
                    if (resource.TryGetProperty("total", out var total))
                    {
                        billed += Cents(total);
                    }
                    else if (resource.TryGetProperty("item", out var items))
                    {
                        foreach (var item in items.EnumerateArray())
                        {
                            billed += item.TryGetProperty("net", out var net) ? Cents(net) : ComputedNet(item);
                        }
                    }

                    break;
                case "ExplanationOfBenefit":
                    eobs++;
                    paid += Payment(resource);
                    break;
                case "ClaimResponse":
                    paid += Payment(resource);
                    break;
                case "PaymentReconciliation":
                    payment += resource.TryGetProperty("paymentAmount", out var amount) ? Cents(amount) : 0m;
                    break;
            }
        }

        Visit(document.RootElement);
        var typeJson = string.Join(',', types.Select(p => $"\"{p.Key}\":{p.Value}"));
        return FormattableString.Invariant($$"""{"format":"fhir","resources":{{resources}},"resourceTypes":{{{typeJson}}},"claims":{{claims}},"totalBilled":{{billed}},"eobs":{{eobs}},"totalPaid":{{paid}},"paymentAmount":{{payment}}}""");
    }

    private static decimal Payment(JsonElement resource) =>
        resource.TryGetProperty("payment", out var p) && p.TryGetProperty("amount", out var amount) ? Cents(amount) : 0m;

    // FHIR defines net as unitPrice × quantity × factor; an item that states no net counts that product.
    private static decimal ComputedNet(JsonElement item)
    {
        if (!item.TryGetProperty("unitPrice", out var price) || !price.TryGetProperty("value", out var unit))
        {
            return 0m;
        }

        var quantity = item.TryGetProperty("quantity", out var q) && q.TryGetProperty("value", out var qv) ? qv.GetDecimal() : 1m;
        var factor = item.TryGetProperty("factor", out var f) ? f.GetDecimal() : 1m;
        return Math.Round(unit.GetDecimal() * quantity * factor, 2, MidpointRounding.AwayFromZero);
    }

    // The corpus and fixtures are in USD and EUR only: two decimals, half away from zero.
    private static decimal Cents(JsonElement money) =>
        money.TryGetProperty("value", out var value) ? Math.Round(value.GetDecimal(), 2, MidpointRounding.AwayFromZero) : 0m;
}
