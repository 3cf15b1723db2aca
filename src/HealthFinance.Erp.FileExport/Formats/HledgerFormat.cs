using System.Globalization;
using System.Text;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Erp.FileExport.Formats;

/// <summary>
/// An hledger journal: one transaction per journal, dated with the accounting date, our idempotency key as the
/// transaction code, the journal id and rule set version as tags, and one posting per line (debits positive,
/// credits negative) to <c>legalEntity:account</c>.
/// </summary>
internal sealed class HledgerFormat : ExportFormat
{
    public override string Extension => ".journal";

    public override string DefaultPrefix => "hledger";

    public override bool NeedsMapping => false;

    /// <summary>The hledger account of a line: its legal entity, a colon, then the mapped display value (or the account code, else the role).</summary>
    public static string AccountOf(JournalEntry entry, JournalLine line, ErpLineAccount? account)
    {
        var name = account?.DisplayValue ?? line.AccountCode ?? line.Account.Value;
        var entity = (line.Dimensions.LegalEntity ?? entry.LegalEntity)?.Value;
        return Clean(entity is null ? name : entity + ":" + name);
    }

    /// <summary>Encodes text for a transaction code: <c>%</c>, <c>)</c> and line breaks become <c>%25</c>, <c>%29</c>, <c>%0A</c>, <c>%0D</c>.</summary>
    public static string Code(string key) => key
        .Replace("%", "%25", StringComparison.Ordinal)
        .Replace(")", "%29", StringComparison.Ordinal)
        .Replace("\n", "%0A", StringComparison.Ordinal)
        .Replace("\r", "%0D", StringComparison.Ordinal);

    public override byte[] Render(ExportFile file, FileExportOptions options, ErpLedgerMapping? mapping)
    {
        var text = new StringBuilder();
        text.Append("; ").Append(file.FileName).Append(": journals exported by HealthFinance.Erp.FileExport\n");
        text.Append("decimal-mark .\n\n");
        var commodities = new SortedSet<string>(StringComparer.Ordinal);
        var accounts = new SortedSet<string>(StringComparer.Ordinal);
        var body = new StringBuilder();
        foreach (var (prepared, documentId) in file.Journals)
        {
            var entry = prepared.Journal.Entry;
            body.Append(entry.EntryDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                .Append(" (").Append(Code(prepared.Journal.IdempotencyKey)).Append(')');
            if (entry.Description is { } description)
            {
                body.Append(' ').Append(OneLine(description).Replace(";", ",", StringComparison.Ordinal).Replace("|", "/", StringComparison.Ordinal));
            }

            body.Append("  ; journal:").Append(Tag(entry.EventId)).Append(", document:").Append(Tag(documentId));
            if (entry.RuleSetVersion is { } version)
            {
                body.Append(", ruleset:").Append(Tag(version));
            }

            body.Append('\n');
            for (var i = 0; i < entry.Lines.Count; i++)
            {
                var line = entry.Lines[i];
                var account = AccountOf(entry, line, prepared.Accounts?[i]);
                var currency = line.Amount.Currency.Value;
                accounts.Add(account);
                commodities.Add(currency);
                body.Append("    ").Append(account).Append("  ")
                    .Append(line.Side == JournalSide.Credit ? "-" : string.Empty).Append(Amount(line.Amount.Amount)).Append(' ').Append(currency);
                if (line.Memo is { } memo)
                {
                    body.Append("  ; ").Append(OneLine(memo));
                }

                body.Append('\n');
            }

            body.Append('\n');
        }

        foreach (var commodity in commodities)
        {
            text.Append("commodity ").Append(commodity).Append('\n');
        }

        foreach (var account in accounts)
        {
            text.Append("account ").Append(account).Append('\n');
        }

        text.Append('\n').Append(body);
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text.ToString());
    }

    private static string OneLine(string value) => string.Join(' ', value.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries));

    private static string Tag(string value) => OneLine(value).Replace("%", "%25", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);

    // hledger ends an account name at two spaces or a tab, and reads a leading ( or [ as a virtual posting.
    private static string Clean(string name)
    {
        var single = string.Join(' ', name.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
        return single.Length > 0 && single[0] is '(' or '[' ? "_" + single[1..] : single.Length == 0 ? "_" : single;
    }
}
