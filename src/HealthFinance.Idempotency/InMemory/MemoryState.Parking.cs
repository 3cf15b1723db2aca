using HealthFinance.Canonical;
using HealthFinance.Idempotency.DeadLetters;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Idempotency.Parking;

namespace HealthFinance.Idempotency.InMemory;

/// <content>The parked inputs.</content>
internal sealed partial class MemoryState
{
    private static readonly EquatableArray<string> ExpiredCodes = ["STATE-0001"];

    private readonly TrackedMap<IdempotencyKey, ParkedRow> _parked;

    /// <summary>Parks an input unless it is parked already.</summary>
    /// <param name="request">The input.</param>
    /// <returns><see langword="true"/> when parked.</returns>
    public bool Park(ParkRequest request)
    {
        if (_parked.ContainsKey(request.InputKey))
        {
            return false;
        }

        var now = Now;
        var input = new ParkedInput(request.InputKey, request.EventType, request.WaitingFor, request.Reason, request.Context, now, now + (request.Expiry ?? _parkingExpiry), ReadOnlyMemory<byte>.Empty);
        _parked.Set(request.InputKey, new ParkedRow(input, Protect(request.Payload, request.InputKey), NextSequence()));
        return true;
    }

    /// <summary>Removes and returns the inputs waiting for a key, oldest first, with their payloads.</summary>
    /// <param name="waitingFor">The key that arrived.</param>
    /// <returns>The released inputs.</returns>
    public IReadOnlyList<ParkedInput> Release(IdempotencyKey waitingFor)
    {
        var rows = OldestFirst(_parked.Values.Where(r => r.Input.WaitingFor == waitingFor));
        var released = new List<ParkedInput>(rows.Count);
        foreach (var row in rows)
        {
            _parked.Remove(row.Input.InputKey);
            released.Add(row.Input with { Payload = row.Payload is null ? ReadOnlyMemory<byte>.Empty : Unprotect(row.Payload, row.Input.InputKey) });
        }

        return released;
    }

    /// <summary>Lists parked inputs, oldest first, without payloads.</summary>
    /// <param name="limit">The most to return.</param>
    /// <returns>The inputs.</returns>
    public IReadOnlyList<ParkedInput> ListParked(int limit)
        => OldestFirst(_parked.Values).Take(limit).Select(r => r.Input).ToList();

    /// <summary>Moves every input whose wait has expired to the dead letters.</summary>
    /// <returns>How many were moved.</returns>
    public int Expire()
    {
        var now = Now;
        var expired = OldestFirst(_parked.Values.Where(r => r.Input.ExpiresAt <= now));
        foreach (var row in expired)
        {
            var input = row.Input;
            _parked.Remove(input.InputKey);
            var payload = row.Payload is null ? null : Unprotect(row.Payload, input.InputKey);
            var request = new DeadLetterRequest(input.InputKey, input.EventType, "Parked input expired: " + input.Reason, ExpiredCodes, input.Context, payload, "parked:" + input.EventType);
            AddDeadLetter(request, hasPayload: payload is not null, now);
        }

        return expired.Count;
    }

    private static List<ParkedRow> OldestFirst(IEnumerable<ParkedRow> rows)
        => rows.OrderBy(r => r.Input.ParkedAt).ThenBy(r => r.Sequence).ToList();
}
