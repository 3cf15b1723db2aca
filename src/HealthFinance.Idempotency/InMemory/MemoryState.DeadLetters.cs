using HealthFinance.Idempotency.DeadLetters;

namespace HealthFinance.Idempotency.InMemory;

/// <content>The dead letters.</content>
internal sealed partial class MemoryState
{
    // Sorted by id in ordinal order, the order in which they are listed.
    private readonly TrackedMap<string, DeadLetterRow> _deadLetters;

    /// <summary>Holds a failed input, or counts one more attempt of a held one.</summary>
    /// <param name="request">The failed input.</param>
    /// <returns>The dead letter as it now stands.</returns>
    public DeadLetter AddDeadLetter(DeadLetterRequest request) => AddDeadLetter(request, hasPayload: true, Now);

    /// <summary>Finds a dead letter.</summary>
    /// <param name="id">Its handle.</param>
    /// <returns>The dead letter, or <see langword="null"/>.</returns>
    public DeadLetter? GetDeadLetter(string id) => _deadLetters.TryGetValue(id, out var row) ? row.Letter : null;

    /// <summary>Lists dead letters in id order.</summary>
    /// <param name="query">The filter and page.</param>
    /// <returns>The dead letters.</returns>
    public IReadOnlyList<DeadLetter> ListDeadLetters(DeadLetterQuery query)
        => _deadLetters.Values
            .Where(r => (query.Status is not { } status || r.Letter.Status == status) && (query.AfterId is null || string.CompareOrdinal(r.Letter.Id, query.AfterId) > 0))
            .Take(query.Limit)
            .Select(r => r.Letter)
            .ToList();

    /// <summary>Reads a dead letter's payload.</summary>
    /// <param name="id">Its handle.</param>
    /// <returns>The payload, or <see langword="null"/> when unknown or purged.</returns>
    public ReadOnlyMemory<byte>? ReadDeadLetterPayload(string id)
    {
        // Not a conditional expression: a null byte[] would convert to an empty memory rather than to no value.
        if (!_deadLetters.TryGetValue(id, out var row) || row.Payload is null)
        {
            return null;
        }

        return Unprotect(row.Payload, row.Letter.InputKey);
    }

    /// <summary>Closes an open dead letter.</summary>
    /// <param name="id">Its handle.</param>
    /// <param name="status">Replayed or discarded.</param>
    /// <returns><see langword="true"/> when it was open.</returns>
    public bool Resolve(string id, DeadLetterStatus status)
    {
        if (!_deadLetters.TryGetValue(id, out var row) || row.Letter.Status != DeadLetterStatus.Open)
        {
            return false;
        }

        _deadLetters.Set(id, row with { Letter = row.Letter with { Status = status, ResolvedAt = Now } });
        return true;
    }

    private DeadLetter AddDeadLetter(DeadLetterRequest request, bool hasPayload, DateTimeOffset now)
    {
        var id = DeadLetter.IdOf(request.InputKey);
        _deadLetters.TryGetValue(id, out var existing);
        var inputKey = existing?.Letter.InputKey ?? request.InputKey;
        var payload = hasPayload ? Protect(request.Payload, inputKey) : null;
        var keyId = payload is null ? null : _protector.CurrentKeyId;
        var letter = existing is null
            ? new DeadLetter(id, inputKey, request.EventType, request.Reason, request.FindingCodes, request.Context, request.PayloadType, keyId, 1, now, now, DeadLetterStatus.Open, null)
            : existing.Letter with
            {
                EventType = request.EventType ?? existing.Letter.EventType,
                Reason = request.Reason,
                FindingCodes = request.FindingCodes,
                Context = request.Context,
                PayloadType = request.PayloadType,
                PayloadKeyId = keyId,
                Attempts = existing.Letter.Attempts + 1,
                LastFailureAt = now,
                Status = DeadLetterStatus.Open,
                ResolvedAt = null,
            };
        _deadLetters.Set(id, new DeadLetterRow(letter, payload));
        return letter;
    }
}
