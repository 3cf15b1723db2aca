using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using HealthFinance.Erp.Http.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Timeout;

namespace HealthFinance.Erp.Http;

/// <summary>
/// Posts journal batches as JSON to an ERP endpoint, with OAuth2 client-credentials bearer tokens, one acknowledgment
/// per journal, and a lookup by idempotency key. Every call runs through the resilience pipeline named by
/// <see cref="HttpErpOptions.ResiliencePipelineKey"/> (see <see cref="HttpErpResilience"/>); a post whose outcome is
/// unknown is never resubmitted by the pipeline but reported as an ambiguous <see cref="HttpErpException"/>, so that
/// <see cref="ErpPoster"/> looks it up first. The request and answer bodies are described in the package README.
/// </summary>
/// <remarks>Thread-safe; register it as a singleton (<c>AddHealthFinanceHttpErp</c>) so that its token cache and circuit breaker are shared.</remarks>
public sealed class HttpErpAdapter : IErpAdapter
{
    /// <summary>The name of the <see cref="HttpClient"/> (from <see cref="IHttpClientFactory"/>) that posts and looks up; configure its primary handler (proxy, client certificate) under this name.</summary>
    public const string HttpClientName = "HealthFinance.Erp.Http";

    /// <summary>The name of the <see cref="HttpClient"/> that requests tokens.</summary>
    public const string TokenHttpClientName = "HealthFinance.Erp.Http.Token";

    /// <summary>The request header that carries the idempotency key.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private readonly IHttpClientFactory _clients;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly HttpErpTokenSource _tokens;
    private readonly HttpErpCircuit? _circuit;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Uri _endpoint;
    private readonly string? _lookupTemplate;
    private readonly ErpLedgerMapping? _mapping;

    /// <summary>Creates an adapter over the pipelines registered under the option's keys.</summary>
    /// <param name="httpClientFactory">Creates the named clients <see cref="HttpClientName"/> and <see cref="TokenHttpClientName"/>.</param>
    /// <param name="pipelines">Holds the pipelines named by <see cref="HttpErpOptions.ResiliencePipelineKey"/> and <see cref="HttpErpOptions.TokenResiliencePipelineKey"/>.</param>
    /// <param name="options">The options; read once, later changes are not seen.</param>
    /// <param name="timeProvider">The clock of token lifetimes and <c>Retry-After</c> dates; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">Creates the adapter's logger; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException">A required argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    /// <exception cref="KeyNotFoundException">A pipeline key names no registered pipeline.</exception>
    /// <exception cref="ErpException">The mapping file cannot be loaded.</exception>
    public HttpErpAdapter(IHttpClientFactory httpClientFactory, ResiliencePipelineProvider<string> pipelines, HttpErpOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
        : this(httpClientFactory, pipelines, options, timeProvider, loggerFactory, circuit: null)
    {
    }

    internal HttpErpAdapter(IHttpClientFactory httpClientFactory, ResiliencePipelineProvider<string> pipelines, HttpErpOptions options, TimeProvider? timeProvider, ILoggerFactory? loggerFactory, HttpErpCircuit? circuit)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(pipelines);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid HttpErpOptions: " + string.Join(" ", errors), nameof(options));
        }

        timeProvider ??= TimeProvider.System;
        _timeProvider = timeProvider;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<HttpErpAdapter>();
        _clients = httpClientFactory;
        _circuit = circuit;
        _pipeline = pipelines.GetPipeline<HttpResponseMessage>(options.ResiliencePipelineKey);
        _tokens = new HttpErpTokenSource(httpClientFactory, pipelines.GetPipeline<HttpResponseMessage>(options.TokenResiliencePipelineKey), options, timeProvider, _logger);
        _endpoint = options.Endpoint!;
        _lookupTemplate = options.LookupEndpoint;
        _mapping = options.Mapping ?? (options.MappingPath is { } path ? ErpLedgerMapping.LoadFile(path).GetMappingOrThrow() : null);
        Name = options.Name;
        Capabilities = new ErpCapabilities
        {
            MaxLinesPerJournal = options.MaxLinesPerJournal,
            MaxJournalsPerBatch = options.MaxJournalsPerBatch,
            SupportsLookup = options.LookupEndpoint is not null,
            NativeIdempotency = options.NativeIdempotency,
            MaxRequestsPerSecond = options.MaxRequestsPerSecond,
        };
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public ErpCapabilities Capabilities { get; }

    /// <summary>
    /// The state of the default pipeline's circuit breaker (closed, open, half-open), for health checks;
    /// <see langword="null"/> before the first call, or when the adapter runs through a pipeline of the host's or was not created by <c>AddHealthFinanceHttpErp</c>.
    /// </summary>
    public CircuitState? CircuitState => _circuit?.State;

