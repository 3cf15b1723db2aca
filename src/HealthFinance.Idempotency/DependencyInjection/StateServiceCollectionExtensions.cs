using HealthFinance.Idempotency.DeadLetters;
using HealthFinance.Idempotency.InMemory;
using HealthFinance.Idempotency.Lifecycle;
using HealthFinance.Idempotency.Outbox;
using HealthFinance.Idempotency.Parking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HealthFinance.Idempotency.DependencyInjection;

/// <summary>Registers a state store and each of its stores with a service collection.</summary>
public static class StateServiceCollectionExtensions
{
    /// <summary>
    /// Registers an <see cref="InMemoryStateStore"/> as the singleton <see cref="IStateStore"/>, with every store
    /// interface and a <see cref="DeadLetterReplayer"/> (see <see cref="AddHealthFinanceState{TOptions}"/>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options (at least a payload key); <see langword="null"/> to configure them elsewhere.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddHealthFinanceInMemoryState(this IServiceCollection services, Action<StateStoreOptions>? configure = null)
        => services.AddHealthFinanceState(configure, static (_, options) => new InMemoryStateStore(options));

    /// <summary>
    /// Registers a state store built from validated options: the singleton <see cref="IStateStore"/>, each store
    /// interface (<see cref="IIdempotencyStore"/>, <see cref="IClaimLifecycleStore"/>, <see cref="IParkingStore"/>,
    /// <see cref="IDeadLetterStore"/>, <see cref="IOutboxStore"/>, <see cref="IClaimPaymentStore"/>) forwarding to that store's property, and a
    /// <see cref="DeadLetterReplayer"/> over its dead letters. Store packages call it to register their store.
    /// </summary>
    /// <typeparam name="TOptions">The store's options type.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; <see langword="null"/> to configure them elsewhere (e.g. <c>services.Configure&lt;TOptions&gt;</c>).</param>
    /// <param name="factory">Creates the store from the service provider and the validated options.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <remarks>
    /// The options are validated with <see cref="StateStoreOptions.Validate"/> (including a derived type's override)
    /// when the store is first resolved; invalid options throw an <see cref="OptionsValidationException"/> whose
    /// message lists every problem. A later registration of another store replaces the <see cref="IStateStore"/>;
    /// the store interfaces follow it.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="factory"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddHealthFinanceState<TOptions>(this IServiceCollection services, Action<TOptions>? configure, Func<IServiceProvider, TOptions, IStateStore> factory)
        where TOptions : StateStoreOptions, new()
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(factory);
        var options = services.AddOptions<TOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(new StateStoreOptionsValidator<TOptions>()));
        services.Replace(ServiceDescriptor.Singleton<IStateStore>(sp => factory(sp, sp.GetRequiredService<IOptions<TOptions>>().Value)));
        services.TryAddSingleton(static sp => sp.GetRequiredService<IStateStore>().Idempotency);
        services.TryAddSingleton(static sp => sp.GetRequiredService<IStateStore>().Lifecycle);
        services.TryAddSingleton(static sp => sp.GetRequiredService<IStateStore>().Parking);
        services.TryAddSingleton(static sp => sp.GetRequiredService<IStateStore>().DeadLetters);
        services.TryAddSingleton(static sp => sp.GetRequiredService<IStateStore>().Outbox);
        services.TryAddSingleton(static sp => sp.GetRequiredService<IStateStore>().Payments);
        services.TryAddSingleton(static sp => new DeadLetterReplayer(sp.GetRequiredService<IDeadLetterStore>()));
        return services;
    }
}
