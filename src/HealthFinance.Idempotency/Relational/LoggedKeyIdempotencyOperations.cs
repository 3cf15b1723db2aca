using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using HealthFinance.Idempotency.Keys;

namespace HealthFinance.Idempotency.Relational;

/// <summary>
/// The idempotency store where the dialect indexes keys in bulk (<see cref="SqlDialect.IndexesKeysInBulk"/>): a new
/// input writes one row, its entry, appended to <c>hf_idempotency</c>; its keys reach the key table later, with tens
/// of thousands of others, in key order.
/// </summary>
/// <remarks>
/// <para>Keys are SHA-256 digests, so inserting each into the key table's B-tree as it comes dirties one page per key
/// wherever the tree outgrows a batch, and every commit then writes about one page per key. Here the entries are the
/// log: the key table holds the keys of every entry up to its watermark (the row <c>x'00'</c>), and each store
/// instance keeps the keys of the entries past it in memory (<see cref="RecentKeys"/>), read from those entries'
/// <c>entry_key</c> and <c>alias_keys</c>. Before every operation the instance reads the entries committed since it
/// last looked (one range read on the entry number, with the watermark), so it sees what other connections and
/// processes recorded. A key is recorded when the memory or the key table names an entry that exists. The key table
/// is read only for keys that a filter of its keys (built by reading the table once per instance) may hold, so a new
/// key costs no read of the table. Entries are read from the last one this instance read, not from the watermark
/// (their keys go into the filter when the watermark has passed them), so an instance that stayed idle while others
/// recorded many inputs reads all of them at its next operation.</para>
/// <para>Writers exclude each other (<see cref="SqlDialect.WritersExcludeEachOther"/>), so entry numbers grow in
/// commit order, and <c>AUTOINCREMENT</c> never reuses a committed one, even after retention deleted it: a reader
/// that saw entry <c>n</c> has seen every committed entry before it. Entries a write transaction inserted itself are
/// uncommitted (<see cref="RelationalSession.OwnEntriesFrom"/>): they count for that transaction's later operations
/// but reach the shared memory only once read again after the commit.</para>
/// <para>When <see cref="MergeThreshold"/> entries have accumulated past the watermark, the next write moves their
/// keys into the key table (one statement that splits the alias lists and inserts every key in order, so each page of
/// the table is written once for many keys) and advances the watermark in the same transaction; instances drop the
/// merged keys from memory when they next read the watermark.</para>
/// </remarks>
internal sealed class LoggedKeyIdempotencyOperations : IIdempotencyOperations
{
    /// <summary>Entries past the watermark that trigger a merge into the key table (and bound each instance's memory).</summary>
    public const int MergeThreshold = 32_768;

    private const int LookupRows = IdempotencyOperations.LookupRows;

    // Keys per statement when few are looked up (one input's): most inputs have one to three.
    private const int FewRows = 4;

    private readonly RelationalContext _context;
    private readonly RecentKeys _recent = new();
    private readonly EntryStatements _entries;
    private readonly SqlStatement _readSince;
    private readonly SqlStatement _scanKeys;
    private readonly SqlStatement _readWatermark;
    private readonly SqlStatement _findKeys;
    private readonly SqlStatement _findFewKeys;
    private readonly SqlStatement _merge;
    private readonly SqlStatement _setWatermark;
    private readonly SqlStatement _setOutcome;
    private readonly SqlStatement _deleteKey;

