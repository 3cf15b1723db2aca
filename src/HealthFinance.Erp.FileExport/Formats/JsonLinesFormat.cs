using System.Buffers;

namespace HealthFinance.Erp.FileExport.Formats;

/// <summary>The line contract of <c>healthfinance journal</c>, one JSON object per journal line.</summary>
internal sealed class JsonLinesFormat : ExportFormat
{
    public override string Extension => ".jsonl";

    public override string DefaultPrefix => "journal-lines";

    public override bool NeedsMapping => false;

    public override PreparedJournal Prepare(ErpJournal journal, ErpLedgerMapping? mapping) => new(journal, null);

    public override byte[] Render(ExportFile file, FileExportOptions options, ErpLedgerMapping? mapping)
    {
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var (journal, _) in file.Journals)
        {
            JournalJsonLinesWriter.Write(buffer, journal.Journal.Entry, firstLineNumber: journal.Journal.FirstLineIndex + 1);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
