using System.Data.Common;
using HealthFinance.Idempotency.Relational;
using Npgsql;

namespace HealthFinance.Idempotency.PostgreSql;

/// <summary>
/// The state store in a PostgreSQL schema, shared by any number of workers on any number of machines.
/// </summary>
/// <remarks>
/// <para>Record-if-absent relies on the key table's primary key (<c>INSERT … ON CONFLICT DO NOTHING</c>): of several
/// workers recording the same key at once, the later ones wait for the first to commit and then see the
/// duplicate. Claim transitions lock the claim row (<c>SELECT … FOR UPDATE</c>), so transitions of one claim apply
/// one after the other. Outbox leases use <c>FOR UPDATE SKIP LOCKED</c>: workers take disjoint messages without
/// waiting for each other. A deadlock or serialisation failure of an operation outside an explicit transaction is
/// retried.</para>
/// <para><see cref="IIdempotencyStore.TryRecordManyAsync"/> reads the keys of a batch, then writes the new inputs
/// with multi-row inserts, each step in one round trip rather than one round trip per input; Npgsql prepares the
/// repeated statements automatically (unless the connection string sets <c>Max Auto Prepare</c> itself).</para>
/// <para>Call <see cref="RelationalStateStore.MigrateAsync"/> once at start-up (it creates the schema; concurrent
/// callers are serialised by an advisory lock); dispose the store to close its connections.</para>
/// </remarks>
public sealed class PostgresStateStore : RelationalStateStore
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the store; nothing is opened until the first operation.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="System.ComponentModel.DataAnnotations.ValidationException">The options are not usable; the message lists every problem.</exception>
    public PostgresStateStore(PostgresStateStoreOptions options)
        : base(options, new PostgresDialect(ValidSchema(options)))
    {
        Schema = options.Schema;
        var connection = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        if (connection.MaxAutoPrepare == 0)
        {
            // Batched statements are not prepared explicitly: let Npgsql prepare the ones used again and again.
            connection.MaxAutoPrepare = 64;
            connection.AutoPrepareMinUsages = 2;
        }

        _dataSource = NpgsqlDataSource.Create(connection.ConnectionString);
    }

    /// <summary>The schema that holds the tables.</summary>
    public string Schema { get; }

    /// <inheritdoc/>
    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
        => await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _dataSource.Dispose();
        }
    }

    /// <inheritdoc/>
    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    // The dialect quotes the schema into statements: it must be valid before the base constructor validates the rest.
    private static string ValidSchema(PostgresStateStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureValid();
        return options.Schema;
    }
}
