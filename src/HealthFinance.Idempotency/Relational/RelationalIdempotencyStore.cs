using System.Data.Common;
using HealthFinance.Idempotency.Keys;

namespace HealthFinance.Idempotency.Relational;

/// <summary>
/// The idempotency store's SQL and logic. Every key of an input (primary and aliases) is a row of
/// <c>hf_idempotency_key</c> pointing at the input's entry in <c>hf_idempotency</c>; the key table's primary key
/// makes record-if-absent atomic across processes.
/// </summary>
/// <remarks>
/// <para>An input is recorded by inserting all its keys in one statement with <c>ON CONFLICT DO NOTHING</c>, in
/// ordinal key order (so concurrent writers take the same keys in the same order), then its entry. A key that is
/// already there makes the input a duplicate: the keys this input inserted (the statement returns them) are deleted
/// again and the existing entry is read, by the first of the input's keys (in <see cref="EventKeys.All"/> order) that
/// names one. A concurrent writer's uncommitted key makes the insert wait for that writer's outcome, so exactly one of
/// them records.</para>
/// <para><see cref="TryRecordManyAsync"/> reads every key of the batch (<c>key_value IN (…)</c>, a chunk of keys per
/// statement, then the entries the known keys name), decides each input in order in memory, and writes every new key
/// and entry with multi-row inserts; chunks travel in one round trip where the provider batches. Statements have
/// fixed sizes, so they stay prepared: the last chunk is padded with nulls, which match and insert nothing. Where
/// writers exclude each other (<see cref="SqlDialect.WritersExcludeEachOther"/>) nothing can change between the read
/// and the writes. Elsewhere the writes run under a savepoint: when a concurrent writer took one of the new keys in
/// between, the store rolls back to it and records the inputs one by one as above.</para>
/// </remarks>
internal sealed class IdempotencyOperations
{
    private const string EntryColumns = "e.entry_key, e.event_type, e.status, e.detail, e.recorded_at, e.updated_at";
    private const string Savepoint = "hf_record_many";
    private const int BatchLimit = 1000;
    private const int MaxConflictRetries = 3;

    // Rows per statement: large enough that a batch takes few statements, small enough that binding a statement's
    // parameters by name stays cheap (Microsoft.Data.Sqlite looks each name up in the statement).
    private const int LookupRows = 64;
    private const int KeyRows = 64;
    private const int EntryRows = 32;

    // Keys per statement when one input is recorded: most inputs have one to three.
    private const int InputKeyRows = 4;

    private readonly RelationalContext _context;
    private readonly SqlStatement _insertInputKeys;
    private readonly SqlStatement _deleteInputKeys;
    private readonly SqlStatement _findKeys;
    private readonly SqlStatement _findEntries;
    private readonly SqlStatement _insertKeys;
    private readonly SqlStatement _insertEntries;
    private readonly SqlStatement _deleteKey;
    private readonly SqlStatement _insertEntry;
    private readonly SqlStatement _findByKey;
    private readonly SqlStatement _setOutcome;
    private readonly SqlStatement _expired;
    private readonly SqlStatement _deleteEntry;

