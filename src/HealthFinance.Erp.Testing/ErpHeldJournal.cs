using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Erp.Testing;

/// <summary>One line of a journal as the ERP holds it.</summary>
/// <param name="Side">Debit or credit.</param>
/// <param name="Amount">The positive amount.</param>
/// <param name="LegalEntity">The legal entity (or company segment) the ERP booked it to, when the adapter can tell.</param>
public sealed record ErpHeldLine(JournalSide Side, Money Amount, string? LegalEntity);

/// <summary>One document (journal, voucher) as the ERP holds it, read back by the adapter's test.</summary>
/// <param name="IdempotencyKey">Our key the document carries.</param>
/// <param name="DocumentId">The ERP's document id.</param>
/// <param name="Lines">Its lines, in order.</param>
public sealed record ErpHeldJournal(string IdempotencyKey, string DocumentId, IReadOnlyList<ErpHeldLine> Lines);

/// <summary>What a test asks of an adapter under test.</summary>
public sealed record ErpConformanceSettings
{
    /// <summary>The line limit the kit would like the adapter to declare, so splitting can be shown on small journals; an adapter with a fixed limit ignores it.</summary>
    public int MaxLinesPerJournal { get; init; } = int.MaxValue;
}
