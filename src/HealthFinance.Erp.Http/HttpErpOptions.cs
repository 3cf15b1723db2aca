using System.Globalization;

namespace HealthFinance.Erp.Http;

/// <summary>How an <see cref="HttpErpAdapter"/> reaches the ERP: endpoints, OAuth2 client credentials, limits and the resilience settings of its default pipeline.</summary>
/// <remarks>
/// Secrets (<see cref="ClientSecret"/>) belong in configuration (environment variables, a secret store), never in code;
/// the adapter never logs them nor puts them in exception messages, and <see cref="Validate"/> never quotes them.
/// </remarks>
public sealed class HttpErpOptions
{
    /// <summary>The placeholder <see cref="LookupEndpoint"/> must contain; replaced by the URI-escaped idempotency key.</summary>
    public const string IdempotencyKeyPlaceholder = "{idempotencyKey}";

    /// <summary>A short name of the ERP for logs and <see cref="IErpAdapter.Name"/>.</summary>
    /// <value>Default <c>http-json</c>.</value>
    public string Name { get; set; } = "http-json";

    /// <summary>The absolute <c>http</c> or <c>https</c> URI journal batches are posted to. Required.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// The absolute URI template of the lookup by idempotency key, containing <see cref="IdempotencyKeyPlaceholder"/>
    /// (e.g. <c>https://erp.example/api/journals/by-key/{idempotencyKey}</c>); <see langword="null"/> when the ERP
    /// offers no lookup, so that a post whose outcome is unknown is reported in doubt unless <see cref="NativeIdempotency"/> is set.
    /// </summary>
    /// <value>Default <see langword="null"/>.</value>
    public string? LookupEndpoint { get; set; }

    /// <summary>Whether the ERP itself deduplicates a resubmitted idempotency key (acknowledging it with the earlier document), so resubmitting after an ambiguous failure cannot post twice.</summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool NativeIdempotency { get; set; }

    /// <summary>The absolute <c>http</c> or <c>https</c> URI of the OAuth2 token endpoint. Required.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public Uri? TokenEndpoint { get; set; }

    /// <summary>The OAuth2 client id. Required.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public string? ClientId { get; set; }

    /// <summary>The OAuth2 client secret. Required; read it from configuration, never write it in code.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public string? ClientSecret { get; set; }

    /// <summary>The space-separated OAuth2 scopes to request, or <see langword="null"/> for the client's default.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public string? Scope { get; set; }

    /// <summary>How the client authenticates to the token endpoint.</summary>
    /// <value>Default <see cref="HttpErpClientAuthentication.BasicHeader"/>.</value>
    public HttpErpClientAuthentication ClientAuthentication { get; set; } = HttpErpClientAuthentication.BasicHeader;

    /// <summary>How long before its expiry a cached access token is replaced. A token whose whole lifetime is shorter than twice this margin is replaced at half its lifetime.</summary>
    /// <value>Default 60 seconds.</value>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The most lines one journal may have; longer journals are split into balanced parts by <see cref="ErpPoster"/>. At least 2.</summary>
    /// <value>Default 1,000 (NetSuite's practical limit; SAP takes 999).</value>
    public int MaxLinesPerJournal { get; set; } = 1000;

    /// <summary>The most journals one request carries. At least 1.</summary>
    /// <value>Default 50.</value>
    public int MaxJournalsPerBatch { get; set; } = 50;

    /// <summary>The most requests (posts and lookups) per second the ERP allows, or <see langword="null"/> for no limit; <see cref="ErpPoster"/> paces its calls to it.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public double? MaxRequestsPerSecond { get; set; }

    /// <summary>A ledger mapping given in code: when set (or <see cref="MappingPath"/>), each line is sent with its mapped account, segments and display value, and a journal the mapping cannot place is rejected without being sent.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public ErpLedgerMapping? Mapping { get; set; }

    /// <summary>A ledger mapping file (<see cref="ErpLedgerMapping.LoadFile"/>), used when <see cref="Mapping"/> is not set.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public string? MappingPath { get; set; }

    /// <summary>The key of the resilience pipeline (in <c>ResiliencePipelineProvider&lt;string&gt;</c>) that every post and lookup runs through; set another key to run through a pipeline of your own.</summary>
    /// <value>Default <see cref="HttpErpResilience.PipelineKey"/>.</value>
    public string ResiliencePipelineKey { get; set; } = HttpErpResilience.PipelineKey;

    /// <summary>The key of the resilience pipeline token requests run through.</summary>
    /// <value>Default <see cref="HttpErpResilience.TokenPipelineKey"/>.</value>
    public string TokenResiliencePipelineKey { get; set; } = HttpErpResilience.TokenPipelineKey;

    /// <summary>The longest one attempt (one HTTP exchange) may take before it is abandoned. 10 ms to 1 day.</summary>
    /// <value>Default 30 seconds.</value>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest one call may take over all its attempts and waits. 10 ms to 1 day.</summary>
    /// <value>Default 2 minutes.</value>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How many times the pipeline retries a failure that is safe to retry (see <see cref="HttpErpResilience"/>). 0 to 20.</summary>
    /// <value>Default 3.</value>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The median first wait of the exponential backoff with jitter, used when the ERP sends no <c>Retry-After</c>.</summary>
    /// <value>Default 1 second.</value>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest <c>Retry-After</c> the pipeline waits for inside one call; a longer one ends the call as unavailable (<see cref="HttpErpException.RetryAfter"/> carries it) so the caller can come back later.</summary>
    /// <value>Default 30 seconds.</value>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The share of transient failures, within <see cref="CircuitBreakerSamplingDuration"/>, at which the circuit opens. Above 0, at most 1.</summary>
    /// <value>Default 0.5.</value>
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>How many calls the sampling window must see before the circuit may open. At least 2.</summary>
    /// <value>Default 10.</value>
    public int CircuitBreakerMinimumThroughput { get; set; } = 10;

