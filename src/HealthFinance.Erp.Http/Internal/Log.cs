using Microsoft.Extensions.Logging;

namespace HealthFinance.Erp.Http.Internal;

/// <summary>The adapter's log messages. They name statuses, codes, counts and batch ids: never a secret, a token or journal content.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "TokenAcquired", Level = LogLevel.Debug, Message = "ERP {Erp}: acquired an access token valid for {Lifetime}.")]
    public static partial void TokenAcquired(ILogger logger, string erp, TimeSpan? lifetime);

    [LoggerMessage(EventId = 2, EventName = "TokenRejected", Level = LogLevel.Information, Message = "ERP {Erp}: the access token was refused (401); acquiring a new one and sending the request once more.")]
    public static partial void TokenRejected(ILogger logger, string erp);

    [LoggerMessage(EventId = 3, EventName = "TokenRequestFailed", Level = LogLevel.Warning, Message = "ERP {Erp}: the token request failed: {ErrorCode} (status {Status}, OAuth error {OAuthError}).")]
    public static partial void TokenRequestFailed(ILogger logger, string erp, string errorCode, int? status, string? oauthError);

    [LoggerMessage(EventId = 4, EventName = "BatchPosted", Level = LogLevel.Debug, Message = "ERP {Erp}: batch {BatchId} answered: {Accepted} accepted, {Rejected} rejected, {NotPosted} not posted.")]
    public static partial void BatchPosted(ILogger logger, string erp, string batchId, int accepted, int rejected, int notPosted);

    [LoggerMessage(EventId = 5, EventName = "PostFailed", Level = LogLevel.Warning, Message = "ERP {Erp}: posting batch {BatchId} failed: {ErrorCode} (status {Status}, transient {IsTransient}, outcome unknown {IsAmbiguous}).")]
    public static partial void PostFailed(ILogger logger, string erp, string batchId, string errorCode, int? status, bool isTransient, bool isAmbiguous);

    [LoggerMessage(EventId = 6, EventName = "LookupFailed", Level = LogLevel.Warning, Message = "ERP {Erp}: a lookup by idempotency key failed: {ErrorCode} (status {Status}, transient {IsTransient}).")]
    public static partial void LookupFailed(ILogger logger, string erp, string errorCode, int? status, bool isTransient);

    [LoggerMessage(EventId = 7, EventName = "CircuitOpened", Level = LogLevel.Warning, Message = "ERP {Erp}: circuit opened after repeated transient failures; calls fail at once for {BreakDuration}.")]
    public static partial void CircuitOpened(ILogger logger, string erp, TimeSpan breakDuration);

    [LoggerMessage(EventId = 8, EventName = "CircuitHalfOpened", Level = LogLevel.Information, Message = "ERP {Erp}: circuit half-open; letting one trial call through.")]
    public static partial void CircuitHalfOpened(ILogger logger, string erp);

    [LoggerMessage(EventId = 9, EventName = "CircuitClosed", Level = LogLevel.Information, Message = "ERP {Erp}: circuit closed; the ERP answers again.")]
    public static partial void CircuitClosed(ILogger logger, string erp);

    [LoggerMessage(EventId = 10, EventName = "JournalRejectedByMapping", Level = LogLevel.Debug, Message = "ERP {Erp}: a journal of batch {BatchId} was rejected before sending: {ErrorCode}.")]
    public static partial void JournalRejectedByMapping(ILogger logger, string erp, string batchId, string errorCode);
}
