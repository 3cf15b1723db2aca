using HealthFinance.Erp.Abstractions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HealthFinance.Erp.Abstractions.Tests.DependencyInjection;

public sealed class ErpServiceCollectionExtensionsTests
{
    [Fact]
    public void AddHealthFinanceErpPoster_ResolvesAPosterOverTheRegisteredAdapter()
    {
        var erp = new FakeErp();
        var services = new ServiceCollection().AddSingleton<IErpAdapter>(erp);

        services.AddHealthFinanceErpPoster(o => o.MaxAttempts = 2);
        services.AddHealthFinanceErpPoster();
        using var provider = services.BuildServiceProvider();

        var poster = provider.GetRequiredService<ErpPoster>();
        Assert.Same(erp, poster.Adapter);
        Assert.Same(poster, provider.GetRequiredService<ErpPoster>());
        Assert.Equal(2, provider.GetRequiredService<IOptions<ErpPosterOptions>>().Value.MaxAttempts);
        Assert.Single(services, d => d.ServiceType == typeof(ErpPoster));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<ErpPosterOptions>));
    }

    [Fact]
    public void AddHealthFinanceErpPoster_InvalidOptions_ThrowOnFirstResolve()
    {
        var services = new ServiceCollection().AddSingleton<IErpAdapter>(new FakeErp());
        services.AddHealthFinanceErpPoster(o =>
        {
            o.MaxAttempts = 0;
            o.MaxDelay = TimeSpan.Zero;
        });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ErpPoster>());

        Assert.Equal(2, ex.Failures.Count());
        Assert.All(ex.Failures, f => Assert.StartsWith("Invalid ErpPosterOptions: ", f, StringComparison.Ordinal));
    }

    [Fact]
    public void AddHealthFinanceErpPoster_NullServices_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => ErpServiceCollectionExtensions.AddHealthFinanceErpPoster(null!));
    }
}
