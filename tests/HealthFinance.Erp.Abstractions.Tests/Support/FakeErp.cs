using System.Globalization;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Erp.Abstractions.Tests.Support;

/// <summary>What the fake ERP does on one call.</summary>
public enum Fault
{
    None,

    /// <summary>Throws a transient, unambiguous ErpException; nothing committed.</summary>
    Transient,

    /// <summary>Throws an ambiguous ErpException without committing.</summary>
    AmbiguousBeforeCommit,

    /// <summary>Commits the batch, then throws an ambiguous ErpException (the answer was lost).</summary>
    AmbiguousAfterCommit,

    /// <summary>Throws a permanent ErpException.</summary>
    Permanent,

    /// <summary>Commits the batch and answers for every journal but the last.</summary>
    DropLastAcknowledgment,
}

/// <summary>An ERP in memory with a scripted fault per call; records every call.</summary>
internal sealed class FakeErp : IErpAdapter
{
    private readonly Lock _lock = new();
    private int _documents;

    public string Name => "fake";

    public ErpCapabilities Capabilities { get; set; } = new() { SupportsLookup = true };

    /// <summary>Every document the ERP holds, in commit order. Without native idempotency the fake ERP, like most real ones, posts a key again when it is sent again.</summary>
    public List<(string Key, string DocumentId, JournalEntry Entry)> Documents { get; } = [];

    /// <summary>How often each key was committed (a correct driver keeps every value at 1).</summary>
    public Dictionary<string, int> Commits => Documents.GroupBy(d => d.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public Queue<Fault> PostFaults { get; } = new();

    public Queue<Fault> LookupFaults { get; } = new();

    /// <summary>A per-journal verdict replacing the commit (e.g. a rejection); <see langword="null"/> to commit.</summary>
    public Func<ErpJournal, ErpAcknowledgment?>? Verdict { get; set; }

    public List<string> Calls { get; } = [];

    public List<ErpBatch> Batches { get; } = [];

    public Task<IReadOnlyList<ErpAcknowledgment>> PostAsync(ErpBatch batch, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Calls.Add("post:" + string.Join(",", batch.Journals.Select(j => j.IdempotencyKey)));
            Batches.Add(batch);
            var fault = PostFaults.Count > 0 ? PostFaults.Dequeue() : Fault.None;
            switch (fault)
            {
                case Fault.Transient:
                    throw new ErpException(ErpErrorCodes.Unavailable, "503 from the fake ERP.", isTransient: true);
                case Fault.AmbiguousBeforeCommit:
                    throw new ErpException(ErpErrorCodes.OutcomeUnknown, "Timed out before the fake ERP committed.", isTransient: true, isAmbiguous: true);
                case Fault.Permanent:
                    throw new ErpException(ErpErrorCodes.RequestRefused, "401 from the fake ERP.", isTransient: false);
            }

            var acks = batch.Journals.Select(Commit).ToList();
            if (fault == Fault.AmbiguousAfterCommit)
            {
                throw new ErpException(ErpErrorCodes.OutcomeUnknown, "Connection lost after the fake ERP committed.", isTransient: true, isAmbiguous: true);
            }

            if (fault == Fault.DropLastAcknowledgment)
            {
                acks.RemoveAt(acks.Count - 1);
            }

            return Task.FromResult<IReadOnlyList<ErpAcknowledgment>>(acks);
        }
    }

    public Task<ErpLookupResult> LookupAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Calls.Add("lookup:" + idempotencyKey);
            var fault = LookupFaults.Count > 0 ? LookupFaults.Dequeue() : Fault.None;
            if (fault == Fault.Transient)
            {
                throw new ErpException(ErpErrorCodes.Unavailable, "Lookup throttled.", isTransient: true);
            }

            if (fault == Fault.Permanent)
            {
                throw new ErpException(ErpErrorCodes.RequestRefused, "Lookup refused.", isTransient: false);
            }

            if (!Capabilities.SupportsLookup)
            {
                return Task.FromResult(ErpLookupResult.Unsupported);
            }

            var held = Documents.FirstOrDefault(d => d.Key == idempotencyKey);
            return Task.FromResult(held.DocumentId is null ? ErpLookupResult.NotFound : ErpLookupResult.Found(held.DocumentId));
        }
    }

    private ErpAcknowledgment Commit(ErpJournal journal)
    {
        if (Verdict?.Invoke(journal) is { } verdict)
        {
            return verdict;
        }

        var held = Documents.FirstOrDefault(d => d.Key == journal.IdempotencyKey);
        if (Capabilities.NativeIdempotency && held.DocumentId is not null)
        {
            return ErpAcknowledgment.Accepted(journal.IdempotencyKey, held.DocumentId, isDuplicate: true);
        }

        var id = "DOC-" + (++_documents).ToString(CultureInfo.InvariantCulture);
        Documents.Add((journal.IdempotencyKey, id, journal.Entry));
        return ErpAcknowledgment.Accepted(journal.IdempotencyKey, id);
    }
}
