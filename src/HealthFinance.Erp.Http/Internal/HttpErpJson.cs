using System.Buffers;
using System.Globalization;
using System.Text.Json;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Erp.Http.Internal;

/// <summary>A journal ready to send, with the mapped account of each line when a ledger mapping is configured.</summary>
internal sealed record PreparedJournal(ErpJournal Journal, IReadOnlyList<ErpLineAccount>? Accounts);

/// <summary>The JSON contract of the HTTP adapter (README.md, "The JSON contract"): the request it writes and the answers it reads.</summary>
internal static class HttpErpJson
{
    public static byte[] WriteBatch(string batchId, IReadOnlyList<PreparedJournal> journals, ErpLedgerMapping? mapping)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("batchId", batchId);
            writer.WriteStartArray("journals");
            foreach (var prepared in journals)
            {
                WriteJournal(writer, prepared, mapping);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteJournal(Utf8JsonWriter writer, PreparedJournal prepared, ErpLedgerMapping? mapping)
    {
        var journal = prepared.Journal;
        var entry = journal.Entry;
        writer.WriteStartObject();
        writer.WriteString("idempotencyKey", journal.IdempotencyKey);
        writer.WriteString("sourceIdempotencyKey", journal.SourceIdempotencyKey);
        writer.WriteNumber("partNumber", journal.PartNumber);
        writer.WriteNumber("partCount", journal.PartCount);
        writer.WriteString("journalId", entry.EventId);
        writer.WriteString("accountingDate", entry.EntryDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        writer.WriteString("legalEntity", entry.LegalEntity?.Value);
        if (mapping is not null)
        {
            writer.WriteString("ledger", mapping.Ledger);
        }

        WriteOptional(writer, "description", entry.Description);
        writer.WriteString("ruleSetVersion", entry.RuleSetVersion);
        WriteOptional(writer, "correlationId", entry.CorrelationId?.Value);
        writer.WriteStartArray("sourceEventIds");
        foreach (var id in entry.SourceEventIds)
        {
            writer.WriteStringValue(id);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("lines");
        for (var i = 0; i < entry.Lines.Count; i++)
        {
            WriteLine(writer, entry, i, journal.FirstLineIndex + i + 1, prepared.Accounts?[i], mapping);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteLine(Utf8JsonWriter writer, JournalEntry entry, int index, int lineNumber, ErpLineAccount? mapped, ErpLedgerMapping? mapping)
    {
        var line = entry.Lines[index];
        var dims = line.Dimensions;
        var refs = line.References;
        writer.WriteStartObject();
        writer.WriteNumber("lineNumber", lineNumber);
        writer.WriteString("legalEntity", (dims.LegalEntity ?? entry.LegalEntity)?.Value);
        writer.WriteString("currency", line.Amount.Currency.Value);
        writer.WriteString("role", line.Account.Value);
        writer.WriteString("account", mapped?.Account ?? line.AccountCode);
        if (mapped is not null && mapping is not null)
        {
            writer.WriteString("accountDisplayValue", mapped.DisplayValue);
            writer.WriteStartArray("segments");
            for (var s = 0; s < mapped.Segments.Count; s++)
            {
                writer.WriteStartObject();
                writer.WriteString("name", mapping.Segments[s].Name);
                writer.WriteString("value", mapped.Segments[s]);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

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
        writer.WriteStartObject("references");
        WriteOptional(writer, "claimId", (refs?.ClaimId ?? dims.ClaimId)?.Value);
        WriteOptional(writer, "payerClaimControlNumber", refs?.PayerClaimControlNumber?.Value);
        WriteOptional(writer, "patientAccount", (refs?.PatientAccount ?? dims.Account)?.Value);
        WriteOptional(writer, "traceNumber", refs?.TraceNumber);
        WriteOptional(writer, "providerAdjustmentReference", refs?.ProviderAdjustmentReference);
        WriteOptional(writer, "reversedJournalId", refs?.ReversedJournalId);
        writer.WriteEndObject();
        WriteOptional(writer, "memo", line.Memo);
        writer.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>
    /// Reads the acknowledgments of a post answer, keeping one per key of <paramref name="sent"/> (the first);
    /// an entry with an unknown status, or accepted without a document id, is left out so that the journal counts
    /// as unanswered. <see langword="null"/> when the body is not the contract's object.
    /// </summary>
    public static Dictionary<string, ErpAcknowledgment>? ReadAcknowledgments(byte[] body, IReadOnlySet<string> sent)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("acknowledgments", out var list)
                || list.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var acknowledgments = new Dictionary<string, ErpAcknowledgment>(StringComparer.Ordinal);
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object
                    || String(item, "idempotencyKey") is not { } key
                    || !sent.Contains(key)
                    || acknowledgments.ContainsKey(key))
                {
                    continue;
                }

                var code = String(item, "code");
                var reason = String(item, "reason");
                ErpAcknowledgment? acknowledgment = String(item, "status") switch
                {
                    "accepted" when String(item, "documentId") is { } documentId
                        => ErpAcknowledgment.Accepted(key, documentId, item.TryGetProperty("duplicate", out var duplicate) && duplicate.ValueKind == JsonValueKind.True),
                    "rejected" => ErpAcknowledgment.Rejected(key, code ?? "unspecified", reason ?? "The ERP gave no reason."),
                    "transient" => ErpAcknowledgment.TransientFailure(key, reason ?? "The ERP could not post the journal this time.", code),
                    _ => null,
                };
                if (acknowledgment is not null)
                {
                    acknowledgments.Add(key, acknowledgment);
                }
            }

            return acknowledgments;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads a lookup answer: the echoed key and the document id (<see langword="null"/> members when absent); <see langword="null"/> when the body is not a JSON object.</summary>
    public static (string? IdempotencyKey, string? DocumentId, string? Status)? ReadLookup(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? (String(document.RootElement, "idempotencyKey"), String(document.RootElement, "documentId"), String(document.RootElement, "status"))
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads a short machine code (<c>code</c>, OAuth2 <c>error</c>) from an error body; only letters, digits and <c>._-</c>, at most 64, so that no free text (which may quote data) reaches a message.</summary>
    public static string? ReadCode(byte[] body, string property)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && String(document.RootElement, property) is { Length: > 0 and <= 64 } code
                && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
                ? code
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? String(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()) ? value.GetString() : null;
}
