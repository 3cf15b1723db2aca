using System.Data.Common;
using HealthFinance.Idempotency.DeadLetters;
using HealthFinance.Idempotency.Keys;

namespace HealthFinance.Idempotency.Relational;

/// <summary>
/// The dead-letter store's SQL and logic: one row per input in <c>hf_dead_letter</c>, keyed by its replay handle
/// (<see cref="DeadLetter.IdOf"/>); a repeated failure is one upsert that counts the attempt and reopens the row.
/// The payload is encrypted, bound to the input key, and its key id kept in <c>payload_key_id</c>.
/// </summary>
internal sealed class DeadLetterOperations
{
    private const string Columns = "id, input_key, event_type, reason, finding_codes, " + ContextColumns.Names + ", payload_type, payload_key_id, attempts, first_failure_at, last_failure_at, status, resolved_at";

    private readonly RelationalContext _context;
    private readonly SqlStatement _upsert;
    private readonly SqlStatement _get;
    private readonly SqlStatement _list;
    private readonly SqlStatement _readPayload;
    private readonly SqlStatement _resolve;
    private readonly SqlStatement _purgePayloads;
    private readonly SqlStatement _purgeClosed;

    public DeadLetterOperations(RelationalContext context)
    {
        _context = context;
        var sql = context.Catalog;
        _upsert = sql.Add(
            "INSERT INTO {hf_dead_letter} AS d (id, input_key, event_type, reason, finding_codes, " + ContextColumns.Names + ", payload_type, payload, payload_key_id, attempts, first_failure_at, last_failure_at, status, resolved_at) "
            + "VALUES (@id, @input_key, @event_type, @reason, @finding_codes, " + ContextColumns.Markers + ", @payload_type, @payload, @payload_key_id, 1, @now, @now, 0, NULL) "
            + "ON CONFLICT (id) DO UPDATE SET event_type = COALESCE(excluded.event_type, d.event_type), reason = excluded.reason, finding_codes = excluded.finding_codes, " + ContextColumns.FromExcluded
            + ", payload_type = excluded.payload_type, payload = excluded.payload, payload_key_id = excluded.payload_key_id, attempts = d.attempts + 1, last_failure_at = excluded.last_failure_at, status = 0, resolved_at = NULL "
            + "RETURNING " + Columns,
            [
                SqlParameterSpec.Text("id"),
                SqlParameterSpec.Text("input_key"),
                SqlParameterSpec.Text("event_type"),
                SqlParameterSpec.Text("reason"),
                SqlParameterSpec.Text("finding_codes"),
                .. ContextColumns.Parameters(sql),
                SqlParameterSpec.Text("payload_type"),
                SqlParameterSpec.Binary("payload"),
                SqlParameterSpec.Text("payload_key_id"),
                SqlParameterSpec.Int64("now"),
            ]);
        _get = sql.Add("SELECT " + Columns + " FROM {hf_dead_letter} WHERE id = @id", SqlParameterSpec.Text("id"));
        _list = sql.Add(
            "SELECT " + Columns + " FROM {hf_dead_letter} WHERE status >= @status_min AND status <= @status_max AND id > @after_id ORDER BY id LIMIT @limit",
            SqlParameterSpec.Int32("status_min"),
            SqlParameterSpec.Int32("status_max"),
            SqlParameterSpec.Text("after_id"),
            SqlParameterSpec.Int32("limit"));
        _readPayload = sql.Add("SELECT input_key, payload FROM {hf_dead_letter} WHERE id = @id", SqlParameterSpec.Text("id"));
        _resolve = sql.Add(
            "UPDATE {hf_dead_letter} SET status = @status, resolved_at = @now WHERE id = @id AND status = 0",
            SqlParameterSpec.Int32("status"),
            SqlParameterSpec.Int64("now"),
            SqlParameterSpec.Text("id"));
        _purgePayloads = sql.Add(
            "UPDATE {hf_dead_letter} SET payload = NULL, payload_key_id = NULL WHERE payload_key_id IS NOT NULL AND last_failure_at < @cutoff",
            SqlParameterSpec.Int64("cutoff"));
        _purgeClosed = sql.Add("DELETE FROM {hf_dead_letter} WHERE status <> 0 AND resolved_at < @cutoff", SqlParameterSpec.Int64("cutoff"));
    }

    public ValueTask<DeadLetter> AddAsync(RelationalSession session, DeadLetterRequest request, CancellationToken cancellationToken)
        => AddAsync(session, request, hasPayload: true, _context.Now(), cancellationToken);