    public IdempotencyOperations(RelationalContext context)
    {
        _context = context;
        var sql = context.Catalog;
        var inputKeys = StatementCatalog.Rows(InputKeyRows, SqlParameterSpec.Text("key_value"));
        _insertInputKeys = sql.Add(
            "{insert_or_ignore} INTO {hf_idempotency_key} (key_value, entry_key) SELECT column1, @entry_key FROM (VALUES " + inputKeys.Values + ") AS v WHERE column1 IS NOT NULL ON CONFLICT DO NOTHING RETURNING key_value",
            [SqlParameterSpec.Text("entry_key"), .. inputKeys.Parameters]);
        var inputKeyList = StatementCatalog.List(InputKeyRows, SqlParameterSpec.Text("key_value"));
        _deleteInputKeys = sql.Add(
            "DELETE FROM {hf_idempotency_key} WHERE entry_key = @entry_key AND key_value IN (" + inputKeyList.Markers + ")",
            [SqlParameterSpec.Text("entry_key"), .. inputKeyList.Parameters]);
        var lookup = StatementCatalog.List(LookupRows, SqlParameterSpec.Text("key_value"));
        _findKeys = sql.Add(
            "SELECT key_value, entry_key FROM {hf_idempotency_key} WHERE key_value IN (" + lookup.Markers + ")",
            lookup.Parameters);
        var entryLookup = StatementCatalog.List(LookupRows, SqlParameterSpec.Text("entry_key"));
        _findEntries = sql.Add(
            "SELECT " + EntryColumns + " FROM {hf_idempotency} e WHERE e.entry_key IN (" + entryLookup.Markers + ")",
            entryLookup.Parameters);
        var keys = StatementCatalog.Rows(KeyRows, SqlParameterSpec.Text("key_value"), SqlParameterSpec.Text("entry_key"));
        _insertKeys = sql.Add(
            "{insert_or_ignore} INTO {hf_idempotency_key} (key_value, entry_key) SELECT column1, column2 FROM (VALUES " + keys.Values + ") AS v WHERE column1 IS NOT NULL ON CONFLICT DO NOTHING",
            keys.Parameters);
        var entries = StatementCatalog.Rows(
            EntryRows,
            SqlParameterSpec.Text("entry_key"),
            SqlParameterSpec.Text("alias_keys"),
            SqlParameterSpec.Text("event_type"),
            SqlParameterSpec.Int32("status"),
            SqlParameterSpec.Text("detail"));
        _insertEntries = sql.Add(
            "{insert_or_ignore} INTO {hf_idempotency} (entry_key, alias_keys, event_type, status, detail, recorded_at, updated_at) SELECT column1, column2, column3, column4, column5, @now, @now FROM (VALUES " + entries.Values + ") AS v WHERE column1 IS NOT NULL ON CONFLICT DO NOTHING",
            [SqlParameterSpec.Int64("now"), .. entries.Parameters]);
        _deleteKey = sql.Add(
            "DELETE FROM {hf_idempotency_key} WHERE key_value = @key_value AND entry_key = @entry_key",
            SqlParameterSpec.Text("key_value"),
            SqlParameterSpec.Text("entry_key"));
        _insertEntry = sql.Add(
            "INSERT INTO {hf_idempotency} (entry_key, alias_keys, event_type, status, detail, recorded_at, updated_at) VALUES (@entry_key, @alias_keys, @event_type, @status, @detail, @now, @now) ON CONFLICT DO NOTHING",
            SqlParameterSpec.Text("entry_key"),
            SqlParameterSpec.Text("alias_keys"),
            SqlParameterSpec.Text("event_type"),
            SqlParameterSpec.Int32("status"),
            SqlParameterSpec.Text("detail"),
            SqlParameterSpec.Int64("now"));
        _findByKey = sql.Add(
            "SELECT " + EntryColumns + " FROM {hf_idempotency_key} k JOIN {hf_idempotency} e ON e.entry_key = k.entry_key WHERE k.key_value = @key_value",
            SqlParameterSpec.Text("key_value"));
        _setOutcome = sql.Add(
            "UPDATE {hf_idempotency} SET status = @status, detail = @detail, updated_at = @now WHERE entry_key = @entry_key",
            SqlParameterSpec.Int32("status"),
            SqlParameterSpec.Text("detail"),
            SqlParameterSpec.Int64("now"),
            SqlParameterSpec.Text("entry_key"));
        _expired = sql.Add(
            "SELECT entry_key, alias_keys FROM {hf_idempotency} WHERE updated_at < @cutoff ORDER BY updated_at, entry_key LIMIT @limit",
            SqlParameterSpec.Int64("cutoff"),
            SqlParameterSpec.Int32("limit"));
        _deleteEntry = sql.Add("DELETE FROM {hf_idempotency} WHERE entry_key = @entry_key", SqlParameterSpec.Text("entry_key"));
    }

    public async ValueTask<RecordResult> TryRecordAsync(RelationalSession session, IdempotencyRecord record, CancellationToken cancellationToken)
        => await RecordOneAsync(session, record, _context.Now(), cancellationToken).ConfigureAwait(false);

    public async ValueTask<IReadOnlyList<RecordResult>> TryRecordManyAsync(RelationalSession session, IReadOnlyList<IdempotencyRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return [];
        }

        var now = _context.Now();
        if (records.Count > 1)
        {
            var batched = await TryRecordBatchedAsync(session, records, now, cancellationToken).ConfigureAwait(false);
            if (batched is not null)
            {
                return batched;
            }
        }

