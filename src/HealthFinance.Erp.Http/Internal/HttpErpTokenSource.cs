using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;

namespace HealthFinance.Erp.Http.Internal;

/// <summary>
/// OAuth2 client-credentials access tokens (RFC 6749 section 4.4): acquired from the token endpoint, cached until
/// shortly before they expire, dropped when the ERP refuses one. Thread-safe: concurrent callers that find no
/// usable token wait for one acquisition.
/// </summary>
internal sealed class HttpErpTokenSource
{
    private readonly IHttpClientFactory _clients;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _erp;
    private readonly Uri _endpoint;
    private readonly string _clientId;
    private readonly string _clientSecret;
    private readonly string? _scope;
    private readonly HttpErpClientAuthentication _authentication;
    private readonly TimeSpan _refreshMargin;
    private readonly Lock _lock = new();
    private CachedToken? _token;
    private Task<CachedToken>? _pending;

    public HttpErpTokenSource(IHttpClientFactory clients, ResiliencePipeline<HttpResponseMessage> pipeline, HttpErpOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _clients = clients;
        _pipeline = pipeline;
        _timeProvider = timeProvider;
        _logger = logger;
        _erp = options.Name;
        _endpoint = options.TokenEndpoint!;
        _clientId = options.ClientId!;
        _clientSecret = options.ClientSecret!;
        _scope = string.IsNullOrWhiteSpace(options.Scope) ? null : options.Scope;
        _authentication = options.ClientAuthentication;
        _refreshMargin = options.TokenRefreshMargin;
    }

    /// <summary>
    /// A usable access token: the cached one, or a new one when none is cached or it is due for refresh. Concurrent
    /// callers share one acquisition, which a caller's cancellation does not cancel (the token pipeline's timeouts bound it).
    /// </summary>
    /// <exception cref="HttpErpException">The token endpoint refused the client or could not be reached.</exception>
    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (Usable(Volatile.Read(ref _token)) is { } token)
        {
            return token;
        }

        Task<CachedToken> acquisition;
        lock (_lock)
        {
            if (Usable(_token) is { } again)
            {
                return again;
            }

            acquisition = _pending ??= AcquireAndStoreAsync();
        }

