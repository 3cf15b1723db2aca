using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using HealthFinance.Erp.Http.Tests.Support;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace HealthFinance.Erp.Http.Tests;

/// <summary>The default resilience pipeline against the fake ERP: what is retried (and after how long), what is handed back as ambiguous, and the circuit breaker.</summary>
public sealed class HttpErpResilienceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostAsync_429WithRetryAfterSeconds_WaitsThatLong_ThenPostsOnce()
    {
        await using var host = await HttpErpTestHost.StartAsync();
        host.Erp.EnqueuePostFault(ErpFault.Fail(429, "1"));

        var ack = Assert.Single(await host.Adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("k")), Ct));

        Assert.True(ack.IsAccepted);
        var posts = host.Erp.Requests.Where(r => r.Method == "POST").ToList();
        Assert.Equal(2, posts.Count);
        Assert.True(Stopwatch.GetElapsedTime(posts[0].Timestamp, posts[1].Timestamp) >= TimeSpan.FromMilliseconds(950), "The retry came before the second the ERP asked for.");
        Assert.Single(host.Erp.Ledger);
    }

    [Fact]
    public async Task PostAsync_503WithRetryAfterDate_WaitsUntilThatDate_ThenPostsOnce()
    {
        await using var host = await HttpErpTestHost.StartAsync();
        var date = TimeProvider.System.GetUtcNow().AddSeconds(2).ToString("R", CultureInfo.InvariantCulture);
        host.Erp.EnqueuePostFault(ErpFault.Fail(503, date));

        var ack = Assert.Single(await host.Adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("k")), Ct));

        Assert.True(ack.IsAccepted);
        var answered = TimeProvider.System.GetUtcNow();
        var posts = host.Erp.Requests.Where(r => r.Method == "POST").ToList();
        Assert.Equal(2, posts.Count);
        // The call ends with the retry, which waits for the date (an HTTP date has whole seconds: two seconds ahead,
        // truncated, is more than a second away). Measured against the date itself, not the first post's arrival,
        // which a loaded machine can delay by part of that second.
        // (50 ms for the timer's and the wall clock's granularity.)
        Assert.True(answered >= DateTimeOffset.Parse(date, CultureInfo.InvariantCulture).AddMilliseconds(-50), $"The retry came before the date the ERP asked for ({date}; answered {answered:R}).");
        Assert.Single(host.Erp.Ledger);
    }

    [Fact]
    public async Task PostAsync_RetryAfterLongerThanMaxRetryAfter_EndsUnavailable_WithTheWait()
    {
        await using var host = await HttpErpTestHost.StartAsync(o => o.MaxRetryAfter = TimeSpan.FromSeconds(5));
        host.Erp.EnqueuePostFault(ErpFault.Fail(429, "120"));

        var ex = await Assert.ThrowsAsync<HttpErpException>(() => host.Adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("k")), Ct));

        Assert.Equal(ErpErrorCodes.Unavailable, ex.ErrorCode);
        Assert.True(ex.IsTransient);
        Assert.False(ex.IsAmbiguous);
        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(120), ex.RetryAfter);
        Assert.Equal(1, host.Erp.Posts);
    }

    [Fact]
    public async Task PostAsync_ThrottledOnEveryAttempt_RetriesMaxRetryAttemptsTimes_ThenEndsUnavailable()
    {
        await using var host = await HttpErpTestHost.StartAsync(o => o.MaxRetryAttempts = 3);
        host.Erp.EnqueuePostFault(ErpFault.Fail(429, "0"), ErpFault.Fail(429, "0"), ErpFault.Fail(408), ErpFault.Fail(503, "0"));

        var ex = await Assert.ThrowsAsync<HttpErpException>(() => host.Adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("k")), Ct));

        Assert.Equal(ErpErrorCodes.Unavailable, ex.ErrorCode);
        Assert.False(ex.IsAmbiguous);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Equal(4, host.Erp.Posts);
        Assert.Empty(host.Erp.Ledger);
    }

    public static TheoryData<string, int, bool> AmbiguousAnswers => new()
    {
        { "500 before commit", 500, false },
        { "500 after commit", 500, true },
        { "502 after commit", 502, true },
        { "503 without Retry-After", 503, false },
        { "504 after commit", 504, true },
    };

    [Theory]
    [MemberData(nameof(AmbiguousAnswers))]
    public async Task PostAsync_ServerErrorThatMayFollowACommit_IsAmbiguous_AndNeverResubmitted(string label, int status, bool committed)
    {
        await using var host = await HttpErpTestHost.StartAsync();
        host.Erp.EnqueuePostFault(committed ? ErpFault.CommitThenFail(status) : ErpFault.Fail(status));

        var ex = await Assert.ThrowsAsync<HttpErpException>(() => host.Adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("k")), Ct));

        Assert.Equal(ErpErrorCodes.OutcomeUnknown, ex.ErrorCode);
        Assert.True(ex.IsTransient, label);
        Assert.True(ex.IsAmbiguous, label);
        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
        Assert.Equal(1, host.Erp.Posts);
        Assert.Equal(committed ? 1 : 0, host.Erp.Ledger.Count);
    }

    [Fact]
    public async Task PostAsync_ConnectionDroppedAfterCommit_IsAmbiguous_NotResubmitted_AndTheLookupFindsIt()
    {
        await using var host = await HttpErpTestHost.StartAsync();
        host.Erp.EnqueuePostFault(ErpFault.CommitThenAbort);

        var ex = await Assert.ThrowsAsync<HttpErpException>(() => host.Adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("k")), Ct));

        Assert.Equal(ErpErrorCodes.OutcomeUnknown, ex.ErrorCode);
        Assert.True(ex.IsAmbiguous);
        Assert.IsType<HttpRequestException>(ex.InnerException, exactMatch: false);
        Assert.Null(ex.StatusCode);
        Assert.Equal(1, host.Erp.Posts);
        var held = Assert.Single(host.Erp.Ledger);
        var lookup = await host.Adapter.LookupAsync("k", Ct);
        Assert.Equal(held.DocumentId, lookup.DocumentId);
    }

    [Fact]
    public async Task PostAsync_AnswerSlowerThanTheAttemptTimeout_IsAmbiguous_AndNotResubmitted()
    {
        await using var host = await HttpErpTestHost.StartAsync(o => o.AttemptTimeout = TimeSpan.FromSeconds(1));
        host.Erp.EnqueuePostFault(ErpFault.CommitThenSlow(TimeSpan.FromSeconds(20)));
        var started = Stopwatch.GetTimestamp();

        var ex = await Assert.ThrowsAsync<HttpErpException>(() => host.Adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("k")), Ct));

        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(15), "The attempt timeout did not end the call.");
        Assert.Equal(ErpErrorCodes.OutcomeUnknown, ex.ErrorCode);
        Assert.True(ex.IsAmbiguous);
        Assert.IsType<TimeoutRejectedException>(ex.InnerException);
        Assert.Equal(1, host.Erp.Posts);
        Assert.Single(host.Erp.Ledger);
    }

    [Fact]
    public async Task PostAsync_HeldPastTheAttemptTimeoutWithoutCommit_IsAmbiguous_AndThePosterResubmitsAfterNotFound()
    {
        await using var host = await HttpErpTestHost.StartAsync(o => o.AttemptTimeout = TimeSpan.FromSeconds(1));
        host.Erp.EnqueuePostFault(ErpFault.Hang);
        var poster = new ErpPoster(host.Adapter, new ErpPosterOptions { RetryDelay = _ => TimeSpan.Zero });

        var outcome = await poster.PostAsync(HttpErpTestHost.Journal("k"), Ct);

        Assert.Equal(ErpJournalStatus.Posted, outcome.Status);
        Assert.Equal(2, outcome.Parts[0].Submissions);
        Assert.False(outcome.Parts[0].FoundByLookup);
        Assert.Equal(2, host.Erp.Posts);
        Assert.Equal("GET", host.Erp.Requests[1].Method);
        Assert.Single(host.Erp.Ledger);
    }

    [Fact]
    public async Task PostAsync_NothingListening_IsRetried_ThenUnavailable_NotAmbiguous()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var host = await HttpErpTestHost.StartAsync(o => o.Endpoint = new Uri($"http://127.0.0.1:{port}/api/journals"));

        var ex = await Assert.ThrowsAsync<HttpErpException>(() => host.Adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("k")), Ct));

        Assert.Equal(ErpErrorCodes.Unavailable, ex.ErrorCode);
        Assert.True(ex.IsTransient);
        Assert.False(ex.IsAmbiguous);
        Assert.Equal(HttpRequestError.ConnectionError, Assert.IsType<HttpRequestException>(ex.InnerException).HttpRequestError);
        // The pipeline retried the refused connection (MaxRetryAttempts = 3): Polly reports each retry.
        Assert.Equal(3, host.Logs.Entries.Count(e => e.State.Contains("OnRetry", StringComparison.Ordinal) && e.State.Contains(HttpErpResilience.PipelineKey, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task LookupAsync_ServerErrorsAndASlowAnswer_AreRetriedWithinTheCall()
    {
        await using var host = await HttpErpTestHost.StartAsync(o =>
        {
            o.AttemptTimeout = TimeSpan.FromSeconds(1);
            o.MaxRetryAttempts = 5;
        });
        await host.Adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("k")), Ct);
        host.Erp.EnqueueLookupFault(ErpFault.Fail(500), ErpFault.CommitThenSlow(TimeSpan.FromSeconds(20)), ErpFault.CommitThenAbort);

        var result = await host.Adapter.LookupAsync("k", Ct);

        Assert.Equal(ErpLookupStatus.Found, result.Status);
        Assert.True(host.Erp.Lookups >= 4, "Each of the three failures is retried within the call.");
    }

    [Fact]
    public async Task LookupAsync_FailingOnEveryAttempt_IsUnavailable_NotAmbiguous()
    {
        await using var host = await HttpErpTestHost.StartAsync(o => o.MaxRetryAttempts = 2);
        host.Erp.EnqueueLookupFault(ErpFault.Fail(500), ErpFault.Fail(502), ErpFault.Fail(500));

        var ex = await Assert.ThrowsAsync<HttpErpException>(() => host.Adapter.LookupAsync("k", Ct));

        Assert.Equal(ErpErrorCodes.Unavailable, ex.ErrorCode);
        Assert.True(ex.IsTransient);
        Assert.False(ex.IsAmbiguous);
        Assert.Equal(3, host.Erp.Lookups);
    }

    [Fact]
    public async Task CircuitBreaker_OpensUnderABurstOfFailures_FailsFastWithoutSending_ThenRecoversThroughHalfOpen()
    {
        await using var host = await HttpErpTestHost.StartAsync(o =>
        {
            o.CircuitBreakerMinimumThroughput = 4;
            o.CircuitBreakerFailureRatio = 0.5;
            o.CircuitBreakerSamplingDuration = TimeSpan.FromSeconds(30);
            o.CircuitBreakerBreakDuration = TimeSpan.FromSeconds(0.5);
        });
        var adapter = host.Adapter;
        host.Erp.Outage = 503;

        // A burst of failures: each post reaches the ERP once (a 503 without Retry-After is not retried) and counts.
        for (var i = 0; i < 4; i++)
        {
            var failure = await Assert.ThrowsAsync<HttpErpException>(() => adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal($"burst-{i}")), Ct));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failure.StatusCode);
        }

        Assert.Equal(4, host.Erp.Posts);
        Assert.Equal(CircuitState.Open, adapter.CircuitState);

        // While open: every call fails at once, unambiguously, and nothing reaches the ERP.
        var started = Stopwatch.GetTimestamp();
        var broken = await Assert.ThrowsAsync<HttpErpException>(() => adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("during-break")), Ct));
        var lookup = await Assert.ThrowsAsync<HttpErpException>(() => adapter.LookupAsync("during-break", Ct));
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(5));
        Assert.IsType<BrokenCircuitException>(broken.InnerException);
        Assert.IsType<BrokenCircuitException>(lookup.InnerException);
        Assert.Equal(ErpErrorCodes.Unavailable, broken.ErrorCode);
        Assert.True(broken.IsTransient);
        Assert.False(broken.IsAmbiguous);
        Assert.NotNull(broken.RetryAfter);
        Assert.Equal(4, host.Erp.Requests.Count);

        // The ERP recovers: after the break one trial call goes through (half-open), succeeds, and the circuit closes.
        host.Erp.Outage = null;
        IReadOnlyList<ErpAcknowledgment>? acks = null;
        for (var attempt = 0; acks is null && attempt < 50; attempt++)
        {
            try
            {
                acks = await adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("after-break")), Ct);
            }
            catch (HttpErpException ex) when (ex.InnerException is BrokenCircuitException)
            {
                await Task.Delay(100, Ct);
            }
        }

        Assert.NotNull(acks);
        Assert.True(Assert.Single(acks).IsAccepted);
        Assert.Equal(CircuitState.Closed, adapter.CircuitState);
        Assert.Equal("after-break", Assert.Single(host.Erp.Ledger).IdempotencyKey);
        var transitions = host.Logs.Entries.Where(e => e.Category == typeof(HttpErpAdapter).FullName && e.EventId.Id is 7 or 8 or 9).Select(e => e.EventId.Name).ToList();
        Assert.Equal(["CircuitOpened", "CircuitHalfOpened", "CircuitClosed"], transitions);
    }

    [Fact]
    public async Task CircuitBreaker_TrialCallThatFails_OpensTheCircuitAgain()
    {
        await using var host = await HttpErpTestHost.StartAsync(o =>
        {
            o.CircuitBreakerMinimumThroughput = 2;
            o.CircuitBreakerFailureRatio = 1;
            o.CircuitBreakerBreakDuration = TimeSpan.FromSeconds(0.5);
        });
        var adapter = host.Adapter;
        host.Erp.Outage = 500;
        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<HttpErpException>(() => adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal($"burst-{i}")), Ct));
        }

        Assert.Equal(CircuitState.Open, adapter.CircuitState);
        await Task.Delay(700, Ct);

        var trial = await Assert.ThrowsAsync<HttpErpException>(() => adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("trial")), Ct));

        Assert.Equal(HttpStatusCode.InternalServerError, trial.StatusCode);
        Assert.Equal(3, host.Erp.Posts);
        Assert.Equal(CircuitState.Open, adapter.CircuitState);
        Assert.Equal(["CircuitOpened", "CircuitHalfOpened", "CircuitOpened"], host.Logs.Entries.Where(e => e.Category == typeof(HttpErpAdapter).FullName && e.EventId.Id is 7 or 8 or 9).Select(e => e.EventId.Name));
    }

    [Fact]
    public async Task PostAsync_CallerCancels_ThrowsOperationCanceled_NotAnErpException()
    {
        await using var host = await HttpErpTestHost.StartAsync();
        await host.Adapter.LookupAsync("warm-up", Ct);
        host.Erp.EnqueuePostFault(ErpFault.Hang);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("k")), cancel.Token));
    }
}
