using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Erp.FileExport;

/// <summary>
/// Writes journal lines as JSON lines: one JSON object per journal line, the contract of <c>healthfinance journal</c>
/// and of the JSON lines file export. Field names and order are a public contract and never change; new optional
/// fields may be added.
/// </summary>
/// <remarks>
/// <para>Each line is one object with, in this order:</para>
/// <list type="table">
/// <listheader><term>field</term><description>value</description></listheader>
/// <item><term><c>journalId</c></term><description>the journal's <see cref="CanonicalEvent.EventId"/> (the posting engine's journal id)</description></item>
/// <item><term><c>lineNumber</c></term><description>1-based position of the line in its journal (in the original journal for a part)</description></item>
/// <item><term><c>accountingDate</c></term><description><see cref="JournalEntry.EntryDate"/>, <c>yyyy-MM-dd</c></description></item>
/// <item><term><c>legalEntity</c></term><description>the line's legal entity, else the journal's; <c>null</c> when neither has one</description></item>
/// <item><term><c>currency</c>, <c>role</c>, <c>account</c></term><description>ISO 4217 code; canonical role; the line's account code or <c>null</c></description></item>
/// <item><term><c>debit</c>, <c>credit</c></term><description>JSON numbers holding the exact decimal; the other side is <c>0</c></description></item>
/// <item><term><c>dimensions</c></term><description>the dimensions that have a value: <c>legalEntity</c>, <c>facility</c>, <c>costCenter</c>, <c>serviceLine</c>, <c>payer</c>, <c>payerClass</c>, <c>adjustmentCategory</c>, <c>adjustmentReason</c>, <c>providerAdjustmentReason</c></description></item>
/// <item><term><c>idempotencyKey</c></term><description>the journal's key</description></item>
/// <item><term><c>source</c></term><description><c>file</c>, <c>format</c>, then when present <c>interchangeControlNumber</c>, <c>groupControlNumber</c>, <c>transactionSetControlNumber</c>, <c>messageControlId</c>, <c>position</c>; then <c>eventId</c> (the first source event id) and, only when the journal has several, <c>eventIds</c></description></item>
/// <item><term><c>references</c></term><description>those present: <c>claimId</c>, <c>payerClaimControlNumber</c>, <c>patientAccount</c>, <c>traceNumber</c>, <c>providerAdjustmentReference</c>, <c>reversedJournalId</c></description></item>
/// <item><term><c>correlationId</c></term><description>when present</description></item>
/// <item><term><c>ruleSetVersion</c></term><description>the rule set version, or <c>null</c></description></item>
/// <item><term><c>memo</c></term><description>when present</description></item>
/// </list>
/// <para>Strings are escaped as <see cref="Utf8JsonWriter"/> does by default; numbers are written with invariant culture.</para>
/// </remarks>
public static class JournalJsonLinesWriter
{
    /// <summary>Writes one JSON object (no line terminator) for one line of a journal.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="journal">The journal.</param>
    /// <param name="lineIndex">The 0-based index of the line in <paramref name="journal"/>.</param>
    /// <param name="file">The <c>source.file</c> value; <see langword="null"/> for the journal's <see cref="Canonical.SourceReference.FileName"/>.</param>
    /// <param name="firstLineNumber">The line number of the journal's first line (1, or a part's first line in its original journal).</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> or <paramref name="journal"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lineIndex"/> is not a line of the journal, or <paramref name="firstLineNumber"/> is less than 1.</exception>
    public static void WriteLine(Utf8JsonWriter writer, JournalEntry journal, int lineIndex, string? file = null, int firstLineNumber = 1)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentOutOfRangeException.ThrowIfNegative(lineIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(lineIndex, journal.Lines.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstLineNumber, 1);
        var line = journal.Lines[lineIndex];
        var dims = line.Dimensions;
        var refs = line.References;
        writer.WriteStartObject();
        writer.WriteString("journalId", journal.EventId);
        writer.WriteNumber("lineNumber", firstLineNumber + lineIndex);
        writer.WriteString("accountingDate", journal.EntryDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        writer.WriteString("legalEntity", (dims.LegalEntity ?? journal.LegalEntity)?.Value);
        writer.WriteString("currency", line.Amount.Currency.Value);
        writer.WriteString("role", line.Account.Value);
        writer.WriteString("account", line.AccountCode);
        writer.WriteNumber("debit", line.Debit.Amount);
        writer.WriteNumber("credit", line.Credit.Amount);
        writer.WriteStartObject("dimensions");
        WriteOptional(writer, "legalEntity", dims.LegalEntity?.Value);
        WriteOptional(writer, "facility", dims.Facility?.Value);
        WriteOptional(writer, "costCenter", dims.CostCenter);
        WriteOptional(writer, "serviceLine", dims.ServiceLine);
        WriteOptional(writer, "payer", dims.Payer?.Value);
        WriteOptional(writer, "payerClass", dims.PayerClass);
        WriteOptional(writer, "adjustmentCategory", dims.AdjustmentCategory);
        WriteOptional(writer, "adjustmentReason", dims.AdjustmentReason);
        WriteOptional(writer, "providerAdjustmentReason", dims.ProviderAdjustmentReason);
        writer.WriteEndObject();
        writer.WriteString("idempotencyKey", journal.IdempotencyKey);
        writer.WriteStartObject("source");
        writer.WriteString("file", file ?? journal.Source.FileName);
        writer.WriteString("format", journal.Source.Format.ToString());
        WriteOptional(writer, "interchangeControlNumber", journal.Source.InterchangeControlNumber);
        WriteOptional(writer, "groupControlNumber", journal.Source.GroupControlNumber);
        WriteOptional(writer, "transactionSetControlNumber", journal.Source.TransactionSetControlNumber);
        WriteOptional(writer, "messageControlId", journal.Source.MessageControlId);
        WriteOptional(writer, "position", journal.Source.Position);
        writer.WriteString("eventId", journal.SourceEventIds.Count > 0 ? journal.SourceEventIds[0] : null);
        if (journal.SourceEventIds.Count > 1)
        {
            writer.WriteStartArray("eventIds");
            foreach (var id in journal.SourceEventIds)
            {
                writer.WriteStringValue(id);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteStartObject("references");
        WriteOptional(writer, "claimId", (refs?.ClaimId ?? dims.ClaimId)?.Value);
        WriteOptional(writer, "payerClaimControlNumber", refs?.PayerClaimControlNumber?.Value);
        WriteOptional(writer, "patientAccount", (refs?.PatientAccount ?? dims.Account)?.Value);
        WriteOptional(writer, "traceNumber", refs?.TraceNumber);
        WriteOptional(writer, "providerAdjustmentReference", refs?.ProviderAdjustmentReference);
        WriteOptional(writer, "reversedJournalId", refs?.ReversedJournalId);
        writer.WriteEndObject();
        WriteOptional(writer, "correlationId", journal.CorrelationId?.Value);
        writer.WriteString("ruleSetVersion", journal.RuleSetVersion);
        WriteOptional(writer, "memo", line.Memo);
        writer.WriteEndObject();
    }

    /// <summary>Writes every line of a journal, each followed by <c>\n</c>.</summary>
    /// <param name="output">Receives UTF-8 JSON lines.</param>
    /// <param name="journal">The journal.</param>
    /// <param name="file">The <c>source.file</c> value; <see langword="null"/> for the journal's file name.</param>
    /// <param name="firstLineNumber">The line number of the journal's first line.</param>
    /// <returns>How many lines were written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> or <paramref name="journal"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="firstLineNumber"/> is less than 1.</exception>
    public static int Write(IBufferWriter<byte> output, JournalEntry journal, string? file = null, int firstLineNumber = 1)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(journal);
        using var writer = new Utf8JsonWriter(output);
        for (var i = 0; i < journal.Lines.Count; i++)
        {
            writer.Reset(output);
            WriteLine(writer, journal, i, file, firstLineNumber);
            writer.Flush();
            output.Write("\n"u8);
        }

        return journal.Lines.Count;
    }

    /// <summary>Writes every line of a journal to a text writer, one <see cref="TextWriter.WriteLineAsync(string)"/> per line.</summary>
    /// <param name="output">The text writer (e.g. standard output); its <see cref="TextWriter.NewLine"/> ends each line.</param>
    /// <param name="journal">The journal.</param>
    /// <param name="file">The <c>source.file</c> value; <see langword="null"/> for the journal's file name.</param>
    /// <param name="cancellationToken">Cancels between lines.</param>
    /// <returns>How many lines were written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> or <paramref name="journal"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException">Writing was cancelled.</exception>
    public static async Task<int> WriteAsync(TextWriter output, JournalEntry journal, string? file = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(journal);
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer);
        for (var i = 0; i < journal.Lines.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            WriteLine(writer, journal, i, file);
            writer.Flush();
            await output.WriteLineAsync(Encoding.UTF8.GetString(buffer.WrittenSpan)).ConfigureAwait(false);
        }

        return journal.Lines.Count;
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
