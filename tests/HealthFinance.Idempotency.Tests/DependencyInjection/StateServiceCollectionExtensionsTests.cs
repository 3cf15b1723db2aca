using HealthFinance.Idempotency.DeadLetters;
using HealthFinance.Idempotency.DependencyInjection;
using HealthFinance.Idempotency.InMemory;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Idempotency.Lifecycle;
using HealthFinance.Idempotency.Outbox;
using HealthFinance.Idempotency.Parking;
using HealthFinance.Idempotency.Protection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HealthFinance.Idempotency.Tests.DependencyInjection;

public sealed class StateServiceCollectionExtensionsTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void WithKey(StateStoreOptions options)
    {
        options.PayloadKeys["k1"] = PayloadKeyRing.NewKey();
        options.CurrentPayloadKeyId = "k1";
    }

    [Fact]
    public void AddHealthFinanceInMemoryState_ResolvesEveryStoreInterfaceToTheSameStore()
    {
        using var provider = new ServiceCollection().AddHealthFinanceInMemoryState(WithKey).BuildServiceProvider(validateScopes: true);

        var store = Assert.IsType<InMemoryStateStore>(provider.GetRequiredService<IStateStore>());

        Assert.Same(store, provider.GetRequiredService<IStateStore>());
        Assert.Same(store.Idempotency, provider.GetRequiredService<IIdempotencyStore>());
        Assert.Same(store.Lifecycle, provider.GetRequiredService<IClaimLifecycleStore>());
        Assert.Same(store.Parking, provider.GetRequiredService<IParkingStore>());
        Assert.Same(store.DeadLetters, provider.GetRequiredService<IDeadLetterStore>());
        Assert.Same(store.Outbox, provider.GetRequiredService<IOutboxStore>());
        Assert.Same(store.Payments, provider.GetRequiredService<IClaimPaymentStore>());
        Assert.Same(provider.GetRequiredService<DeadLetterReplayer>(), provider.GetRequiredService<DeadLetterReplayer>());
    }

    [Fact]
    public async Task AddHealthFinanceInMemoryState_AppliesTheConfiguredOptions()
    {
        var time = new FakeTimeProvider(Start);
        using var provider = new ServiceCollection()
            .AddHealthFinanceInMemoryState(o =>
            {
                WithKey(o);
                o.TimeProvider = time;
                o.ParkingExpiry = TimeSpan.FromDays(2);
            })
            .BuildServiceProvider();
        var parking = provider.GetRequiredService<IParkingStore>();

        await parking.ParkAsync(new ParkRequest(IdempotencyKey.Derive("remittance", "r"), "remittance", IdempotencyKey.Derive("wait-claim", "w"), "waiting", "body"u8.ToArray(), BusinessContext.None), Ct);

        var parked = Assert.Single(await parking.ListAsync(cancellationToken: Ct));
        Assert.Equal(Start, parked.ParkedAt);
        Assert.Equal(Start.AddDays(2), parked.ExpiresAt);
    }

    [Fact]
    public void AddHealthFinanceInMemoryState_InvalidOptions_ThrowOnFirstResolveListingEveryProblem()
    {
        using var provider = new ServiceCollection()
            .AddHealthFinanceInMemoryState(o => o.Retention.PayloadRetention = TimeSpan.Zero)
            .BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IIdempotencyStore>());

        Assert.Contains("Invalid StateStoreOptions: Retention.PayloadRetention must be positive.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Invalid StateStoreOptions: PayloadKeys must hold at least one key", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, ex.Failures.Count());
    }

    [Fact]
    public void AddHealthFinanceInMemoryState_OptionsConfiguredElsewhere_AreUsed()
    {
        using var provider = new ServiceCollection()
            .AddHealthFinanceInMemoryState()
            .Configure<StateStoreOptions>(WithKey)
            .BuildServiceProvider();

        Assert.IsType<InMemoryStateStore>(provider.GetRequiredService<IStateStore>());
    }

    [Fact]
    public void AddHealthFinanceState_DerivedOptions_AreValidatedWithTheirOverride_AndPassedToTheFactory()
    {
        var services = new ServiceCollection();
        TenantOptions? seen = null;
        services.AddHealthFinanceState<TenantOptions>(
            o =>
            {
                WithKey(o);
                o.Tenant = "north";
            },
            (_, options) =>
            {
                seen = options;
                return new InMemoryStateStore(options);
            });
        using var provider = services.BuildServiceProvider();

        Assert.IsType<InMemoryStateStore>(provider.GetRequiredService<IStateStore>());
        Assert.Equal("north", seen?.Tenant);

        using var invalid = new ServiceCollection().AddHealthFinanceState<TenantOptions>(WithKey, (_, o) => new InMemoryStateStore(o)).BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => invalid.GetRequiredService<IStateStore>());
        Assert.Equal("Invalid TenantOptions: Tenant is required.", Assert.Single(ex.Failures));
    }

    [Fact]
    public void AddHealthFinanceState_LaterRegistration_ReplacesTheStore_AndTheStoreInterfacesFollowIt()
    {
        InMemoryStateStore? second = null;
        var services = new ServiceCollection().AddHealthFinanceInMemoryState(WithKey);
        services.AddHealthFinanceState<TenantOptions>(
            o =>
            {
                WithKey(o);
                o.Tenant = "south";
            },
            (_, o) => second = new InMemoryStateStore(o));
        using var provider = services.BuildServiceProvider();

        var outbox = provider.GetRequiredService<IOutboxStore>();

        Assert.NotNull(second);
        Assert.Same(second, provider.GetRequiredService<IStateStore>());
        Assert.Same(second.Outbox, outbox);
        Assert.Single(services, d => d.ServiceType == typeof(IStateStore));
        Assert.Single(services, d => d.ServiceType == typeof(IOutboxStore));
    }

    [Fact]
    public void AddHealthFinanceState_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => StateServiceCollectionExtensions.AddHealthFinanceInMemoryState(null!));
        Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddHealthFinanceState<StateStoreOptions>(null, null!));
    }

    private sealed class TenantOptions : StateStoreOptions
    {
        public string? Tenant { get; set; }

        public override IReadOnlyList<string> Validate()
            => string.IsNullOrEmpty(Tenant) ? [.. base.Validate(), "Tenant is required."] : base.Validate();
    }
}
