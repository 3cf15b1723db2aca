using HealthFinance.Canonical.Diagnostics;

namespace HealthFinance.X12.Hipaa.Internal;

/// <summary>
/// Recognises the loops of a buffered transaction set from its <see cref="HipaaTransactionDefinition"/>: every segment is
/// assigned to a loop instance, HL loops are linked to their parent by HL02, and unknown, misplaced, out-of-order and
/// missing required segments and loops are reported. No segment is dropped: a segment that fits nowhere stays in the
/// innermost open loop and is reported.
/// </summary>
internal sealed class HipaaLoopBuilder
{
    private int[] _stack = new int[16];
    private int _depth;
    private int[] _ordinals = new int[16];
    private readonly HashSet<string> _hierarchicalIds = new(StringComparer.Ordinal);
    private HipaaTransaction _tx = null!;
    private HipaaTransactionDefinition _def = null!;
    private HipaaMapContext _context = null!;

    /// <summary>Builds the loops of a transaction set.</summary>
    /// <param name="transaction">The buffered transaction set (ST first; SE last when present).</param>
    /// <param name="definition">The loop table.</param>
    /// <param name="context">Receives the findings.</param>
    public void Build(HipaaTransaction transaction, HipaaTransactionDefinition definition, HipaaMapContext context)
    {
        _tx = transaction;
        _def = definition;
        _context = context;
        if (_ordinals.Length < definition.Loops.Length)
        {
            _ordinals = new int[definition.Loops.Length];
        }

        Array.Clear(_ordinals);
        _hierarchicalIds.Clear();
        _depth = 0;
        if (transaction.Count == 0)
        {
            return;
        }

        _ordinals[0] = 1;
        Push(transaction.AddLoop(new LoopInstance { Definition = 0, Parent = -1, Ordinal = 1, FirstSegment = 0, SeenSegments = 1, LastChildOrdinal = -1 }));
        transaction.SetLoop(0, 0);
        var count = transaction.Count;
        for (var i = 1; i < count; i++)
        {
            var tag = transaction.TagAt(i);
            if (tag == SegmentTag.Se && i == count - 1)
            {
                transaction.SetLoop(i, 0);
                continue;
            }

            if (tag == SegmentTag.Hl && definition.IsHierarchical)
            {
                PlaceHierarchical(i);
            }
            else
            {
                Place(i, tag);
            }
        }

        while (_depth > 0)
        {
            Close(Pop());
        }

        _context = null!;
        _tx = null!;
    }

    private void Place(int index, uint tag)
    {
        var segment = _tx[index];
        for (var depth = _depth - 1; depth >= 0; depth--)
        {
            var instance = _stack[depth];
            var def = _def.Loops[_tx.GetLoop(instance).Definition];
            foreach (var child in def.Children)
            {
                var cd = _def.Loops[child];
                if (cd.TriggerTag == tag && !cd.IsHierarchical && cd.Matches(segment))
                {
                    PopTo(depth);
                    Open(child, instance, index);
                    return;
                }
            }

            var ordinal = def.OrdinalOf(tag);
            if (ordinal > 0)
            {
                // In a hierarchical transaction set, a stray segment that an enclosing loop lists but can no longer hold
                // (its child loops have started) must not close the HL loops in between: that would cut the hierarchy.
                if (_def.IsHierarchical && depth < _depth - 1 && _tx.GetLoop(instance).LastChildOrdinal >= 0 && ordinal < def.TrailerStart)
                {
                    break;
                }

                PopTo(depth);
                Assign(instance, ordinal, index);
                return;
            }

            if (depth > 0 && def.TriggerTag == tag && !def.IsHierarchical && def.Matches(segment))
            {
                PopTo(depth - 1);
                Open(def.Index, _stack[depth - 1], index);
                return;
            }
        }

        Misplaced(index, tag);
    }

