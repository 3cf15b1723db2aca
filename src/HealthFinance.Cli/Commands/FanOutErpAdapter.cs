using HealthFinance.Erp;

namespace HealthFinance.Cli.Commands;

/// <summary>
/// Posts every batch to several idempotent adapters (the default export: JSON lines and hledger). A journal is
/// accepted when every adapter accepted it (each recognises a resubmission by its key), rejected when one rejected
/// it, and otherwise failed transiently so that it is posted again: adapters that already hold it acknowledge it as a
/// duplicate.
/// </summary>
internal sealed class FanOutErpAdapter : IErpAdapter, IDisposable
{
    private readonly IReadOnlyList<IErpAdapter> _adapters;

    public FanOutErpAdapter(IReadOnlyList<IErpAdapter> adapters)
    {
        if (adapters.Count == 0 || adapters.Any(static a => !a.Capabilities.NativeIdempotency))
        {
            throw new ArgumentException("A fan-out needs at least one adapter, and every adapter must recognise resubmissions by key.", nameof(adapters));
        }

        _adapters = adapters;
        Name = string.Join("+", adapters.Select(static a => a.Name));
        Capabilities = new ErpCapabilities
        {
            MaxLinesPerJournal = adapters.Min(static a => a.Capabilities.MaxLinesPerJournal),
            MaxJournalsPerBatch = adapters.Min(static a => a.Capabilities.MaxJournalsPerBatch),
            SupportsLookup = adapters.All(static a => a.Capabilities.SupportsLookup),
            NativeIdempotency = true,
        };
    }

    public string Name { get; }

    public ErpCapabilities Capabilities { get; }

    public async Task<IReadOnlyList<ErpAcknowledgment>> PostAsync(ErpBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var all = new List<IReadOnlyList<ErpAcknowledgment>>(_adapters.Count);
        foreach (var adapter in _adapters)
        {
            all.Add(await adapter.PostAsync(batch, cancellationToken).ConfigureAwait(false));
        }

        var combined = new List<ErpAcknowledgment>(batch.Journals.Count);
        foreach (var journal in batch.Journals)
        {
            var key = journal.IdempotencyKey;
            var acks = all.Select(list => list.FirstOrDefault(a => a.IdempotencyKey == key)).ToList();
            var rejected = acks.FirstOrDefault(static a => a is { Status: ErpAcknowledgmentStatus.Rejected });
            if (rejected is not null)
            {
                combined.Add(rejected);
            }
            else if (acks.TrueForAll(static a => a is { IsAccepted: true }))
            {
                combined.Add(ErpAcknowledgment.Accepted(key, acks[0]!.DocumentId!, acks.TrueForAll(static a => a!.IsDuplicate)));
            }
            else
            {
                var failed = acks.FirstOrDefault(static a => a is { IsAccepted: false });
                combined.Add(ErpAcknowledgment.TransientFailure(key, failed?.Reason ?? "An adapter did not acknowledge the journal.", failed?.Code));
            }
        }

        return combined;
    }

    public async Task<ErpLookupResult> LookupAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        ErpLookupResult? first = null;
        foreach (var adapter in _adapters)
        {
            var result = await adapter.LookupAsync(idempotencyKey, cancellationToken).ConfigureAwait(false);
            if (result.Status != ErpLookupStatus.Found)
            {
                return result;
            }

            first ??= result;
        }

        return first!;
    }

    public void Dispose()
    {
        foreach (var adapter in _adapters.OfType<IDisposable>())
        {
            adapter.Dispose();
        }
    }
}
