using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Erp.Testing.Tests;

/// <summary>Reads back what an <see cref="InMemoryErpAdapter"/> holds.</summary>
internal static class Held
{
    public static Task<IReadOnlyList<ErpHeldJournal>> Of(IErpAdapter adapter) => Task.FromResult<IReadOnlyList<ErpHeldJournal>>(
        ((InMemoryErpAdapter)adapter).Documents
            .Select(d => new ErpHeldJournal(
                d.Journal.IdempotencyKey,
                d.DocumentId,
                d.Journal.Entry.Lines.Select(l => new ErpHeldLine(l.Side, l.Amount, (l.Dimensions.LegalEntity ?? d.Journal.Entry.LegalEntity)?.Value)).ToList()))
            .ToList());
}

/// <summary>The kit against an ERP that looks postings up.</summary>
public sealed class InMemoryErpAdapterConformanceTests : ErpAdapterConformanceTests
{
    protected override IErpAdapter CreateAdapter(ErpConformanceSettings settings)
        => new InMemoryErpAdapter(new ErpCapabilities { SupportsLookup = true, MaxLinesPerJournal = Math.Min(settings.MaxLinesPerJournal, 999), MaxJournalsPerBatch = 50 });

    protected override Task<IReadOnlyList<ErpHeldJournal>> ReadHeldJournalsAsync(IErpAdapter adapter, CancellationToken cancellationToken) => Held.Of(adapter);

    protected override void InjectAmbiguousFailure(IErpAdapter adapter) => ((InMemoryErpAdapter)adapter).FailNextPost(ErpFaultKind.AmbiguousAfterCommit);

    protected override void InjectTransientFailure(IErpAdapter adapter) => ((InMemoryErpAdapter)adapter).FailNextPost(ErpFaultKind.Transient);

    protected override void InjectPermanentFailure(IErpAdapter adapter) => ((InMemoryErpAdapter)adapter).FailNextPost(ErpFaultKind.Permanent);
}

/// <summary>The kit against an ERP that deduplicates by key but cannot look postings up (NetSuite-like).</summary>
public sealed class NativeIdempotencyErpConformanceTests : ErpAdapterConformanceTests
{
    protected override IErpAdapter CreateAdapter(ErpConformanceSettings settings)
        => new InMemoryErpAdapter(new ErpCapabilities { NativeIdempotency = true, MaxLinesPerJournal = Math.Min(settings.MaxLinesPerJournal, 1000) });

    protected override Task<IReadOnlyList<ErpHeldJournal>> ReadHeldJournalsAsync(IErpAdapter adapter, CancellationToken cancellationToken) => Held.Of(adapter);

    protected override void InjectAmbiguousFailure(IErpAdapter adapter) => ((InMemoryErpAdapter)adapter).FailNextPost(ErpFaultKind.AmbiguousAfterCommit);

    protected override void InjectTransientFailure(IErpAdapter adapter) => ((InMemoryErpAdapter)adapter).FailNextPost(ErpFaultKind.Transient);
}
