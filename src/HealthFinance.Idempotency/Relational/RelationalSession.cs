using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace HealthFinance.Idempotency.Relational;

/// <summary>
/// One open connection of a <see cref="RelationalStateStore"/> with its prepared commands: used by one operation or
/// one <see cref="IStateTransaction"/> at a time, then returned to the store's pool with its commands still prepared.
/// </summary>
internal sealed class RelationalSession : IAsyncDisposable, IDisposable
{
    private readonly RelationalStateStore _store;
    private readonly DbCommand?[] _commands;
    private readonly bool _synchronous;
    private DbTransaction? _commandTransaction;

    public RelationalSession(RelationalStateStore store, DbConnection connection, int statementCount)
    {
        _store = store;
        _synchronous = store.CommandsCompleteSynchronously;
        Connection = connection;
        _commands = new DbCommand?[statementCount];
    }

    public DbConnection Connection { get; }

    /// <summary>The open transaction; <see langword="null"/> between operations.</summary>
    public DbTransaction? Transaction { get; private set; }

    /// <summary>
    /// The number of the first idempotency entry the open transaction inserted, or <see langword="null"/> when it has
    /// inserted none: entries numbered from here on are the transaction's own, not yet committed.
    /// </summary>
    public long? OwnEntriesFrom { get; set; }

    /// <summary>Starts a transaction: a write transaction excludes or locks out conflicting writers as the database does.</summary>
    public async ValueTask BeginAsync(bool readOnly, CancellationToken cancellationToken)
    {
        if (Transaction is not null)
        {
            throw new InvalidOperationException("The session already has a transaction.");
        }

        Transaction = await _store.BeginDbTransactionAsync(Connection, readOnly, cancellationToken).ConfigureAwait(false);
        _commandTransaction = _store.CommandTransaction(Transaction);
        OwnEntriesFrom = null;
    }