    /// <summary>The window over which the failure ratio is measured. 0.5 seconds to 1 day.</summary>
    /// <value>Default 30 seconds.</value>
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the circuit stays open (every call fails at once, nothing is sent) before one trial call is let through. 0.5 seconds to 1 day.</summary>
    /// <value>Default 15 seconds.</value>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Checks the options and lists every problem; never quotes the client secret.</summary>
    /// <returns>The problems; empty when the options are usable.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add("Name is required.");
        }

        CheckHttpUri(errors, nameof(Endpoint), Endpoint);
        CheckHttpUri(errors, nameof(TokenEndpoint), TokenEndpoint);
        if (LookupEndpoint is { } lookup)
        {
            if (!lookup.Contains(IdempotencyKeyPlaceholder, StringComparison.Ordinal))
            {
                errors.Add($"LookupEndpoint must contain the placeholder {IdempotencyKeyPlaceholder}.");
            }
            else if (!Uri.TryCreate(lookup.Replace(IdempotencyKeyPlaceholder, "key", StringComparison.Ordinal), UriKind.Absolute, out var uri) || !IsHttp(uri))
            {
                errors.Add("LookupEndpoint must be an absolute http or https URI.");
            }
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            errors.Add("ClientId is required.");
        }

        if (string.IsNullOrWhiteSpace(ClientSecret))
        {
            errors.Add("ClientSecret is required (read it from configuration).");
        }

        if (!Enum.IsDefined(ClientAuthentication))
        {
            errors.Add("ClientAuthentication is not an HttpErpClientAuthentication.");
        }

        if (TokenRefreshMargin < TimeSpan.Zero)
        {
            errors.Add("TokenRefreshMargin must not be negative.");
        }

        if (MaxLinesPerJournal < 2)
        {
            errors.Add("MaxLinesPerJournal must be at least 2.");
        }

        if (MaxJournalsPerBatch < 1)
        {
            errors.Add("MaxJournalsPerBatch must be at least 1.");
        }

        if (MaxRequestsPerSecond is { } rate && (!double.IsFinite(rate) || rate <= 0))
        {
            errors.Add("MaxRequestsPerSecond must be a positive, finite number.");
        }

        if (Mapping is null && MappingPath is not null)
        {
            errors.AddRange(ErpLedgerMapping.LoadFile(MappingPath).Diagnostics.Select(d => "Mapping: " + d));
        }

        if (string.IsNullOrWhiteSpace(ResiliencePipelineKey) || string.IsNullOrWhiteSpace(TokenResiliencePipelineKey))
        {
            errors.Add("ResiliencePipelineKey and TokenResiliencePipelineKey are required.");
        }

        CheckRange(errors, nameof(AttemptTimeout), AttemptTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromDays(1));
        CheckRange(errors, nameof(TotalTimeout), TotalTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromDays(1));
        if (MaxRetryAttempts is < 0 or > 20)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"MaxRetryAttempts must be between 0 and 20 (was {MaxRetryAttempts})."));
        }

        CheckRange(errors, nameof(RetryBaseDelay), RetryBaseDelay, TimeSpan.Zero, TimeSpan.FromDays(1));
        CheckRange(errors, nameof(MaxRetryAfter), MaxRetryAfter, TimeSpan.Zero, TimeSpan.FromDays(1));
        if (!(CircuitBreakerFailureRatio > 0 && CircuitBreakerFailureRatio <= 1))
        {
            errors.Add("CircuitBreakerFailureRatio must be above 0 and at most 1.");
        }

        if (CircuitBreakerMinimumThroughput < 2)
        {
            errors.Add("CircuitBreakerMinimumThroughput must be at least 2.");
        }

        CheckRange(errors, nameof(CircuitBreakerSamplingDuration), CircuitBreakerSamplingDuration, TimeSpan.FromSeconds(0.5), TimeSpan.FromDays(1));
        CheckRange(errors, nameof(CircuitBreakerBreakDuration), CircuitBreakerBreakDuration, TimeSpan.FromSeconds(0.5), TimeSpan.FromDays(1));
        return errors;
    }

    private static bool IsHttp(Uri uri) => uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps;

    private static void CheckHttpUri(List<string> errors, string name, Uri? uri)
    {
        if (uri is null)
        {
            errors.Add($"{name} is required.");
        }
        else if (!uri.IsAbsoluteUri || !IsHttp(uri))
        {
            errors.Add($"{name} must be an absolute http or https URI.");
        }
        else if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            errors.Add($"{name} must not carry credentials; set ClientId and ClientSecret.");
        }
    }

    private static void CheckRange(List<string> errors, string name, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{name} must be between {min} and {max} (was {value})."));
        }
    }
}

/// <summary>How the adapter authenticates to the OAuth2 token endpoint (RFC 6749 section 2.3.1).</summary>
public enum HttpErpClientAuthentication
{
    /// <summary>HTTP Basic with the form-encoded client id and secret (<c>client_secret_basic</c>), which every token endpoint must support.</summary>
    BasicHeader = 0,

    /// <summary><c>client_id</c> and <c>client_secret</c> in the form body (<c>client_secret_post</c>).</summary>
    RequestBody = 1,
}
