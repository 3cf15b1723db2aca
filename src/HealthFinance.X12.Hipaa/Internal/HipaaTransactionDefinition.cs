using System.Collections.Frozen;
using System.Text;

namespace HealthFinance.X12.Hipaa.Internal;

/// <summary>
/// One loop of a transaction set, declared compactly: its id, its parent loop(s), the trigger segment that opens
/// it (with an optional qualifier) and the other segments it may hold.
/// </summary>
/// <remarks>
/// <para>Trigger syntax mirrors a segment: <c>CLP</c> (any CLP), <c>N1*PR</c> (N101 = PR), <c>NM1*85,87</c> (NM101 is 85 or 87),
/// <c>HL***22</c> (HL03 = 22). An HL trigger makes the loop hierarchical: its parent is the open HL loop whose HL01 equals HL02.</para>
/// <para>Segment list syntax: identifiers separated by spaces in their TR3 order; a trailing <c>!</c> marks a required segment
/// (e.g. <c>"BPR! TRN! CUR REF DTM"</c>). Segments after a <c>|</c> are the loop's trailer: they follow its child loops
/// (e.g. the 999 2000 loop, <c>"| IK5!"</c>: IK5 comes after the 2100 IK3 loops).</para>
/// </remarks>
internal sealed class HipaaLoopDefinition
{
    private readonly byte[][] _qualifiers;
    private readonly uint[] _segmentTags;

