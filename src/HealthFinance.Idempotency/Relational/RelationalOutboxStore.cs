using System.Data.Common;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Idempotency.Outbox;

namespace HealthFinance.Idempotency.Relational;

/// <summary>
/// The outbox's SQL and logic: one row per message in <c>hf_outbox</c>, unique by key, ordered by enqueue time and
/// then by an ever-growing sequence number.
/// </summary>
/// <remarks>
/// A lease is one statement: the due rows are chosen oldest first with the dialect's skip-locked clause (PostgreSQL:
/// <c>FOR UPDATE SKIP LOCKED</c>, so concurrent workers take disjoint rows without waiting for each other), and each
/// chosen row gets a new random token, its lease expiry, the worker and one more attempt. Completing or failing a
/// message is an update that only matches while the message is pending with the same token.
/// </remarks>
internal sealed class OutboxOperations
{
    private const string EntryColumns = "message_key, destination, status, attempts, external_reference, last_error, created_at, next_attempt_at, completed_at";
    private const string LeaseColumns = "seq, message_key, destination, payload_type, payload, attempts, lease_token, lease_expires_at, created_at";
    private const string Due = "status = 0 AND next_attempt_at <= @now AND (lease_expires_at IS NULL OR lease_expires_at <= @now)";
    private const string LeaseUpdate = " UPDATE {hf_outbox} SET lease_token = {random_token}, lease_expires_at = @lease_expires_at, leased_by = @worker_id, attempts = attempts + 1 WHERE seq IN (SELECT seq FROM due) RETURNING " + LeaseColumns;

    private readonly RelationalContext _context;
    private readonly SqlStatement _enqueue;
    private readonly SqlStatement _lease;
    private readonly SqlStatement _leaseFor;
    private readonly SqlStatement _complete;
    private readonly SqlStatement _retry;
    private readonly SqlStatement _fail;
    private readonly SqlStatement _get;
    private readonly SqlStatement _count;
    private readonly SqlStatement _purgePayloads;
    private readonly SqlStatement _purgeFinished;

    public OutboxOperations(RelationalContext context)
    {
        _context = context;
        var sql = context.Catalog;
        var key = SqlParameterSpec.Text("key");
        var token = SqlParameterSpec.Text("lease_token");
        var now = SqlParameterSpec.Int64("now");
        _enqueue = sql.Add(
            "INSERT INTO {hf_outbox} (message_key, destination, payload_type, payload, payload_key_id, status, attempts, created_at, next_attempt_at) VALUES (@key, @destination, @payload_type, @payload, @payload_key_id, 0, 0, @now, @now) ON CONFLICT DO NOTHING",
            key,
            SqlParameterSpec.Text("destination"),
            SqlParameterSpec.Text("payload_type"),
            SqlParameterSpec.Binary("payload"),
            SqlParameterSpec.Text("payload_key_id"),
            now);
        _lease = sql.Add(
            "WITH due AS MATERIALIZED (SELECT seq FROM {hf_outbox} WHERE " + Due + " ORDER BY created_at, seq LIMIT @max_count {skip_locked})" + LeaseUpdate,
            now,
            SqlParameterSpec.Int32("max_count"),
            SqlParameterSpec.Int64("lease_expires_at"),
            SqlParameterSpec.Text("worker_id"));
        _leaseFor = sql.Add(
            "WITH due AS MATERIALIZED (SELECT seq FROM {hf_outbox} WHERE " + Due + " AND destination = @destination ORDER BY created_at, seq LIMIT @max_count {skip_locked})" + LeaseUpdate,
            now,
            SqlParameterSpec.Text("destination"),
            SqlParameterSpec.Int32("max_count"),
            SqlParameterSpec.Int64("lease_expires_at"),
            SqlParameterSpec.Text("worker_id"));
        _complete = sql.Add(
            "UPDATE {hf_outbox} SET status = 1, completed_at = @now, external_reference = @external_reference, lease_token = NULL, lease_expires_at = NULL, leased_by = NULL WHERE message_key = @key AND status = 0 AND lease_token = @lease_token",
            now,
            SqlParameterSpec.Text("external_reference"),
            key,
            token);
        _retry = sql.Add(
            "UPDATE {hf_outbox} SET next_attempt_at = @retry_at, last_error = @last_error, lease_token = NULL, lease_expires_at = NULL, leased_by = NULL WHERE message_key = @key AND status = 0 AND lease_token = @lease_token",
            SqlParameterSpec.Int64("retry_at"),
            SqlParameterSpec.Text("last_error"),
            key,
            token);
        _fail = sql.Add(
            "UPDATE {hf_outbox} SET status = 2, completed_at = @now, last_error = @last_error, lease_token = NULL, lease_expires_at = NULL, leased_by = NULL WHERE message_key = @key AND status = 0 AND lease_token = @lease_token",
            now,
            SqlParameterSpec.Text("last_error"),
            key,
            token);
        _get = sql.Add("SELECT " + EntryColumns + " FROM {hf_outbox} WHERE message_key = @key", key);
        _count = sql.Add("SELECT COUNT(*) FROM {hf_outbox} WHERE status = @status", SqlParameterSpec.Int32("status"));
        _purgePayloads = sql.Add(
            "UPDATE {hf_outbox} SET payload = NULL, payload_key_id = NULL WHERE payload_key_id IS NOT NULL AND status <> 0 AND created_at < @cutoff",
            SqlParameterSpec.Int64("cutoff"));
        _purgeFinished = sql.Add("DELETE FROM {hf_outbox} WHERE status <> 0 AND completed_at < @cutoff", SqlParameterSpec.Int64("cutoff"));
    }