    private void PlaceHierarchical(int index)
    {
        // Findings about the HL are reported after it is placed, so that their path names the loop it opened.
        var segment = _tx[index];
        var parentId = segment.GetElement(2);
        if (!parentId.IsEmpty)
        {
            for (var depth = _depth - 1; depth >= 1; depth--)
            {
                var instance = _stack[depth];
                if (!_tx.HierarchicalIdOf(instance).SequenceEqual(parentId))
                {
                    continue;
                }

                var parentDef = _tx.GetLoop(instance).Definition;
                PopTo(depth);
                foreach (var child in _def.Loops[parentDef].Children)
                {
                    var cd = _def.Loops[child];
                    if (cd.IsHierarchical && cd.Matches(segment))
                    {
                        Open(child, instance, index);
                        CheckHierarchicalId(index);
                        return;
                    }
                }

                var known = OpenFirstLevel(segment, instance, index);
                MarkBroken(index);
                _context.Report(HipaaDiagnosticCodes.HierarchicalLevelNotAllowed, DiagnosticSeverity.Error,
                    known
                        ? $"HL03 names a level that is not allowed under its parent's level (loop {_def.Loops[parentDef].Id})."
                        : "HL03 names a hierarchical level code this transaction set does not define.",
                    _tx[index], 3, 0, isRecoverable: false);
                return;
            }
        }

        // No parent given (or not found): the loop hangs under the deepest open loop its definition allows.
        var placed = false;
        for (var depth = _depth - 1; depth >= 0 && !placed; depth--)
        {
            var instance = _stack[depth];
            var def = _def.Loops[_tx.GetLoop(instance).Definition];
            foreach (var child in def.Children)
            {
                var cd = _def.Loops[child];
                if (cd.IsHierarchical && cd.Matches(segment))
                {
                    PopTo(depth);
                    Open(child, instance, index);
                    placed = true;
                    break;
                }
            }
        }

        if (!placed)
        {
            _tx.SetLoop(index, _stack[_depth - 1]);
        }
        else
        {
            CheckHierarchicalId(index);
            if (parentId.IsEmpty && _tx.GetLoop(_tx[index].Loop) is { Parent: > 0 } opened && _def.Loops[_tx.GetLoop(opened.Parent).Definition].IsHierarchical)
            {
                MarkBroken(index);
                _context.Report(HipaaDiagnosticCodes.HierarchicalParentNotFound, DiagnosticSeverity.Error,
                    "HL02 (parent id) is empty, but this level must name its parent HL.", _tx[index], 2, 0, isRecoverable: false);
            }
        }

        if (!parentId.IsEmpty)
        {
            MarkBroken(index);
            _context.Report(HipaaDiagnosticCodes.HierarchicalParentNotFound, DiagnosticSeverity.Error,
                "HL02 names a parent hierarchical id that is not an open HL of this transaction set.", _tx[index], 2, 0, isRecoverable: false);
        }

        if (!placed)
        {
            _context.Report(HipaaDiagnosticCodes.HierarchicalLevelNotAllowed, DiagnosticSeverity.Error,
                CountLevel(segment) == 0
                    ? "HL03 names a hierarchical level code this transaction set does not define."
                    : "The HL level cannot start here: no open loop may hold it.",
                _tx[index], 3, 0, isRecoverable: false);
        }
    }

    /// <summary>HL01 must be present and unique in the transaction set: the parent links (HL02) depend on it.</summary>
    private void CheckHierarchicalId(int index)
    {
        var segment = _tx[index];
        var id = HipaaSegment.ToText(segment.GetElement(1));
        if (id is not null && _hierarchicalIds.Add(id))
        {
            return;
        }

        MarkBroken(index);
        _context.Report(HipaaDiagnosticCodes.HierarchicalIdInvalid, DiagnosticSeverity.Error,
            id is null ? "HL01 (hierarchical id) is empty." : "HL01 (hierarchical id) repeats the id of an earlier HL of the transaction set.",
            segment, 1, 0, isRecoverable: false);
    }

    /// <summary>Marks the loop an HL opened as broken (when it opened one).</summary>
    private void MarkBroken(int index)
    {
        var loop = _tx[index].Loop;
        ref var instance = ref _tx.GetLoop(loop);
        if (instance.FirstSegment == index && loop > 0)
        {
            instance.Broken = true;
        }
    }

    private int CountLevel(in HipaaSegment segment)
    {
        var n = 0;
        foreach (var l in _def.Loops)
        {
            if (l.IsHierarchical && l.Matches(segment))
            {
                n++;
            }
        }

        return n;
    }

    private bool OpenFirstLevel(in HipaaSegment segment, int parent, int index)
    {
        foreach (var l in _def.Loops)
        {
            if (l.IsHierarchical && l.Matches(segment))
            {
                Open(l.Index, parent, index, checkOrder: false);
                return true;
            }
        }

        _tx.SetLoop(index, parent);
        return false;
    }

