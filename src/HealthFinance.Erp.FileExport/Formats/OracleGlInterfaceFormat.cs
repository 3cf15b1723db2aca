using System.Globalization;
using HealthFinance.Erp.FileExport.Internal;

namespace HealthFinance.Erp.FileExport.Formats;

/// <summary>
/// Oracle Fusion General Ledger journal import rows (<c>GL_INTERFACE</c>, FBDI "Import Journals"), one CSV row per
/// journal line. Columns are listed in <see cref="FileExportAdapter"/>'s documentation and the package README.
/// </summary>
internal sealed class OracleGlInterfaceFormat : ExportFormat
{
    // Oracle column lengths: journal and batch names 100 characters, descriptions and line references 240.
    private const int NameLength = 100;
    private const int TextLength = 240;

    public override string Extension => ".csv";

    public override string DefaultPrefix => "GlInterface";

    public override bool NeedsMapping => true;

    public static IReadOnlyList<string> Columns(ErpLedgerMapping mapping) =>
    [
        "STATUS", "LEDGER_NAME", "ACCOUNTING_DATE", "USER_JE_SOURCE_NAME", "USER_JE_CATEGORY_NAME", "CURRENCY_CODE", "DATE_CREATED", "ACTUAL_FLAG",
        .. Enumerable.Range(1, mapping.Segments.Count).Select(i => string.Create(CultureInfo.InvariantCulture, $"SEGMENT{i}")),
        "ENTERED_DR", "ENTERED_CR",
        "REFERENCE1", "REFERENCE4", "REFERENCE5", "REFERENCE6", "REFERENCE10",
        "REFERENCE21", "REFERENCE22", "REFERENCE23", "REFERENCE24", "REFERENCE25", "REFERENCE26", "REFERENCE27", "REFERENCE28", "REFERENCE29", "REFERENCE30",
    ];

    public override byte[] Render(ExportFile file, FileExportOptions options, ErpLedgerMapping? mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var csv = new Csv();
        if (options.IncludeHeader)
        {
            csv.Row(Columns(mapping));
        }

        var created = file.CreatedAt.UtcDateTime.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture);
        foreach (var (prepared, _) in file.Journals)
        {
            var part = prepared.Journal;
            var entry = part.Entry;
            for (var i = 0; i < entry.Lines.Count; i++)
            {
                var line = entry.Lines[i];
                var refs = line.References;
                csv.Row(
                [
                    "NEW",
                    mapping.Ledger,
                    entry.EntryDate.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture),
                    options.JournalSource,
                    options.JournalCategory,
                    line.Amount.Currency.Value,
                    created,
                    "A",
                    .. prepared.Accounts![i].Segments,
                    DebitText(line),
                    CreditText(line),
                    Fit.To(file.Stem, NameLength),
                    Fit.To(part.IdempotencyKey, NameLength),
                    entry.Description is null ? null : Fit.To(entry.Description, TextLength),
                    Fit.To(entry.EventId, NameLength),
                    line.Memo is null ? null : Fit.To(line.Memo, TextLength),
                    Fit.To(part.IdempotencyKey, TextLength),
                    (part.FirstLineIndex + i + 1).ToString(CultureInfo.InvariantCulture),
                    (refs?.ClaimId ?? line.Dimensions.ClaimId)?.Value,
                    refs?.PayerClaimControlNumber?.Value,
                    (refs?.PatientAccount ?? line.Dimensions.Account)?.Value,
                    refs?.TraceNumber,
                    refs?.ProviderAdjustmentReference,
                    refs?.ReversedJournalId,
                    entry.SourceEventIds.Count > 0 ? Fit.To(entry.SourceEventIds[0], TextLength) : null,
                    entry.RuleSetVersion,
                ]);
            }
        }

        return csv.ToUtf8();
    }
}