        return (await acquisition.WaitAsync(cancellationToken).ConfigureAwait(false)).AccessToken;
    }

    /// <summary>Drops <paramref name="accessToken"/> from the cache (the ERP refused it), unless another caller already replaced it.</summary>
    public void Invalidate(string accessToken)
    {
        var cached = Volatile.Read(ref _token);
        if (cached is not null && string.Equals(cached.AccessToken, accessToken, StringComparison.Ordinal))
        {
            Interlocked.CompareExchange(ref _token, null, cached);
        }
    }

    private async Task<CachedToken> AcquireAndStoreAsync()
    {
        // Run the rest after the caller has left the lock, so the pending task is cleared after it was stored.
        await Task.Yield();
        try
        {
            var fresh = await AcquireAsync(CancellationToken.None).ConfigureAwait(false);
            Volatile.Write(ref _token, fresh);
            return fresh;
        }
        finally
        {
            lock (_lock)
            {
                _pending = null;
            }
        }
    }

    private string? Usable(CachedToken? token) => token is not null && _timeProvider.GetUtcNow() < token.RefreshAt ? token.AccessToken : null;

    private async Task<CachedToken> AcquireAsync(CancellationToken cancellationToken)
    {
        var client = _clients.CreateClient(HttpErpAdapter.TokenHttpClientName);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(HttpErpResilience.ReplayableKey, true);
        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(
                static async (ctx, state) =>
                {
                    using var request = state.Source.CreateRequest();
                    return await state.Client.SendAsync(request, HttpCompletionOption.ResponseContentRead, ctx.CancellationToken).ConfigureAwait(false);
                },
                context,
                (Source: this, Client: client)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or OperationCanceledException)
        {
            Log.TokenRequestFailed(_logger, _erp, ErpErrorCodes.Unavailable, null, null);
            throw new HttpErpException(
                ErpErrorCodes.Unavailable,
                ex is HttpRequestException http
                    ? $"The token endpoint could not be reached ({http.HttpRequestError}); nothing was posted."
                    : "The token endpoint did not answer in time; nothing was posted.",
                isTransient: true,
                isAmbiguous: false,
                statusCode: null,
                innerException: ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        using (response)
        {
            var now = _timeProvider.GetUtcNow();
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                var token = Parse(body, now);
                Log.TokenAcquired(_logger, _erp, token.Lifetime);
                return token;
            }

            var oauthError = HttpErpJson.ReadCode(body, "error");
            var status = (int)response.StatusCode;
            if (HttpErpResilience.IsTransientStatus(response.StatusCode))
            {
                Log.TokenRequestFailed(_logger, _erp, ErpErrorCodes.Unavailable, status, oauthError);
                throw new HttpErpException(
                    ErpErrorCodes.Unavailable,
                    string.Create(CultureInfo.InvariantCulture, $"The token endpoint answered {status}; nothing was posted."),
                    isTransient: true,
                    isAmbiguous: false,
                    response.StatusCode,
                    HttpErpResilience.GetRetryAfter(response, _timeProvider));
            }

            Log.TokenRequestFailed(_logger, _erp, ErpErrorCodes.RequestRefused, status, oauthError);
            throw new HttpErpException(
                ErpErrorCodes.RequestRefused,
                string.Create(CultureInfo.InvariantCulture, $"The token endpoint refused the client credentials: {status}{(oauthError is null ? string.Empty : " " + oauthError)}. Check ClientId, ClientSecret and Scope in the configuration."),
                isTransient: false,
                isAmbiguous: false,
                response.StatusCode);
        }
    }

    private HttpRequestMessage CreateRequest()
    {
        var form = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
        if (_scope is not null)
        {
            form.Add(new("scope", _scope));
        }

        if (_authentication == HttpErpClientAuthentication.RequestBody)
        {
            form.Add(new("client_id", _clientId));
            form.Add(new("client_secret", _clientSecret));
        }

        var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (_authentication == HttpErpClientAuthentication.BasicHeader)
        {
            // RFC 6749 section 2.3.1: the id and secret are form-encoded before they are joined and Base64-encoded.
            var credentials = WebUtility.UrlEncode(_clientId) + ":" + WebUtility.UrlEncode(_clientSecret);
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }

        return request;
    }

    private CachedToken Parse(byte[] body, DateTimeOffset now)
    {
        string? accessToken = null;
        string? tokenType = null;
        double? expiresIn = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    switch (property.Name)
                    {
                        case "access_token" when property.Value.ValueKind == JsonValueKind.String:
                            accessToken = property.Value.GetString();
                            break;
                        case "token_type" when property.Value.ValueKind == JsonValueKind.String:
                            tokenType = property.Value.GetString();
                            break;
                        case "expires_in" when property.Value.ValueKind == JsonValueKind.Number:
                            expiresIn = property.Value.GetDouble();
                            break;
                        case "expires_in" when property.Value.ValueKind == JsonValueKind.String
                            && double.TryParse(property.Value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds):
                            expiresIn = seconds;
                            break;
                    }
                }
            }
        }
        catch (JsonException)
        {
            accessToken = null;
        }

        if (string.IsNullOrWhiteSpace(accessToken) || accessToken.Any(char.IsControl))
        {
            throw new HttpErpException(ErpErrorCodes.RequestRefused, "The token endpoint's answer is not an OAuth2 token response (no access_token).", isTransient: false, isAmbiguous: false, HttpStatusCode.OK);
        }

        if (tokenType is not null && !string.Equals(tokenType, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            throw new HttpErpException(ErpErrorCodes.RequestRefused, "The token endpoint issued a token that is not a bearer token.", isTransient: false, isAmbiguous: false, HttpStatusCode.OK);
        }

        if (expiresIn is not { } lifetimeSeconds || !double.IsFinite(lifetimeSeconds) || lifetimeSeconds <= 0)
        {
            // No lifetime given: the token is used until the ERP refuses it.
            return new CachedToken(accessToken, DateTimeOffset.MaxValue, null);
        }

        var lifetime = TimeSpan.FromSeconds(Math.Min(lifetimeSeconds, TimeSpan.FromDays(365).TotalSeconds));
        var useFor = lifetime >= 2 * _refreshMargin ? lifetime - _refreshMargin : lifetime / 2;
        return new CachedToken(accessToken, now + useFor, lifetime);
    }

    private sealed record CachedToken(string AccessToken, DateTimeOffset RefreshAt, TimeSpan? Lifetime)
    {
        // Never print the token.
        public override string ToString() => "CachedToken";
    }
}
