using HealthFinance.Canonical.Events;

namespace HealthFinance.X12.Hipaa.Tests.Remittance;

public sealed class HipaaReaderSmokeTests
{
    [Fact]
    public void Read_Golden835_MapsBalancedRemittance()
    {
        var result = Edi835.ReadSingle(Edi835.GoldenBody());

        Assert.Equal(HipaaOutcome.Mapped, result.Outcome);
        Assert.Empty(result.Diagnostics);
        var remittance = Assert.IsType<RemittanceReceived>(Assert.Single(result.Events));
        Assert.Equal(405.25m, remittance.Payment.Amount.Amount);
        Assert.Equal(2, remittance.Claims.Count);
        Assert.Equal(2, remittance.ProviderAdjustments.Count);
        Assert.Equal("x12-835:000000905:905:0001:EFT0001", remittance.EventId);
    }
}
