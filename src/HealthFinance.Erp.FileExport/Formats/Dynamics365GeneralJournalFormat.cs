using System.Globalization;
using HealthFinance.Erp.FileExport.Internal;

namespace HealthFinance.Erp.FileExport.Formats;

/// <summary>
/// Dynamics 365 Finance general journal entity rows (data management import), one CSV row per journal line; one
/// voucher per journal, the account display value in the mapping's segment order with its delimiter.
/// </summary>
internal sealed class Dynamics365GeneralJournalFormat : ExportFormat
{
    // Dynamics 365 field lengths: journal description 60 characters, voucher 20, line text 60.
    private const int DescriptionLength = 60;

    public static IReadOnlyList<string> Columns { get; } =
    [
        "JOURNALBATCHNUMBER", "JOURNALNAME", "DESCRIPTION", "POSTINGLAYER", "LINENUMBER", "VOUCHER", "TRANSDATE", "ACCOUNTTYPE",
        "ACCOUNTDISPLAYVALUE", "DEBITAMOUNT", "CREDITAMOUNT", "CURRENCYCODE", "TEXT",
    ];

    public override string Extension => ".csv";

    public override string DefaultPrefix => "GeneralJournal";

    public override bool NeedsMapping => true;

    public static string VoucherOf(string prefix, string idempotencyKey) => prefix + Fit.Digest(idempotencyKey, 12);

    public override byte[] Render(ExportFile file, FileExportOptions options, ErpLedgerMapping? mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var csv = new Csv();
        if (options.IncludeHeader)
        {
            csv.Row(Columns);
        }

        var lineNumber = 0;
        foreach (var (prepared, _) in file.Journals)
        {
            var part = prepared.Journal;
            var entry = part.Entry;
            var voucher = VoucherOf(options.VoucherPrefix, part.IdempotencyKey);
            for (var i = 0; i < entry.Lines.Count; i++)
            {
                var line = entry.Lines[i];
                lineNumber++;
                csv.Row(
                [
                    file.Stem,
                    options.JournalName,
                    Fit.To(part.IdempotencyKey, DescriptionLength),
                    "Current",
                    lineNumber.ToString(CultureInfo.InvariantCulture),
                    voucher,
                    entry.EntryDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    "Ledger",
                    prepared.Accounts![i].DisplayValue,
                    DebitText(line),
                    CreditText(line),
                    line.Amount.Currency.Value,
                    line.Memo is null ? null : Fit.To(line.Memo, DescriptionLength),
                ]);
            }
        }

        return csv.ToUtf8();
    }
}
