using System.Globalization;
using System.Text.Json;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using HealthFinance.Canonical.Serialization;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Idempotency.Lifecycle;

namespace HealthFinance.Sync.Processing;

/// <summary>What a parked item is, and how it is re-run on release.</summary>
internal enum ParkedKind
{
    /// <summary>A whole event (a claim status report before its claim).</summary>
    Event,

    /// <summary>A reversal claim payment (a one-claim remittance with the original's envelope) before its original payment.</summary>
    Reversal,

    /// <summary>A claim lifecycle step of a payment that already posted, before its claim.</summary>
    Lifecycle,
}

/// <summary>The parked payload: <c>{"v":1,"kind":…,"event":{canonical event}, …lifecycle fields}</c>, encrypted at rest by the store.</summary>
internal sealed record ParkedItem(ParkedKind Kind, CanonicalEvent Event, ClaimState? To = null, string? CausedBy = null, string? Pccn = null, Money? Amount = null, string? Note = null)
{
    public const string PayloadType = "parked+json";

    public byte[] Serialize()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", 1);
            writer.WriteString("kind", Kind.ToString());
            if (To is { } to)
            {
                writer.WriteString("to", to.ToString());
            }

            if (CausedBy is not null)
            {
                writer.WriteString("causedBy", CausedBy);
            }

            if (Pccn is not null)
            {
                writer.WriteString("pccn", Pccn);
            }

            if (Amount is { } amount)
            {
                writer.WriteString("amount", amount.Amount.ToString(CultureInfo.InvariantCulture));
                writer.WriteString("currency", amount.Currency.Value);
            }

            if (Note is not null)
            {
                writer.WriteString("note", Note);
            }

            writer.WritePropertyName("event");
            writer.WriteRawValue(CanonicalJson.SerializeToUtf8Bytes(Event), skipInputValidation: true);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static ParkedItem Deserialize(ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var kind = Enum.Parse<ParkedKind>(root.GetProperty("kind").GetString()!);
        var e = CanonicalJson.Deserialize(root.GetProperty("event").GetRawText());
        ClaimState? to = root.TryGetProperty("to", out var t) ? Enum.Parse<ClaimState>(t.GetString()!) : null;
        string? Text(string name) => root.TryGetProperty(name, out var v) ? v.GetString() : null;
        Money? amount = root.TryGetProperty("amount", out var a)
            ? new Money(decimal.Parse(a.GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture), CurrencyCode.Parse(Text("currency")!))
            : null;
        return new ParkedItem(kind, e, to, Text("causedBy"), Text("pccn"), amount, Text("note"));
    }
}

/// <summary>The keys the pipeline parks under.</summary>
internal static class WaitKeys
{
    /// <summary>What waits for a claim (CLM01): released when its 837 arrives.</summary>
    public static IdempotencyKey Claim(PatientControlNumber claimId) => IdempotencyKey.Derive("wait-claim", claimId.Value);

    /// <summary>What waits for a payment of a claim (a reversal): released when a payment of the claim with the same payer claim control number (CLP07) posts, or any payment of the claim when the reversal names none.</summary>
    public static IdempotencyKey Payment(PayerId payer, PatientControlNumber claimId, PayerClaimControlNumber? pccn) => IdempotencyKey.Derive("wait-payment", payer.Value, claimId.Value, pccn?.Value);
}
