using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using HealthFinance.Erp.FileExport.Tests.Support;
using HealthFinance.Erp.Testing;
using Microsoft.Extensions.Time.Testing;

namespace HealthFinance.Erp.FileExport.Tests.Conformance;

/// <summary>The conformance kit against a file export of one format; failures are injected at the steps of a write.</summary>
public abstract class FileExportConformanceTests : ErpAdapterConformanceTests, IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<FileExportAdapter> _adapters = [];

    protected abstract FileExportFormat Format { get; }

    protected virtual string? Mapping => null;

    public void Dispose()
    {
        foreach (var adapter in _adapters)
        {
            adapter.Dispose();
        }

        _folder.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override IErpAdapter CreateAdapter(ErpConformanceSettings settings)
    {
        var adapter = new FileExportAdapter(
            new FileExportOptions
            {
                Format = Format,
                OutputDirectory = _folder.Path,
                MappingPath = Mapping is null ? null : TempFolder.TestData(Mapping),
                MaxLinesPerJournal = settings.MaxLinesPerJournal,
            },
            new FakeTimeProvider(new DateTimeOffset(2024, 1, 6, 9, 30, 0, TimeSpan.Zero)));
        _adapters.Add(adapter);
        return adapter;
    }

    protected override Task<IReadOnlyList<ErpHeldJournal>> ReadHeldJournalsAsync(IErpAdapter adapter, CancellationToken cancellationToken)
    {
        var export = (FileExportAdapter)adapter;
        var prefix = Path.GetFileName(export.ManifestPath)[..^".manifest.json".Length];
        return Task.FromResult(ExportReader.Read(export.OutputDirectory, prefix, Format));
    }

    // The manifest commits, then publishing the file fails: the journals are posted, the answer says "unknown".
    protected override void InjectAmbiguousFailure(IErpAdapter adapter) => FailOnce(adapter, FileExportStage.ManifestCommitted);

    // The data file is written but the disk fails before the manifest commits: nothing is posted.
    protected override void InjectTransientFailure(IErpAdapter adapter) => FailOnce(adapter, FileExportStage.DataWritten);

    // A manifest that cannot be read stops every write until it is restored.
    protected override void InjectPermanentFailure(IErpAdapter adapter)
    {
        var export = (FileExportAdapter)adapter;
        Directory.CreateDirectory(export.OutputDirectory);
        File.WriteAllText(export.ManifestPath, "{ \"version\": 99 }");
    }

    private static void FailOnce(IErpAdapter adapter, FileExportStage stage)
    {
        var export = (FileExportAdapter)adapter;
        var failed = false;
        export.StageHook = s =>
        {
            if (s == stage && !failed)
            {
                failed = true;
                throw new IOException($"Injected I/O failure at {s}.");
            }

            return ValueTask.CompletedTask;
        };
    }
}

public sealed class JsonLinesConformanceTests : FileExportConformanceTests
{
    protected override FileExportFormat Format => FileExportFormat.JsonLines;
}

public sealed class HledgerConformanceTests : FileExportConformanceTests
{
    protected override FileExportFormat Format => FileExportFormat.Hledger;

    protected override string? Mapping => "oracle-ledger.json";

    protected override JournalEntry? CreateRejectedJournal(string idempotencyKey) => OracleGlInterfaceConformanceTests.Unmapped(idempotencyKey);
}

public sealed class OracleGlInterfaceConformanceTests : FileExportConformanceTests
{
    protected override FileExportFormat Format => FileExportFormat.OracleGlInterface;

    protected override string? Mapping => "oracle-ledger.json";

    protected override JournalEntry? CreateRejectedJournal(string idempotencyKey) => Unmapped(idempotencyKey);

    // Interest income has no account in the mapping and the journal names none.
    internal static JournalEntry Unmapped(string idempotencyKey) => ErpConformanceJournals.Pairs(idempotencyKey, 1) with
    {
        Lines =
        [
            JournalLine.DebitOf(AccountRole.CashClearing, new Money(5.25m, CurrencyCode.USD), ErpConformanceJournals.Dimensions),
            JournalLine.CreditOf(AccountRole.InterestIncome, new Money(5.25m, CurrencyCode.USD), ErpConformanceJournals.Dimensions),
        ],
    };
}

public sealed class Dynamics365GeneralJournalConformanceTests : FileExportConformanceTests
{
    protected override FileExportFormat Format => FileExportFormat.Dynamics365GeneralJournal;

    protected override string? Mapping => "d365-ledger.json";

    // Legal entity E9 has no business unit in the mapping and the segment has no default.
    protected override JournalEntry? CreateRejectedJournal(string idempotencyKey)
    {
        var journal = ErpConformanceJournals.Pairs(idempotencyKey, 1);
        var e9 = ErpConformanceJournals.Dimensions with { LegalEntity = new LegalEntityId("E9") };
        return journal with { LegalEntity = new LegalEntityId("E9"), Lines = journal.Lines.Select(l => l with { Dimensions = e9 }).ToArray() };
    }
}