    public LoggedKeyIdempotencyOperations(RelationalContext context)
    {
        _context = context;
        var sql = context.Catalog;
        _entries = new EntryStatements(sql);
        _readSince = sql.Add(
            "SELECT 0, entry_id, NULL, NULL FROM {hf_idempotency_key} WHERE key_value = x'00' UNION ALL SELECT 1, seq, entry_key, alias_keys FROM {hf_idempotency} WHERE seq > @after",
            SqlParameterSpec.Int64("after"));
        _scanKeys = sql.Add("SELECT key_value FROM {hf_idempotency_key}");
        _readWatermark = sql.Add("SELECT entry_id FROM {hf_idempotency_key} WHERE key_value = x'00'");
        SqlStatement FindKeys(int rows)
        {
            var lookup = StatementCatalog.List(rows, SqlParameterSpec.Binary("key_value"));
            return sql.Add("SELECT key_value, entry_id FROM {hf_idempotency_key} WHERE key_value IN (" + lookup.Markers + ")", lookup.Parameters);
        }

        _findKeys = FindKeys(LookupRows);
        _findFewKeys = FindKeys(FewRows);

        // Every key of the entries in (after, through], inserted in key order: primary keys, single aliases, and each
        // alias of the lists of several (split by a recursive query; a list is rare, so only those rows go through it).
        const string Range = "seq > @after AND seq <= @through";
        _merge = sql.Add(
            "WITH RECURSIVE aliases(seq, alias, rest) AS ("
                + "SELECT seq, NULL, alias_keys || ' ' FROM {hf_idempotency} WHERE " + Range + " AND instr(alias_keys, ' ') > 0 "
                + "UNION ALL SELECT seq, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1) FROM aliases WHERE rest <> '') "
                + "{insert_or_ignore} INTO {hf_idempotency_key} (key_value, entry_id) "
                + "SELECT " + KeyBlobOf("entry_key") + " AS k, seq FROM {hf_idempotency} WHERE " + Range + " "
                + "UNION ALL SELECT " + KeyBlobOf("alias_keys") + ", seq FROM {hf_idempotency} WHERE " + Range + " AND alias_keys IS NOT NULL AND instr(alias_keys, ' ') = 0 "
                + "UNION ALL SELECT " + KeyBlobOf("alias") + ", seq FROM aliases WHERE alias IS NOT NULL AND alias <> '' "
                + "ORDER BY k",
            SqlParameterSpec.Int64("after"),
            SqlParameterSpec.Int64("through"));
        _setWatermark = sql.Add(
            "UPDATE {hf_idempotency_key} SET entry_id = @through WHERE key_value = x'00'",
            SqlParameterSpec.Int64("through"));
        _setOutcome = sql.Add(
            "UPDATE {hf_idempotency} SET status = @status, detail = @detail, updated_at = @now WHERE seq = @seq AND entry_key = @entry_key",
            SqlParameterSpec.Int32("status"),
            SqlParameterSpec.Text("detail"),
            SqlParameterSpec.Int64("now"),
            SqlParameterSpec.Int64("seq"),
            SqlParameterSpec.Text("entry_key"));
        _deleteKey = sql.Add(
            "DELETE FROM {hf_idempotency_key} WHERE key_value = @key_value AND entry_id = @entry_id",
            SqlParameterSpec.Binary("key_value"),
            SqlParameterSpec.Int64("entry_id"));
    }

    /// <summary>A key's binary form, in SQL, from the key text in a column: the digest after the colon, then the kind's bytes.</summary>
    public static string KeyBlobOf(string column)
        => "unhex(substr(" + column + ", instr(" + column + ", ':') + 1) || hex(substr(" + column + ", 1, instr(" + column + ", ':') - 1)))";