        var results = new RecordResult[records.Count];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = await RecordOneAsync(session, records[i], now, cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    public async ValueTask<IdempotencyEntry?> FindAsync(RelationalSession session, IdempotencyKey key, CancellationToken cancellationToken)
    {
        var command = await session.CommandAsync(_findByKey, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(command, key.Value);
        var reader = await session.ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        return await session.ReadAsync(reader, cancellationToken).ConfigureAwait(false) ? ReadEntry(reader, 0) : null;
    }

    public async ValueTask<bool> SetOutcomeAsync(RelationalSession session, IdempotencyKey key, ProcessingStatus status, string? detail, CancellationToken cancellationToken)
    {
        var command = await session.CommandAsync(_setOutcome, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(command, (int)status, detail, _context.Now(), key.Value);
        return await session.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Deletes the entries (and all their keys) not updated since the cutoff, a chunk at a time.</summary>
    /// <returns>How many entries were deleted.</returns>
    public async ValueTask<long> PurgeAsync(RelationalSession session, long cutoff, CancellationToken cancellationToken)
    {
        long deleted = 0;
        while (true)
        {
            var expired = await session.CommandAsync(_expired, cancellationToken).ConfigureAwait(false);
            ParameterWriter.Bind(expired, cutoff, BatchLimit);
            var keys = new List<object?[]>();
            var entries = new List<object?[]>();
            var reader = await session.ExecuteReaderAsync(expired, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await session.ReadAsync(reader, cancellationToken).ConfigureAwait(false))
                {
                    var entry = reader.GetString(0);
                    entries.Add([entry]);
                    keys.Add([entry, entry]);
                    foreach (var alias in (RowReader.Text(reader, 1) ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        keys.Add([alias, entry]);
                    }
                }
            }

            await session.ExecuteForEachAsync(_deleteKey, keys, BatchLimit, cancellationToken).ConfigureAwait(false);
            deleted += await session.ExecuteForEachAsync(_deleteEntry, entries, BatchLimit, cancellationToken).ConfigureAwait(false);
            if (entries.Count < BatchLimit)
            {
                return deleted;
            }
        }
    }

    private static IdempotencyEntry ReadEntry(DbDataReader reader, int first)
        => new(
            IdempotencyKey.Parse(reader.GetString(first)),
            reader.GetString(first + 1),
            (ProcessingStatus)reader.GetInt32(first + 2),
            RowReader.Text(reader, first + 3),
            RelationalContext.Time(reader.GetInt64(first + 4)),
            RelationalContext.Time(reader.GetInt64(first + 5)));

    // The aliases of an input, as stored beside its entry so that retention can delete every key of the input.
    private static string? AliasText(List<IdempotencyKey> keys)
        => keys.Count <= 1 ? null : string.Join(' ', keys.Skip(1).Select(k => k.Value));

    // The input's keys in EventKeys.All order (the primary first), without repeats or empty keys.
    private static List<IdempotencyKey> KeysOf(IdempotencyRecord record)
    {
        var keys = new List<IdempotencyKey>(1 + record.Keys.Aliases.Count);
        foreach (var key in record.Keys.All)
        {
            if (key != default && !keys.Contains(key))
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    // Cuts values into the value sets of a statement of rowsPerStatement rows of `columns` values each; the last set is
    // padded with nulls. Each value set may start with the statement's shared values.
    private static List<object?[]> Chunk<T>(IReadOnlyList<T> items, int rowsPerStatement, int columns, Action<T, object?[], int> write, params object?[] shared)
    {
        var sets = new List<object?[]>((items.Count + rowsPerStatement - 1) / rowsPerStatement);
        for (var start = 0; start < items.Count; start += rowsPerStatement)
        {
            var values = new object?[shared.Length + (rowsPerStatement * columns)];
            shared.CopyTo(values, 0);
            var end = Math.Min(items.Count, start + rowsPerStatement);
            for (var i = start; i < end; i++)
            {
                write(items[i], values, shared.Length + ((i - start) * columns));
            }

            sets.Add(values);
        }

        return sets;
    }

    // The entries stored under any of the keys, by key: the keys first, then the entries they name (two queries on
    // primary keys rather than a join, whose plan a database could pick badly from the statistics of young tables).
    private async ValueTask<Dictionary<string, IdempotencyEntry>> ReadKnownAsync(RelationalSession session, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var known = new Dictionary<string, IdempotencyEntry>(StringComparer.Ordinal);
        var entryOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var keySets = Chunk(keys, LookupRows, 1, static (key, values, at) => values[at] = key);
        await session.ReadForEachAsync(_findKeys, keySets, entryOf, static (reader, found) => found[reader.GetString(0)] = reader.GetString(1), cancellationToken).ConfigureAwait(false);
        if (entryOf.Count == 0)
        {
            return known;
        }

        var entries = new Dictionary<string, IdempotencyEntry>(StringComparer.Ordinal);
        var entrySets = Chunk(entryOf.Values.Distinct(StringComparer.Ordinal).ToList(), LookupRows, 1, static (entry, values, at) => values[at] = entry);
        await session.ReadForEachAsync(_findEntries, entrySets, entries, static (reader, found) => found[reader.GetString(0)] = ReadEntry(reader, 0), cancellationToken).ConfigureAwait(false);
        foreach (var (key, entry) in entryOf)
        {
            if (entries.TryGetValue(entry, out var stored))
            {
                known[key] = stored;
            }
        }

        return known;
    }

    private async ValueTask<RecordResult> RecordOneAsync(RelationalSession session, IdempotencyRecord record, long now, CancellationToken cancellationToken)
    {
        var primary = record.Keys.Primary.Value;
        var keys = KeysOf(record);
        var lockOrder = new string[keys.Count];
        for (var i = 0; i < lockOrder.Length; i++)
        {
            lockOrder[i] = keys[i].Value;
        }

        Array.Sort(lockOrder, StringComparer.Ordinal);
        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            var inserted = await InsertInputKeysAsync(session, lockOrder, primary, cancellationToken).ConfigureAwait(false);
            if (inserted.Count == lockOrder.Length)
            {
                var insertEntry = await session.CommandAsync(_insertEntry, cancellationToken).ConfigureAwait(false);
                ParameterWriter.Bind(insertEntry, primary, AliasText(keys), record.EventType, (int)record.Status, record.Detail, now);
                if (await session.ExecuteNonQueryAsync(insertEntry, cancellationToken).ConfigureAwait(false) == 1)
                {
                    var time = RelationalContext.Time(now);
                    return new RecordResult(true, new IdempotencyEntry(record.Keys.Primary, record.EventType, record.Status, record.Detail, time, time));
                }
            }

            // A duplicate: take back the keys this input inserted, then report the input that holds one of them.
            if (inserted.Count > 0)
            {
                var delete = await session.CommandAsync(_deleteInputKeys, cancellationToken).ConfigureAwait(false);
                foreach (var values in Chunk(inserted, InputKeyRows, 1, static (key, values, at) => values[at] = key, primary))
                {
                    ParameterWriter.Bind(delete, values);
                    await session.ExecuteNonQueryAsync(delete, cancellationToken).ConfigureAwait(false);
                }
            }

            foreach (var key in keys)
            {
                if (await FindAsync(session, key, cancellationToken).ConfigureAwait(false) is { } existing)
                {
                    return new RecordResult(false, existing);
                }
            }

            // The conflicting input vanished in between (purged by retention): try again.
        }

        throw new InvalidOperationException("The input's keys kept changing while it was recorded; the idempotency tables are being purged or are inconsistent.");
    }

    // Inserts the keys (in the given order) unless present; returns those inserted.
    private async ValueTask<List<string>> InsertInputKeysAsync(RelationalSession session, string[] keys, string entry, CancellationToken cancellationToken)
    {
        var inserted = new List<string>(keys.Length);
        var command = await session.CommandAsync(_insertInputKeys, cancellationToken).ConfigureAwait(false);
        for (var start = 0; start < keys.Length; start += InputKeyRows)
        {
            var writer = new ParameterWriter(command);
            writer.Add(entry);
            for (var i = start; i < start + InputKeyRows; i++)
            {
                writer.Add(i < keys.Length ? keys[i] : null);
            }

            var reader = await session.ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await session.ReadAsync(reader, cancellationToken).ConfigureAwait(false))
                {
                    inserted.Add(reader.GetString(0));
                }
            }
        }

        return inserted;
    }

    private async ValueTask<RecordResult[]?> TryRecordBatchedAsync(RelationalSession session, IReadOnlyList<IdempotencyRecord> records, long now, CancellationToken cancellationToken)
    {
        // 1. One read of every key of the batch.
        var keysOf = new List<IdempotencyKey>[records.Count];
        var distinct = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
        {
            keysOf[i] = KeysOf(records[i]);
            foreach (var key in keysOf[i])
            {
                if (seen.Add(key.Value))
                {
                    distinct.Add(key.Value);
                }
            }
        }

        var known = await ReadKnownAsync(session, distinct, cancellationToken).ConfigureAwait(false);

        // 2. Each input in order: a duplicate of a stored input or of an earlier input of the batch, or new.
        var results = new RecordResult[records.Count];
        var newKeys = new List<(string Key, string Entry)>();
        var newEntries = new List<(IdempotencyRecord Record, string? Aliases)>();
        var time = RelationalContext.Time(now);
        for (var i = 0; i < records.Count; i++)
        {
            IdempotencyEntry? existing = null;
            foreach (var key in keysOf[i])
            {
                if (known.TryGetValue(key.Value, out existing))
                {
                    break;
                }
            }

            if (existing is not null)
            {
                results[i] = new RecordResult(false, existing);
                continue;
            }

            var record = records[i];
            var entry = new IdempotencyEntry(record.Keys.Primary, record.EventType, record.Status, record.Detail, time, time);
            foreach (var key in keysOf[i])
            {
                known[key.Value] = entry;
                newKeys.Add((key.Value, record.Keys.Primary.Value));
            }

            newEntries.Add((record, AliasText(keysOf[i])));
            results[i] = new RecordResult(true, entry);
        }

        if (newEntries.Count == 0)
        {
            return results;
        }

        // 3. Multi-row writes of the new keys (in ordinal order, as every writer takes them) and entries.
        newKeys.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var keySets = Chunk(newKeys, KeyRows, 2, static (key, values, at) => (values[at], values[at + 1]) = (key.Key, key.Entry));
        var entrySets = Chunk(
            newEntries,
            EntryRows,
            5,
            static (entry, values, at) =>
            {
                values[at] = entry.Record.Keys.Primary.Value;
                values[at + 1] = entry.Aliases;
                values[at + 2] = entry.Record.EventType;
                values[at + 3] = (int)entry.Record.Status;
                values[at + 4] = entry.Record.Detail;
            },
            now);
        // Where writers exclude each other, nothing changed since the read and no savepoint is needed (a savepoint
        // makes SQLite journal every page it changes a second time).
        var exclusive = _context.Dialect.WritersExcludeEachOther;
        if (!exclusive)
        {
            await session.SaveAsync(Savepoint, cancellationToken).ConfigureAwait(false);
        }

        if (await session.ExecuteForEachAsync(_insertKeys, keySets, BatchLimit, cancellationToken).ConfigureAwait(false) != newKeys.Count
            || await session.ExecuteForEachAsync(_insertEntries, entrySets, BatchLimit, cancellationToken).ConfigureAwait(false) != newEntries.Count)
        {
            if (exclusive)
            {
                throw new InvalidOperationException("A key or entry read as absent was present when written; the idempotency tables are inconsistent.");
            }

            // A concurrent writer recorded one of these keys after the read: decide again, one input at a time.
            await session.RollbackToAsync(Savepoint, cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (!exclusive)
        {
            await session.ReleaseAsync(Savepoint, cancellationToken).ConfigureAwait(false);
        }

        return results;
    }
}

/// <summary>The idempotency store of a <see cref="RelationalStateStore"/> or of one of its transactions.</summary>
internal sealed class RelationalIdempotencyStore : IIdempotencyStore
{
    private readonly ISessionScope _scope;
    private readonly IdempotencyOperations _operations;

    public RelationalIdempotencyStore(ISessionScope scope, IdempotencyOperations operations)
    {
        _scope = scope;
        _operations = operations;
    }

    public ValueTask<RecordResult> TryRecordAsync(IdempotencyRecord record, CancellationToken cancellationToken = default)
    {
        RelationalArguments.Record(record, nameof(record));
        return _scope.RunAsync(
            (_operations, record),
            static (session, state, ct) => state._operations.TryRecordAsync(session, state.record, ct),
            readOnly: false,
            cancellationToken);
    }

    public ValueTask<IReadOnlyList<RecordResult>> TryRecordManyAsync(IReadOnlyList<IdempotencyRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            RelationalArguments.Record(record, nameof(records));
        }

        return _scope.RunAsync(
            (_operations, records),
            static (session, state, ct) => state._operations.TryRecordManyAsync(session, state.records, ct),
            readOnly: false,
            cancellationToken);
    }

    public ValueTask<IdempotencyEntry?> FindAsync(IdempotencyKey key, CancellationToken cancellationToken = default)
    {
        RelationalArguments.Key(key, nameof(key));
        return _scope.RunAsync(
            (_operations, key),
            static (session, state, ct) => state._operations.FindAsync(session, state.key, ct),
            readOnly: true,
            cancellationToken);
    }

    public ValueTask<bool> SetOutcomeAsync(IdempotencyKey key, ProcessingStatus status, string? detail, CancellationToken cancellationToken = default)
    {
        RelationalArguments.Key(key, nameof(key));
        RelationalArguments.Defined(status, nameof(status));
        return _scope.RunAsync(
            (_operations, key, status, detail),
            static (session, state, ct) => state._operations.SetOutcomeAsync(session, state.key, state.status, state.detail, ct),
            readOnly: false,
            cancellationToken);
    }
}
