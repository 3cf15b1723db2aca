using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using HealthFinance.Erp.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HealthFinance.Erp.Http.Tests.Support;

/// <summary>What the fake ERP does with one request instead of (or besides) answering normally.</summary>
public enum FaultKind
{
    /// <summary>Answers normally.</summary>
    None = 0,

    /// <summary>Answers <see cref="ErpFault.Status"/> (with <see cref="ErpFault.RetryAfter"/> when set) without committing.</summary>
    StatusBeforeCommit = 1,

    /// <summary>Commits the journals, then answers <see cref="ErpFault.Status"/>.</summary>
    StatusAfterCommit = 2,

    /// <summary>Commits the journals, then drops the connection without an answer (<see cref="HttpContext.Abort"/>).</summary>
    CommitThenAbort = 3,

    /// <summary>Commits the journals, then answers after <see cref="ErpFault.Delay"/> (past the client's timeout).</summary>
    CommitThenSlow = 4,

    /// <summary>Holds the request without committing until the client gives up.</summary>
    HangWithoutCommit = 5,

    /// <summary>Answers 401 as if the token had expired.</summary>
    Unauthorized = 6,

    /// <summary>Commits the journals, then answers 200 with a body that is not the contract (an HTML page from a proxy).</summary>
    CommitThenGarbage = 7,

    /// <summary>Commits the journals, then acknowledges only the first.</summary>
    CommitThenAnswerFirstOnly = 8,
}

/// <summary>One injected fault.</summary>
/// <param name="Kind">What happens.</param>
/// <param name="Status">The HTTP status answered, for the status faults.</param>
/// <param name="RetryAfter">The <c>Retry-After</c> value sent with the status, if any.</param>
/// <param name="Delay">How long a slow answer waits.</param>
public sealed record ErpFault(FaultKind Kind, int Status = 500, string? RetryAfter = null, TimeSpan Delay = default)
{
    public static ErpFault None { get; } = new(FaultKind.None);

    public static ErpFault Fail(int status, string? retryAfter = null) => new(FaultKind.StatusBeforeCommit, status, retryAfter);

    public static ErpFault CommitThenFail(int status = 500) => new(FaultKind.StatusAfterCommit, status);

    public static ErpFault CommitThenAbort { get; } = new(FaultKind.CommitThenAbort);

    public static ErpFault CommitThenSlow(TimeSpan delay) => new(FaultKind.CommitThenSlow, Delay: delay);

    public static ErpFault Hang { get; } = new(FaultKind.HangWithoutCommit);

    public static ErpFault Unauthorized { get; } = new(FaultKind.Unauthorized);

    public static ErpFault CommitThenGarbage { get; } = new(FaultKind.CommitThenGarbage);

    public static ErpFault CommitThenAnswerFirstOnly { get; } = new(FaultKind.CommitThenAnswerFirstOnly);
}

/// <summary>One posting the fake ERP holds.</summary>
public sealed record LedgerEntry(string IdempotencyKey, string DocumentId, IReadOnlyList<ErpHeldLine> Lines);

/// <summary>One request the fake ERP received.</summary>
public sealed record RecordedRequest(string Method, string Path, string? IdempotencyKeyHeader, string? Authorization, long Timestamp, string? Body);

/// <summary>One request to the token endpoint.</summary>
public sealed record TokenRequest(string ClientAuthentication, string? ClientId, string? Scope, string? GrantType);

/// <summary>
/// An ERP on loopback (an ASP.NET Core minimal API on <c>http://127.0.0.1:0</c>): an OAuth2 token endpoint, a
/// journal endpoint that commits every journal it accepts to a ledger WITHOUT deduplicating keys (as an ERP without
/// native idempotency does), a lookup by key, and injectable faults.
/// </summary>
public sealed class FakeErp : IAsyncDisposable
{
    public const string ClientId = "hf-client";

    // Characters that need form encoding, to prove RFC 6749 section 2.3.1 encoding.
    public const string ClientSecret = "s3cr3t Zq9+v&x=%";

    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly List<LedgerEntry> _ledger = [];
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<TokenRequest> _tokenRequests = [];
    private readonly Dictionary<string, long> _tokens = new(StringComparer.Ordinal);
    private readonly List<string> _issuedTokens = [];
    private readonly Queue<ErpFault> _postFaults = new();
    private readonly Queue<ErpFault> _lookupFaults = new();
    private readonly Queue<ErpFault> _tokenFaults = new();
    private readonly Dictionary<FaultKind, int> _injected = [];
    private readonly CancellationTokenSource _stopping = new();
    private int _nextDocument = 100000;
    private int _postCount;
    private int _lookupCount;

