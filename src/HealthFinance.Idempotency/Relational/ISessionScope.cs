namespace HealthFinance.Idempotency.Relational;

/// <summary>
/// Where a store operation runs: in a transaction of its own (committed, and retried on a transient error), or in
/// the caller's <see cref="IStateTransaction"/>.
/// </summary>
internal interface ISessionScope
{
    /// <summary>Runs one operation on a session with an open transaction.</summary>
    /// <typeparam name="TState">The operation's arguments.</typeparam>
    /// <typeparam name="TResult">Its result.</typeparam>
    /// <param name="state">The arguments.</param>
    /// <param name="work">The operation; it may run more than once when the scope retries.</param>
    /// <param name="readOnly"><see langword="true"/> when the operation only reads.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Its result.</returns>
    ValueTask<TResult> RunAsync<TState, TResult>(TState state, Func<RelationalSession, TState, CancellationToken, ValueTask<TResult>> work, bool readOnly, CancellationToken cancellationToken);
}