    public async ValueTask<bool> EnqueueAsync(RelationalSession session, OutboxMessage message, CancellationToken cancellationToken)
    {
        var payload = _context.Protect(message.Payload, message.Key);
        var command = await session.CommandAsync(_enqueue, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(command, message.Key.Value, message.Destination, message.PayloadType, payload, _context.Protector.CurrentKeyId, _context.Now());
        return await session.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask<IReadOnlyList<OutboxLease>> LeaseAsync(RelationalSession session, string workerId, int maxCount, TimeSpan leaseDuration, string? destination, CancellationToken cancellationToken)
    {
        var now = _context.Now();
        var expiresAt = RelationalContext.Add(now, leaseDuration);
        DbCommand command;
        if (destination is null)
        {
            command = await session.CommandAsync(_lease, cancellationToken).ConfigureAwait(false);
            ParameterWriter.Bind(command, now, maxCount, expiresAt, workerId);
        }
        else
        {
            command = await session.CommandAsync(_leaseFor, cancellationToken).ConfigureAwait(false);
            ParameterWriter.Bind(command, now, destination, maxCount, expiresAt, workerId);
        }

        var rows = new List<(long Sequence, long CreatedAt, OutboxLease Lease)>();
        var reader = await session.ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await session.ReadAsync(reader, cancellationToken).ConfigureAwait(false))
            {
                var key = IdempotencyKey.Parse(reader.GetString(1));
                var payload = RowReader.Bytes(reader, 4) is { } stored ? _context.Unprotect(stored, key) : [];
                var lease = new OutboxLease(key, reader.GetString(2), reader.GetString(3), payload, reader.GetInt32(5), reader.GetString(6), RelationalContext.Time(reader.GetInt64(7)));
                rows.Add((reader.GetInt64(0), reader.GetInt64(8), lease));
            }
        }

        // Oldest first: RETURNING has no order of its own.
        rows.Sort(static (a, b) => a.CreatedAt != b.CreatedAt ? a.CreatedAt.CompareTo(b.CreatedAt) : a.Sequence.CompareTo(b.Sequence));
        return rows.Select(r => r.Lease).ToList();
    }