    /// <summary>Holds a failed input, or counts one more failure of a held one.</summary>
    /// <param name="session">The session.</param>
    /// <param name="request">The failed input.</param>
    /// <param name="hasPayload"><see langword="false"/> when the payload was purged before the input failed (an expired parked input): the dead letter holds none.</param>
    /// <param name="now">The failure time.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The dead letter as it now stands.</returns>
    public async ValueTask<DeadLetter> AddAsync(RelationalSession session, DeadLetterRequest request, bool hasPayload, long now, CancellationToken cancellationToken)
    {
        var payload = hasPayload ? _context.Protect(request.Payload, request.InputKey) : null;
        var command = await session.CommandAsync(_upsert, cancellationToken).ConfigureAwait(false);
        var writer = new ParameterWriter(command);
        writer.Add(DeadLetter.IdOf(request.InputKey));
        writer.Add(request.InputKey.Value);
        writer.Add(request.EventType);
        writer.Add(request.Reason);
        writer.Add(RowReader.EncodeCodes(request.FindingCodes));
        ContextColumns.Write(ref writer, request.Context ?? BusinessContext.None, _context.Dialect);
        writer.Add(request.PayloadType);
        writer.Add(payload);
        writer.Add(payload is null ? null : _context.Protector.CurrentKeyId);
        writer.Add(now);
        var reader = await session.ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        if (!await session.ReadAsync(reader, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("The dead-letter upsert returned no row.");
        }

        return Read(reader);
    }

    public async ValueTask<DeadLetter?> GetAsync(RelationalSession session, string id, CancellationToken cancellationToken)
    {
        var command = await session.CommandAsync(_get, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(command, id);
        var reader = await session.ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        return await session.ReadAsync(reader, cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    public async ValueTask<IReadOnlyList<DeadLetter>> ListAsync(RelationalSession session, DeadLetterQuery query, CancellationToken cancellationToken)
    {
        var letters = new List<DeadLetter>();
        var command = await session.CommandAsync(_list, cancellationToken).ConfigureAwait(false);
        var (min, max) = query.Status is { } status ? ((int)status, (int)status) : (int.MinValue, int.MaxValue);
        ParameterWriter.Bind(command, min, max, query.AfterId ?? string.Empty, query.Limit);
        var reader = await session.ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await session.ReadAsync(reader, cancellationToken).ConfigureAwait(false))
        {
            letters.Add(Read(reader));
        }

        return letters;
    }

    public async ValueTask<ReadOnlyMemory<byte>?> ReadPayloadAsync(RelationalSession session, string id, CancellationToken cancellationToken)
    {
        var command = await session.CommandAsync(_readPayload, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(command, id);
        var reader = await session.ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        if (!await session.ReadAsync(reader, cancellationToken).ConfigureAwait(false) || RowReader.Bytes(reader, 1) is not { } payload)
        {
            return null;
        }

        return _context.Unprotect(payload, IdempotencyKey.Parse(reader.GetString(0)));
    }

    public async ValueTask<bool> ResolveAsync(RelationalSession session, string id, DeadLetterStatus status, CancellationToken cancellationToken)
    {
        var command = await session.CommandAsync(_resolve, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(command, (int)status, _context.Now(), id);
        return await session.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Deletes closed dead letters resolved before the cutoff.</summary>
    /// <returns>How many were deleted.</returns>
    public async ValueTask<long> PurgeClosedAsync(RelationalSession session, long cutoff, CancellationToken cancellationToken)
    {
        var command = await session.CommandAsync(_purgeClosed, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(command, cutoff);
        return await session.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Erases the payloads of dead letters that last failed before the cutoff.</summary>
    /// <returns>How many payloads were erased.</returns>
    public async ValueTask<long> PurgePayloadsAsync(RelationalSession session, long cutoff, CancellationToken cancellationToken)
    {
        var command = await session.CommandAsync(_purgePayloads, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(command, cutoff);
        return await session.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private DeadLetter Read(DbDataReader reader)
    {
        const int after = 5 + ContextColumns.Count;
        return new DeadLetter(
            reader.GetString(0),
            IdempotencyKey.Parse(reader.GetString(1)),
            RowReader.Text(reader, 2),
            reader.GetString(3),
            RowReader.DecodeCodes(reader.GetString(4)),
            ContextColumns.Read(reader, 5, _context.Dialect),
            reader.GetString(after),
            RowReader.Text(reader, after + 1),
            reader.GetInt32(after + 2),
            RelationalContext.Time(reader.GetInt64(after + 3)),
            RelationalContext.Time(reader.GetInt64(after + 4)),
            (DeadLetterStatus)reader.GetInt32(after + 5),
            RowReader.Time(reader, after + 6));
    }
}

/// <summary>The dead-letter store of a <see cref="RelationalStateStore"/> or of one of its transactions.</summary>
internal sealed class RelationalDeadLetterStore : IDeadLetterStore
{
    private readonly ISessionScope _scope;
    private readonly DeadLetterOperations _operations;

    public RelationalDeadLetterStore(ISessionScope scope, DeadLetterOperations operations)
    {
        _scope = scope;
        _operations = operations;
    }

    public ValueTask<DeadLetter> AddAsync(DeadLetterRequest request, CancellationToken cancellationToken = default)
    {
        RelationalArguments.DeadLetter(request, nameof(request));
        return _scope.RunAsync(
            (_operations, request),
            static (session, state, ct) => state._operations.AddAsync(session, state.request, ct),
            readOnly: false,
            cancellationToken);
    }

    public ValueTask<DeadLetter?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _scope.RunAsync(
            (_operations, id),
            static (session, state, ct) => state._operations.GetAsync(session, state.id, ct),
            readOnly: true,
            cancellationToken);
    }

    public ValueTask<IReadOnlyList<DeadLetter>> ListAsync(DeadLetterQuery query, CancellationToken cancellationToken = default)
    {
        RelationalArguments.Query(query, nameof(query));
        return _scope.RunAsync(
            (_operations, query),
            static (session, state, ct) => state._operations.ListAsync(session, state.query, ct),
            readOnly: true,
            cancellationToken);
    }

    public ValueTask<ReadOnlyMemory<byte>?> ReadPayloadAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _scope.RunAsync(
            (_operations, id),
            static (session, state, ct) => state._operations.ReadPayloadAsync(session, state.id, ct),
            readOnly: true,
            cancellationToken);
    }

    public ValueTask<bool> ResolveAsync(string id, DeadLetterStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        RelationalArguments.Resolution(status, nameof(status));

        return _scope.RunAsync(
            (_operations, id, status),
            static (session, state, ct) => state._operations.ResolveAsync(session, state.id, state.status, ct),
            readOnly: false,
            cancellationToken);
    }
}
