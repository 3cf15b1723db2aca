using System.Data.Common;
using System.Globalization;
using HealthFinance.Idempotency.Keys;

namespace HealthFinance.Idempotency.Relational;

/// <summary>
/// The idempotency store's SQL and logic. Every input has an entry in <c>hf_idempotency</c>, numbered by its
/// <c>seq</c>; every key of the input (primary and aliases) is a row of <c>hf_idempotency_key</c> naming that number.
/// The key table's primary key makes record-if-absent atomic across processes.
/// </summary>
/// <remarks>
/// <para>An input is recorded by reading which of its keys are recorded, and when none is, by inserting its entry,
/// then all its keys in one statement with <c>ON CONFLICT DO NOTHING</c>, in ordinal key order (so concurrent writers
/// take the same keys in the same order). A duplicate is reported with the entry of the first of its keys (in
/// <see cref="EventKeys.All"/> order) that names one, and writes nothing. Where writers exclude each other
/// (<see cref="SqlDialect.WritersExcludeEachOther"/>) nothing can change between the read and the writes. Elsewhere a
/// concurrent writer may record one of the keys in between: its uncommitted key makes the insert wait for that
/// writer's outcome, and when the key stays, the input's entry and the keys it inserted are deleted again and the
/// input is decided anew, so exactly one of them records.</para>
/// <para><see cref="TryRecordManyAsync"/> reads every key of the batch (<c>key_value IN (…)</c>, a chunk of keys per
/// statement, then the entries the known keys name), decides each input in order in memory, and writes every new
/// entry and key with multi-row inserts; chunks travel in one round trip where the provider batches. Statements have
/// fixed sizes, so they stay prepared: the last chunk is padded with nulls, which match and insert nothing. Where
/// writers exclude each other (<see cref="SqlDialect.WritersExcludeEachOther"/>) nothing can change between the read
/// and the writes. Elsewhere the writes run under a savepoint: when a concurrent writer took one of the new keys in
/// between, the store rolls back to it and records the inputs one by one as above.</para>
/// </remarks>
internal sealed class IdempotencyOperations : IIdempotencyOperations
{
    internal const string EntryColumns = "e.entry_key, e.event_type, e.status, e.detail, e.recorded_at, e.updated_at";
    private const string Savepoint = "hf_record_many";
    internal const int BatchLimit = 1000;
    private const int MaxConflictRetries = 3;

    // Rows per statement: large enough that a batch takes few statements, small enough that binding a statement's
    // parameters by name stays cheap (Microsoft.Data.Sqlite looks each name up in the statement).
    internal const int LookupRows = 32;
    private const int KeyRows = 32;
    internal const int EntryRows = 16;

    // Keys per statement when one input is recorded: most inputs have one to three.
    private const int InputKeyRows = 4;

    private readonly RelationalContext _context;
    private readonly EntryStatements _entries;
    private readonly SqlStatement _insertInputKeys;
    private readonly SqlStatement _deleteInputKeys;
    private readonly SqlStatement _findInputKeys;
    private readonly SqlStatement _findKeys;
    private readonly SqlStatement _insertKeys;
    private readonly SqlStatement _findByKey;
    private readonly SqlStatement _setOutcome;
    private readonly SqlStatement _deleteKey;

