using System.Net;
using HealthFinance.Erp.Http.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace HealthFinance.Erp.Http.Tests;

/// <summary>OAuth2 client-credentials tokens: acquisition, caching, refresh before expiry and after a 401, one acquisition for concurrent callers, refusals.</summary>
public sealed class HttpErpTokenTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Token_IsAcquiredOnce_WithClientCredentialsInBasicAuth_AndReusedAcrossCalls()
    {
        await using var host = await HttpErpTestHost.StartAsync();

        for (var i = 0; i < 4; i++)
        {
            await host.Adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal($"k-{i}")), Ct);
            await host.Adapter.LookupAsync($"k-{i}", Ct);
        }

        var request = Assert.Single(host.Erp.TokenRequests);
        Assert.Equal("basic", request.ClientAuthentication);
        Assert.Equal(FakeErp.ClientId, request.ClientId);
        Assert.Equal("client_credentials", request.GrantType);
        Assert.Null(request.Scope);
        var token = Assert.Single(host.Erp.IssuedTokens);
        Assert.All(host.Erp.Requests, r => Assert.Equal("Bearer " + token, r.Authorization));
    }

    [Fact]
    public async Task Token_WithRequestBodyAuthenticationAndScope_SendsThemInTheForm()
    {
        await using var host = await HttpErpTestHost.StartAsync(o =>
        {
            o.ClientAuthentication = HttpErpClientAuthentication.RequestBody;
            o.Scope = "gl.journals.write gl.journals.read";
        });

        await host.Adapter.LookupAsync("k", Ct);

        var request = Assert.Single(host.Erp.TokenRequests);
        Assert.Equal("body", request.ClientAuthentication);
        Assert.Equal(FakeErp.ClientId, request.ClientId);
        Assert.Equal("gl.journals.write gl.journals.read", request.Scope);
    }

    [Fact]
    public async Task ConcurrentCallers_WithNoToken_ShareOneAcquisition()
    {
        await using var host = await HttpErpTestHost.StartAsync();
        host.Erp.TokenDelay = TimeSpan.FromMilliseconds(300);
        var adapter = host.Adapter;
        using var start = new ManualResetEventSlim();

        var calls = Enumerable.Range(0, 16).Select(i => Task.Run(
            async () =>
            {
                start.Wait(Ct);
                return await adapter.LookupAsync($"k-{i}", Ct);
            },
            Ct)).ToList();
        start.Set();
        var results = await Task.WhenAll(calls);

        Assert.All(results, r => Assert.Equal(ErpLookupStatus.NotFound, r.Status));
        Assert.Single(host.Erp.TokenRequests);
        Assert.Equal(16, host.Erp.Lookups);
    }

    [Fact]
    public async Task Token_IsReplacedShortlyBeforeItExpires()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 1, 5, 8, 0, 0, TimeSpan.Zero));
        await using var host = await HttpErpTestHost.StartAsync(o => o.TokenRefreshMargin = TimeSpan.FromSeconds(60), clock);
        host.Erp.TokenLifetime = TimeSpan.FromHours(1);

        await host.Adapter.LookupAsync("k", Ct);
        clock.Advance(TimeSpan.FromSeconds(3600 - 61));
        await host.Adapter.LookupAsync("k", Ct);
        var before = host.Erp.TokenRequests.Count;
        clock.Advance(TimeSpan.FromSeconds(2));
        await host.Adapter.LookupAsync("k", Ct);

        Assert.Equal(1, before);
        Assert.Equal(2, host.Erp.TokenRequests.Count);
        var tokens = host.Erp.IssuedTokens;
        Assert.Equal(["Bearer " + tokens[0], "Bearer " + tokens[0], "Bearer " + tokens[1]], host.Erp.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task ShortLivedToken_IsReplacedAtHalfItsLifetime()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 1, 5, 8, 0, 0, TimeSpan.Zero));
        await using var host = await HttpErpTestHost.StartAsync(o => o.TokenRefreshMargin = TimeSpan.FromSeconds(60), clock);
        host.Erp.TokenLifetime = TimeSpan.FromSeconds(80);

        await host.Adapter.LookupAsync("k", Ct);
        clock.Advance(TimeSpan.FromSeconds(39));
        await host.Adapter.LookupAsync("k", Ct);
        var before = host.Erp.TokenRequests.Count;
        clock.Advance(TimeSpan.FromSeconds(2));
        await host.Adapter.LookupAsync("k", Ct);

        Assert.Equal(1, before);
        Assert.Equal(2, host.Erp.TokenRequests.Count);
    }

    [Fact]
    public async Task TokenRefusedWith401_IsReplacedOnce_AndTheRequestSentAgain_PostingOnce()
    {
        await using var host = await HttpErpTestHost.StartAsync();
        await host.Adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("first")), Ct);
        host.Erp.RevokeTokens();

        var ack = Assert.Single(await host.Adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("second")), Ct));

        Assert.True(ack.IsAccepted);
        Assert.Equal(2, host.Erp.TokenRequests.Count);
        Assert.Equal(3, host.Erp.Posts);
        Assert.Equal(["first", "second"], host.Erp.Ledger.Select(e => e.IdempotencyKey));
        Assert.Contains(host.Logs.Entries, e => e.EventId.Name == "TokenRejected");
    }

    [Fact]
    public async Task FreshTokenRefusedAgain_IsPermanent_AndNothingIsPosted()
    {
        await using var host = await HttpErpTestHost.StartAsync();
        host.Erp.EnqueuePostFault(ErpFault.Unauthorized, ErpFault.Unauthorized);

        var ex = await Assert.ThrowsAsync<HttpErpException>(() => host.Adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("k")), Ct));

        Assert.Equal(ErpErrorCodes.RequestRefused, ex.ErrorCode);
        Assert.False(ex.IsTransient);
        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Equal(2, host.Erp.Posts);
        Assert.Equal(2, host.Erp.TokenRequests.Count);
        Assert.Empty(host.Erp.Ledger);
    }

    [Fact]
    public async Task WrongClientSecret_IsPermanent_NamesTheOAuthError_AndPostsNothing()
    {
        await using var host = await HttpErpTestHost.StartAsync(o => o.ClientSecret = "not-the-secret");

        var ex = await Assert.ThrowsAsync<HttpErpException>(() => host.Adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("k")), Ct));

        Assert.Equal(ErpErrorCodes.RequestRefused, ex.ErrorCode);
        Assert.False(ex.IsTransient);
        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Contains("invalid_client", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, host.Erp.Posts);
    }

    [Fact]
    public async Task TokenEndpointBriefly503_IsRetriedWithinTheCall()
    {
        await using var host = await HttpErpTestHost.StartAsync();
        host.Erp.EnqueueTokenFault(ErpFault.Fail(503), ErpFault.Fail(500));

        var ack = Assert.Single(await host.Adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("k")), Ct));

        Assert.True(ack.IsAccepted);
        Assert.Equal(3, host.Erp.TokenRequests.Count);
    }

    [Fact]
    public async Task TokenEndpointDown_IsTransientAndUnambiguous_AndPostsNothing()
    {
        await using var host = await HttpErpTestHost.StartAsync(o => o.MaxRetryAttempts = 2);
        host.Erp.EnqueueTokenFault(ErpFault.Fail(503, "0"), ErpFault.Fail(503, "0"), ErpFault.Fail(503, "0"));

        var ex = await Assert.ThrowsAsync<HttpErpException>(() => host.Adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("k")), Ct));

        Assert.Equal(ErpErrorCodes.Unavailable, ex.ErrorCode);
        Assert.True(ex.IsTransient);
        Assert.False(ex.IsAmbiguous);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Equal(3, host.Erp.TokenRequests.Count);
        Assert.Equal(0, host.Erp.Posts);

        // The failed acquisition is not cached: the next call acquires again and posts.
        Assert.True(Assert.Single(await host.Adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("k")), Ct)).IsAccepted);
    }
}
