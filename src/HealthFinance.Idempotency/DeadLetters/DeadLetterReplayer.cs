namespace HealthFinance.Idempotency.DeadLetters;

/// <summary>What <see cref="DeadLetterReplayer.ReplayAsync"/> did.</summary>
public enum ReplayOutcome
{
    /// <summary>The input was processed and its dead letter is closed as <see cref="DeadLetterStatus.Replayed"/>.</summary>
    Replayed = 0,

    /// <summary>The input failed again; the dead letter stays open (the processing path re-added it, counting the attempt).</summary>
    StillFailing = 1,

    /// <summary>The dead letter was already replayed or discarded; nothing was processed. Also returned when it was closed by someone else while this replay processed it.</summary>
    AlreadyResolved = 2,

    /// <summary>No dead letter has this id.</summary>
    NotFound = 3,

    /// <summary>The payload was purged by retention; the input can no longer be replayed from the store.</summary>
    PayloadPurged = 4,
}

/// <summary>Replays a dead letter through the path its input first took, and closes it when that succeeds.</summary>
/// <remarks>
/// The processing path must be idempotent (it records the input's keys, so a replay of an input that was in fact
/// processed changes nothing) and, when it fails again, re-add the dead letter, which counts the attempt. A dead
/// letter that is no longer open is not processed again, so replaying it twice processes it once.
/// </remarks>
public sealed class DeadLetterReplayer
{
    private readonly IDeadLetterStore _deadLetters;

    /// <summary>Creates the replayer.</summary>
    /// <param name="deadLetters">The dead-letter store.</param>
    /// <exception cref="ArgumentNullException"><paramref name="deadLetters"/> is <see langword="null"/>.</exception>
    public DeadLetterReplayer(IDeadLetterStore deadLetters)
    {
        ArgumentNullException.ThrowIfNull(deadLetters);
        _deadLetters = deadLetters;
    }

    /// <summary>Replays one dead letter.</summary>
    /// <param name="id">The dead letter's handle.</param>
    /// <param name="process">
    /// Processes the decrypted payload as the input was first processed; returns <see langword="true"/> on success,
    /// <see langword="false"/> after re-adding the dead letter on failure.
    /// </param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>What happened. <see cref="ReplayOutcome.AlreadyResolved"/> is also returned when the dead letter was
    /// closed by someone else while <paramref name="process"/> ran.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> or <paramref name="process"/> is <see langword="null"/>.</exception>
    public async ValueTask<ReplayOutcome> ReplayAsync(string id, Func<DeadLetter, ReadOnlyMemory<byte>, CancellationToken, ValueTask<bool>> process, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(process);
        var letter = await _deadLetters.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (letter is null)
        {
            return ReplayOutcome.NotFound;
        }

        if (letter.Status != DeadLetterStatus.Open)
        {
            return ReplayOutcome.AlreadyResolved;
        }

        var payload = letter.HasPayload ? await _deadLetters.ReadPayloadAsync(id, cancellationToken).ConfigureAwait(false) : null;
        if (payload is not { } bytes)
        {
            return ReplayOutcome.PayloadPurged;
        }

        if (!await process(letter, bytes, cancellationToken).ConfigureAwait(false))
        {
            return ReplayOutcome.StillFailing;
        }

        return await _deadLetters.ResolveAsync(id, DeadLetterStatus.Replayed, cancellationToken).ConfigureAwait(false)
            ? ReplayOutcome.Replayed
            : ReplayOutcome.AlreadyResolved;
    }
}
