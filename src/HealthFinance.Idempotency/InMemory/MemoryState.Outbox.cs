using System.Security.Cryptography;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Idempotency.Outbox;

namespace HealthFinance.Idempotency.InMemory;

/// <content>The outbox.</content>
internal sealed partial class MemoryState
{
    private readonly TrackedMap<IdempotencyKey, OutboxRow> _outbox;

    // The pending subset of the outbox, which leasing scans.
    private readonly TrackedMap<IdempotencyKey, OutboxRow> _pendingOutbox;

    /// <summary>Adds a message unless its key is in the outbox.</summary>
    /// <param name="message">The message.</param>
    /// <returns><see langword="true"/> when added.</returns>
    public bool Enqueue(OutboxMessage message)
    {
        if (_outbox.ContainsKey(message.Key))
        {
            return false;
        }

        var now = Now;
        var entry = new OutboxEntry(message.Key, message.Destination, OutboxStatus.Pending, 0, null, null, now, now, null);
        SetOutbox(new OutboxRow(entry, message.PayloadType, Protect(message.Payload, message.Key), NextSequence()));
        return true;
    }

    /// <summary>Leases the oldest due messages that no live lease holds.</summary>
    /// <param name="workerId">The worker.</param>
    /// <param name="maxCount">The most to lease.</param>
    /// <param name="leaseDuration">How long the lease lasts.</param>
    /// <param name="destination">Only this destination, when given.</param>
    /// <returns>The leases.</returns>
    public IReadOnlyList<OutboxLease> Lease(string workerId, int maxCount, TimeSpan leaseDuration, string? destination)
    {
        var now = Now;
        var due = _pendingOutbox.Values
            .Where(r => r.Entry.NextAttemptAt <= now
                && (r.LeaseExpiresAt is not { } until || until <= now)
                && (destination is null || string.Equals(r.Entry.Destination, destination, StringComparison.Ordinal)))
            .OrderBy(r => r.Entry.CreatedAt)
            .ThenBy(r => r.Sequence)
            .Take(maxCount)
            .ToList();
        var expiresAt = now + leaseDuration;
        var leases = new List<OutboxLease>(due.Count);
        foreach (var row in due)
        {
            var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var attempt = row.Entry.Attempts + 1;
            SetOutbox(row with { Entry = row.Entry with { Attempts = attempt }, LeaseToken = token, LeaseExpiresAt = expiresAt, WorkerId = workerId });
            var payload = row.Payload is null ? [] : Unprotect(row.Payload, row.Entry.Key);
            leases.Add(new OutboxLease(row.Entry.Key, row.Entry.Destination, row.PayloadType, payload, attempt, token, expiresAt));
        }

        return leases;
    }

    /// <summary>Marks a leased message delivered.</summary>
    /// <param name="lease">The lease.</param>
    /// <param name="externalReference">The ERP's document id.</param>
    /// <returns><see langword="true"/> when the lease was still held.</returns>
    public bool Complete(OutboxLease lease, string? externalReference)
    {
        if (!TryGetLeased(lease, out var row))
        {
            return false;
        }

        SetOutbox(row with
        {
            Entry = row.Entry with { Status = OutboxStatus.Delivered, ExternalReference = externalReference, CompletedAt = Now },
            LeaseToken = null,
            LeaseExpiresAt = null,
            WorkerId = null,
        });
        return true;
    }

    /// <summary>Records a failed delivery.</summary>
    /// <param name="lease">The lease.</param>
    /// <param name="reason">The error.</param>
    /// <param name="retryAt">When to retry; <see langword="null"/> for a permanent failure.</param>
    /// <returns><see langword="true"/> when the lease was still held.</returns>
    public bool Fail(OutboxLease lease, string reason, DateTimeOffset? retryAt)
    {
        if (!TryGetLeased(lease, out var row))
        {
            return false;
        }

        var entry = retryAt is { } at
            ? row.Entry with { NextAttemptAt = at, LastError = reason }
            : row.Entry with { Status = OutboxStatus.Failed, LastError = reason, CompletedAt = Now };
        SetOutbox(row with { Entry = entry, LeaseToken = null, LeaseExpiresAt = null, WorkerId = null });
        return true;
    }

    /// <summary>Finds a message.</summary>
    /// <param name="key">Its key.</param>
    /// <returns>Its state, or <see langword="null"/>.</returns>
    public OutboxEntry? GetOutboxEntry(IdempotencyKey key) => _outbox.TryGetValue(key, out var row) ? row.Entry : null;

    /// <summary>Counts messages in a status.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The count.</returns>
    public long CountOutbox(OutboxStatus status)
        => status == OutboxStatus.Pending ? _pendingOutbox.Count : _outbox.Values.Count(r => r.Entry.Status == status);

    private bool TryGetLeased(OutboxLease lease, out OutboxRow row)
        => _outbox.TryGetValue(lease.Key, out row)
            && row.Entry.Status == OutboxStatus.Pending
            && row.LeaseToken is not null
            && string.Equals(row.LeaseToken, lease.LeaseToken, StringComparison.Ordinal);

    private void SetOutbox(OutboxRow row)
    {
        _outbox.Set(row.Entry.Key, row);
        if (row.Entry.Status == OutboxStatus.Pending)
        {
            _pendingOutbox.Set(row.Entry.Key, row);
        }
        else
        {
            _pendingOutbox.Remove(row.Entry.Key);
        }
    }
}
