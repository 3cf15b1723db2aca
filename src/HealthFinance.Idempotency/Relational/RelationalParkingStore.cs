using System.Data.Common;
using HealthFinance.Canonical;
using HealthFinance.Idempotency.DeadLetters;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Idempotency.Parking;

namespace HealthFinance.Idempotency.Relational;

/// <summary>
/// The parking store's SQL and logic: one row per parked input in <c>hf_parked</c>, unique by input key, ordered by
/// parking time and then by an ever-growing sequence number. Release and expiry are one <c>DELETE … RETURNING</c>
/// each, so an input is released or expired exactly once however many workers try at the same time.
/// </summary>
internal sealed class ParkingOperations
{
    private const string Columns = "seq, input_key, event_type, waiting_for, reason, " + ContextColumns.Names + ", parked_at, expires_at, payload";
    private const string ListColumns = "seq, input_key, event_type, waiting_for, reason, " + ContextColumns.Names + ", parked_at, expires_at, NULL";

    private static readonly EquatableArray<string> ExpiredCodes = ["STATE-0001"];

    private readonly RelationalContext _context;
    private readonly DeadLetterOperations _deadLetters;
    private readonly SqlStatement _park;
    private readonly SqlStatement _release;
    private readonly SqlStatement _list;
    private readonly SqlStatement _expire;
    private readonly SqlStatement _purgePayloads;

    public ParkingOperations(RelationalContext context, DeadLetterOperations deadLetters)
    {
        _context = context;
        _deadLetters = deadLetters;
        var sql = context.Catalog;
        _park = sql.Add(
            "INSERT INTO {hf_parked} (input_key, event_type, waiting_for, reason, " + ContextColumns.Names + ", payload, payload_key_id, parked_at, expires_at) "
            + "VALUES (@input_key, @event_type, @waiting_for, @reason, " + ContextColumns.Markers + ", @payload, @payload_key_id, @now, @expires_at) ON CONFLICT DO NOTHING",
            [
                SqlParameterSpec.Text("input_key"),
                SqlParameterSpec.Text("event_type"),
                SqlParameterSpec.Text("waiting_for"),
                SqlParameterSpec.Text("reason"),
                .. ContextColumns.Parameters(sql),
                SqlParameterSpec.Binary("payload"),
                SqlParameterSpec.Text("payload_key_id"),
                SqlParameterSpec.Int64("now"),
                SqlParameterSpec.Int64("expires_at"),
            ]);
        _release = sql.Add("DELETE FROM {hf_parked} WHERE waiting_for = @waiting_for RETURNING " + Columns, SqlParameterSpec.Text("waiting_for"));
        _list = sql.Add("SELECT " + ListColumns + " FROM {hf_parked} ORDER BY parked_at, seq LIMIT @limit", SqlParameterSpec.Int32("limit"));
        _expire = sql.Add("DELETE FROM {hf_parked} WHERE expires_at <= @now RETURNING " + Columns, SqlParameterSpec.Int64("now"));
        _purgePayloads = sql.Add(
            "UPDATE {hf_parked} SET payload = NULL, payload_key_id = NULL WHERE payload_key_id IS NOT NULL AND parked_at < @cutoff",
            SqlParameterSpec.Int64("cutoff"));
    }

