namespace HealthFinance.Idempotency.InMemory;

/// <summary>Runs operations on the in-memory state: in a transaction of their own, or inside a caller's transaction.</summary>
internal interface IMemoryExecutor
{
    /// <summary>Runs one operation atomically.</summary>
    /// <typeparam name="TArg">The argument type.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="argument">The argument.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="cancellationToken">Cancels the operation before it starts.</param>
    /// <returns>Its result.</returns>
    ValueTask<TResult> RunAsync<TArg, TResult>(TArg argument, Func<MemoryState, TArg, TResult> operation, CancellationToken cancellationToken);
}
