using Microsoft.Extensions.Logging;

namespace HealthFinance.Sync.Telemetry;

/// <summary>The pipeline's log messages: codes, positions, counts and keys; never patient names, identifiers or clinical fields.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Reading {Input} as {Format}.")]
    public static partial void InputStarted(ILogger logger, string input, string format);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Code}: {Input} is in no format the pipeline reads; dead-lettered as {DeadLetterId}.")]
    public static partial void UnknownFormat(ILogger logger, string code, string input, string deadLetterId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "{Code}: {Input} could not be read ({ExceptionType}); dead-lettered as {DeadLetterId}.")]
    public static partial void InputUnreadable(ILogger logger, string code, string input, string exceptionType, string deadLetterId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Quarantined {Format} {Label} of {Input} at {Position}: {Codes} ({DeadLetterId}).")]
    public static partial void Quarantined(ILogger logger, string format, string label, string input, string? position, string codes, string deadLetterId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Parked {Kind} from {Input} ({Code}).")]
    public static partial void Parked(ILogger logger, Processing.ParkedKind kind, string input, string code);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "Released {Count} parked items.")]
    public static partial void Released(ILogger logger, int count);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "{Code}: processing {Format} {Label} of {Input} failed ({ExceptionType}); the unit is dead-lettered as {DeadLetterId}.")]
    public static partial void ProcessingFailed(ILogger logger, string code, string format, string label, string input, string exceptionType, string deadLetterId);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Delivered {Journals} journals to {Adapter} in {Milliseconds} ms ({Rejected} rejected).")]
    public static partial void Delivered(ILogger logger, int journals, string adapter, long milliseconds, int rejected);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "Delivery to {Adapter} failed ({Code}), attempt {Attempt}; retried at {RetryAt:o}.")]
    public static partial void DeliveryRetry(ILogger logger, string adapter, string code, int attempt, DateTimeOffset retryAt);

    [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "{Code}: the ERP rejected journal {JournalId} ({ErpCode}); dead-lettered as {DeadLetterId}.")]
    public static partial void Rejected(ILogger logger, string code, string journalId, string erpCode, string deadLetterId);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "{Code}: {Count} outbox messages still wait for delivery at the end of the run.")]
    public static partial void Pending(ILogger logger, string code, long count);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "{Count} parked items expired and were dead-lettered (STATE-0001).")]
    public static partial void Expired(ILogger logger, int count);

    [LoggerMessage(EventId = 13, Level = LogLevel.Debug, Message = "Claim lifecycle step to {State} was not applied ({Outcome}).")]
    public static partial void LifecycleSkipped(ILogger logger, Idempotency.Lifecycle.ClaimState state, Idempotency.Lifecycle.TransitionOutcome outcome);

    [LoggerMessage(EventId = 14, Level = LogLevel.Debug, Message = "A batch of {Count} units failed and is processed again unit by unit.")]
    public static partial void BatchFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 15, Level = LogLevel.Warning, Message = "The sync worker's round failed ({ExceptionType}); it retries after its poll interval.")]
    public static partial void WorkerRoundFailed(ILogger logger, string exceptionType);
}
