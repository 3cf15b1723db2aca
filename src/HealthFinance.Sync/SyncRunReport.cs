namespace HealthFinance.Sync;

/// <summary>
/// The totals of a pipeline run. Every event received ends in exactly one of <see cref="Posted"/>,
/// <see cref="Duplicates"/>, <see cref="Quarantined"/>, <see cref="DeadLettered"/> (an event whose processing failed)
/// or <see cref="NothingToPost"/>; <see cref="Parked"/> counts what waits for another event (a 277CA or a reversal
/// before its claim or payment, a payment's lifecycle step before its claim) and is not yet released.
/// </summary>
public sealed class SyncRunReport
{
    private long _received;
    private long _posted;
    private long _duplicates;
    private long _quarantined;
    private long _parked;
    private long _released;
    private long _deadLettered;
    private long _nothingToPost;
    private long _journals;
    private long _journalLines;
    private long _claimPayments;
    private long _deliveredJournals;
    private long _rejectedJournals;
    private decimal _variance;
    private readonly Lock _gate = new();
    private readonly List<SyncQuarantine> _quarantines = [];
    private readonly Dictionary<string, HashSet<string>> _partlyDelivered = new(StringComparer.Ordinal);

    /// <summary>How many quarantines <see cref="Quarantines"/> lists at most.</summary>
    public const int MaxQuarantinesListed = 1000;

    /// <summary>The first quarantined units and events of the run (up to <see cref="MaxQuarantinesListed"/>), with their reasons and dead-letter ids.</summary>
    public IReadOnlyList<SyncQuarantine> Quarantines
    {
        get
        {
            lock (_gate)
            {
                return [.. _quarantines];
            }
        }
    }

    internal HashSet<string> ParkedKeys { get; } = new(StringComparer.Ordinal);

    internal HashSet<string> ReleasedKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>Events (and units that could not be read into events) taken from the inputs.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Events whose journals were accepted for posting (written to the outbox).</summary>
    public long Posted => Interlocked.Read(ref _posted);

    /// <summary>Events seen before (under any of their idempotency keys): skipped.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Events or units refused by parsing, validation or the posting rules: held in the dead-letter store with their finding codes.</summary>
    public long Quarantined => Interlocked.Read(ref _quarantined);

    /// <summary>Items parked by this run and not released by its end.</summary>
    public long Parked => Interlocked.Read(ref _parked);

    /// <summary>Parked items (of this run or earlier ones) released because what they waited for arrived.</summary>
    public long Released => Interlocked.Read(ref _released);

    /// <summary>Events whose processing failed, journals the ERP rejected, and parked items whose wait expired: held in the dead-letter store.</summary>
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>Events with no ledger effect (acknowledgments, status reports, denials, failed payments).</summary>
    public long NothingToPost => Interlocked.Read(ref _nothingToPost);

    /// <summary>Journals accepted for posting in this run.</summary>
    public long Journals => Interlocked.Read(ref _journals);

    /// <summary>Lines of <see cref="Journals"/>.</summary>
    public long JournalLines => Interlocked.Read(ref _journalLines);

    /// <summary>Claim payments (835 CLP loops) of the remittances received.</summary>
    public long ClaimPayments => Interlocked.Read(ref _claimPayments);

    /// <summary>Journals the ERP adapter acknowledged as posted in this run (including ones enqueued by earlier runs).</summary>
    public long DeliveredJournals => Interlocked.Read(ref _deliveredJournals);

    /// <summary>Journals the ERP rejected in this run.</summary>
    public long RejectedJournals => Interlocked.Read(ref _rejectedJournals);

    /// <summary>Outbox messages (each up to <see cref="SyncOptions.MaxJournalsPerMessage"/> journals) still waiting for delivery when the run ended (the ERP was unavailable or slow); delivered by the next run or the worker.</summary>
    public long PendingMessages { get; internal set; }

    /// <summary>How long the run took.</summary>
    public TimeSpan Elapsed { get; internal set; }

    /// <summary>Σ remitted (BPR02) − Σ cash applied by the posted remittance journals of this run: cash not (yet) applied because it was quarantined, parked or sent to suspense.</summary>
    public decimal ReconciliationVariance
    {
        get
        {
            lock (_gate)
            {
                return _variance;
            }
        }
    }

    /// <summary>Whether every input is accounted for: nothing is waiting for delivery.</summary>
    public bool Complete => PendingMessages == 0;

    internal void AddReceived(long n = 1) => Interlocked.Add(ref _received, n);

    internal void AddPosted(int journals, int lines)
    {
        Interlocked.Increment(ref _posted);
        AddJournals(journals, lines);
    }

