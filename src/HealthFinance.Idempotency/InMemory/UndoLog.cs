namespace HealthFinance.Idempotency.InMemory;

/// <summary>The inverse of every change made since the last commit, replayed in reverse to roll back.</summary>
internal sealed class UndoLog
{
    private readonly List<Action> _undo = [];

    /// <summary>The number of recorded changes; a savepoint for <see cref="RollbackTo"/>.</summary>
    public int Count => _undo.Count;

    /// <summary>Records how to undo one change.</summary>
    /// <param name="undo">Restores the state before the change.</param>
    public void Add(Action undo) => _undo.Add(undo);

    /// <summary>Undoes the changes recorded after a savepoint, newest first.</summary>
    /// <param name="savepoint">A <see cref="Count"/> read earlier.</param>
    public void RollbackTo(int savepoint)
    {
        for (var i = _undo.Count - 1; i >= savepoint; i--)
        {
            _undo[i]();
        }

        _undo.RemoveRange(savepoint, _undo.Count - savepoint);
    }

    /// <summary>Forgets every recorded change: they are committed.</summary>
    public void Clear() => _undo.Clear();
}
