using System.Globalization;

namespace HealthFinance.Erp.Testing;

/// <summary>
/// An ERP in memory for tests of a pipeline or a driver: it holds documents, answers lookups, and shows a queued
/// failure on a later post. Like most ERPs it posts a key again when it is sent again, unless
/// <see cref="ErpCapabilities.NativeIdempotency"/> is declared. Thread-safe.
/// </summary>
public sealed class InMemoryErpAdapter : IErpAdapter
{
    private readonly Lock _lock = new();
    private readonly List<(ErpJournal Journal, string DocumentId)> _documents = [];
    private readonly Queue<ErpFaultKind> _faults = new();
    private int _next;

    /// <summary>Creates an ERP with the given capabilities.</summary>
    /// <param name="capabilities">What it declares; <see langword="null"/> for lookup support and no limits.</param>
    public InMemoryErpAdapter(ErpCapabilities? capabilities = null)
    {
        Capabilities = capabilities ?? new ErpCapabilities { SupportsLookup = true };
    }

    /// <inheritdoc/>
    public string Name => "in-memory";

    /// <inheritdoc/>
    public ErpCapabilities Capabilities { get; }

    /// <summary>Every document held, in commit order.</summary>
    public IReadOnlyList<(ErpJournal Journal, string DocumentId)> Documents
    {
        get
        {
            lock (_lock)
            {
                return _documents.ToList();
            }
        }
    }

    /// <summary>How many posts were made.</summary>
    public int PostCalls { get; private set; }

    /// <summary>Queues a failure for a coming post; failures are shown one per post, in order.</summary>
    /// <param name="fault">The failure.</param>
    public void FailNextPost(ErpFaultKind fault)
    {
        lock (_lock)
        {
            _faults.Enqueue(fault);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ErpAcknowledgment>> PostAsync(ErpBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            PostCalls++;
            if (batch.Journals.Count > Capabilities.MaxJournalsPerBatch || batch.Journals.Any(j => j.Entry.Lines.Count > Capabilities.MaxLinesPerJournal))
            {
                throw new ArgumentException("The batch exceeds the declared capabilities.", nameof(batch));
            }

            var fault = _faults.Count > 0 ? _faults.Dequeue() : (ErpFaultKind?)null;
            switch (fault)
            {
                case ErpFaultKind.Transient:
                    throw new ErpException(ErpErrorCodes.Unavailable, "The in-memory ERP is unavailable.", isTransient: true);
                case ErpFaultKind.AmbiguousBeforeCommit:
                    throw new ErpException(ErpErrorCodes.OutcomeUnknown, "The in-memory ERP timed out before it committed.", isTransient: true, isAmbiguous: true);
                case ErpFaultKind.Permanent:
                    throw new ErpException(ErpErrorCodes.RequestRefused, "The in-memory ERP refused the request.", isTransient: false);
            }

            var acks = batch.Journals.Select(Commit).ToList();
            if (fault == ErpFaultKind.AmbiguousAfterCommit)
            {
                throw new ErpException(ErpErrorCodes.OutcomeUnknown, "The in-memory ERP committed, then the answer was lost.", isTransient: true, isAmbiguous: true);
            }

            return Task.FromResult<IReadOnlyList<ErpAcknowledgment>>(acks);
        }
    }

    /// <inheritdoc/>
    public Task<ErpLookupResult> LookupAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        cancellationToken.ThrowIfCancellationRequested();
        if (!Capabilities.SupportsLookup)
        {
            return Task.FromResult(ErpLookupResult.Unsupported);
        }

        lock (_lock)
        {
            var held = _documents.Find(d => d.Journal.IdempotencyKey == idempotencyKey);
            return Task.FromResult(held.DocumentId is null ? ErpLookupResult.NotFound : ErpLookupResult.Found(held.DocumentId));
        }
    }

    private ErpAcknowledgment Commit(ErpJournal journal)
    {
        var held = _documents.Find(d => d.Journal.IdempotencyKey == journal.IdempotencyKey);
        if (Capabilities.NativeIdempotency && held.DocumentId is not null)
        {
            return ErpAcknowledgment.Accepted(journal.IdempotencyKey, held.DocumentId, isDuplicate: true);
        }

        var id = "MEM-" + (++_next).ToString("D6", CultureInfo.InvariantCulture);
        _documents.Add((journal, id));
        return ErpAcknowledgment.Accepted(journal.IdempotencyKey, id);
    }
}
