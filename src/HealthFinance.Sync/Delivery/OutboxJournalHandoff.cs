using System.Collections.Concurrent;
using HealthFinance.Canonical.Events;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Sync.Processing;

namespace HealthFinance.Sync.Delivery;

/// <summary>
/// The journals of outbox messages this process committed, handed to its own deliverer so that a message delivered by
/// the process that wrote it is not read back from its payload (decrypted, yes: the lease does that; parsed, no). A
/// message leased by another process, retried, or past the bound is read from its payload as before: the payload stays
/// the record, this is only a shortcut to the same journals.
/// </summary>
/// <remarks>
/// Only messages whose enqueue inserted a new row are handed over (an existing row with the same key may hold other
/// journals), and only once their transaction committed. At most <see cref="MaxJournals"/> journals wait here; past
/// that, new messages are not kept, so an ERP outage cannot make the process grow.
/// </remarks>
internal sealed class OutboxJournalHandoff
{
    /// <summary>The most journals kept at once.</summary>
    public const int MaxJournals = 20_000;

    private readonly ConcurrentDictionary<string, (OutboxHeader Header, IReadOnlyList<JournalEntry> Journals)> _messages = new(StringComparer.Ordinal);
    private int _journals;

    /// <summary>The number of messages waiting.</summary>
    public int Count => _messages.Count;

    /// <summary>Keeps the journals of a committed message, unless the bound is reached.</summary>
    /// <param name="key">The message key.</param>
    /// <param name="header">The header line the payload starts with.</param>
    /// <param name="journals">The journals the payload holds, in order.</param>
    public void Publish(IdempotencyKey key, OutboxHeader header, IReadOnlyList<JournalEntry> journals)
    {
        if (Interlocked.Add(ref _journals, journals.Count) > MaxJournals || !_messages.TryAdd(key.Value, (header, journals)))
        {
            Interlocked.Add(ref _journals, -journals.Count);
        }
    }

    /// <summary>Takes the journals of a message when this process committed it and they are still here.</summary>
    /// <param name="key">The message key.</param>
    /// <param name="header">The header.</param>
    /// <param name="journals">The journals.</param>
    /// <returns><see langword="true"/> when they were here (they are removed).</returns>
    public bool TryTake(IdempotencyKey key, out OutboxHeader header, out IReadOnlyList<JournalEntry> journals)
    {
        if (_messages.TryRemove(key.Value, out var message))
        {
            Interlocked.Add(ref _journals, -message.Journals.Count);
            (header, journals) = message;
            return true;
        }

        header = null!;
        journals = [];
        return false;
    }

    /// <summary>Forgets every message (at the end of a run: the next run reads what is left from the payloads).</summary>
    public void Clear()
    {
        foreach (var key in _messages.Keys)
        {
            if (_messages.TryRemove(key, out var message))
            {
                Interlocked.Add(ref _journals, -message.Journals.Count);
            }
        }
    }
}