    /// <summary>Creates a loop definition.</summary>
    /// <param name="id">The loop id as the TR3 names it, e.g. <c>2100</c>.</param>
    /// <param name="parents">The parent loop id(s), separated by <c>|</c> (e.g. <c>2000B|2000C</c>).</param>
    /// <param name="trigger">The trigger segment with optional qualifier.</param>
    /// <param name="segments">The other segments of the loop, in order; <c>!</c> marks required ones.</param>
    /// <param name="required">Whether every instance of a parent loop must hold at least one instance of this loop.</param>
    /// <param name="inPath">Whether the loop appears in finding paths (grouping loops such as 835 2000 may be left out).</param>
    public HipaaLoopDefinition(string id, string parents, string trigger, string segments, bool required = false, bool inPath = true)
    {
        Id = id;
        ParentIds = parents.Length == 0 ? [] : parents.Split('|');
        IsRequired = required;
        InPath = inPath;
        var parts = trigger.Split('*');
        TriggerTag = SegmentTag.Of(parts[0]);
        QualifierPosition = 0;
        _qualifiers = [];
        for (var p = 1; p < parts.Length; p++)
        {
            if (parts[p].Length > 0)
            {
                QualifierPosition = p;
                _qualifiers = [.. parts[p].Split(',').Select(Encoding.ASCII.GetBytes)];
            }
        }

        var names = segments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var bar = Array.IndexOf(names, "|");
        if (bar >= 0)
        {
            names = [.. names[..bar], .. names[(bar + 1)..]];
        }

        // Ordinals at or past TrailerStart may follow the child loops (a bar at index b puts the trailer at ordinal b + 1).
        TrailerStart = bar >= 0 ? bar + 1 : int.MaxValue;
        if (names.Length > 63)
        {
            throw new ArgumentException("A loop holds at most 63 segment definitions.", nameof(segments));
        }

        // Ordinal 0 is the trigger; the listed segments follow from 1.
        _segmentTags = new uint[names.Length + 1];
        _segmentTags[0] = TriggerTag;
        SegmentNames = new string[names.Length + 1];
        SegmentNames[0] = parts[0];
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i].TrimEnd('!');
            _segmentTags[i + 1] = SegmentTag.Of(name);
            SegmentNames[i + 1] = name;
            if (names[i].EndsWith('!'))
            {
                RequiredSegments |= 1UL << (i + 1);
            }
        }
    }

    /// <summary>The loop id, e.g. <c>2100</c>.</summary>
    public string Id { get; }

    /// <summary>The parent loop ids.</summary>
    public IReadOnlyList<string> ParentIds { get; }

    /// <summary>The packed trigger segment identifier.</summary>
    public uint TriggerTag { get; }

    /// <summary>The 1-based element position of the trigger qualifier, or 0 when any trigger segment opens the loop.</summary>
    public int QualifierPosition { get; }

    /// <summary>Whether a parent instance must hold at least one instance of this loop.</summary>
    public bool IsRequired { get; }

    /// <summary>Whether the loop appears in finding paths.</summary>
    public bool InPath { get; }

    /// <summary>Whether the loop is opened by an HL segment (linked to its parent by HL02).</summary>
    public bool IsHierarchical => TriggerTag == SegmentTag.Hl;

    /// <summary>The segment names by ordinal (0 is the trigger).</summary>
    public string[] SegmentNames { get; }

    /// <summary>The first segment ordinal of the trailer (segments that come after the child loops), or <see cref="int.MaxValue"/>.</summary>
    public int TrailerStart { get; }

    /// <summary>Bit per segment ordinal that is required.</summary>
    public ulong RequiredSegments { get; }

    /// <summary>The index of this definition in its transaction definition.</summary>
    public int Index { get; internal set; }

    /// <summary>The indexes of the parent definitions.</summary>
    public int[] Parents { get; internal set; } = [];

    /// <summary>The indexes of the child loop definitions, in declaration order.</summary>
    public int[] Children { get; internal set; } = [];

    /// <summary>Returns the ordinal (≥ 1) of a non-trigger segment of the loop, or 0 when the loop does not hold it.</summary>
    /// <param name="tag">The packed identifier.</param>
    /// <returns>The ordinal.</returns>
    public int OrdinalOf(uint tag)
    {
        var tags = _segmentTags;
        for (var i = 1; i < tags.Length; i++)
        {
            if (tags[i] == tag)
            {
                return i;
            }
        }

        return 0;
    }

    /// <summary>Whether a segment with the trigger id carries the qualifier that opens this loop.</summary>
    /// <param name="segment">The segment.</param>
    /// <returns><see langword="true"/> when it opens the loop.</returns>
    public bool Matches(in HipaaSegment segment)
    {
        if (QualifierPosition == 0)
        {
            return true;
        }

        var value = segment.GetElement(QualifierPosition);
        foreach (var q in _qualifiers)
        {
            if (value.SequenceEqual(q))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>All packed identifiers the loop mentions (trigger included).</summary>
    internal IEnumerable<uint> Tags => _segmentTags;
}

/// <summary>
/// The loop table of one transaction set: a root (header) loop opened by ST, and every other loop with its parent,
/// trigger and segments. The loop builder walks this table; maps never hand-code loop recognition.
/// </summary>
internal sealed class HipaaTransactionDefinition
{
    private readonly FrozenSet<uint> _knownTags;

    /// <summary>Creates the table.</summary>
    /// <param name="transactionSetId">ST01, e.g. <c>835</c>.</param>
    /// <param name="headerSegments">The segments of the root (header) loop after ST, e.g. <c>"BPR! TRN! CUR REF DTM"</c>.</param>
    /// <param name="loops">The other loops; a parent of <c>HEADER</c> names the root.</param>
    /// <exception cref="ArgumentException">A parent id is not declared.</exception>
    public HipaaTransactionDefinition(string transactionSetId, string headerSegments, params HipaaLoopDefinition[] loops)
    {
        TransactionSetId = transactionSetId;
        var all = new HipaaLoopDefinition[loops.Length + 1];
        all[0] = new HipaaLoopDefinition(RootId, string.Empty, "ST", headerSegments, inPath: false);
        loops.CopyTo(all, 1);
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < all.Length; i++)
        {
            all[i].Index = i;
            byId[all[i].Id] = i;
        }

        var children = all.Select(_ => new List<int>()).ToArray();
        for (var i = 1; i < all.Length; i++)
        {
            var parents = new int[all[i].ParentIds.Count];
            for (var p = 0; p < parents.Length; p++)
            {
                if (!byId.TryGetValue(all[i].ParentIds[p], out var parent))
                {
                    throw new ArgumentException($"Loop {all[i].Id} names an undeclared parent {all[i].ParentIds[p]}.", nameof(loops));
                }

                parents[p] = parent;
                children[parent].Add(i);
            }

            all[i].Parents = parents;
        }

        for (var i = 0; i < all.Length; i++)
        {
            if (children[i].Count > 64)
            {
                throw new ArgumentException($"Loop {all[i].Id} has more than 64 child loops.", nameof(loops));
            }

            all[i].Children = [.. children[i]];
        }

        Loops = all;
        IsHierarchical = all.Any(l => l.IsHierarchical);
        _knownTags = all.SelectMany(l => l.Tags).Append(SegmentTag.Se).ToFrozenSet();
    }

    /// <summary>The id of the root loop (the transaction set header, opened by ST).</summary>
    public const string RootId = "HEADER";

    /// <summary>ST01.</summary>
    public string TransactionSetId { get; }

    /// <summary>Every loop; index 0 is the root.</summary>
    public HipaaLoopDefinition[] Loops { get; }

    /// <summary>Whether any loop is opened by HL.</summary>
    public bool IsHierarchical { get; }

    /// <summary>Whether the transaction set mentions a segment id anywhere.</summary>
    /// <param name="tag">The packed identifier.</param>
    /// <returns><see langword="true"/> when known.</returns>
    public bool IsKnown(uint tag) => _knownTags.Contains(tag);

    /// <summary>Returns the index of a loop definition by id.</summary>
    /// <param name="id">The loop id.</param>
    /// <returns>The index.</returns>
    /// <exception cref="KeyNotFoundException">No loop has that id.</exception>
    public int IndexOf(string id)
    {
        for (var i = 0; i < Loops.Length; i++)
        {
            if (Loops[i].Id == id)
            {
                return i;
            }
        }

        throw new KeyNotFoundException(id);
    }
}
