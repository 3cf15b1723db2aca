using HealthFinance.Canonical;
using HealthFinance.Idempotency.Keys;

namespace HealthFinance.Idempotency.DeadLetters;

/// <summary>Where a dead letter stands.</summary>
public enum DeadLetterStatus
{
    /// <summary>Waiting for an operator or a replay.</summary>
    Open = 0,

    /// <summary>Replayed successfully.</summary>
    Replayed = 1,

    /// <summary>Closed by an operator without replay.</summary>
    Discarded = 2,
}

/// <summary>A request to hold an input that cannot be processed.</summary>
/// <param name="InputKey">The input's key; one dead letter per input, whose attempts grow with each failure.</param>
/// <param name="EventType">The canonical event type, when the input was parsed that far.</param>
/// <param name="Reason">Why it failed, for operators (no patient data).</param>
/// <param name="FindingCodes">The permanent codes of the findings (e.g. <c>HIPAA-0201</c>).</param>
/// <param name="Context">Its business context.</param>
/// <param name="Payload">The raw input, to replay; encrypted at rest.</param>
/// <param name="PayloadType">What the payload is (e.g. <c>x12</c>, <c>hl7v2</c>, <c>fhir+json</c>, <c>canonical+json</c>).</param>
public sealed record DeadLetterRequest(IdempotencyKey InputKey, string? EventType, string Reason, EquatableArray<string> FindingCodes, BusinessContext Context, ReadOnlyMemory<byte> Payload, string PayloadType);

/// <summary>A held input.</summary>
/// <param name="Id">The replay handle (<c>dl-</c> and 24 hex digits, derived from the input key).</param>
/// <param name="InputKey">The input's key.</param>
/// <param name="EventType">The canonical event type, when known.</param>
/// <param name="Reason">Why it last failed.</param>
/// <param name="FindingCodes">The codes of the last failure.</param>
/// <param name="Context">Its business context.</param>
/// <param name="PayloadType">What the payload is.</param>
/// <param name="PayloadKeyId">The id of the key the payload is encrypted with; <see langword="null"/> when purged.</param>
/// <param name="Attempts">How many times it failed.</param>
/// <param name="FirstFailureAt">When it first failed.</param>
/// <param name="LastFailureAt">When it last failed.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="ResolvedAt">When it was replayed or discarded.</param>
public sealed record DeadLetter(
    string Id,
    IdempotencyKey InputKey,
    string? EventType,
    string Reason,
    EquatableArray<string> FindingCodes,
    BusinessContext Context,
    string PayloadType,
    string? PayloadKeyId,
    int Attempts,
    DateTimeOffset FirstFailureAt,
    DateTimeOffset LastFailureAt,
    DeadLetterStatus Status,
    DateTimeOffset? ResolvedAt)
{
    /// <summary>Whether the payload is still held (not purged by retention).</summary>
    public bool HasPayload => PayloadKeyId is not null;

    /// <summary>The replay handle of an input key.</summary>
    /// <param name="inputKey">The input key.</param>
    /// <returns>The handle.</returns>
    public static string IdOf(IdempotencyKey inputKey)
    {
        var value = inputKey.Value;
        var hex = value[(value.IndexOf(':', StringComparison.Ordinal) + 1)..];
        return "dl-" + hex[..Math.Min(24, hex.Length)];
    }
}

/// <summary>Which dead letters to list.</summary>
/// <param name="Status">Only this status; <see langword="null"/> for all.</param>
/// <param name="Limit">The most to return.</param>
/// <param name="AfterId">Continue after this id (ids are listed in ordinal order).</param>
public sealed record DeadLetterQuery(DeadLetterStatus? Status = DeadLetterStatus.Open, int Limit = 100, string? AfterId = null);

/// <summary>Every input that cannot be processed, with its context, attempts and a replay handle.</summary>
/// <remarks>Payloads are encrypted with the store's <see cref="Protection.IPayloadProtector"/> and purged by retention.</remarks>
public interface IDeadLetterStore
{
    /// <summary>Holds a failed input; when it is already held, counts one more attempt and records the latest failure (reopening it if it had been replayed).</summary>
    /// <param name="request">The failed input.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The dead letter as it now stands.</returns>
    ValueTask<DeadLetter> AddAsync(DeadLetterRequest request, CancellationToken cancellationToken = default);

    /// <summary>Finds a dead letter by its handle.</summary>
    /// <param name="id">The handle.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The dead letter, or <see langword="null"/>.</returns>
    ValueTask<DeadLetter?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Lists dead letters in id order.</summary>
    /// <param name="query">The filter and page.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The dead letters.</returns>
    ValueTask<IReadOnlyList<DeadLetter>> ListAsync(DeadLetterQuery query, CancellationToken cancellationToken = default);

    /// <summary>Reads and decrypts a dead letter's payload.</summary>
    /// <param name="id">The handle.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The payload, or <see langword="null"/> when the dead letter is unknown or its payload was purged.</returns>
    ValueTask<ReadOnlyMemory<byte>?> ReadPayloadAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Closes an open dead letter.</summary>
    /// <param name="id">The handle.</param>
    /// <param name="status"><see cref="DeadLetterStatus.Replayed"/> or <see cref="DeadLetterStatus.Discarded"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when it was open and is now closed; <see langword="false"/> when unknown or already closed.</returns>
    ValueTask<bool> ResolveAsync(string id, DeadLetterStatus status, CancellationToken cancellationToken = default);
}
