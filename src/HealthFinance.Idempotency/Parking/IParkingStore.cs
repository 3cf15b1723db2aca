using HealthFinance.Idempotency.Keys;

namespace HealthFinance.Idempotency.Parking;

/// <summary>A request to park an input until an event it needs arrives.</summary>
/// <param name="InputKey">The parked input's primary key; an input is parked at most once.</param>
/// <param name="EventType">Its canonical event type.</param>
/// <param name="WaitingFor">The key of what it waits for (e.g. <see cref="Lifecycle.ClaimKey.WaitKey"/>).</param>
/// <param name="Reason">Why it waits, for operators.</param>
/// <param name="Payload">The input to re-run on release; encrypted at rest.</param>
/// <param name="Context">Its business context.</param>
/// <param name="Expiry">How long it may wait before it is dead-lettered; <see langword="null"/> for the store's default.</param>
public sealed record ParkRequest(IdempotencyKey InputKey, string EventType, IdempotencyKey WaitingFor, string Reason, ReadOnlyMemory<byte> Payload, BusinessContext Context, TimeSpan? Expiry = null);

/// <summary>A parked input.</summary>
/// <param name="InputKey">Its primary key.</param>
/// <param name="EventType">Its canonical event type.</param>
/// <param name="WaitingFor">The key it waits for.</param>
/// <param name="Reason">Why it waits.</param>
/// <param name="Context">Its business context.</param>
/// <param name="ParkedAt">When it was parked.</param>
/// <param name="ExpiresAt">When it will be dead-lettered unless released.</param>
/// <param name="Payload">The decrypted input (empty when listed without payloads).</param>
public sealed record ParkedInput(IdempotencyKey InputKey, string EventType, IdempotencyKey WaitingFor, string Reason, BusinessContext Context, DateTimeOffset ParkedAt, DateTimeOffset ExpiresAt, ReadOnlyMemory<byte> Payload);

/// <summary>Holds inputs that arrived before an event they need, until it arrives or they expire.</summary>
public interface IParkingStore
{
    /// <summary>Parks an input.</summary>
    /// <param name="request">The input and what it waits for.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when parked; <see langword="false"/> when it is already parked.</returns>
    ValueTask<bool> ParkAsync(ParkRequest request, CancellationToken cancellationToken = default);

    /// <summary>Removes and returns the inputs waiting for a key, oldest first, with their payloads.</summary>
    /// <param name="waitingFor">The key that arrived.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The released inputs; inside a transaction they return to the store if it rolls back.</returns>
    ValueTask<IReadOnlyList<ParkedInput>> ReleaseAsync(IdempotencyKey waitingFor, CancellationToken cancellationToken = default);

    /// <summary>Lists parked inputs, oldest first, without payloads.</summary>
    /// <param name="limit">The most to return.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The parked inputs.</returns>
    ValueTask<IReadOnlyList<ParkedInput>> ListAsync(int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>Moves every input whose wait has expired to the dead-letter store (code <c>STATE-0001</c>), with its payload and context.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many inputs were moved.</returns>
    ValueTask<int> ExpireAsync(CancellationToken cancellationToken = default);
}