    public IdempotencyOperations(RelationalContext context)
    {
        _context = context;
        var sql = context.Catalog;
        _entries = new EntryStatements(sql);
        var inputKeys = StatementCatalog.Rows(InputKeyRows, SqlParameterSpec.Text("key_value"));
        _insertInputKeys = sql.Add(
            "{insert_or_ignore} INTO {hf_idempotency_key} (key_value, entry_id) SELECT column1, @entry_id FROM (VALUES " + inputKeys.Values + ") AS v WHERE column1 IS NOT NULL ON CONFLICT DO NOTHING",
            [SqlParameterSpec.Int64("entry_id"), .. inputKeys.Parameters]);
        var inputKeyList = StatementCatalog.List(InputKeyRows, SqlParameterSpec.Text("key_value"));
        _deleteInputKeys = sql.Add(
            "DELETE FROM {hf_idempotency_key} WHERE entry_id = @entry_id AND key_value IN (" + inputKeyList.Markers + ")",
            [SqlParameterSpec.Int64("entry_id"), .. inputKeyList.Parameters]);
        _findInputKeys = sql.Add(
            "SELECT key_value FROM {hf_idempotency_key} WHERE key_value IN (" + inputKeyList.Markers + ")",
            inputKeyList.Parameters);
        var lookup = StatementCatalog.List(LookupRows, SqlParameterSpec.Text("key_value"));
        _findKeys = sql.Add(
            "SELECT key_value, entry_id FROM {hf_idempotency_key} WHERE key_value IN (" + lookup.Markers + ")",
            lookup.Parameters);
        var keys = StatementCatalog.Rows(KeyRows, SqlParameterSpec.Text("key_value"), SqlParameterSpec.Int64("entry_id"));
        _insertKeys = sql.Add(
            "{insert_or_ignore} INTO {hf_idempotency_key} (key_value, entry_id) SELECT column1, column2 FROM (VALUES " + keys.Values + ") AS v WHERE column1 IS NOT NULL ON CONFLICT DO NOTHING",
            keys.Parameters);
        _findByKey = sql.Add(
            "SELECT " + EntryColumns + " FROM {hf_idempotency_key} k JOIN {hf_idempotency} e ON e.seq = k.entry_id WHERE k.key_value = @key_value",
            SqlParameterSpec.Text("key_value"));
        _setOutcome = sql.Add(
            "UPDATE {hf_idempotency} SET status = @status, detail = @detail, updated_at = @now WHERE seq = (SELECT entry_id FROM {hf_idempotency_key} WHERE key_value = @entry_key) AND entry_key = @entry_key",
            SqlParameterSpec.Int32("status"),
            SqlParameterSpec.Text("detail"),
            SqlParameterSpec.Int64("now"),
            SqlParameterSpec.Text("entry_key"));
        _deleteKey = sql.Add(
            "DELETE FROM {hf_idempotency_key} WHERE key_value = @key_value AND entry_id = @entry_id",
            SqlParameterSpec.Text("key_value"),
            SqlParameterSpec.Int64("entry_id"));
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
    public ValueTask<long> PurgeAsync(RelationalSession session, long cutoff, CancellationToken cancellationToken)
        => PurgeEntriesAsync(session, cutoff, _entries, _deleteKey, static key => key, cancellationToken);

    /// <summary>
    /// Deletes the entries not updated since the cutoff, with all their keys, a chunk at a time: <paramref name="deleteKey"/>
    /// deletes one key of an entry (the key as <paramref name="keyValue"/> binds it, the entry number).
    /// </summary>
    /// <returns>How many entries were deleted.</returns>
    internal static async ValueTask<long> PurgeEntriesAsync(RelationalSession session, long cutoff, EntryStatements entryStatements, SqlStatement deleteKey, Func<string, object> keyValue, CancellationToken cancellationToken)
    {
        long deleted = 0;
        while (true)
        {
            var command = await session.CommandAsync(entryStatements.Expired, cancellationToken).ConfigureAwait(false);
            ParameterWriter.Bind(command, cutoff, BatchLimit);
            var keys = new List<object?[]>();
            var entries = new List<object?[]>();
            var reader = await session.ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await session.ReadAsync(reader, cancellationToken).ConfigureAwait(false))
                {
                    var seq = reader.GetInt64(0);
                    entries.Add([seq]);
                    foreach (var key in KeysOfEntry(reader.GetString(1), RowReader.Text(reader, 2)))
                    {
                        keys.Add([keyValue(key), seq]);
                    }
                }
            }

            await session.ExecuteForEachAsync(deleteKey, keys, BatchLimit, cancellationToken).ConfigureAwait(false);
            deleted += await session.ExecuteForEachAsync(entryStatements.Delete, entries, BatchLimit, cancellationToken).ConfigureAwait(false);
            if (entries.Count < BatchLimit)
            {
                return deleted;
            }
        }
    }

    /// <summary>The keys of each input (see <see cref="KeysOf"/>), and every key of the batch once, in order of first use.</summary>
    internal static (List<IdempotencyKey>[] KeysOf, List<string> Distinct) KeysOfBatch(IReadOnlyList<IdempotencyRecord> records)
    {
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

        return (keysOf, distinct);
    }

    /// <summary>
    /// Decides each input of a batch in order: a duplicate of the entry <paramref name="known"/> holds for the first of
    /// its keys that has one (stored, or an earlier input of the batch), or new; each new input's keys are added to
    /// <paramref name="known"/>.
    /// </summary>
    /// <returns>The results, and the indexes of the new inputs in order.</returns>
    internal static (RecordResult[] Results, List<int> NewInputs) Decide(IReadOnlyList<IdempotencyRecord> records, List<IdempotencyKey>[] keysOf, Dictionary<string, IdempotencyEntry> known, long now)
    {
        var results = new RecordResult[records.Count];
        var newInputs = new List<int>();
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
            }

            newInputs.Add(i);
            results[i] = new RecordResult(true, entry);
        }

        return (results, newInputs);
    }

    /// <summary>The keys an entry row names: its primary key, then each key of its alias list (see <see cref="AliasText"/>).</summary>
    internal static IEnumerable<string> KeysOfEntry(string primary, string? aliasText)
    {
        yield return primary;
        if (aliasText is null)
        {
            yield break;
        }

        foreach (var alias in aliasText.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            yield return alias;
        }
    }

    /// <summary>The value sets of the multi-row entry insert (<see cref="EntryRows"/> rows a statement, after the time) for the new inputs.</summary>
    internal static List<object?[]> EntrySets(IReadOnlyList<IdempotencyRecord> records, List<IdempotencyKey>[] keysOf, List<int> newInputs, long now)
        => Chunk(
            newInputs,
            EntryRows,
            5,
            (input, values, at) =>
            {
                var record = records[input];
                values[at] = record.Keys.Primary.Value;
                values[at + 1] = AliasText(keysOf[input]);
                values[at + 2] = record.EventType;
                values[at + 3] = (int)record.Status;
                values[at + 4] = record.Detail;
            },
            now);

    internal static IdempotencyEntry ReadEntry(DbDataReader reader, int first)
        => new(
            IdempotencyKey.Parse(reader.GetString(first)),
            reader.GetString(first + 1),
            (ProcessingStatus)reader.GetInt32(first + 2),
            RowReader.Text(reader, first + 3),
            RelationalContext.Time(reader.GetInt64(first + 4)),
            RelationalContext.Time(reader.GetInt64(first + 5)));

    // The aliases of an input, as stored beside its entry so that retention can delete every key of the input.
    internal static string? AliasText(List<IdempotencyKey> keys)
    {
        switch (keys.Count)
        {
            case <= 1:
                return null;
            case 2:
                return keys[1].Value;
            default:
                var aliases = new string[keys.Count - 1];
                for (var i = 1; i < keys.Count; i++)
                {
                    aliases[i - 1] = keys[i].Value;
                }

                return string.Join(' ', aliases);
        }
    }

    // Binds one statement's worth of an input's keys (from start, padded with nulls), after the entry number for the
    // statements that take one.
    private static void BindInputKeys(DbCommand command, long? entry, string[] keys, int start)
    {
        var writer = new ParameterWriter(command);
        if (entry is { } seq)
        {
            writer.Add(seq);
        }

        for (var i = start; i < start + InputKeyRows; i++)
        {
            writer.Add(i < keys.Length ? keys[i] : null);
        }
    }

    // The input's keys in EventKeys.All order (the primary first), without repeats or empty keys.
    internal static List<IdempotencyKey> KeysOf(IdempotencyRecord record)
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

    // Cuts items into the value sets of a statement of rowsPerStatement rows of `columns` values each, after the
    // statement's shared values; the last set is padded with nulls.
    internal static List<object?[]> Chunk<T>(IReadOnlyList<T> items, int rowsPerStatement, int columns, Action<T, object?[], int> write, params object?[] shared)
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

    // The entries stored under any of the keys, by key: the keys first, then the entries they name (two lookups by
    // primary key rather than a join, whose plan a database could choose badly from the statistics of young tables).
    private async ValueTask<Dictionary<string, IdempotencyEntry>> ReadKnownAsync(RelationalSession session, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var known = new Dictionary<string, IdempotencyEntry>(StringComparer.Ordinal);
        var entryOf = new Dictionary<string, long>(StringComparer.Ordinal);
        var keySets = Chunk(keys, LookupRows, 1, static (key, values, at) => values[at] = key);
        await session.ReadForEachAsync(_findKeys, keySets, entryOf, static (reader, found) => found[reader.GetString(0)] = reader.GetInt64(1), cancellationToken).ConfigureAwait(false);
        if (entryOf.Count == 0)
        {
            return known;
        }

        var entries = new Dictionary<long, IdempotencyEntry>();
        var entrySets = Chunk(entryOf.Values.Distinct().ToList(), LookupRows, 1, static (seq, values, at) => values[at] = seq);
        await session.ReadForEachAsync(_entries.Find, entrySets, entries, static (reader, found) => found[reader.GetInt64(0)] = ReadEntry(reader, 1), cancellationToken).ConfigureAwait(false);
        foreach (var (key, seq) in entryOf)
        {
            if (entries.TryGetValue(seq, out var stored))
            {
                known[key] = stored;
            }
        }

        return known;
    }

    private async ValueTask<RecordResult> RecordOneAsync(RelationalSession session, IdempotencyRecord record, long now, CancellationToken cancellationToken)
    {
        var keys = KeysOf(record);
        var lockOrder = new string[keys.Count];
        for (var i = 0; i < lockOrder.Length; i++)
        {
            lockOrder[i] = keys[i].Value;
        }

        Array.Sort(lockOrder, StringComparer.Ordinal);
        var aliases = AliasText(keys);
        var exclusive = _context.Dialect.WritersExcludeEachOther;
        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            // A read first: a duplicate then writes nothing at all.
            if (await FindRecordedAsync(session, keys, lockOrder, cancellationToken).ConfigureAwait(false) is { } recorded)
            {
                return new RecordResult(false, recorded);
            }

            var insertEntry = await session.CommandAsync(_entries.Insert, cancellationToken).ConfigureAwait(false);
            ParameterWriter.Bind(insertEntry, record.Keys.Primary.Value, aliases, record.EventType, (int)record.Status, record.Detail, now);
            var seq = await session.ExecuteScalarAsync(insertEntry, cancellationToken).ConfigureAwait(false) is { } created and not DBNull
                ? Convert.ToInt64(created, CultureInfo.InvariantCulture)
                : throw new InvalidOperationException("The database did not insert the input's entry.");

            var insertKeys = await session.CommandAsync(_insertInputKeys, cancellationToken).ConfigureAwait(false);
            var inserted = 0;
            for (var start = 0; start < lockOrder.Length; start += InputKeyRows)
            {
                BindInputKeys(insertKeys, seq, lockOrder, start);
                inserted += await session.ExecuteNonQueryAsync(insertKeys, cancellationToken).ConfigureAwait(false);
            }

            if (inserted == lockOrder.Length)
            {
                var time = RelationalContext.Time(now);
                return new RecordResult(true, new IdempotencyEntry(record.Keys.Primary, record.EventType, record.Status, record.Detail, time, time));
            }

            if (exclusive)
            {
                throw new InvalidOperationException("A key read as absent was present when written; the idempotency tables are inconsistent.");
            }

            // A duplicate: take back this input's entry and the keys it inserted (they name the new entry), then
            // report the input that holds one of them.
            if (inserted > 0)
            {
                var deleteKeys = await session.CommandAsync(_deleteInputKeys, cancellationToken).ConfigureAwait(false);
                for (var start = 0; start < lockOrder.Length; start += InputKeyRows)
                {
                    BindInputKeys(deleteKeys, seq, lockOrder, start);
                    await session.ExecuteNonQueryAsync(deleteKeys, cancellationToken).ConfigureAwait(false);
                }
            }

            var deleteEntry = await session.CommandAsync(_entries.Delete, cancellationToken).ConfigureAwait(false);
            ParameterWriter.Bind(deleteEntry, seq);
            await session.ExecuteNonQueryAsync(deleteEntry, cancellationToken).ConfigureAwait(false);
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

    // The entry of the first of the input's keys (in EventKeys.All order) that is recorded, or null when none is.
    private async ValueTask<IdempotencyEntry?> FindRecordedAsync(RelationalSession session, List<IdempotencyKey> keys, string[] keyValues, CancellationToken cancellationToken)
    {
        HashSet<string>? present = null;
        var command = await session.CommandAsync(_findInputKeys, cancellationToken).ConfigureAwait(false);
        for (var start = 0; start < keyValues.Length; start += InputKeyRows)
        {
            BindInputKeys(command, null, keyValues, start);
            var reader = await session.ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await session.ReadAsync(reader, cancellationToken).ConfigureAwait(false))
                {
                    (present ??= new HashSet<string>(StringComparer.Ordinal)).Add(reader.GetString(0));
                }
            }
        }

        if (present is null)
        {
            return null;
        }

        foreach (var key in keys)
        {
            if (present.Contains(key.Value) && await FindAsync(session, key, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                return existing;
            }
        }

        // Gone between the two reads (purged by a concurrent writer's retention), unless nobody else can write.
        return _context.Dialect.WritersExcludeEachOther
            ? throw new InvalidOperationException("A key names no entry; the idempotency tables are inconsistent.")
            : null;
    }

    private async ValueTask<RecordResult[]?> TryRecordBatchedAsync(RelationalSession session, IReadOnlyList<IdempotencyRecord> records, long now, CancellationToken cancellationToken)
    {
        // 1. One read of every key of the batch.
        var (keysOf, distinct) = KeysOfBatch(records);
        var known = await ReadKnownAsync(session, distinct, cancellationToken).ConfigureAwait(false);

        // 2. Each input in order: a duplicate of a stored input or of an earlier input of the batch, or new.
        var (results, newInputs) = Decide(records, keysOf, known, now);
        if (newInputs.Count == 0)
        {
            return results;
        }

        // Where writers exclude each other, nothing changed since the read and no savepoint is needed.
        var exclusive = _context.Dialect.WritersExcludeEachOther;
        if (!exclusive)
        {
            await session.SaveAsync(Savepoint, cancellationToken).ConfigureAwait(false);
        }

        // 3. Multi-row writes of the new entries, then of their keys (in ordinal order, as every writer takes them).
        var entrySets = EntrySets(records, keysOf, newInputs, now);
        var seqOf = new Dictionary<string, long>(newInputs.Count, StringComparer.Ordinal);
        await session.ReadForEachAsync(_entries.InsertMany, entrySets, seqOf, static (reader, created) => created[reader.GetString(1)] = reader.GetInt64(0), cancellationToken).ConfigureAwait(false);
        if (seqOf.Count != newInputs.Count)
        {
            throw new InvalidOperationException("The database did not insert every new entry of the batch.");
        }

        var newKeys = new List<(string Key, long Entry)>(newInputs.Count * 2);
        foreach (var input in newInputs)
        {
            var seq = seqOf[records[input].Keys.Primary.Value];
            foreach (var key in keysOf[input])
            {
                newKeys.Add((key.Value, seq));
            }
        }

        newKeys.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var keySets = Chunk(newKeys, KeyRows, 2, static (key, values, at) => (values[at], values[at + 1]) = (key.Key, key.Entry));
        if (await session.ExecuteForEachAsync(_insertKeys, keySets, BatchLimit, cancellationToken).ConfigureAwait(false) != newKeys.Count)
        {
            if (exclusive)
            {
                throw new InvalidOperationException("A key read as absent was present when written; the idempotency tables are inconsistent.");
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

/// <summary>The statements on the entry table that both idempotency layouts share.</summary>
internal sealed class EntryStatements
{
    public EntryStatements(StatementCatalog sql)
    {
        Insert = sql.Add(
            "{insert_or_ignore} INTO {hf_idempotency} (entry_key, alias_keys, event_type, status, detail, recorded_at, updated_at) VALUES (@entry_key, @alias_keys, @event_type, @status, @detail, @now, @now) RETURNING seq",
            SqlParameterSpec.Text("entry_key"),
            SqlParameterSpec.Text("alias_keys"),
            SqlParameterSpec.Text("event_type"),
            SqlParameterSpec.Int32("status"),
            SqlParameterSpec.Text("detail"),
            SqlParameterSpec.Int64("now"));
        var entries = StatementCatalog.Rows(
            IdempotencyOperations.EntryRows,
            SqlParameterSpec.Text("entry_key"),
            SqlParameterSpec.Text("alias_keys"),
            SqlParameterSpec.Text("event_type"),
            SqlParameterSpec.Int32("status"),
            SqlParameterSpec.Text("detail"));
        InsertMany = sql.Add(
            "{insert_or_ignore} INTO {hf_idempotency} (entry_key, alias_keys, event_type, status, detail, recorded_at, updated_at) SELECT column1, column2, column3, column4, column5, @now, @now FROM (VALUES " + entries.Values + ") AS v WHERE column1 IS NOT NULL RETURNING seq, entry_key",
            [SqlParameterSpec.Int64("now"), .. entries.Parameters]);
        var entryLookup = StatementCatalog.List(IdempotencyOperations.LookupRows, SqlParameterSpec.Int64("seq"));
        Find = sql.Add(
            "SELECT e.seq, " + IdempotencyOperations.EntryColumns + " FROM {hf_idempotency} e WHERE e.seq IN (" + entryLookup.Markers + ")",
            entryLookup.Parameters);
        Expired = sql.Add(
            "SELECT seq, entry_key, alias_keys FROM {hf_idempotency} WHERE updated_at < @cutoff ORDER BY updated_at, seq LIMIT @limit",
            SqlParameterSpec.Int64("cutoff"),
            SqlParameterSpec.Int32("limit"));
        Delete = sql.Add("DELETE FROM {hf_idempotency} WHERE seq = @seq", SqlParameterSpec.Int64("seq"));
    }

    /// <summary>Inserts one entry; returns its number.</summary>
    public SqlStatement Insert { get; }

    /// <summary>Inserts up to <see cref="IdempotencyOperations.EntryRows"/> entries (null rows are skipped); returns <c>seq, entry_key</c> of each.</summary>
    public SqlStatement InsertMany { get; }

    /// <summary>Reads up to <see cref="IdempotencyOperations.LookupRows"/> entries by number: <c>seq</c>, then the columns <see cref="IdempotencyOperations.ReadEntry"/> reads.</summary>
    public SqlStatement Find { get; }

    /// <summary>Lists a chunk of the entries not updated since a cutoff: <c>seq, entry_key, alias_keys</c>.</summary>
    public SqlStatement Expired { get; }

    /// <summary>Deletes an entry by number.</summary>
    public SqlStatement Delete { get; }
}

/// <summary>The idempotency store's logic over one session: <see cref="IdempotencyOperations"/>, or <see cref="LoggedKeyIdempotencyOperations"/> where the dialect indexes keys in bulk.</summary>
internal interface IIdempotencyOperations
{
    ValueTask<RecordResult> TryRecordAsync(RelationalSession session, IdempotencyRecord record, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<RecordResult>> TryRecordManyAsync(RelationalSession session, IReadOnlyList<IdempotencyRecord> records, CancellationToken cancellationToken);

    ValueTask<IdempotencyEntry?> FindAsync(RelationalSession session, IdempotencyKey key, CancellationToken cancellationToken);

    ValueTask<bool> SetOutcomeAsync(RelationalSession session, IdempotencyKey key, ProcessingStatus status, string? detail, CancellationToken cancellationToken);

    /// <summary>Deletes the entries (and all their keys) not updated since the cutoff, a chunk at a time.</summary>
    /// <returns>How many entries were deleted.</returns>
    ValueTask<long> PurgeAsync(RelationalSession session, long cutoff, CancellationToken cancellationToken);
}

/// <summary>The idempotency store of a <see cref="RelationalStateStore"/> or of one of its transactions.</summary>
internal sealed class RelationalIdempotencyStore : IIdempotencyStore
{
    private readonly ISessionScope _scope;
    private readonly IIdempotencyOperations _operations;

    public RelationalIdempotencyStore(ISessionScope scope, IIdempotencyOperations operations)
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