    // Journals of an item that was received earlier (a released reversal): the journals count, the event did already.
    internal void AddJournals(int journals, int lines)
    {
        Interlocked.Add(ref _journals, journals);
        Interlocked.Add(ref _journalLines, lines);
    }

    internal void AddDuplicate() => Interlocked.Increment(ref _duplicates);

    internal void AddQuarantined(SyncQuarantine quarantine)
    {
        Interlocked.Increment(ref _quarantined);
        lock (_gate)
        {
            if (_quarantines.Count < MaxQuarantinesListed)
            {
                _quarantines.Add(quarantine);
            }
        }
    }

    internal void AddParked(string key)
    {
        Interlocked.Increment(ref _parked);
        lock (_gate)
        {
            ParkedKeys.Add(key);
        }
    }

    /// <summary>Adds the counts of a committed batch to this report.</summary>
    internal void Merge(SyncRunReport batch)
    {
        Interlocked.Add(ref _received, batch.Received);
        Interlocked.Add(ref _posted, batch.Posted);
        Interlocked.Add(ref _duplicates, batch.Duplicates);
        Interlocked.Add(ref _quarantined, batch.Quarantined);
        Interlocked.Add(ref _parked, batch.Parked);
        Interlocked.Add(ref _released, batch.Released);
        Interlocked.Add(ref _deadLettered, batch.DeadLettered);
        Interlocked.Add(ref _nothingToPost, batch.NothingToPost);
        Interlocked.Add(ref _journals, batch.Journals);
        Interlocked.Add(ref _journalLines, batch.JournalLines);
        Interlocked.Add(ref _claimPayments, batch.ClaimPayments);
        lock (_gate)
        {
            _variance += batch.ReconciliationVariance;
            foreach (var q in batch.Quarantines)
            {
                if (_quarantines.Count < MaxQuarantinesListed)
                {
                    _quarantines.Add(q);
                }
            }

            // Releases of items parked by earlier batches of this run lower this run's parked count.
            foreach (var key in batch.ReleasedKeys)
            {
                if (ParkedKeys.Remove(key))
                {
                    _parked--;
                }
            }

            ParkedKeys.UnionWith(batch.ParkedKeys);
        }
    }

    internal void AddReleased(string key)
    {
        Interlocked.Increment(ref _released);
        lock (_gate)
        {
            if (ParkedKeys.Remove(key))
            {
                _parked--;
            }
            else
            {
                ReleasedKeys.Add(key);
            }
        }
    }

    internal void AddDeadLettered(long n = 1) => Interlocked.Add(ref _deadLettered, n);

    internal void AddNothingToPost() => Interlocked.Increment(ref _nothingToPost);

    internal void AddClaimPayments(int n) => Interlocked.Add(ref _claimPayments, n);

    /// <summary>
    /// Counts the posted journals of one delivery attempt of a message once per run: a message delivered in part is
    /// remembered with the journals counted so far until it completes, so that its next attempt (which finds those
    /// journals posted) counts only the others.
    /// </summary>
    /// <returns>How many journals this attempt added to the count.</returns>
    internal int AddDelivered(string messageKey, IEnumerable<string> postedJournalKeys, int rejected, bool messageFinished)
    {
        var journals = 0;
        lock (_gate)
        {
            var counted = _partlyDelivered.GetValueOrDefault(messageKey);
            foreach (var key in postedJournalKeys)
            {
                if (counted?.Contains(key) != true)
                {
                    journals++;
                    if (!messageFinished)
                    {
                        counted ??= _partlyDelivered[messageKey] = new HashSet<string>(StringComparer.Ordinal);
                        counted.Add(key);
                    }
                }
            }

            if (messageFinished)
            {
                _partlyDelivered.Remove(messageKey);
            }
        }

        Interlocked.Add(ref _deliveredJournals, journals);
        Interlocked.Add(ref _rejectedJournals, rejected);
        return journals;
    }

    internal void AddVariance(decimal amount)
    {
        lock (_gate)
        {
            _variance += amount;
        }
    }
}

/// <summary>A quarantined unit or event: where it came from, why, and its dead-letter id (the replay handle).</summary>
/// <param name="Input">The input name.</param>
/// <param name="Position">Where it starts in the input.</param>
/// <param name="Unit">The unit label.</param>
/// <param name="EventType">The canonical event type, or <see langword="null"/> for a unit that could not be read.</param>
/// <param name="Codes">The finding codes, comma-separated.</param>
/// <param name="DeadLetterId">The dead-letter id: <c>healthfinance dead-letter replay ID</c>.</param>
/// <param name="Reason">Why, for operators.</param>
public sealed record SyncQuarantine(string Input, string? Position, string Unit, string? EventType, string Codes, string DeadLetterId, string Reason);