    public async ValueTask<bool> CompleteAsync(RelationalSession session, OutboxLease lease, string? externalReference, CancellationToken cancellationToken)
    {
        var command = await session.CommandAsync(_complete, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(command, _context.Now(), externalReference, lease.Key.Value, lease.LeaseToken);
        return await session.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask<bool> FailAsync(RelationalSession session, OutboxLease lease, string reason, DateTimeOffset? retryAt, CancellationToken cancellationToken)
    {
        DbCommand command;
        if (retryAt is { } at)
        {
            command = await session.CommandAsync(_retry, cancellationToken).ConfigureAwait(false);
            ParameterWriter.Bind(command, RelationalContext.Milliseconds(at), reason, lease.Key.Value, lease.LeaseToken);
        }
        else
        {
            command = await session.CommandAsync(_fail, cancellationToken).ConfigureAwait(false);
            ParameterWriter.Bind(command, _context.Now(), reason, lease.Key.Value, lease.LeaseToken);
        }

        return await session.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask<OutboxEntry?> GetAsync(RelationalSession session, IdempotencyKey key, CancellationToken cancellationToken)
    {
        var command = await session.CommandAsync(_get, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(command, key.Value);
        var reader = await session.ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        if (!await session.ReadAsync(reader, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new OutboxEntry(
            IdempotencyKey.Parse(reader.GetString(0)),
            reader.GetString(1),
            (OutboxStatus)reader.GetInt32(2),
            reader.GetInt32(3),
            RowReader.Text(reader, 4),
            RowReader.Text(reader, 5),
            RelationalContext.Time(reader.GetInt64(6)),
            RelationalContext.Time(reader.GetInt64(7)),
            RowReader.Time(reader, 8));
    }

    public async ValueTask<long> CountAsync(RelationalSession session, OutboxStatus status, CancellationToken cancellationToken)
    {
        var command = await session.CommandAsync(_count, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(command, (int)status);
        return Convert.ToInt64(await session.ExecuteScalarAsync(command, cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Deletes delivered and failed messages completed before the cutoff.</summary>
    /// <returns>How many were deleted.</returns>
    public async ValueTask<long> PurgeFinishedAsync(RelationalSession session, long cutoff, CancellationToken cancellationToken)
    {
        var command = await session.CommandAsync(_purgeFinished, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(command, cutoff);
        return await session.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Erases the payloads of finished messages enqueued before the cutoff; a pending message keeps its payload.</summary>
    /// <returns>How many payloads were erased.</returns>
    public async ValueTask<long> PurgePayloadsAsync(RelationalSession session, long cutoff, CancellationToken cancellationToken)
    {
        var command = await session.CommandAsync(_purgePayloads, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(command, cutoff);
        return await session.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
    }

}

/// <summary>The outbox of a <see cref="RelationalStateStore"/> or of one of its transactions.</summary>
internal sealed class RelationalOutboxStore : IOutboxStore
{
    private readonly ISessionScope _scope;
    private readonly OutboxOperations _operations;

    public RelationalOutboxStore(ISessionScope scope, OutboxOperations operations)
    {
        _scope = scope;
        _operations = operations;
    }

    public ValueTask<bool> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        RelationalArguments.Message(message, nameof(message));
        return _scope.RunAsync(
            (_operations, message),
            static (session, state, ct) => state._operations.EnqueueAsync(session, state.message, ct),
            readOnly: false,
            cancellationToken);
    }

    public ValueTask<IReadOnlyList<OutboxLease>> LeaseAsync(string workerId, int maxCount, TimeSpan leaseDuration, string? destination = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workerId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);

        return _scope.RunAsync(
            (_operations, workerId, maxCount, leaseDuration, destination),
            static (session, state, ct) => state._operations.LeaseAsync(session, state.workerId, state.maxCount, state.leaseDuration, state.destination, ct),
            readOnly: false,
            cancellationToken);
    }

    public ValueTask<bool> CompleteAsync(OutboxLease lease, string? externalReference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return _scope.RunAsync(
            (_operations, lease, externalReference),
            static (session, state, ct) => state._operations.CompleteAsync(session, state.lease, state.externalReference, ct),
            readOnly: false,
            cancellationToken);
    }

    public ValueTask<bool> FailAsync(OutboxLease lease, string reason, DateTimeOffset? retryAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(reason);
        return _scope.RunAsync(
            (_operations, lease, reason, retryAt),
            static (session, state, ct) => state._operations.FailAsync(session, state.lease, state.reason, state.retryAt, ct),
            readOnly: false,
            cancellationToken);
    }

    public ValueTask<OutboxEntry?> GetAsync(IdempotencyKey key, CancellationToken cancellationToken = default)
    {
        RelationalArguments.Key(key, nameof(key));
        return _scope.RunAsync(
            (_operations, key),
            static (session, state, ct) => state._operations.GetAsync(session, state.key, ct),
            readOnly: true,
            cancellationToken);
    }

    public ValueTask<long> CountAsync(OutboxStatus status, CancellationToken cancellationToken = default)
    {
        RelationalArguments.Defined(status, nameof(status));
        return _scope.RunAsync(
            (_operations, status),
            static (session, state, ct) => state._operations.CountAsync(session, state.status, ct),
            readOnly: true,
            cancellationToken);
    }
}
