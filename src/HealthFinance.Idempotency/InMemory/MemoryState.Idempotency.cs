using System.Collections.Immutable;
using HealthFinance.Idempotency.Keys;

namespace HealthFinance.Idempotency.InMemory;

/// <content>The idempotency rows.</content>
internal sealed partial class MemoryState
{
    // Every key, primary or alias, to the primary key of the input recorded under it.
    private readonly TrackedMap<IdempotencyKey, IdempotencyKey> _keys;

    // Recorded inputs by primary key.
    private readonly TrackedMap<IdempotencyKey, IdempotencyRow> _entries;

    /// <summary>Records an input unless any of its keys is known.</summary>
    /// <param name="record">The input.</param>
    /// <returns>Whether it was recorded, and the entry (the earlier input's for a duplicate).</returns>
    public RecordResult TryRecord(IdempotencyRecord record)
    {
        foreach (var key in record.Keys.All)
        {
            if (_keys.TryGetValue(key, out var primary) && _entries.TryGetValue(primary, out var existing))
            {
                return new RecordResult(false, existing.Entry);
            }
        }

        var now = Now;
        var entry = new IdempotencyEntry(record.Keys.Primary, record.EventType, record.Status, record.Detail, now, now);
        var keys = record.Keys.All.Distinct().ToImmutableArray();
        foreach (var key in keys)
        {
            _keys.Set(key, entry.Key);
        }

        _entries.Set(entry.Key, new IdempotencyRow(entry, keys));
        return new RecordResult(true, entry);
    }

    /// <summary>Records inputs in order, each as <see cref="TryRecord"/> would.</summary>
    /// <param name="records">The inputs.</param>
    /// <returns>One result per input.</returns>
    public IReadOnlyList<RecordResult> TryRecordMany(IReadOnlyList<IdempotencyRecord> records)
    {
        var results = new RecordResult[records.Count];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = TryRecord(records[i]);
        }

        return results;
    }

    /// <summary>Finds the input recorded under a key.</summary>
    /// <param name="key">A primary key or alias.</param>
    /// <returns>The entry, or <see langword="null"/>.</returns>
    public IdempotencyEntry? FindEntry(IdempotencyKey key)
        => _keys.TryGetValue(key, out var primary) && _entries.TryGetValue(primary, out var row) ? row.Entry : null;

    /// <summary>Changes the outcome of an input.</summary>
    /// <param name="key">Its primary key.</param>
    /// <param name="status">The new outcome.</param>
    /// <param name="detail">The new note.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool SetOutcome(IdempotencyKey key, ProcessingStatus status, string? detail)
    {
        if (!_entries.TryGetValue(key, out var row))
        {
            return false;
        }

        _entries.Set(key, row with { Entry = row.Entry with { Status = status, Detail = detail, UpdatedAt = Now } });
        return true;
    }
}
