using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Timeout;

namespace HealthFinance.Erp.Http.Tests;

/// <summary>The classification rules of <see cref="HttpErpResilience"/>, outcome by outcome.</summary>
public sealed class HttpErpResiliencePredicateTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2024, 1, 5, 8, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData(200, false)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(404, false)]
    [InlineData(408, true)]
    [InlineData(409, false)]
    [InlineData(422, false)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(501, false)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(505, false)]
    public void IsTransientStatus_IsTrueFor408_429_AndServerErrorsThatMayPass(int status, bool transient)
        => Assert.Equal(transient, HttpErpResilience.IsTransientStatus((HttpStatusCode)status));

    public static TheoryData<string, bool, bool> Failures => new()
    {
        // label, transient, certainly not processed
        { "connection refused", true, true },
        { "name not resolved", true, true },
        { "TLS failed", true, true },
        { "response ended", true, false },
        { "unknown transport error", true, false },
        { "attempt timed out", true, false },
        { "429", true, true },
        { "408", true, true },
        { "503 with Retry-After", true, true },
        { "503 without Retry-After", true, false },
        { "500", true, false },
        { "422", false, false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Outcomes_AreClassifiedAsTransient_AndAsNotProcessed_OnlyWhenCertain(string label, bool transient, bool notProcessed)
    {
        var outcome = OutcomeOf(label);

        Assert.Equal(transient, HttpErpResilience.IsTransientFailure(outcome));
        Assert.Equal(notProcessed, HttpErpResilience.WasNotProcessed(outcome));
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public void ShouldRetry_ReplaysLookupsOnEveryTransientFailure_ButPostsOnlyWhenNotProcessed(string label, bool transient, bool notProcessed)
    {
        var post = ResilienceContextPool.Shared.Get(TestContext.Current.CancellationToken);
        var lookup = ResilienceContextPool.Shared.Get(TestContext.Current.CancellationToken);
        lookup.Properties.Set(HttpErpResilience.ReplayableKey, true);

        Assert.Equal(notProcessed, HttpErpResilience.ShouldRetry(OutcomeOf(label), post, TimeSpan.FromSeconds(30), Clock));
        Assert.Equal(transient, HttpErpResilience.ShouldRetry(OutcomeOf(label), lookup, TimeSpan.FromSeconds(30), Clock));
        Assert.False(HttpErpResilience.IsReplayable(post));
        Assert.True(HttpErpResilience.IsReplayable(lookup));
    }

    [Fact]
    public void ShouldRetry_NotWhenTheErpAsksForALongerWaitThanAllowed_NorWhenTheCallerCancelled()
    {
        var context = ResilienceContextPool.Shared.Get(TestContext.Current.CancellationToken);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var cancelledContext = ResilienceContextPool.Shared.Get(cancelled.Token);

        Assert.False(HttpErpResilience.ShouldRetry(Status(429, "31"), context, TimeSpan.FromSeconds(30), Clock));
        Assert.True(HttpErpResilience.ShouldRetry(Status(429, "30"), context, TimeSpan.FromSeconds(30), Clock));
        Assert.False(HttpErpResilience.ShouldRetry(Status(429, "1"), cancelledContext, TimeSpan.FromSeconds(30), Clock));
    }

    [Fact]
    public void GetRetryAfter_ReadsSecondsAndDates_NeverNegative()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), HttpErpResilience.GetRetryAfter(Status(429, "7").Result!, Clock));
        Assert.Equal(TimeSpan.FromSeconds(90), HttpErpResilience.GetRetryAfter(Status(503, Clock.GetUtcNow().AddSeconds(90).ToString("R", CultureInfo.InvariantCulture)).Result!, Clock));
        Assert.Equal(TimeSpan.Zero, HttpErpResilience.GetRetryAfter(Status(503, Clock.GetUtcNow().AddSeconds(-90).ToString("R", CultureInfo.InvariantCulture)).Result!, Clock));
        Assert.Null(HttpErpResilience.GetRetryAfter(Status(503, null).Result!, Clock));
    }

    private static Outcome<HttpResponseMessage> OutcomeOf(string label) => label switch
    {
        "connection refused" => Failure(HttpRequestError.ConnectionError),
        "name not resolved" => Failure(HttpRequestError.NameResolutionError),
        "TLS failed" => Failure(HttpRequestError.SecureConnectionError),
        "response ended" => Failure(HttpRequestError.ResponseEnded),
        "unknown transport error" => Failure(HttpRequestError.Unknown),
        "attempt timed out" => Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException()),
        "429" => Status(429, null),
        "408" => Status(408, null),
        "503 with Retry-After" => Status(503, "5"),
        "503 without Retry-After" => Status(503, null),
        "500" => Status(500, null),
        _ => Status(422, null),
    };

    private static Outcome<HttpResponseMessage> Failure(HttpRequestError error)
        => Outcome.FromException<HttpResponseMessage>(new HttpRequestException(error, "failed"));

    private static Outcome<HttpResponseMessage> Status(int status, string? retryAfter)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status);
        if (retryAfter is not null)
        {
            response.Headers.RetryAfter = RetryConditionHeaderValue.Parse(retryAfter);
        }

        return Outcome.FromResult(response);
    }
}
