namespace HealthFinance.Idempotency.InMemory;

/// <summary>A dictionary whose every change is recorded in an <see cref="UndoLog"/>.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type; values are immutable rows replaced as a whole.</typeparam>
internal sealed class TrackedMap<TKey, TValue>
    where TKey : notnull
{
    private readonly IDictionary<TKey, TValue> _items;
    private readonly UndoLog _undo;

    /// <summary>Creates the map.</summary>
    /// <param name="items">The storage (e.g. a sorted dictionary when the order of keys matters).</param>
    /// <param name="undo">The log changes are recorded in.</param>
    public TrackedMap(IDictionary<TKey, TValue> items, UndoLog undo)
    {
        _items = items;
        _undo = undo;
    }

    /// <summary>The number of entries.</summary>
    public int Count => _items.Count;

    /// <summary>The values, in the storage's order.</summary>
    public ICollection<TValue> Values => _items.Values;

    /// <summary>The keys, in the storage's order.</summary>
    public ICollection<TKey> Keys => _items.Keys;

    /// <summary>Whether a key is present.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool ContainsKey(TKey key) => _items.ContainsKey(key);

    /// <summary>Reads the value of a key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value when present.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetValue(TKey key, out TValue value)
    {
        if (_items.TryGetValue(key, out var found))
        {
            value = found;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Adds or replaces the value of a key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The new value.</param>
    public void Set(TKey key, TValue value)
    {
        if (_items.TryGetValue(key, out var old))
        {
            _undo.Add(() => _items[key] = old);
        }
        else
        {
            _undo.Add(() => _items.Remove(key));
        }

        _items[key] = value;
    }

    /// <summary>Removes a key.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> when it was present.</returns>
    public bool Remove(TKey key)
    {
        if (!_items.TryGetValue(key, out var old))
        {
            return false;
        }

        _items.Remove(key);
        _undo.Add(() => _items[key] = old);
        return true;
    }
}
