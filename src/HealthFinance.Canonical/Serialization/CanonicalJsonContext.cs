using System.Text.Json.Serialization;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Canonical.Serialization;

/// <summary>
/// The source-generated System.Text.Json metadata for the canonical model: camelCase names, string enums,
/// nulls omitted, no reflection (trim and Native AOT safe). Use it through <see cref="CanonicalJson"/>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowOutOfOrderMetadataProperties = true,
    RespectNullableAnnotations = true,
    Converters =
    [
        typeof(EquatableArrayJsonConverter<string>),
        typeof(EquatableArrayJsonConverter<ChargeLine>),
        typeof(EquatableArrayJsonConverter<ClaimLine>),
        typeof(EquatableArrayJsonConverter<ClaimPayment>),
        typeof(EquatableArrayJsonConverter<ServicePayment>),
        typeof(EquatableArrayJsonConverter<ClaimAdjustment>),
        typeof(EquatableArrayJsonConverter<ProviderAdjustment>),
        typeof(EquatableArrayJsonConverter<JournalLine>),
        typeof(EquatableArrayJsonConverter<PostingMessage>),
        typeof(EquatableArrayJsonConverter<AcknowledgedTransaction>),
        typeof(EquatableArrayJsonConverter<AcknowledgedSegmentError>),
        typeof(EquatableArrayJsonConverter<AcknowledgedElementError>),
        typeof(EquatableArrayJsonConverter<AccountCoverage>),
    ])]
[JsonSerializable(typeof(CanonicalEvent))]
[JsonSerializable(typeof(ChargeCaptured))]
[JsonSerializable(typeof(ClaimSubmitted))]
[JsonSerializable(typeof(ClaimStatusReported))]
[JsonSerializable(typeof(RemittanceReceived))]
[JsonSerializable(typeof(PatientPaymentReceived))]
[JsonSerializable(typeof(RefundIssued))]
[JsonSerializable(typeof(AccountAdjusted))]
[JsonSerializable(typeof(AccountContextUpdated))]
[JsonSerializable(typeof(JournalEntry))]
[JsonSerializable(typeof(PostingAcknowledged))]
[JsonSerializable(typeof(AcknowledgmentReceived))]
[JsonSerializable(typeof(Money))]
[JsonSerializable(typeof(string))]
public sealed partial class CanonicalJsonContext : JsonSerializerContext;