    /// <summary>The binary form of a key as the key table stores it: the 32-byte digest, then the kind's ASCII bytes.</summary>
    public static byte[] KeyBytes(string key)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        var bytes = new byte[SHA256.HashSizeInBytes + colon];
        Convert.FromHexString(key.AsSpan(colon + 1), bytes, out _, out _);
        Encoding.ASCII.GetBytes(key.AsSpan(0, colon), bytes.AsSpan(SHA256.HashSizeInBytes));
        return bytes;
    }

    /// <summary>The key text of a key table row: <c>kind:hex</c>.</summary>
    public static string KeyText(byte[] bytes)
        => string.Concat(Encoding.ASCII.GetString(bytes, SHA256.HashSizeInBytes, bytes.Length - SHA256.HashSizeInBytes), ":", Convert.ToHexStringLower(bytes, 0, SHA256.HashSizeInBytes));

    public async ValueTask<RecordResult> TryRecordAsync(RelationalSession session, IdempotencyRecord record, CancellationToken cancellationToken)
        => (await RecordAsync(session, [record], cancellationToken).ConfigureAwait(false))[0];

    public async ValueTask<IReadOnlyList<RecordResult>> TryRecordManyAsync(RelationalSession session, IReadOnlyList<IdempotencyRecord> records, CancellationToken cancellationToken)
        => records.Count == 0 ? [] : await RecordAsync(session, records, cancellationToken).ConfigureAwait(false);

    public async ValueTask<IdempotencyEntry?> FindAsync(RelationalSession session, IdempotencyKey key, CancellationToken cancellationToken)
    {
        var own = await CatchUpAsync(session, merge: false, cancellationToken).ConfigureAwait(false);
        var known = await ReadKnownAsync(session, [key.Value], own, cancellationToken).ConfigureAwait(false);
        return known.TryGetValue(key.Value, out var entry) ? entry.Entry : null;
    }

    public async ValueTask<bool> SetOutcomeAsync(RelationalSession session, IdempotencyKey key, ProcessingStatus status, string? detail, CancellationToken cancellationToken)
    {
        var own = await CatchUpAsync(session, merge: false, cancellationToken).ConfigureAwait(false);
        var known = await ReadKnownAsync(session, [key.Value], own, cancellationToken).ConfigureAwait(false);
        if (!known.TryGetValue(key.Value, out var found))
        {
            return false;
        }

        var command = await session.CommandAsync(_setOutcome, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(command, (int)status, detail, _context.Now(), found.Seq, key.Value);
        return await session.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false) == 1;
    }

    // Keys of entries past the watermark are not in the key table yet: those deletes find nothing. Instances that still
    // hold such a key in memory find its entry gone and treat the key as absent.
    public ValueTask<long> PurgeAsync(RelationalSession session, long cutoff, CancellationToken cancellationToken)
        => IdempotencyOperations.PurgeEntriesAsync(session, cutoff, _entries, _deleteKey, KeyBytes, cancellationToken);

    private async ValueTask<RecordResult[]> RecordAsync(RelationalSession session, IReadOnlyList<IdempotencyRecord> records, CancellationToken cancellationToken)
    {
        var now = _context.Now();
        var own = await CatchUpAsync(session, merge: true, cancellationToken).ConfigureAwait(false);

        // 1. One read of every key of the batch; 2. each input in order: a duplicate of a stored input or of an earlier
        // input of the batch, or new.
        var (keysOf, distinct) = IdempotencyOperations.KeysOfBatch(records);
        var known = await ReadKnownAsync(session, distinct, own, cancellationToken).ConfigureAwait(false);
        var (results, newInputs) = IdempotencyOperations.Decide(records, keysOf, known.ToDictionary(p => p.Key, p => p.Value.Entry, StringComparer.Ordinal), now);
        if (newInputs.Count == 0)
        {
            return results;
        }

        // 3. The new entries: their keys are read back from them.
        long first;
        if (newInputs.Count == 1)
        {
            var record = records[newInputs[0]];
            var insert = await session.CommandAsync(_entries.Insert, cancellationToken).ConfigureAwait(false);
            ParameterWriter.Bind(insert, record.Keys.Primary.Value, IdempotencyOperations.AliasText(keysOf[newInputs[0]]), record.EventType, (int)record.Status, record.Detail, now);
            first = await session.ExecuteScalarAsync(insert, cancellationToken).ConfigureAwait(false) is { } created and not DBNull
                ? Convert.ToInt64(created, CultureInfo.InvariantCulture)
                : throw new InvalidOperationException("The database did not insert the input's entry.");
        }
        else
        {
            var entrySets = IdempotencyOperations.EntrySets(records, keysOf, newInputs, now);
            var created = new List<long>(newInputs.Count);
            await session.ReadForEachAsync(_entries.InsertMany, entrySets, created, static (reader, seqs) => seqs.Add(reader.GetInt64(0)), cancellationToken).ConfigureAwait(false);
            if (created.Count != newInputs.Count)
            {
                throw new InvalidOperationException("The database did not insert every new entry of the batch.");
            }

            first = created.Min();
        }

        session.OwnEntriesFrom ??= first;
        return results;
    }

    // Reads the entries committed since this instance last looked (and, in a write transaction, those it inserted
    // itself), and the watermark; merges the keys past the watermark into the key table when enough have accumulated.
    // Returns the keys of the transaction's own entries.
    private async ValueTask<Dictionary<string, long>?> CatchUpAsync(RelationalSession session, bool merge, CancellationToken cancellationToken)
    {
        if (!_recent.HasFilter)
        {
            await BuildFilterAsync(session, rebuild: false, cancellationToken).ConfigureAwait(false);
        }

        var after = _recent.ReadFrom;
        var ownFrom = session.OwnEntriesFrom ?? long.MaxValue;
        long? watermark = null;
        var committed = new List<(long Seq, string Key)>();
        Dictionary<string, long>? own = null;
        var command = await session.CommandAsync(_readSince, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(command, after);
        var reader = await session.ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await session.ReadAsync(reader, cancellationToken).ConfigureAwait(false))
            {
                var seq = reader.GetInt64(1);
                if (reader.GetInt32(0) == 0)
                {
                    watermark = seq;
                    continue;
                }

                var keys = IdempotencyOperations.KeysOfEntry(reader.GetString(2), RowReader.Text(reader, 3));
                if (seq >= ownFrom)
                {
                    own ??= new Dictionary<string, long>(StringComparer.Ordinal);
                    foreach (var key in keys)
                    {
                        own[key] = seq;
                    }
                }
                else
                {
                    foreach (var key in keys)
                    {
                        committed.Add((seq, key));
                    }
                }
            }
        }

        var mark = watermark ?? throw new InvalidOperationException("The idempotency key table has no watermark row; the schema is not at the current version.");
        var high = _recent.Apply(mark, committed);
        if (merge && high - mark >= MergeThreshold)
        {
            var merged = await session.CommandAsync(_merge, cancellationToken).ConfigureAwait(false);
            ParameterWriter.Bind(merged, mark, high);
            await session.ExecuteNonQueryAsync(merged, cancellationToken).ConfigureAwait(false);
            var advance = await session.CommandAsync(_setWatermark, cancellationToken).ConfigureAwait(false);
            ParameterWriter.Bind(advance, high);
            await session.ExecuteNonQueryAsync(advance, cancellationToken).ConfigureAwait(false);
        }

        // In a write transaction the key table read now is the latest: a larger filter built from it is exact.
        if (merge && _recent.FilterIsFull)
        {
            await BuildFilterAsync(session, rebuild: true, cancellationToken).ConfigureAwait(false);
        }

        return own;
    }

    // Builds the filter of the key table's keys by reading them all, once per store instance (and again, larger, in a
    // write transaction, when the table has outgrown it); the first build also takes the watermark read with it as
    // the point from which entries are read. Sessions that build at once each read the table; the first to finish
    // installs its filter.
    private async ValueTask BuildFilterAsync(RelationalSession session, bool rebuild, CancellationToken cancellationToken)
    {
        var keys = new List<(ulong, ulong)>();
        var command = await session.CommandAsync(_scanKeys, cancellationToken).ConfigureAwait(false);
        var reader = await session.ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var bytes = new byte[SHA256.HashSizeInBytes];
            while (await session.ReadAsync(reader, cancellationToken).ConfigureAwait(false))
            {
                // The watermark row is one byte long.
                if (reader.GetBytes(0, 0, bytes, 0, bytes.Length) == bytes.Length)
                {
                    keys.Add(KeyFilter.Hash(bytes));
                }
            }
        }

        long? watermark = null;
        if (!rebuild)
        {
            var read = await session.CommandAsync(_readWatermark, cancellationToken).ConfigureAwait(false);
            watermark = await session.ExecuteScalarAsync(read, cancellationToken).ConfigureAwait(false) is { } mark and not DBNull
                ? Convert.ToInt64(mark, CultureInfo.InvariantCulture)
                : throw new InvalidOperationException("The idempotency key table has no watermark row; the schema is not at the current version.");
        }

        _recent.Install(new KeyFilter(keys), watermark);
    }

    // The entries stored under any of the keys, by key, with their numbers: the transaction's own entries and those
    // this instance holds in memory first, the key table for the rest (and for any whose entry retention deleted).
    private async ValueTask<Dictionary<string, (long Seq, IdempotencyEntry Entry)>> ReadKnownAsync(RelationalSession session, IReadOnlyList<string> keys, Dictionary<string, long>? own, CancellationToken cancellationToken)
    {
        var known = new Dictionary<string, (long, IdempotencyEntry)>(StringComparer.Ordinal);
        var seqOf = new Dictionary<string, long>(StringComparer.Ordinal);
        var unresolved = new List<string>();
        foreach (var key in keys)
        {
            if (own is not null && own.TryGetValue(key, out var mine))
            {
                seqOf[key] = mine;
            }
        }

        _recent.Find(keys, seqOf, unresolved);
        var fromMemory = seqOf.Count;
        await ReadEntriesAsync(session, seqOf, known, cancellationToken).ConfigureAwait(false);
        if (fromMemory > known.Count)
        {
            // Deleted by retention since: the key may have been recorded again and merged since.
            _recent.AddMaybeIndexed(seqOf.Keys.Where(key => !known.ContainsKey(key)), unresolved);
        }

        if (unresolved.Count == 0)
        {
            return known;
        }

        var indexed = new Dictionary<string, long>(StringComparer.Ordinal);
        var rows = unresolved.Count <= FewRows ? FewRows : LookupRows;
        var keySets = IdempotencyOperations.Chunk(unresolved, rows, 1, static (key, values, at) => values[at] = KeyBytes(key));
        await session.ReadForEachAsync(rows == FewRows ? _findFewKeys : _findKeys, keySets, indexed, static (reader, found) => found[KeyText((byte[])reader.GetValue(0))] = reader.GetInt64(1), cancellationToken).ConfigureAwait(false);
        await ReadEntriesAsync(session, indexed, known, cancellationToken).ConfigureAwait(false);
        return known;
    }

    private async ValueTask ReadEntriesAsync(RelationalSession session, Dictionary<string, long> seqOf, Dictionary<string, (long Seq, IdempotencyEntry Entry)> known, CancellationToken cancellationToken)
    {
        if (seqOf.Count == 0)
        {
            return;
        }

        var entries = new Dictionary<long, IdempotencyEntry>();
        var entrySets = IdempotencyOperations.Chunk(seqOf.Values.Distinct().ToList(), LookupRows, 1, static (seq, values, at) => values[at] = seq);
        await session.ReadForEachAsync(_entries.Find, entrySets, entries, static (reader, found) => found[reader.GetInt64(0)] = IdempotencyOperations.ReadEntry(reader, 1), cancellationToken).ConfigureAwait(false);
        foreach (var (key, seq) in seqOf)
        {
            if (entries.TryGetValue(seq, out var entry))
            {
                known[key] = (seq, entry);
            }
        }
    }

    /// <summary>
    /// What this instance knows of the keys: the keys of the committed entries past the key table's watermark, as far
    /// as it has read them (every committed entry numbered in (watermark, high] is here, with each of its keys), and a
    /// filter that holds every key of the key table (and some that are not): a key the filter does not hold is not in
    /// the table, and is not looked up there.
    /// </summary>
    /// <remarks>
    /// The filter is built from the whole table once, then kept whole without reading the table again: the table
    /// gains keys only by merges, which move the keys of the entries up to the new watermark, and the entries up to
    /// it have all been read here (entries are read from the last one read, not from the watermark), so their keys
    /// go into the filter as the watermark passes them.
    /// </remarks>
    private sealed class RecentKeys
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<string, long> _seqOf = new(StringComparer.Ordinal);
        private KeyFilter? _filter;
        private long _watermark;
        private long _high;

        /// <summary>Whether the filter has been built.</summary>
        public bool HasFilter
        {
            get
            {
                lock (_lock)
                {
                    return _filter is not null;
                }
            }
        }

        /// <summary>Whether the filter holds more keys than it was sized for: it should be built again, larger.</summary>
        public bool FilterIsFull
        {
            get
            {
                lock (_lock)
                {
                    return _filter is { IsFull: true };
                }
            }
        }

        /// <summary>The entry number after which entries are still to be read.</summary>
        public long ReadFrom
        {
            get
            {
                lock (_lock)
                {
                    return _high;
                }
            }
        }

        /// <summary>
        /// Installs a filter of every key of the key table: the first (with the watermark read with it, from which
        /// entries are then read), or a larger one read in a write transaction.
        /// </summary>
        public void Install(KeyFilter filter, long? watermark)
        {
            lock (_lock)
            {
                if (watermark is not null && _filter is not null)
                {
                    // Another session built the first filter meanwhile, and entries may have been read from its watermark.
                    return;
                }

                _filter = filter;
                foreach (var key in _seqOf.Keys)
                {
                    // Keys past the watermark that a merge of this very transaction may have moved.
                    _filter.Add(key);
                }

                if (watermark is { } mark)
                {
                    _watermark = Math.Max(_watermark, mark);
                    _high = Math.Max(_high, mark);
                }
            }
        }

        /// <summary>Takes in the committed entries read after <see cref="ReadFrom"/> and the watermark read with them.</summary>
        /// <returns>The highest entry number read so far: the end of the range a merge may move.</returns>
        public long Apply(long watermark, List<(long Seq, string Key)> committed)
        {
            lock (_lock)
            {
                var filter = _filter ?? throw new InvalidOperationException("The key filter is not built.");
                if (watermark > _watermark)
                {
                    _watermark = watermark;
                    if (_high <= watermark)
                    {
                        foreach (var key in _seqOf.Keys)
                        {
                            filter.Add(key);
                        }

                        _seqOf.Clear();
                    }
                    else
                    {
                        foreach (var key in _seqOf.Where(p => p.Value <= watermark).Select(p => p.Key).ToList())
                        {
                            filter.Add(key);
                            _seqOf.Remove(key);
                        }
                    }
                }

                foreach (var (seq, key) in committed)
                {
                    if (seq <= _watermark)
                    {
                        // Merged by another instance before this one read it.
                        filter.Add(key);
                    }
                    else if (!_seqOf.TryGetValue(key, out var known) || seq > known)
                    {
                        // A key recorded again after retention deleted it names the later entry.
                        _seqOf[key] = seq;
                    }

                    _high = Math.Max(_high, seq);
                }

                return _high;
            }
        }

        /// <summary>
        /// Adds the entry number of each key held here to <paramref name="seqOf"/> (unless already there); lists in
        /// <paramref name="unresolved"/> the others that the key table may hold.
        /// </summary>
        public void Find(IReadOnlyList<string> keys, Dictionary<string, long> seqOf, List<string> unresolved)
        {
            lock (_lock)
            {
                foreach (var key in keys)
                {
                    if (seqOf.ContainsKey(key))
                    {
                        continue;
                    }

                    if (_seqOf.TryGetValue(key, out var seq))
                    {
                        seqOf[key] = seq;
                    }
                    else if (_filter!.MayContain(key))
                    {
                        unresolved.Add(key);
                    }
                }
            }
        }

        /// <summary>Lists in <paramref name="unresolved"/> the keys that the key table may hold.</summary>
        public void AddMaybeIndexed(IEnumerable<string> keys, List<string> unresolved)
        {
            lock (_lock)
            {
                unresolved.AddRange(keys.Where(_filter!.MayContain));
            }
        }
    }

    /// <summary>
    /// A Bloom filter of keys, at least 10 bits a key (2 to 4 bytes of memory a key of the table): a key added is always
    /// found; a key not added is found at most about once in sixty times. Keys are SHA-256 digests, so the first 16
    /// bytes of the digest are the hash.
    /// </summary>
    private sealed class KeyFilter
    {
        private const int BitsPerKey = 10;
        private const int Probes = 3;

        private readonly ulong[] _bits;
        private readonly ulong _mask;
        private readonly long _capacity;
        private long _count;

        public KeyFilter(List<(ulong, ulong)> keys)
        {
            // Room for twice the keys there are, and at least for four merges of inputs of two keys.
            var bits = BitOperations.RoundUpToPowerOf2((ulong)Math.Max((long)keys.Count * 2, 8L * MergeThreshold) * BitsPerKey);
            _bits = new ulong[bits / 64];
            _mask = bits - 1;
            _capacity = (long)(bits / BitsPerKey);
            foreach (var (first, second) in keys)
            {
                Add(first, second);
            }
        }

        public bool IsFull => _count > _capacity;

        public static (ulong First, ulong Second) Hash(ReadOnlySpan<byte> digest)
            => (BinaryPrimitives.ReadUInt64LittleEndian(digest), BinaryPrimitives.ReadUInt64LittleEndian(digest[8..]) | 1);

        public static (ulong First, ulong Second) Hash(string key)
        {
            Span<byte> digest = stackalloc byte[16];
            Convert.FromHexString(key.AsSpan(key.IndexOf(':', StringComparison.Ordinal) + 1, 32), digest, out _, out _);
            return Hash(digest);
        }

        public void Add(string key)
        {
            var (first, second) = Hash(key);
            Add(first, second);
        }

        public bool MayContain(string key)
        {
            var (first, second) = Hash(key);
            for (var i = 0UL; i < Probes; i++)
            {
                var bit = (first + (i * second)) & _mask;
                if ((_bits[bit >> 6] & (1UL << (int)(bit & 63))) == 0)
                {
                    return false;
                }
            }

            return true;
        }

        private void Add(ulong first, ulong second)
        {
            for (var i = 0UL; i < Probes; i++)
            {
                var bit = (first + (i * second)) & _mask;
                _bits[bit >> 6] |= 1UL << (int)(bit & 63);
            }

            _count++;
        }
    }
}