    private void Misplaced(int index, uint tag)
    {
        var segment = _tx[index];
        var top = _stack[_depth - 1];
        _tx.SetLoop(index, top);
        var loopId = _def.Loops[_tx.GetLoop(top).Definition].Id;
        if (_def.IsKnown(tag))
        {
            _context.Report(HipaaDiagnosticCodes.SegmentNotExpected, DiagnosticSeverity.Warning,
                $"Segment {SegmentTag.ToText(tag)} is not expected in loop {loopId} or an enclosing loop; it was not mapped.", segment, isRecoverable: false);
        }
        else
        {
            _context.Report(HipaaDiagnosticCodes.UnknownSegment, DiagnosticSeverity.Warning,
                $"Segment id {(tag == SegmentTag.Invalid ? "(invalid)" : SegmentTag.ToText(tag))} is not part of the {_def.TransactionSetId} implementation guide; it was not mapped.",
                segment, isRecoverable: false);
        }
    }

    private void Open(int definition, int parent, int index, bool checkOrder = true)
    {
        ref var p = ref _tx.GetLoop(parent);
        var parentDef = _def.Loops[p.Definition];
        var childOrdinal = Array.IndexOf(parentDef.Children, definition);
        if (childOrdinal >= 0)
        {
            if (checkOrder && childOrdinal < p.LastChildOrdinal)
            {
                _context.Report(HipaaDiagnosticCodes.LoopOutOfOrder, DiagnosticSeverity.Warning,
                    $"Loop {_def.Loops[definition].Id} appears after a loop the guide orders after it in {parentDef.Id}.", _tx[index]);
            }

            p.LastChildOrdinal = Math.Max(p.LastChildOrdinal, childOrdinal);
            p.SeenChildren |= 1UL << childOrdinal;
        }

        var ordinal = ++_ordinals[definition];
        var instance = new LoopInstance
        {
            Definition = definition,
            Parent = parent,
            Ordinal = ordinal,
            FirstSegment = index,
            SeenSegments = 1,
            LastSegmentOrdinal = 0,
            LastChildOrdinal = -1,
        };
        if (_def.Loops[definition].IsHierarchical)
        {
            (instance.HierarchicalIdStart, instance.HierarchicalIdLength) = _tx.ElementRange(index, 1);
            instance.Broken = p.Broken;
        }

        var created = _tx.AddLoop(instance);
        _tx.SetLoop(index, created);
        Push(created);
    }

    private void Assign(int instance, int ordinal, int index)
    {
        ref var l = ref _tx.GetLoop(instance);
        _tx.SetLoop(index, instance);
        var def = _def.Loops[l.Definition];
        var afterChild = l.LastChildOrdinal >= 0 && ordinal < def.TrailerStart;
        if (ordinal < l.LastSegmentOrdinal || afterChild)
        {
            _context.Report(HipaaDiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Warning,
                afterChild
                    ? $"Segment {def.SegmentNames[ordinal]} of loop {def.Id} appears after a child loop."
                    : $"Segment {def.SegmentNames[ordinal]} appears after a segment the guide orders after it in loop {def.Id}.",
                _tx[index]);
        }
        else
        {
            l.LastSegmentOrdinal = ordinal;
        }

        l.SeenSegments |= 1UL << ordinal;
    }

    private void Close(int instance)
    {
        ref var l = ref _tx.GetLoop(instance);
        var def = _def.Loops[l.Definition];
        var missing = def.RequiredSegments & ~l.SeenSegments;
        // Findings about a closed loop point at its trigger segment (the root: at ST).
        while (missing != 0)
        {
            var ordinal = System.Numerics.BitOperations.TrailingZeroCount(missing);
            missing &= missing - 1;
            _context.Report(HipaaDiagnosticCodes.RequiredSegmentMissing, DiagnosticSeverity.Error,
                $"Required segment {def.SegmentNames[ordinal]} is missing from loop {def.Id}.", _tx[l.FirstSegment], isRecoverable: false);
        }

        for (var c = 0; c < def.Children.Length; c++)
        {
            var cd = _def.Loops[def.Children[c]];
            if (cd.IsRequired && (l.SeenChildren & (1UL << c)) == 0)
            {
                _context.Report(HipaaDiagnosticCodes.RequiredLoopMissing, DiagnosticSeverity.Error,
                    $"Required loop {cd.Id} is missing from loop {def.Id}.", _tx[l.FirstSegment], isRecoverable: false);
            }
        }
    }

    private void PopTo(int depth)
    {
        while (_depth - 1 > depth)
        {
            Close(Pop());
        }
    }

    private void Push(int instance)
    {
        if (_depth == _stack.Length)
        {
            Array.Resize(ref _stack, _stack.Length * 2);
        }

        _stack[_depth++] = instance;
    }

    private int Pop() => _stack[--_depth];
}
