using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using HealthFinance.Canonical.Internal;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.Canonical.Events;

/// <summary>
/// The base of every canonical finance event: what happened, where it came from and how it correlates
/// with other events. Events are immutable; invariants are checked when each member is initialized.
/// </summary>
/// <remarks>
/// In JSON an event carries a <c>type</c> discriminator (e.g. <c>remittance</c>) and a <c>schemaVersion</c>;
/// see <see cref="CanonicalJson"/>.
/// </remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(ChargeCaptured), "charge")]
[JsonDerivedType(typeof(ClaimSubmitted), "claim")]
[JsonDerivedType(typeof(ClaimStatusReported), "claimStatus")]
[JsonDerivedType(typeof(RemittanceReceived), "remittance")]
[JsonDerivedType(typeof(PatientPaymentReceived), "patientPayment")]
[JsonDerivedType(typeof(RefundIssued), "refund")]
[JsonDerivedType(typeof(AccountAdjusted), "accountAdjustment")]
[JsonDerivedType(typeof(AccountContextUpdated), "accountContext")]
[JsonDerivedType(typeof(JournalEntry), "journalEntry")]
[JsonDerivedType(typeof(PostingAcknowledged), "postingAck")]
[JsonDerivedType(typeof(AcknowledgmentReceived), "acknowledgment")]
public abstract record CanonicalEvent
{
    /// <summary>The version of the JSON contract this object is written with; always <see cref="CanonicalJson.CurrentSchemaVersion"/>.</summary>
    [JsonPropertyOrder(-10)]
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Serialized as an instance member of every event.")]
    public int SchemaVersion => CanonicalJson.CurrentSchemaVersion;

    /// <summary>A unique, preferably deterministic, identifier of this event (e.g. derived from the source envelope ids).</summary>
    /// <exception cref="CanonicalModelException">The value is empty.</exception>
    [JsonPropertyOrder(-9)]
    public required string EventId { get; init => field = Guard.Text(value); }

    /// <summary>Where the event came from.</summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    [JsonPropertyOrder(-8)]
    public required SourceReference Source { get; init => field = value ?? throw new ArgumentNullException(nameof(Source)); }

    /// <summary>Shared by the events of one business flow, when the host assigns one.</summary>
    [JsonPropertyOrder(-7)]
    public CorrelationId? CorrelationId { get; init => field = Guard.OptionalId(value); }

    /// <summary>When the business event happened, when the source says so.</summary>
    [JsonPropertyOrder(-6)]
    public DateTimeOffset? OccurredAt { get; init; }

    /// <summary>When this product received the source, when known.</summary>
    [JsonPropertyOrder(-5)]
    public DateTimeOffset? ReceivedAt { get; init; }

    /// <summary>The legal entity that owns the event, when already resolved.</summary>
    [JsonPropertyOrder(-4)]
    public LegalEntityId? LegalEntity { get; init => field = Guard.OptionalId(value); }
}
