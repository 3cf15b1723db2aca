using System.Net;
using HealthFinance.Erp.Http.Internal;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace HealthFinance.Erp.Http;

/// <summary>
/// The resilience pipelines of the HTTP adapter and the rules they apply, public so that a host that registers a
/// pipeline of its own (<see cref="HttpErpOptions.ResiliencePipelineKey"/>) can keep the same safety.
/// </summary>
/// <remarks>
/// <para>The default pipeline, outermost first: total timeout, retry with exponential backoff and jitter (or the
/// ERP's <c>Retry-After</c>), circuit breaker, per-attempt timeout.</para>
/// <para>The retry never resubmits a post whose outcome is unknown. A request is <em>replayable</em> when sending it
/// twice cannot post twice (a lookup, a token request): those are retried on every transient failure. A journal post
/// is retried only when the failure shows the ERP did not act on it (<see cref="WasNotProcessed"/>): the connection
/// could not be made, or the ERP answered 408, 429, or 503 with <c>Retry-After</c>. A timeout, a connection lost after
/// sending, or another 5xx leaves the outcome unknown: the pipeline hands it back and the adapter reports it as an
/// ambiguous <see cref="ErpException"/>, after which <see cref="ErpPoster"/> looks the journals up before resubmitting.</para>
/// </remarks>
public static class HttpErpResilience
{
    /// <summary>The key of the default pipeline of posts and lookups.</summary>
    public const string PipelineKey = "HealthFinance.Erp.Http";

    /// <summary>The key of the default pipeline of token requests (retry and timeouts, no circuit breaker).</summary>
    public const string TokenPipelineKey = "HealthFinance.Erp.Http.Token";

    /// <summary>The context property the adapter sets on a request that may be sent twice without harm (lookups, token requests).</summary>
    public static ResiliencePropertyKey<bool> ReplayableKey { get; } = new("HealthFinance.Erp.Http.Replayable");