    private FakeErp(WebApplication app)
    {
        _app = app;
        app.MapPost("/oauth/token", TokenAsync);
        app.MapPost("/api/journals", PostAsync);
        app.MapGet("/api/journals/by-key/{*key}", LookupAsync);
    }

    public Uri BaseAddress { get; private set; } = null!;

    public Uri JournalsEndpoint => new(BaseAddress, "/api/journals");

    public Uri TokenEndpoint => new(BaseAddress, "/oauth/token");

    public string LookupTemplate => new Uri(BaseAddress, "/api/journals/by-key/").AbsoluteUri + HttpErpOptions.IdempotencyKeyPlaceholder;

    /// <summary>The <c>expires_in</c> of issued tokens; the fake ERP refuses a token (401) once this much real time has passed.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long the token endpoint takes to answer.</summary>
    public TimeSpan TokenDelay { get; set; }

    /// <summary>Chooses a fault for the n-th post (0-based) when none is queued.</summary>
    public Func<int, ErpFault>? PostFaultSchedule { get; set; }

    /// <summary>Chooses a fault for the n-th lookup (0-based) when none is queued.</summary>
    public Func<int, ErpFault>? LookupFaultSchedule { get; set; }

    /// <summary>Whether the ERP deduplicates by key (as NetSuite's externalId does): a key it holds is acknowledged with the earlier document and not posted again. Off by default: most ERPs post twice.</summary>
    public bool Deduplicate { get; set; }

    /// <summary>Answers every post and lookup with this status (before the fault queue) while set; <see langword="null"/> for a healthy ERP.</summary>
    public int? Outage { get; set; }

    public IReadOnlyList<LedgerEntry> Ledger
    {
        get
        {
            lock (_lock)
            {
                return [.. _ledger];
            }
        }
    }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public IReadOnlyList<TokenRequest> TokenRequests
    {
        get
        {
            lock (_lock)
            {
                return [.. _tokenRequests];
            }
        }
    }

    public IReadOnlyList<string> IssuedTokens
    {
        get
        {
            lock (_lock)
            {
                return [.. _issuedTokens];
            }
        }
    }

    public int Posts => Requests.Count(r => r.Method == "POST" && r.Path == "/api/journals");

    public int Lookups => Requests.Count(r => r.Method == "GET");