    public async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        var transaction = Transaction ?? throw new InvalidOperationException("The session has no transaction.");
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        await transaction.DisposeAsync().ConfigureAwait(false);
        Transaction = null;
        _commandTransaction = null;
        OwnEntriesFrom = null;
    }

    public async ValueTask RollbackAsync()
    {
        if (Transaction is { } transaction)
        {
            Transaction = null;
            _commandTransaction = null;
            OwnEntriesFrom = null;
            try
            {
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The prepared command of a statement, bound to the current transaction; its parameters keep their last values until bound again.</summary>
    public async ValueTask<DbCommand> CommandAsync(SqlStatement statement, CancellationToken cancellationToken)
    {
        var command = _commands[statement.Id];
        if (command is null)
        {
            command = CreateCommand(statement.Text);
            foreach (var spec in statement.Parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = _store.Dialect.ParameterName(spec.Name);
                parameter.DbType = spec.Type;
                parameter.Value = DBNull.Value;
                command.Parameters.Add(parameter);
            }

            command.Transaction = _commandTransaction;
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            _commands[statement.Id] = command;
        }

        command.Transaction = _commandTransaction;
        return command;
    }

    /// <summary>Executes a command that returns no rows; synchronously when the provider's calls complete synchronously anyway.</summary>
    public ValueTask<int> ExecuteNonQueryAsync(DbCommand command, CancellationToken cancellationToken)
    {
        if (_synchronous)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(command.ExecuteNonQuery());
        }

        return new ValueTask<int>(command.ExecuteNonQueryAsync(cancellationToken));
    }

    /// <summary>Executes a query and returns its first value.</summary>
    public ValueTask<object?> ExecuteScalarAsync(DbCommand command, CancellationToken cancellationToken)
    {
        if (_synchronous)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(command.ExecuteScalar());
        }

        return new ValueTask<object?>(command.ExecuteScalarAsync(cancellationToken));
    }

    /// <summary>Executes a query and returns its reader.</summary>
    public ValueTask<DbDataReader> ExecuteReaderAsync(DbCommand command, CancellationToken cancellationToken)
    {
        if (_synchronous)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(command.ExecuteReader());
        }

        return new ValueTask<DbDataReader>(command.ExecuteReaderAsync(cancellationToken));
    }

    /// <summary>Advances a reader of this session to its next row.</summary>
    public ValueTask<bool> ReadAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        if (_synchronous)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(reader.Read());
        }

        return new ValueTask<bool>(reader.ReadAsync(cancellationToken));
    }

    /// <summary>
    /// Runs one statement once per row of values: in batches of up to <paramref name="batchSize"/> statements per
    /// round trip where the provider batches, otherwise one prepared execution per row.
    /// </summary>
    /// <returns>The rows affected, in total.</returns>
    public async ValueTask<long> ExecuteForEachAsync(SqlStatement statement, IReadOnlyList<object?[]> rows, int batchSize, CancellationToken cancellationToken)
    {
        long affected = 0;
        if (!Connection.CanCreateBatch)
        {
            var command = await CommandAsync(statement, cancellationToken).ConfigureAwait(false);
            foreach (var row in rows)
            {
                ParameterWriter.Bind(command, row);
                affected += await ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
            }

            return affected;
        }

        for (var start = 0; start < rows.Count; start += batchSize)
        {
            var batch = CreateBatch();
            await using (batch.ConfigureAwait(false))
            {
                for (var i = start; i < Math.Min(rows.Count, start + batchSize); i++)
                {
                    AddToBatch(batch, statement, rows[i]);
                }

                affected += await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return affected;
    }

    /// <summary>
    /// Runs a query once per set of values and passes each row of every result to <paramref name="read"/>: all in one
    /// round trip where the provider batches, otherwise one prepared execution per set.
    /// </summary>
    public async ValueTask ReadForEachAsync<TState>(SqlStatement statement, IReadOnlyList<object?[]> valueSets, TState state, Action<DbDataReader, TState> read, CancellationToken cancellationToken)
    {
        if (valueSets.Count == 0)
        {
            return;
        }

        if (!Connection.CanCreateBatch)
        {
            var command = await CommandAsync(statement, cancellationToken).ConfigureAwait(false);
            foreach (var values in valueSets)
            {
                ParameterWriter.Bind(command, values);
                var reader = await ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await ReadAsync(reader, cancellationToken).ConfigureAwait(false))
                    {
                        read(reader, state);
                    }
                }
            }

            return;
        }

        var batch = CreateBatch();
        await using (batch.ConfigureAwait(false))
        {
            foreach (var values in valueSets)
            {
                AddToBatch(batch, statement, values);
            }

            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                do
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        read(reader, state);
                    }
                }
                while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));
            }
        }
    }

    /// <summary>Runs a statement that is not kept prepared (the schema statements of a migration).</summary>
    public async ValueTask<int> ExecuteOnceAsync(string text, CancellationToken cancellationToken)
    {
        var command = CreateCommand(text);
        await using var commandScope = command.ConfigureAwait(false);
        command.Transaction = _commandTransaction;
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates a batch of statements sent in one round trip, bound to the current transaction.</summary>
    public DbBatch CreateBatch()
    {
        var batch = Connection.CreateBatch();
        batch.Transaction = _commandTransaction;
        return batch;
    }

    /// <summary>Adds a statement with its values to a batch.</summary>
    [SuppressMessage("Security", "CA2100:Review SQL queries for security vulnerabilities", Justification = "The text is a statement rendered from a constant template by the dialect when the store is created; every value is bound as a parameter.")]
    public void AddToBatch(DbBatch batch, SqlStatement statement, params ReadOnlySpan<object?> values)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = statement.Text;
        for (var i = 0; i < statement.Parameters.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = _store.Dialect.ParameterName(statement.Parameters[i].Name);
            parameter.DbType = statement.Parameters[i].Type;
            parameter.Value = values[i] ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        batch.BatchCommands.Add(command);
    }

    public async ValueTask SaveAsync(string savepoint, CancellationToken cancellationToken)
        => await (Transaction ?? throw new InvalidOperationException("The session has no transaction.")).SaveAsync(savepoint, cancellationToken).ConfigureAwait(false);

    public async ValueTask RollbackToAsync(string savepoint, CancellationToken cancellationToken)
        => await (Transaction ?? throw new InvalidOperationException("The session has no transaction.")).RollbackAsync(savepoint, cancellationToken).ConfigureAwait(false);

    public async ValueTask ReleaseAsync(string savepoint, CancellationToken cancellationToken)
        => await (Transaction ?? throw new InvalidOperationException("The session has no transaction.")).ReleaseAsync(savepoint, cancellationToken).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RollbackAsync().ConfigureAwait(false);
        }
        catch (DbException)
        {
            // The connection is being closed, which ends the transaction anyway.
        }
        catch (InvalidOperationException)
        {
            // The connection is already broken or closed.
        }

        foreach (var command in _commands)
        {
            if (command is not null)
            {
                await command.DisposeAsync().ConfigureAwait(false);
            }
        }

        await Connection.DisposeAsync().ConfigureAwait(false);
    }

    public void Dispose()
    {
        try
        {
            Transaction?.Dispose();
        }
        catch (DbException)
        {
            // The connection is being closed, which ends the transaction anyway.
        }
        catch (InvalidOperationException)
        {
            // The connection is already broken or closed.
        }

        Transaction = null;
        _commandTransaction = null;
        foreach (var command in _commands)
        {
            command?.Dispose();
        }

        Connection.Dispose();
    }

    [SuppressMessage("Security", "CA2100:Review SQL queries for security vulnerabilities", Justification = "The text is a statement rendered from a constant template or the dialect's schema when the store is created; every value is bound as a parameter.")]
    private DbCommand CreateCommand(string text)
    {
        var command = Connection.CreateCommand();
        command.CommandText = text;
        return command;
    }
}

/// <summary>Binds values to a prepared command's parameters in their declared order; <see langword="null"/> binds as a database null.</summary>
internal struct ParameterWriter
{
    private readonly DbCommand _command;
    private int _next;

    public ParameterWriter(DbCommand command)
    {
        _command = command;
        _next = 0;
    }

    public void Add(object? value) => _command.Parameters[_next++].Value = value ?? DBNull.Value;

    public static void Bind(DbCommand command, params ReadOnlySpan<object?> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
