namespace HealthFinance.Payments.Internal;

/// <summary>
/// Remembers record identities by a 64-bit hash (about 55 bytes each with the table) up to a limit, with where each was first seen
/// and a hash of its content.
/// </summary>
internal sealed class DuplicateTracker(int limit)
{
    private readonly Dictionary<ulong, (long FirstKey, ulong Content)> _seen = [];

    /// <summary>Records an identity; <see langword="false"/> when it was seen before.</summary>
    public bool TryAdd(string identity, ulong content, long key, out long firstKey, out bool sameContent)
    {
        var hash = TextRules.Fnv1a(identity);
        if (_seen.TryGetValue(hash, out var first))
        {
            firstKey = first.FirstKey;
            sameContent = first.Content == content;
            return false;
        }

        if (_seen.Count < limit)
        {
            _seen.Add(hash, (key, content));
        }

        firstKey = 0;
        sameContent = false;
        return true;
    }
}
