using HealthFinance.Idempotency.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;

namespace HealthFinance.Idempotency.PostgreSql;

/// <summary>Registers the PostgreSQL state store with a service collection.</summary>
public static class PostgresServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="PostgresStateStore"/> as the singleton <see cref="IStateStore"/>, with every store
    /// interface (see <see cref="StateServiceCollectionExtensions.AddHealthFinanceState{TOptions}"/>). The container
    /// disposes the store, closing its connections. Call <see cref="IStateStore.MigrateAsync"/> once at start-up.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options: at least <see cref="PostgresStateStoreOptions.ConnectionString"/> and a payload key.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddHealthFinancePostgresState(this IServiceCollection services, Action<PostgresStateStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddHealthFinanceState(configure, static (_, options) => new PostgresStateStore(options));
    }
}