    /// <inheritdoc />
    /// <remarks>
    /// A journal the ledger mapping cannot place is rejected without being sent. The others go in one request:
    /// <c>POST</c> to <see cref="HttpErpOptions.Endpoint"/> with a bearer token and an <c>Idempotency-Key</c> header
    /// (the journal's key, or the batch id for several journals). A journal the ERP's answer leaves out gets no
    /// acknowledgment, which <see cref="ErpPoster"/> treats as an ambiguous failure.
    /// </remarks>
    /// <exception cref="HttpErpException">
    /// The call failed as a whole: <see cref="ErpErrorCodes.OutcomeUnknown"/> (transient, ambiguous: a timeout, a
    /// connection lost after sending, a 5xx, an unreadable answer), <see cref="ErpErrorCodes.Unavailable"/>
    /// (transient: not sent, throttled, circuit open) or <see cref="ErpErrorCodes.RequestRefused"/> (permanent:
    /// credentials, authorization, a malformed request).
    /// </exception>
    public async Task<IReadOnlyList<ErpAcknowledgment>> PostAsync(ErpBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Journals.Count > Capabilities.MaxJournalsPerBatch)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The batch holds {batch.Journals.Count} journals; the adapter takes at most {Capabilities.MaxJournalsPerBatch}."), nameof(batch));
        }

        if (batch.Journals.FirstOrDefault(j => j.Entry.Lines.Count > Capabilities.MaxLinesPerJournal) is { } tooLong)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A journal has {tooLong.Entry.Lines.Count} lines; the adapter takes at most {Capabilities.MaxLinesPerJournal} (split it with ErpJournalSplitter or post through ErpPoster)."), nameof(batch));
        }

        var answers = new Dictionary<string, ErpAcknowledgment>(StringComparer.Ordinal);
        var sendable = new List<PreparedJournal>();
        foreach (var journal in batch.Journals)
        {
            if (Prepare(journal, batch.BatchId, out var prepared) is { } rejection)
            {
                answers.Add(journal.IdempotencyKey, rejection);
            }
            else
            {
                sendable.Add(prepared!);
            }
        }

        if (sendable.Count > 0)
        {
            var sent = sendable.Count == batch.Journals.Count ? batch : new ErpBatch(sendable.Select(p => p.Journal));
            foreach (var (key, acknowledgment) in await SendBatchAsync(sent, sendable, cancellationToken).ConfigureAwait(false))
            {
                answers.Add(key, acknowledgment);
            }
        }

        return batch.Journals.Where(j => answers.ContainsKey(j.IdempotencyKey)).Select(j => answers[j.IdempotencyKey]).ToList();
    }

    /// <inheritdoc />
    /// <remarks>
    /// <c>GET</c> of <see cref="HttpErpOptions.LookupEndpoint"/> with the escaped key: 200 with the document id is
    /// found; 404 with a body echoing the key is not found. A 404 without that body (a wrong URL) is an error, never
    /// "not found", so that a misconfigured lookup cannot cause a double posting. Returns
    /// <see cref="ErpLookupResult.Unsupported"/> when no lookup endpoint is configured.
    /// </remarks>
    /// <exception cref="HttpErpException">The lookup failed: <see cref="ErpErrorCodes.Unavailable"/> (transient) or <see cref="ErpErrorCodes.RequestRefused"/> (permanent, including an answer that does not follow the contract).</exception>
    public async Task<ErpLookupResult> LookupAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        if (_lookupTemplate is null)
        {
            return ErpLookupResult.Unsupported;
        }

        var uri = new Uri(_lookupTemplate.Replace(HttpErpOptions.IdempotencyKeyPlaceholder, Uri.EscapeDataString(idempotencyKey), StringComparison.Ordinal), UriKind.Absolute);
        HttpResponseMessage response;
        try
        {
            response = await SendAsync(() => CreateLookup(uri), replayable: true, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpErpException ex)
        {
            Log.LookupFailed(_logger, Name, ex.ErrorCode, (int?)ex.StatusCode, ex.IsTransient);
            throw;
        }
        catch (Exception ex) when (Classify(ex, post: false, cancellationToken) is { } failure)
        {
            Log.LookupFailed(_logger, Name, failure.ErrorCode, null, failure.IsTransient);
            throw failure;
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var answer = HttpErpJson.ReadLookup(body);
            ErpLookupResult? result = response.StatusCode switch
            {
                HttpStatusCode.OK when answer is { DocumentId: { } documentId } a && a.IdempotencyKey == idempotencyKey => ErpLookupResult.Found(documentId),
                HttpStatusCode.NotFound when answer is { } a && a.IdempotencyKey == idempotencyKey && a.DocumentId is null => ErpLookupResult.NotFound,
                _ => null,
            };
            if (result is not null)
            {
                return result;
            }

            var failure = response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound
                ? new HttpErpException(
                    ErpErrorCodes.RequestRefused,
                    string.Create(CultureInfo.InvariantCulture, $"The lookup endpoint answered {(int)response.StatusCode} without the contract's body echoing the key{(response.StatusCode == HttpStatusCode.OK ? " and a document id" : string.Empty)}; check LookupEndpoint."),
                    isTransient: false,
                    isAmbiguous: false,
                    response.StatusCode)
                : StatusFailure(response, body, post: false);
            Log.LookupFailed(_logger, Name, failure.ErrorCode, (int)response.StatusCode, failure.IsTransient);
            throw failure;
        }
    }

    private ErpAcknowledgment? Prepare(ErpJournal journal, string batchId, out PreparedJournal? prepared)
    {
        prepared = null;
        if (_mapping is null)
        {
            prepared = new PreparedJournal(journal, null);
            return null;
        }

        try
        {
            var accounts = journal.Entry.Lines.Select(line => _mapping.Resolve(journal.Entry, line)).ToList();
            prepared = new PreparedJournal(journal, accounts);
            return null;
        }
        catch (ErpException ex) when (!ex.IsTransient)
        {
            Log.JournalRejectedByMapping(_logger, Name, batchId, ex.ErrorCode);
            return ErpAcknowledgment.Rejected(journal.IdempotencyKey, ex.ErrorCode, ex.Message);
        }
    }

    private async Task<Dictionary<string, ErpAcknowledgment>> SendBatchAsync(ErpBatch sent, List<PreparedJournal> sendable, CancellationToken cancellationToken)
    {
        var body = HttpErpJson.WriteBatch(sent.BatchId, sendable, _mapping);
        var idempotencyKey = sendable.Count == 1 ? sendable[0].Journal.IdempotencyKey : sent.BatchId;
        HttpResponseMessage response;
        try
        {
            response = await SendAsync(() => CreatePost(body, idempotencyKey), replayable: false, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpErpException ex)
        {
            Log.PostFailed(_logger, Name, sent.BatchId, ex.ErrorCode, (int?)ex.StatusCode, ex.IsTransient, ex.IsAmbiguous);
            throw;
        }
        catch (Exception ex) when (Classify(ex, post: true, cancellationToken) is { } failure)
        {
            Log.PostFailed(_logger, Name, sent.BatchId, failure.ErrorCode, null, failure.IsTransient, failure.IsAmbiguous);
            throw failure;
        }

        using (response)
        {
            byte[] answer;
            try
            {
                answer = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                throw OutcomeUnknown(sent, "The connection was lost while the ERP's answer was read; the journals may have been committed.", response.StatusCode, ex);
            }

            if (!response.IsSuccessStatusCode)
            {
                var failure = StatusFailure(response, answer, post: true);
                Log.PostFailed(_logger, Name, sent.BatchId, failure.ErrorCode, (int)response.StatusCode, failure.IsTransient, failure.IsAmbiguous);
                throw failure;
            }

            var keys = sent.Journals.Select(j => j.IdempotencyKey).ToHashSet(StringComparer.Ordinal);
            var acknowledgments = HttpErpJson.ReadAcknowledgments(answer, keys)
                ?? throw OutcomeUnknown(sent, string.Create(CultureInfo.InvariantCulture, $"The ERP answered {(int)response.StatusCode} with a body that is not the contract's acknowledgments; the journals may have been committed."), response.StatusCode, null);
            var accepted = acknowledgments.Values.Count(a => a.Status == ErpAcknowledgmentStatus.Accepted);
            var rejected = acknowledgments.Values.Count(a => a.Status == ErpAcknowledgmentStatus.Rejected);
            Log.BatchPosted(_logger, Name, sent.BatchId, accepted, rejected, keys.Count - accepted - rejected);
            return acknowledgments;
        }
    }

    private HttpErpException OutcomeUnknown(ErpBatch sent, string message, HttpStatusCode? status, Exception? inner)
    {
        var failure = new HttpErpException(ErpErrorCodes.OutcomeUnknown, message, isTransient: true, isAmbiguous: true, status, innerException: inner);
        Log.PostFailed(_logger, Name, sent.BatchId, failure.ErrorCode, (int?)status, isTransient: true, isAmbiguous: true);
        return failure;
    }

    private HttpRequestMessage CreatePost(byte[] body, string idempotencyKey)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = JsonMediaType;
        var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.TryAddWithoutValidation(IdempotencyKeyHeader, idempotencyKey);
        return request;
    }

    private static HttpRequestMessage CreateLookup(Uri uri)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    // Sends with the cached token; when the ERP refuses the token (401, so it processed nothing), drops it and sends once more with a new one.
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, bool replayable, CancellationToken cancellationToken)
    {
        var token = await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        var response = await SendThroughPipelineAsync(create, token, replayable, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        Log.TokenRejected(_logger, Name);
        _tokens.Invalidate(token);
        token = await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        response = await SendThroughPipelineAsync(create, token, replayable, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            _tokens.Invalidate(token);
            throw new HttpErpException(ErpErrorCodes.RequestRefused, "The ERP refused a freshly issued access token (401); nothing was posted. Check the client's grants and Scope.", isTransient: false, isAmbiguous: false, HttpStatusCode.Unauthorized);
        }

        return response;
    }

    private async Task<HttpResponseMessage> SendThroughPipelineAsync(Func<HttpRequestMessage> create, string token, bool replayable, CancellationToken cancellationToken)
    {
        var client = _clients.CreateClient(HttpClientName);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(HttpErpResilience.ReplayableKey, replayable);
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (ctx, state) =>
                {
                    // A new request per attempt: a request message cannot be sent twice.
                    using var request = state.Create();
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", state.Token);
                    return await state.Client.SendAsync(request, HttpCompletionOption.ResponseContentRead, ctx.CancellationToken).ConfigureAwait(false);
                },
                context,
                (Create: create, Token: token, Client: client)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    // Maps a failure that left no answer to an HttpErpException; null for the caller's own cancellation and for exceptions that are not transport failures.
    private static HttpErpException? Classify(Exception exception, bool post, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested && exception is OperationCanceledException)
        {
            return null;
        }

        return exception switch
        {
            BrokenCircuitException broken => new HttpErpException(
                ErpErrorCodes.Unavailable,
                "The circuit to the ERP is open after repeated transient failures; the request was not sent.",
                isTransient: true,
                isAmbiguous: false,
                statusCode: null,
                broken.RetryAfter,
                broken),
            HttpRequestException http when HttpErpResilience.WasNotSent(http) => new HttpErpException(
                ErpErrorCodes.Unavailable,
                $"The ERP could not be reached ({http.HttpRequestError}); the request was not sent.",
                isTransient: true,
                isAmbiguous: false,
                statusCode: null,
                innerException: http),
            HttpRequestException http => post
                ? new HttpErpException(
                    ErpErrorCodes.OutcomeUnknown,
                    $"The connection to the ERP failed after the request was sent ({http.HttpRequestError}); the journals may have been committed.",
                    isTransient: true,
                    isAmbiguous: true,
                    statusCode: null,
                    innerException: http)
                : new HttpErpException(ErpErrorCodes.Unavailable, $"The connection to the ERP failed ({http.HttpRequestError}).", isTransient: true, isAmbiguous: false, statusCode: null, innerException: http),
            TimeoutRejectedException or OperationCanceledException => post
                ? new HttpErpException(
                    ErpErrorCodes.OutcomeUnknown,
                    "The ERP did not answer in time; the journals may have been committed.",
                    isTransient: true,
                    isAmbiguous: true,
                    statusCode: null,
                    innerException: exception)
                : new HttpErpException(ErpErrorCodes.Unavailable, "The ERP did not answer in time.", isTransient: true, isAmbiguous: false, statusCode: null, innerException: exception),
            _ => null,
        };
    }

    // Maps an answer that is not a success to an HttpErpException.
    private HttpErpException StatusFailure(HttpResponseMessage response, byte[] body, bool post)
    {
        var status = response.StatusCode;
        var code = HttpErpJson.ReadCode(body, "code");
        var detail = string.Create(CultureInfo.InvariantCulture, $"{(int)status}{(code is null ? string.Empty : " " + code)}");
        if (!HttpErpResilience.IsTransientStatus(status))
        {
            return new HttpErpException(ErpErrorCodes.RequestRefused, $"The ERP refused the request: {detail}.", isTransient: false, isAmbiguous: false, status);
        }

        var retryAfter = HttpErpResilience.GetRetryAfter(response, _timeProvider);
        if (!post || HttpErpResilience.WasNotProcessed(Outcome.FromResult(response)))
        {
            return new HttpErpException(
                ErpErrorCodes.Unavailable,
                $"The ERP is unavailable or throttling: {detail}{(retryAfter is { } wait ? string.Create(CultureInfo.InvariantCulture, $"; it asked to wait {wait}") : string.Empty)}. Nothing was committed.",
                isTransient: true,
                isAmbiguous: false,
                status,
                retryAfter);
        }

        return new HttpErpException(ErpErrorCodes.OutcomeUnknown, $"The ERP answered {detail}; the journals may have been committed.", isTransient: true, isAmbiguous: true, status, retryAfter);
    }
}
