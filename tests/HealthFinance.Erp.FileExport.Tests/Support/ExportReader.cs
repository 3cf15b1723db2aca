using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using HealthFinance.Erp.Testing;

namespace HealthFinance.Erp.FileExport.Tests.Support;

/// <summary>Reads back what an export folder holds, the way an ERP import would see it: only published files.</summary>
internal static partial class ExportReader
{
    public static string Extension(FileExportFormat format) => format switch
    {
        FileExportFormat.JsonLines => ".jsonl",
        FileExportFormat.Hledger => ".journal",
        _ => ".csv",
    };

    public static IReadOnlyList<string> PublishedFiles(string folder, string prefix, FileExportFormat format) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, prefix + "-*" + Extension(format)).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList()
            : [];

    public static IReadOnlyList<ErpHeldJournal> Read(string folder, string prefix, FileExportFormat format)
    {
        var held = new List<ErpHeldJournal>();
        foreach (var file in PublishedFiles(folder, prefix, format))
        {
            var text = File.ReadAllText(Path.Combine(folder, file), Encoding.UTF8);
            var journals = format switch
            {
                FileExportFormat.JsonLines => JsonLines(text),
                FileExportFormat.OracleGlInterface => Oracle(text),
                FileExportFormat.Dynamics365GeneralJournal => Dynamics(text),
                _ => Hledger(text),
            };
            held.AddRange(journals.Select((j, n) => new ErpHeldJournal(j.Key, string.Create(CultureInfo.InvariantCulture, $"{file}#{n + 1}"), j.Lines)));
        }

        return held;
    }

    private static List<(string Key, List<ErpHeldLine> Lines)> Group(IEnumerable<(string Key, ErpHeldLine Line)> lines)
    {
        var journals = new List<(string Key, List<ErpHeldLine> Lines)>();
        foreach (var (key, line) in lines)
        {
            if (journals.Count == 0 || journals[^1].Key != key)
            {
                Assert.DoesNotContain(journals, j => j.Key == key);
                journals.Add((key, []));
            }

            journals[^1].Lines.Add(line);
        }

        return journals;
    }

    private static ErpHeldLine Line(string debit, string credit, string currency, string? entity)
    {
        Assert.True(debit.Length == 0 ^ credit.Length == 0, "Exactly one of debit and credit is filled.");
        var side = debit.Length > 0 ? JournalSide.Debit : JournalSide.Credit;
        var amount = decimal.Parse(debit.Length > 0 ? debit : credit, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        return new ErpHeldLine(side, new Money(amount, new CurrencyCode(currency)), entity);
    }

    private static List<(string Key, List<ErpHeldLine> Lines)> JsonLines(string text) => Group(
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l =>
        {
            var e = JsonDocument.Parse(l).RootElement;
            var debit = e.GetProperty("debit").GetDecimal();
            var credit = e.GetProperty("credit").GetDecimal();
            var line = new ErpHeldLine(
                debit > 0 ? JournalSide.Debit : JournalSide.Credit,
                new Money(debit > 0 ? debit : credit, new CurrencyCode(e.GetProperty("currency").GetString()!)),
                e.GetProperty("legalEntity").GetString());
            return (e.GetProperty("idempotencyKey").GetString()!, line);
        }));

    private static List<(string Key, List<ErpHeldLine> Lines)> Oracle(string text) => Group(
        CsvReader.Records(text).Select(r => (r["REFERENCE21"], Line(r["ENTERED_DR"], r["ENTERED_CR"], r["CURRENCY_CODE"], r["SEGMENT1"]))));

    private static List<(string Key, List<ErpHeldLine> Lines)> Dynamics(string text) => Group(
        CsvReader.Records(text).Select(r => (r["DESCRIPTION"], Line(r["DEBITAMOUNT"], r["CREDITAMOUNT"], r["CURRENCYCODE"], r["ACCOUNTDISPLAYVALUE"].Split('-')[1]))));

    private static List<(string Key, List<ErpHeldLine> Lines)> Hledger(string text)
    {
        var lines = new List<(string Key, ErpHeldLine Line)>();
        string? key = null;
        foreach (var raw in text.Split('\n'))
        {
            if (TransactionLine().Match(raw) is { Success: true } header)
            {
                key = Uri.UnescapeDataString(header.Groups["code"].Value);
                continue;
            }

            if (PostingLine().Match(raw) is { Success: true } posting)
            {
                var amount = decimal.Parse(posting.Groups["amount"].Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
                var account = posting.Groups["account"].Value;
                var line = new ErpHeldLine(amount > 0 ? JournalSide.Debit : JournalSide.Credit, new Money(Math.Abs(amount), new CurrencyCode(posting.Groups["currency"].Value)), account.Split(':')[0]);
                lines.Add((key ?? throw new FormatException("A posting before any transaction."), line));
            }
        }

        return Group(lines);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2} \((?<code>[^)]*)\)")]
    private static partial Regex TransactionLine();

    [GeneratedRegex(@"^    (?<account>\S(?:\S| (?! ))*)  (?<amount>-?\d+(?:\.\d+)?) (?<currency>[A-Z]{3})(?:  ;.*)?$")]
    private static partial Regex PostingLine();
}
