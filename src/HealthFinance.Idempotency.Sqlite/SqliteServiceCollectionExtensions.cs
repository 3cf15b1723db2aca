using HealthFinance.Idempotency.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;

namespace HealthFinance.Idempotency.Sqlite;

/// <summary>Registers the SQLite state store with a service collection.</summary>
public static class SqliteServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="SqliteStateStore"/> as the singleton <see cref="IStateStore"/>, with every store
    /// interface (see <see cref="StateServiceCollectionExtensions.AddHealthFinanceState{TOptions}"/>). The container
    /// disposes the store, closing the file. Call <see cref="IStateStore.MigrateAsync"/> once at start-up.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options: at least <see cref="SqliteStateStoreOptions.Path"/> and a payload key.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddHealthFinanceSqliteState(this IServiceCollection services, Action<SqliteStateStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddHealthFinanceState(configure, static (_, options) => new SqliteStateStore(options));
    }
}
