using System.Collections;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace HealthFinance.Canonical;

/// <summary>
/// An immutable array with structural equality: two arrays are equal when they hold equal items in the
/// same order. Canonical records use it instead of <see cref="ImmutableArray{T}"/> (which compares by
/// reference) so that record equality is structural.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks><c>default(EquatableArray&lt;T&gt;)</c> behaves as an empty array.</remarks>
[CollectionBuilder(typeof(EquatableArray), nameof(EquatableArray.Create))]
public readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
{
    private readonly ImmutableArray<T> _items;

    /// <summary>Wraps an immutable array.</summary>
    /// <param name="items">The items; a default array is treated as empty.</param>
    public EquatableArray(ImmutableArray<T> items) => _items = items.IsDefault ? [] : items;

    /// <summary>The number of items.</summary>
    public int Count => _items.IsDefault ? 0 : _items.Length;

    /// <summary><see langword="true"/> when there are no items.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>Gets the item at a 0-based index.</summary>
    /// <param name="index">The 0-based index.</param>
    /// <returns>The item.</returns>
    /// <exception cref="IndexOutOfRangeException"><paramref name="index"/> is out of range.</exception>
    public T this[int index] => AsImmutableArray()[index];

    /// <summary>Wraps an immutable array.</summary>
    /// <param name="items">The items.</param>
    public static implicit operator EquatableArray<T>(ImmutableArray<T> items) => new(items);

    /// <summary>Copies an array.</summary>
    /// <param name="items">The items; <see langword="null"/> gives an empty array.</param>
    public static implicit operator EquatableArray<T>(T[]? items) => items is null ? default : new(ImmutableArray.Create(items));

    /// <summary>Compares two arrays item by item.</summary>
    /// <param name="left">The first array.</param>
    /// <param name="right">The second array.</param>
    /// <returns><see langword="true"/> when both hold equal items in the same order.</returns>
    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    /// <summary>Compares two arrays item by item.</summary>
    /// <param name="left">The first array.</param>
    /// <param name="right">The second array.</param>
    /// <returns><see langword="true"/> when the arrays differ.</returns>
    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);

    /// <summary>Returns the underlying immutable array (never default).</summary>
    /// <returns>The items.</returns>
    public ImmutableArray<T> AsImmutableArray() => _items.IsDefault ? [] : _items;

    /// <summary>Returns the items as a span.</summary>
    /// <returns>A read-only span over the items.</returns>
    public ReadOnlySpan<T> AsSpan() => AsImmutableArray().AsSpan();

    /// <inheritdoc/>
    public bool Equals(EquatableArray<T> other)
    {
        var a = AsImmutableArray();
        var b = other.AsImmutableArray();
        if (a.Length != b.Length)
        {
            return false;
        }

        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < a.Length; i++)
        {
            if (!comparer.Equals(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var item in AsImmutableArray())
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    /// <summary>Returns an enumerator over the items.</summary>
    /// <returns>The enumerator.</returns>
    public ImmutableArray<T>.Enumerator GetEnumerator() => AsImmutableArray().GetEnumerator();

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)AsImmutableArray()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable)AsImmutableArray()).GetEnumerator();

    /// <summary>Formats the array as <c>[a, b, c]</c>.</summary>
    /// <returns>The items' text.</returns>
    public override string ToString() => "[" + string.Join(", ", AsImmutableArray()) + "]";
}

/// <summary>Creates <see cref="EquatableArray{T}"/> values; also the collection-expression builder.</summary>
public static class EquatableArray
{
    /// <summary>Creates an array from items (used by collection expressions such as <c>[a, b]</c>).</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="items">The items.</param>
    /// <returns>The array.</returns>
    public static EquatableArray<T> Create<T>(ReadOnlySpan<T> items) => new(ImmutableArray.Create(items));

    /// <summary>Wraps an immutable array (named alternative to the implicit conversion).</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="items">The items; a default array gives an empty array.</param>
    /// <returns>The wrapped array.</returns>
    public static EquatableArray<T> FromImmutableArray<T>(ImmutableArray<T> items) => new(items);

    /// <summary>Copies an array (named alternative to the implicit conversion).</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="items">The items; <see langword="null"/> gives an empty array.</param>
    /// <returns>The copy.</returns>
    public static EquatableArray<T> FromArray<T>(T[]? items) => items;

    /// <summary>Creates an array from a sequence.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="items">The items.</param>
    /// <returns>The array.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is <see langword="null"/>.</exception>
    public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new(ImmutableArray.CreateRange(items));
    }
}