    /// <summary>Whether the call running in <paramref name="context"/> may be sent twice without harm.</summary>
    /// <param name="context">The resilience context of the call.</param>
    /// <returns><see langword="true"/> for lookups and token requests.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    public static bool IsReplayable(ResilienceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Properties.GetValue(ReplayableKey, false);
    }

    /// <summary>Whether an HTTP status is a transient failure: 408, 429, and 5xx except 501 and 505.</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> when trying again later may succeed.</returns>
    public static bool IsTransientStatus(HttpStatusCode status)
        => status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
            || ((int)status >= 500 && status is not (HttpStatusCode.NotImplemented or HttpStatusCode.HttpVersionNotSupported));

    /// <summary>Whether an outcome is a transient failure: a transient status, an <see cref="HttpRequestException"/> or a <see cref="TimeoutRejectedException"/>. Business rejections (other 4xx) never are.</summary>
    /// <param name="outcome">The outcome of one attempt.</param>
    /// <returns><see langword="true"/> for a transient failure.</returns>
    public static bool IsTransientFailure(Outcome<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        null => outcome.Result is { } response && IsTransientStatus(response.StatusCode),
        HttpRequestException or TimeoutRejectedException => true,
        _ => false,
    };

    /// <summary>
    /// Whether an outcome shows that the ERP did not act on the request: the connection could not be made (name
    /// resolution, connect, TLS, proxy tunnel) or the ERP answered 408, 429, or 503 with <c>Retry-After</c>.
    /// Such a post may be sent again without a lookup.
    /// </summary>
    /// <param name="outcome">The outcome of one attempt.</param>
    /// <returns><see langword="true"/> when the request certainly was not processed.</returns>
    public static bool WasNotProcessed(Outcome<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        null => outcome.Result is { } response && (response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
            || (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null)),
        HttpRequestException e => WasNotSent(e),
        _ => false,
    };

    /// <summary>The wait an ERP asked for in <c>Retry-After</c> (seconds or an HTTP date), never negative.</summary>
    /// <param name="response">The response.</param>
    /// <param name="timeProvider">The clock an HTTP date is measured against.</param>
    /// <returns>The wait, or <see langword="null"/> when the response has no usable <c>Retry-After</c>.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static TimeSpan? GetRetryAfter(HttpResponseMessage response, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var header = response.Headers.RetryAfter;
        TimeSpan? wait = header switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - timeProvider.GetUtcNow(),
            _ => null,
        };
        return wait is { } w && w < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    /// <summary>
    /// The retry rule of the default pipeline: a replayable call is retried on any transient failure, a post only when
    /// the ERP did not process it (<see cref="WasNotProcessed"/>); never when the ERP asked for a wait longer than
    /// <paramref name="maxRetryAfter"/> or the caller cancelled.
    /// </summary>
    /// <param name="outcome">The outcome of the attempt.</param>
    /// <param name="context">The resilience context of the call.</param>
    /// <param name="maxRetryAfter">The longest <c>Retry-After</c> worth waiting for within the call.</param>
    /// <param name="timeProvider">The clock an HTTP-date <c>Retry-After</c> is measured against.</param>
    /// <returns><see langword="true"/> to retry.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> or <paramref name="timeProvider"/> is <see langword="null"/>.</exception>
    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, TimeSpan maxRetryAfter, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (context.CancellationToken.IsCancellationRequested)
        {
            return false;
        }

        var retry = IsReplayable(context) ? IsTransientFailure(outcome) : WasNotProcessed(outcome);
        return retry && !(outcome.Result is { } response && GetRetryAfter(response, timeProvider) > maxRetryAfter);
    }

    // A failure to resolve the host, connect, negotiate TLS or open a proxy tunnel happens before any byte of the request is sent.
    internal static bool WasNotSent(HttpRequestException exception)
        => exception.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;

    // The default pipeline of posts and lookups: total timeout, retry, circuit breaker, attempt timeout.
    internal static void AddDefaultStrategies(ResiliencePipelineBuilder<HttpResponseMessage> builder, HttpErpOptions options, TimeProvider timeProvider, ILogger logger, HttpErpCircuit? circuit)
    {
        builder.AddTimeout(options.TotalTimeout);
        AddRetry(builder, options, timeProvider);
        var stateProvider = new CircuitBreakerStateProvider();
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            FailureRatio = options.CircuitBreakerFailureRatio,
            MinimumThroughput = options.CircuitBreakerMinimumThroughput,
            SamplingDuration = options.CircuitBreakerSamplingDuration,
            BreakDuration = options.CircuitBreakerBreakDuration,
            ShouldHandle = args => ValueTask.FromResult(IsTransientFailure(args.Outcome)),
            StateProvider = stateProvider,
            OnOpened = args =>
            {
                Log.CircuitOpened(logger, options.Name, args.BreakDuration);
                return ValueTask.CompletedTask;
            },
            OnHalfOpened = _ =>
            {
                Log.CircuitHalfOpened(logger, options.Name);
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                Log.CircuitClosed(logger, options.Name);
                return ValueTask.CompletedTask;
            },
        });
        builder.AddTimeout(options.AttemptTimeout);
        circuit?.Attach(stateProvider);
    }

    // The default pipeline of token requests: total timeout, retry (a token request is always replayable), attempt timeout.
    internal static void AddTokenStrategies(ResiliencePipelineBuilder<HttpResponseMessage> builder, HttpErpOptions options, TimeProvider timeProvider)
    {
        builder.AddTimeout(options.TotalTimeout);
        AddRetry(builder, options, timeProvider);
        builder.AddTimeout(options.AttemptTimeout);
    }

    private static void AddRetry(ResiliencePipelineBuilder<HttpResponseMessage> builder, HttpErpOptions options, TimeProvider timeProvider)
    {
        if (options.MaxRetryAttempts == 0)
        {
            return;
        }

        var maxRetryAfter = options.MaxRetryAfter;
        builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = options.MaxRetryAttempts,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context, maxRetryAfter, timeProvider)),
            DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? GetRetryAfter(response, timeProvider) : null),
        });
    }
}
