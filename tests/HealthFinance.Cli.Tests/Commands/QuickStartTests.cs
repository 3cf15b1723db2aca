using HealthFinance.TestUtilities;

namespace HealthFinance.Cli.Tests.Commands;

/// <summary>The README's quick-start commands, run on the sample input they name.</summary>
public sealed class QuickStartTests
{
    private static readonly string Sample = Path.Combine(Corpus.RepositoryRoot, "samples", "inputs", "remittance.835");

    [Fact]
    public async Task Validate_SampleRemittance_IsValid()
    {
        var (code, output, error, _) = await CliRunner.RunAsync(["x12", "validate", Sample]);

        Assert.True(code == 0, output + error);
        Assert.StartsWith("valid: 0 errors, 0 warnings", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Totals_SampleRemittance_Balances()
    {
        var (code, output, error, _) = await CliRunner.RunAsync(["totals", Sample]);

        Assert.True(code == 0, error);
        Assert.Contains("\"paymentAmount\":150,\"balanced\":true", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Journal_SampleRemittance_PostsWithTheSampleRules()
    {
        var (code, output, error, _) = await CliRunner.RunAsync(["journal", Sample]);

        Assert.True(code == 0, error);
        Assert.Contains("1 posted (6 journal lines), 0 quarantined", error, StringComparison.Ordinal);
        Assert.Equal(6, output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
