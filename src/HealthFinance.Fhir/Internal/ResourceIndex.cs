using Hl7.Fhir.Model;

namespace HealthFinance.Fhir.Internal;

/// <summary>One resource of the input, with where it sits.</summary>
/// <param name="Resource">The resource.</param>
/// <param name="FullUrl">The bundle entry's fullUrl, when any.</param>
/// <param name="Path">The FHIRPath of the resource in the input, e.g. <c>Bundle.entry[2].resource</c>.</param>
internal sealed record ResourceEntry(Resource Resource, string? FullUrl, string Path)
{
    /// <summary><c>Type/id</c>, or <see langword="null"/> without an id.</summary>
    public string? TypeAndId => string.IsNullOrEmpty(Resource.Id) ? null : Resource.TypeName + "/" + Resource.Id;
}

/// <summary>
/// The resources of one input (a single resource, or every entry of a Bundle, nested Bundles included) and the
/// resolution of references between them: by fullUrl (absolute URLs and urn:uuid), by <c>Type/id</c> (also the tail
/// of an absolute URL, and without <c>/_history/n</c>), and <c>#id</c> to a contained resource.
/// </summary>
internal sealed class ResourceIndex
{
    private readonly Dictionary<string, ResourceEntry> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<Resource, ResourceEntry> _byResource = new(ReferenceEqualityComparer.Instance);

    private ResourceIndex(List<ResourceEntry> entries)
    {
        Entries = entries;
        foreach (var entry in entries)
        {
            _byResource.TryAdd(entry.Resource, entry);
            if (entry.FullUrl is { Length: > 0 } url)
            {
                _byKey.TryAdd(url, entry);
                if (TypeAndIdOf(url) is { } tail)
                {
                    _byKey.TryAdd(tail, entry);
                }
            }

            if (entry.TypeAndId is { } key)
            {
                _byKey.TryAdd(key, entry);
            }
        }
    }

    /// <summary>The resources to map, in input order (Bundles themselves are not listed).</summary>
    public IReadOnlyList<ResourceEntry> Entries { get; }

    /// <summary>Lists the resources of an input.</summary>
    /// <param name="root">The deserialized input.</param>
    /// <returns>The index.</returns>
    public static ResourceIndex Build(Resource root)
    {
        var entries = new List<ResourceEntry>();
        Walk(root, null, root.TypeName, entries);
        return new ResourceIndex(entries);
    }

    private static void Walk(Resource resource, string? fullUrl, string path, List<ResourceEntry> entries)
    {
        if (resource is not Bundle bundle)
        {
            entries.Add(new ResourceEntry(resource, fullUrl, path));
            return;
        }

        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            var entry = bundle.Entry[i];
            if (entry?.Resource is { } child)
            {
                Walk(child, entry.FullUrl, $"{path}.entry[{i}].resource", entries);
            }
        }
    }

    /// <summary>Resolves a reference made by <paramref name="from"/>.</summary>
    /// <param name="reference">The reference.</param>
    /// <param name="from">The resource holding the reference (for contained resources and relative URLs).</param>
    /// <returns>The referenced resource, or <see langword="null"/> when it is not in the input.</returns>
    public Resource? Resolve(ResourceReference? reference, ResourceEntry? from)
    {
        var text = reference?.Reference;
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text[0] == '#')
        {
            var id = text[1..];
            return (from?.Resource as DomainResource)?.Contained.FirstOrDefault(c => c.Id == id);
        }

        if (_byKey.TryGetValue(text, out var hit))
        {
            return hit.Resource;
        }

        if (TypeAndIdOf(text) is { } key && _byKey.TryGetValue(key, out hit))
        {
            return hit.Resource;
        }

        return null;
    }

    /// <summary>Whether <paramref name="reference"/> points at <paramref name="target"/>.</summary>
    /// <param name="reference">The reference.</param>
    /// <param name="from">The resource holding the reference.</param>
    /// <param name="target">The candidate.</param>
    /// <returns><see langword="true"/> when the reference resolves to the target.</returns>
    public bool Refers(ResourceReference? reference, ResourceEntry? from, ResourceEntry target) => ReferenceEquals(Resolve(reference, from), target.Resource);

    /// <summary>The entry of a resource.</summary>
    /// <param name="resource">The resource.</param>
    /// <returns>The entry, or <see langword="null"/> for a contained resource.</returns>
    public ResourceEntry? EntryOf(Resource resource) => _byResource.GetValueOrDefault(resource);

    /// <summary>The <c>Type/id</c> tail of a literal reference (<c>http://x/fhir/Claim/1/_history/2</c> gives <c>Claim/1</c>).</summary>
    /// <param name="reference">The literal reference.</param>
    /// <returns>The tail, or <see langword="null"/> when the reference has no such shape.</returns>
    public static string? TypeAndIdOf(string reference)
    {
        if (reference.StartsWith("urn:", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = reference.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var n = parts.Length;
        if (n >= 4 && parts[n - 2] == "_history")
        {
            n -= 2;
        }

        if (n < 2 || parts[n - 2].Length == 0 || !char.IsAsciiLetterUpper(parts[n - 2][0]))
        {
            return null;
        }

        return parts[n - 2] + "/" + parts[n - 1];
    }
}