    public IReadOnlyDictionary<FaultKind, int> Injected
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<FaultKind, int>(_injected);
            }
        }
    }

    public static async Task<FakeErp> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var erp = new FakeErp(builder.Build());
        await erp._app.StartAsync();
        erp.BaseAddress = new Uri(erp._app.Urls.Single());
        return erp;
    }

    public void EnqueuePostFault(params ErpFault[] faults)
    {
        lock (_lock)
        {
            foreach (var fault in faults)
            {
                _postFaults.Enqueue(fault);
            }
        }
    }

    public void EnqueueLookupFault(params ErpFault[] faults)
    {
        lock (_lock)
        {
            foreach (var fault in faults)
            {
                _lookupFaults.Enqueue(fault);
            }
        }
    }

    public void EnqueueTokenFault(params ErpFault[] faults)
    {
        lock (_lock)
        {
            foreach (var fault in faults)
            {
                _tokenFaults.Enqueue(fault);
            }
        }
    }

    /// <summary>Forgets every issued token, so that the next call with one is answered 401.</summary>
    public void RevokeTokens()
    {
        lock (_lock)
        {
            _tokens.Clear();
        }
    }

    public IReadOnlyList<ErpHeldJournal> HeldJournals() => Ledger.Select(e => new ErpHeldJournal(e.IdempotencyKey, e.DocumentId, e.Lines)).ToList();

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        string? id;
        string? secret;
        string method;
        if (AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out var header) && header.Scheme == "Basic" && header.Parameter is not null)
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            id = Uri.UnescapeDataString(pair[..colon].Replace('+', ' '));
            secret = Uri.UnescapeDataString(pair[(colon + 1)..].Replace('+', ' '));
            method = "basic";
        }
        else
        {
            id = form["client_id"];
            secret = form["client_secret"];
            method = "body";
        }

        ErpFault? fault;
        lock (_lock)
        {
            _tokenRequests.Add(new TokenRequest(method, id, form["scope"], form["grant_type"]));
            fault = _tokenFaults.Count > 0 ? _tokenFaults.Dequeue() : null;
        }

        if (TokenDelay > TimeSpan.Zero)
        {
            await Task.Delay(TokenDelay, context.RequestAborted);
        }

        if (fault is { Kind: FaultKind.StatusBeforeCommit })
        {
            await WriteStatusAsync(context, fault, "{\"error\":\"temporarily_unavailable\"}");
            return;
        }

        if (form["grant_type"] != "client_credentials")
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("{\"error\":\"unsupported_grant_type\"}");
            return;
        }

        if (id != ClientId || secret != ClientSecret)
        {
            context.Response.StatusCode = 401;
            // A careless server echoes what it was sent; the adapter must not pass free text on.
            await context.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["error"] = "invalid_client", ["error_description"] = "bad secret " + secret });
            return;
        }

        var token = "at-" + Guid.NewGuid().ToString("N");
        lock (_lock)
        {
            _tokens[token] = Stopwatch.GetTimestamp();
            _issuedTokens.Add(token);
        }

        await context.Response.WriteAsJsonAsync(new Dictionary<string, object>
        {
            ["access_token"] = token,
            ["token_type"] = "Bearer",
            ["expires_in"] = TokenLifetime.TotalSeconds,
        });
    }

    private bool Authorized(HttpContext context)
    {
        if (!AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out var header) || header.Scheme != "Bearer" || header.Parameter is null)
        {
            return false;
        }

        lock (_lock)
        {
            return _tokens.TryGetValue(header.Parameter, out var issued) && Stopwatch.GetElapsedTime(issued) < TokenLifetime;
        }
    }

    private async Task PostAsync(HttpContext context)
    {
        using var body = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await body.ReadToEndAsync(context.RequestAborted);
        var authorized = Authorized(context);
        var fault = ErpFault.None;
        lock (_lock)
        {
            _requests.Add(new RecordedRequest("POST", "/api/journals", context.Request.Headers["Idempotency-Key"], context.Request.Headers.Authorization, Stopwatch.GetTimestamp(), text));
            if (authorized)
            {
                fault = Outage is { } outage ? ErpFault.Fail(outage)
                    : _postFaults.Count > 0 ? _postFaults.Dequeue()
                    : PostFaultSchedule?.Invoke(_postCount) ?? ErpFault.None;
                _postCount++;
                _injected[fault.Kind] = _injected.GetValueOrDefault(fault.Kind) + 1;
            }
        }

        if (!authorized || fault.Kind == FaultKind.Unauthorized)
        {
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            return;
        }

        switch (fault.Kind)
        {
            case FaultKind.StatusBeforeCommit:
                await WriteStatusAsync(context, fault, "{\"code\":\"UNAVAILABLE\",\"message\":\"try later\"}");
                return;
            case FaultKind.HangWithoutCommit:
                await WaitAsync(Timeout.InfiniteTimeSpan, context);
                return;
        }

        var acknowledgments = Commit(text);
        switch (fault.Kind)
        {
            case FaultKind.StatusAfterCommit:
                await WriteStatusAsync(context, fault, "{\"code\":\"INTERNAL\"}");
                return;
            case FaultKind.CommitThenAbort:
                context.Abort();
                return;
            case FaultKind.CommitThenGarbage:
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><body>Gateway says hello</body></html>");
                return;
            case FaultKind.CommitThenAnswerFirstOnly:
                acknowledgments = acknowledgments.Take(1).ToList();
                break;
            case FaultKind.CommitThenSlow:
                if (!await WaitAsync(fault.Delay, context))
                {
                    return;
                }

                break;
        }

        await context.Response.WriteAsJsonAsync(new Dictionary<string, object> { ["acknowledgments"] = acknowledgments });
    }

    private async Task LookupAsync(HttpContext context)
    {
        // The key is the last segment of the raw target, unescaped once (so '/' and '#' in keys survive).
        var raw = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var key = Uri.UnescapeDataString(raw[(raw.LastIndexOf('/') + 1)..]);
        var authorized = Authorized(context);
        var fault = ErpFault.None;
        lock (_lock)
        {
            _requests.Add(new RecordedRequest("GET", "/api/journals/by-key", null, context.Request.Headers.Authorization, Stopwatch.GetTimestamp(), key));
            if (authorized)
            {
                fault = Outage is { } outage ? ErpFault.Fail(outage)
                    : _lookupFaults.Count > 0 ? _lookupFaults.Dequeue()
                    : LookupFaultSchedule?.Invoke(_lookupCount) ?? ErpFault.None;
                _lookupCount++;
            }
        }

        if (!authorized || fault.Kind == FaultKind.Unauthorized)
        {
            context.Response.StatusCode = 401;
            return;
        }

        switch (fault.Kind)
        {
            case FaultKind.StatusBeforeCommit or FaultKind.StatusAfterCommit:
                await WriteStatusAsync(context, fault, "{\"code\":\"UNAVAILABLE\"}");
                return;
            case FaultKind.HangWithoutCommit or FaultKind.CommitThenSlow:
                await WaitAsync(fault.Kind == FaultKind.CommitThenSlow ? fault.Delay : Timeout.InfiniteTimeSpan, context);
                return;
            case FaultKind.CommitThenAbort:
                context.Abort();
                return;
        }

        var entry = Ledger.FirstOrDefault(e => e.IdempotencyKey == key);
        if (entry is null)
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["idempotencyKey"] = key, ["status"] = "notFound" });
            return;
        }

        await context.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["idempotencyKey"] = key, ["documentId"] = entry.DocumentId });
    }

    // Validates and commits each journal of a post; no deduplication by key.
    private List<Dictionary<string, object?>> Commit(string text)
    {
        using var document = JsonDocument.Parse(text);
        var acknowledgments = new List<Dictionary<string, object?>>();
        foreach (var journal in document.RootElement.GetProperty("journals").EnumerateArray())
        {
            var key = journal.GetProperty("idempotencyKey").GetString()!;
            var date = DateOnly.ParseExact(journal.GetProperty("accountingDate").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var lines = journal.GetProperty("lines").EnumerateArray().Select(l =>
            {
                var debit = l.GetProperty("debit").GetDecimal();
                var credit = l.GetProperty("credit").GetDecimal();
                var currency = new CurrencyCode(l.GetProperty("currency").GetString()!);
                return debit > 0
                    ? new ErpHeldLine(JournalSide.Debit, new Money(debit, currency), l.GetProperty("legalEntity").GetString())
                    : new ErpHeldLine(JournalSide.Credit, new Money(credit, currency), l.GetProperty("legalEntity").GetString());
            }).ToList();
            var debits = lines.Where(l => l.Side == JournalSide.Debit).Sum(l => l.Amount.Amount);
            var credits = lines.Where(l => l.Side == JournalSide.Credit).Sum(l => l.Amount.Amount);
            if (date.Year < 2020)
            {
                acknowledgments.Add(new() { ["idempotencyKey"] = key, ["status"] = "rejected", ["code"] = "PERIOD_CLOSED", ["reason"] = "The accounting period is closed." });
                continue;
            }

            if (debits != credits)
            {
                acknowledgments.Add(new() { ["idempotencyKey"] = key, ["status"] = "rejected", ["code"] = "UNBALANCED", ["reason"] = "Debits and credits differ." });
                continue;
            }

            string documentId;
            var duplicate = false;
            lock (_lock)
            {
                if (Deduplicate && _ledger.FirstOrDefault(e => e.IdempotencyKey == key) is { } earlier)
                {
                    documentId = earlier.DocumentId;
                    duplicate = true;
                }
                else
                {
                    documentId = "JE-" + (_nextDocument++).ToString(CultureInfo.InvariantCulture);
                    _ledger.Add(new LedgerEntry(key, documentId, lines));
                }
            }

            acknowledgments.Add(new() { ["idempotencyKey"] = key, ["status"] = "accepted", ["documentId"] = documentId, ["duplicate"] = duplicate });
        }

        return acknowledgments;
    }

    private static async Task WriteStatusAsync(HttpContext context, ErpFault fault, string body)
    {
        context.Response.StatusCode = fault.Status;
        if (fault.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = fault.RetryAfter;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    // Waits unless the client goes away or the server stops; false when it did.
    private async Task<bool> WaitAsync(TimeSpan delay, HttpContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try
        {
            await Task.Delay(delay, linked.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
