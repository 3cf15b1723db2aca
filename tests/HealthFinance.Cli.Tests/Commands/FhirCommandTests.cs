using System.CommandLine;
using System.Text;
using System.Text.Json;
using HealthFinance.Canonical.Events;
using HealthFinance.Canonical.Serialization;
using HealthFinance.Cli.Commands;

namespace HealthFinance.Cli.Tests.Commands;

/// <summary><c>healthfinance fhir parse</c> and the FHIR branch of <c>healthfinance totals</c>, run through their own classes.</summary>
public sealed class FhirCommandTests
{
    private const string Remittance = """
        {"resourceType":"PaymentReconciliation","id":"p1","status":"active","created":"2024-03-12",
         "paymentIssuer":{"identifier":{"value":"PAYER-1"}},"paymentDate":"2024-03-12",
         "paymentAmount":{"value":2436.80800000000013,"currency":"USD"},"paymentIdentifier":{"value":"EFT-1"},
         "detail":[{"type":{"coding":[{"code":"payment"}]},"request":{"identifier":{"value":"PCN-1"}},"amount":{"value":2436.81,"currency":"USD"}}]}
        """;

    private const string Bundle = """
        {"resourceType":"Bundle","type":"collection","entry":[
         {"resource":{"resourceType":"Claim","total":{"value":100.005,"currency":"USD"}}},
         {"resource":{"resourceType":"ExplanationOfBenefit","payment":{"amount":{"value":80,"currency":"USD"}}}},
         {"resource":{"resourceType":"Patient","id":"p"}}]}
        """;

    private static (CliConsole Console, StringWriter Out, StringWriter Error) Console(string stdin = "")
    {
        var output = new StringWriter();
        var error = new StringWriter();
        return (new CliConsole(output, error, () => new MemoryStream(Encoding.UTF8.GetBytes(stdin)), () => Stream.Null), output, error);
    }

    private static async Task<(int Code, string Out, string Error)> InvokeAsync(string[] args, string stdin = "")
    {
        var (console, output, error) = Console(stdin);
        var root = new RootCommand { FhirParseCommand.CreateGroup(console) };
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task FhirParse_Stdin_WritesNdjsonAndFindings_Exit0()
    {
        var (code, output, error) = await InvokeAsync(["fhir", "parse", "-"], Remittance);

        Assert.True(code == HealthFinanceCommand.ExitOk, error);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var remittance = Assert.IsType<RemittanceReceived>(CanonicalJson.Deserialize(line));
        Assert.Equal(2436.81m, remittance.Payment.Amount.Amount);
        Assert.Contains("FHIR-0313 info", error, StringComparison.Ordinal);
        Assert.Contains("FHIR-0321 warning", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FhirParse_File_RecordsTheFileName()
    {
        var path = CliRunner.TempFile(Remittance, ".json");

        var (code, output, _) = await InvokeAsync(["fhir", "parse", path]);

        Assert.Equal(HealthFinanceCommand.ExitOk, code);
        Assert.Equal(Path.GetFileName(path), CanonicalJson.Deserialize(output.Trim()).Source.FileName);
    }

    [Fact]
    public async Task FhirParse_UnknownElement_StrictExits1_RecoverableExits0()
    {
        var json = Remittance.Replace("\"id\":\"p1\",", "\"id\":\"p1\",\"bogus\":true,", StringComparison.Ordinal);

        var recoverable = await InvokeAsync(["fhir", "parse", "-"], json);
        var strict = await InvokeAsync(["fhir", "parse", "--strict", "-"], json);

        Assert.Equal(HealthFinanceCommand.ExitOk, recoverable.Code);
        Assert.Contains("FHIR-0100 warning: The FHIR SDK reported PVAL128", recoverable.Error, StringComparison.Ordinal);
        Assert.Equal(HealthFinanceCommand.ExitInvalid, strict.Code);
        Assert.Empty(strict.Out);
        Assert.Contains("FHIR-0100 error: The FHIR SDK reported PVAL128", strict.Error, StringComparison.Ordinal);
        Assert.Contains("PaymentReconciliation.bogus | Line: 1 | Byte: ", strict.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FhirParse_BrokenJson_Exit1WithPosition_NoStackTrace()
    {
        var (code, output, error) = await InvokeAsync(["fhir", "parse", "-"], "{\"resourceType\":\"Claim\",\n\"id\":");

        Assert.Equal(HealthFinanceCommand.ExitInvalid, code);
        Assert.Empty(output);
        Assert.StartsWith("FHIR-0001 error: The input is not well-formed JSON", error, StringComparison.Ordinal);
        Assert.Contains("Line: 2 | Byte: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FhirParse_MissingFile_Exit2()
    {
        var (console, _, error) = Console();

        var code = await FhirParseCommand.RunAsync(console, Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".json"), strict: false, TestContext.Current.CancellationToken);

        Assert.Equal(HealthFinanceCommand.ExitUsage, code);
        Assert.StartsWith("healthfinance: cannot read", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Totals_Fhir_PrintsExactContractFields()
    {
        var (console, output, error) = Console();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Bundle));

        var code = await FhirTotalsRunner.RunAsync(console, stream, "-", TestContext.Current.CancellationToken);

        Assert.True(code == HealthFinanceCommand.ExitOk, error.ToString());
        Assert.Equal("""{"format":"fhir","resources":3,"resourceTypes":{"Claim":1,"ExplanationOfBenefit":1,"Patient":1},"claims":1,"totalBilled":100.01,"eobs":1,"totalPaid":80,"paymentAmount":0}""" + Environment.NewLine, output.ToString());
        using var doc = JsonDocument.Parse(output.ToString());
        Assert.Equal(["format", "resources", "resourceTypes", "claims", "totalBilled", "eobs", "totalPaid", "paymentAmount"], doc.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("{\"resourceType\":\"Claim\",\"total\":", "FHIR-0001", "Line: 1 | Byte: 32")]
    [InlineData("{\"resourceType\":\"Invoyce\"}", "FHIR-0003", "The FHIR SDK reported PVAL130")]
    public async Task Totals_Fhir_UnreadableInput_Exit1WithSdkCodeAndPosition(string json, string code, string detail)
    {
        var (console, output, error) = Console();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        var exit = await FhirTotalsRunner.RunAsync(console, stream, "in.json", TestContext.Current.CancellationToken);

        Assert.Equal(HealthFinanceCommand.ExitInvalid, exit);
        Assert.Empty(output.ToString());
        Assert.StartsWith($"healthfinance: 'in.json' is unreadable: {code} error:", error.ToString(), StringComparison.Ordinal);
        Assert.Contains(detail, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
    }
}
