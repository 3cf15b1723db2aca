using System.Globalization;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Erp.FileExport.Formats;

/// <summary>A journal ready to be written: its account combination per line when the format needs a mapping.</summary>
internal sealed record PreparedJournal(ErpJournal Journal, IReadOnlyList<ErpLineAccount>? Accounts);

/// <summary>What one export file holds.</summary>
/// <param name="FileName">The final file name.</param>
/// <param name="CreatedAt">When the file was written.</param>
/// <param name="Journals">The journals with their document ids, in batch order.</param>
internal sealed record ExportFile(string FileName, DateTimeOffset CreatedAt, IReadOnlyList<(PreparedJournal Journal, string DocumentId)> Journals)
{
    public string Stem => Path.GetFileNameWithoutExtension(FileName);
}

/// <summary>One file layout.</summary>
internal abstract class ExportFormat
{
    public abstract string Extension { get; }

    public abstract string DefaultPrefix { get; }

    public abstract bool NeedsMapping { get; }

    /// <summary>Checks that the journal can be written (accounts and segments resolve); throws a permanent <see cref="ErpException"/> otherwise.</summary>
    public virtual PreparedJournal Prepare(ErpJournal journal, ErpLedgerMapping? mapping)
        => new(journal, mapping is null ? null : journal.Entry.Lines.Select(l => mapping.Resolve(journal.Entry, l)).ToList());

    public abstract byte[] Render(ExportFile file, FileExportOptions options, ErpLedgerMapping? mapping);

    protected static string Amount(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    protected static string? DebitText(JournalLine line) => line.Side == JournalSide.Debit ? Amount(line.Amount.Amount) : null;

    protected static string? CreditText(JournalLine line) => line.Side == JournalSide.Credit ? Amount(line.Amount.Amount) : null;

    public static ExportFormat For(FileExportFormat format) => format switch
    {
        FileExportFormat.OracleGlInterface => new OracleGlInterfaceFormat(),
        FileExportFormat.Dynamics365GeneralJournal => new Dynamics365GeneralJournalFormat(),
        FileExportFormat.Hledger => new HledgerFormat(),
        _ => new JsonLinesFormat(),
    };
}
