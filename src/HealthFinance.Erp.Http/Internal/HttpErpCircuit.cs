using Polly.CircuitBreaker;

namespace HealthFinance.Erp.Http.Internal;

/// <summary>Where the default pipeline publishes the state of its circuit breaker, read by <see cref="HttpErpAdapter.CircuitState"/>.</summary>
internal sealed class HttpErpCircuit
{
    private volatile CircuitBreakerStateProvider? _provider;

    /// <summary>The breaker's state, or <see langword="null"/> before the default pipeline is built (or when another pipeline is used).</summary>
    public CircuitState? State => _provider?.CircuitState;

    public void Attach(CircuitBreakerStateProvider provider) => _provider = provider;
}
