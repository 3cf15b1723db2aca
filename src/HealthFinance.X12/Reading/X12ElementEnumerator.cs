namespace HealthFinance.X12;

/// <summary>Enumerates the elements of one segment (without its id) as spans; allocation-free.</summary>
public ref struct X12ElementEnumerator
{
    private readonly ReadOnlySpan<byte> _segment;
    private readonly byte _separator;
    private readonly int _count;
    private int _next;
    private int _position;
    private ReadOnlySpan<byte> _current;

    internal X12ElementEnumerator(ReadOnlySpan<byte> segment, byte separator, int idLength, int count)
    {
        _segment = segment;
        _separator = separator;
        _count = count;
        _next = idLength + 1;
        _position = 0;
        _current = default;
    }

    /// <summary>The current element.</summary>
    public readonly ReadOnlySpan<byte> Current => _current;

    /// <summary>The 1-based position of <see cref="Current"/>; 0 before the first <see cref="MoveNext"/>.</summary>
    public readonly int Position => _position;

    /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
    /// <returns>This enumerator.</returns>
    public readonly X12ElementEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next element.</summary>
    /// <returns><see langword="true"/> when positioned on an element.</returns>
    public bool MoveNext()
    {
        if (_position >= _count)
        {
            return false;
        }

        var rest = _segment[_next..];
        var end = rest.IndexOf(_separator);
        if (end < 0)
        {
            end = rest.Length;
        }

        _current = rest[..end];
        _next += end + 1;
        _position++;
        return true;
    }
}