    public async ValueTask<bool> ParkAsync(RelationalSession session, ParkRequest request, CancellationToken cancellationToken)
    {
        var now = _context.Now();
        var payload = _context.Protect(request.Payload, request.InputKey);
        var command = await session.CommandAsync(_park, cancellationToken).ConfigureAwait(false);
        var writer = new ParameterWriter(command);
        writer.Add(request.InputKey.Value);
        writer.Add(request.EventType);
        writer.Add(request.WaitingFor.Value);
        writer.Add(request.Reason);
        ContextColumns.Write(ref writer, request.Context ?? BusinessContext.None, _context.Dialect);
        writer.Add(payload);
        writer.Add(_context.Protector.CurrentKeyId);
        writer.Add(now);
        writer.Add(RelationalContext.Add(now, request.Expiry ?? _context.ParkingExpiry));
        return await session.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask<IReadOnlyList<ParkedInput>> ReleaseAsync(RelationalSession session, IdempotencyKey waitingFor, CancellationToken cancellationToken)
    {
        var command = await session.CommandAsync(_release, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(command, waitingFor.Value);
        var rows = await ReadAllAsync(session, command, cancellationToken).ConfigureAwait(false);
        var released = new List<ParkedInput>(rows.Count);
        foreach (var row in rows)
        {
            released.Add(row.Input with { Payload = row.Payload is null ? ReadOnlyMemory<byte>.Empty : _context.Unprotect(row.Payload, row.Input.InputKey) });
        }

        return released;
    }

    public async ValueTask<IReadOnlyList<ParkedInput>> ListAsync(RelationalSession session, int limit, CancellationToken cancellationToken)
    {
        var command = await session.CommandAsync(_list, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(command, limit);
        var rows = await ReadAllAsync(session, command, cancellationToken).ConfigureAwait(false);
        return rows.Select(r => r.Input).ToList();
    }

    public async ValueTask<int> ExpireAsync(RelationalSession session, CancellationToken cancellationToken)
    {
        var now = _context.Now();
        var command = await session.CommandAsync(_expire, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(command, now);
        var rows = await ReadAllAsync(session, command, cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            var input = row.Input;
            var payload = row.Payload is null ? ReadOnlyMemory<byte>.Empty : _context.Unprotect(row.Payload, input.InputKey);
            var request = new DeadLetterRequest(input.InputKey, input.EventType, "Parked input expired: " + input.Reason, ExpiredCodes, input.Context, payload, "parked:" + input.EventType);
            await _deadLetters.AddAsync(session, request, hasPayload: row.Payload is not null, now, cancellationToken).ConfigureAwait(false);
        }

        return rows.Count;
    }

    /// <summary>Erases the payloads of inputs parked before the cutoff.</summary>
    /// <returns>How many payloads were erased.</returns>
    public async ValueTask<long> PurgePayloadsAsync(RelationalSession session, long cutoff, CancellationToken cancellationToken)
    {
        var command = await session.CommandAsync(_purgePayloads, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(command, cutoff);
        return await session.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
    }

    // Rows oldest first: RETURNING has no order of its own.
    private async ValueTask<List<ParkedRow>> ReadAllAsync(RelationalSession session, DbCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<ParkedRow>();
        var reader = await session.ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            const int after = 5 + ContextColumns.Count;
            while (await session.ReadAsync(reader, cancellationToken).ConfigureAwait(false))
            {
                var input = new ParkedInput(
                    IdempotencyKey.Parse(reader.GetString(1)),
                    reader.GetString(2),
                    IdempotencyKey.Parse(reader.GetString(3)),
                    reader.GetString(4),
                    ContextColumns.Read(reader, 5, _context.Dialect),
                    RelationalContext.Time(reader.GetInt64(after)),
                    RelationalContext.Time(reader.GetInt64(after + 1)),
                    ReadOnlyMemory<byte>.Empty);
                rows.Add(new ParkedRow(reader.GetInt64(0), input, RowReader.Bytes(reader, after + 2)));
            }
        }

        rows.Sort(static (a, b) => a.Input.ParkedAt != b.Input.ParkedAt ? a.Input.ParkedAt.CompareTo(b.Input.ParkedAt) : a.Sequence.CompareTo(b.Sequence));
        return rows;
    }

    private sealed record ParkedRow(long Sequence, ParkedInput Input, byte[]? Payload);
}

/// <summary>The parking store of a <see cref="RelationalStateStore"/> or of one of its transactions.</summary>
internal sealed class RelationalParkingStore : IParkingStore
{
    private readonly ISessionScope _scope;
    private readonly ParkingOperations _operations;

    public RelationalParkingStore(ISessionScope scope, ParkingOperations operations)
    {
        _scope = scope;
        _operations = operations;
    }

    public ValueTask<bool> ParkAsync(ParkRequest request, CancellationToken cancellationToken = default)
    {
        RelationalArguments.Park(request, nameof(request));
        return _scope.RunAsync(
            (_operations, request),
            static (session, state, ct) => state._operations.ParkAsync(session, state.request, ct),
            readOnly: false,
            cancellationToken);
    }

    public ValueTask<IReadOnlyList<ParkedInput>> ReleaseAsync(IdempotencyKey waitingFor, CancellationToken cancellationToken = default)
    {
        RelationalArguments.Key(waitingFor, nameof(waitingFor));
        return _scope.RunAsync(
            (_operations, waitingFor),
            static (session, state, ct) => state._operations.ReleaseAsync(session, state.waitingFor, ct),
            readOnly: false,
            cancellationToken);
    }

    public ValueTask<IReadOnlyList<ParkedInput>> ListAsync(int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return _scope.RunAsync(
            (_operations, limit),
            static (session, state, ct) => state._operations.ListAsync(session, state.limit, ct),
            readOnly: true,
            cancellationToken);
    }

    public ValueTask<int> ExpireAsync(CancellationToken cancellationToken = default)
        => _scope.RunAsync(
            _operations,
            static (session, operations, ct) => operations.ExpireAsync(session, ct),
            readOnly: false,
            cancellationToken);
}
