using System.Collections.Immutable;
using HealthFinance.Idempotency.DeadLetters;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Idempotency.Lifecycle;
using HealthFinance.Idempotency.Outbox;
using HealthFinance.Idempotency.Parking;

namespace HealthFinance.Idempotency.InMemory;

/// <summary>A recorded input and every key it was recorded under.</summary>
/// <param name="Entry">The entry.</param>
/// <param name="Keys">Its primary key and aliases, each once.</param>
internal sealed record IdempotencyRow(IdempotencyEntry Entry, ImmutableArray<IdempotencyKey> Keys);

/// <summary>A claim and its history.</summary>
/// <param name="Record">The claim as it stands.</param>
/// <param name="History">Its transitions, oldest first (entries outliving the history retention are purged).</param>
internal sealed record ClaimRow(ClaimRecord Record, ImmutableList<ClaimHistoryEntry> History);

/// <summary>A parked input.</summary>
/// <param name="Input">The input as listed (without payload).</param>
/// <param name="Payload">The protected payload; <see langword="null"/> when purged.</param>
/// <param name="Sequence">The insertion order, which breaks ties between inputs parked at the same instant.</param>
internal sealed record ParkedRow(ParkedInput Input, byte[]? Payload, long Sequence);

/// <summary>A dead letter.</summary>
/// <param name="Letter">The dead letter as read.</param>
/// <param name="Payload">The protected payload; <see langword="null"/> when purged.</param>
internal sealed record DeadLetterRow(DeadLetter Letter, byte[]? Payload);

/// <summary>An outbox message.</summary>
/// <param name="Entry">Its state as read.</param>
/// <param name="PayloadType">What the payload is.</param>
/// <param name="Payload">The protected payload; <see langword="null"/> when purged after delivery or failure.</param>
/// <param name="Sequence">The insertion order, which breaks ties between messages enqueued at the same instant.</param>
/// <param name="LeaseToken">The token of the current lease, if any.</param>
/// <param name="LeaseExpiresAt">When the current lease expires.</param>
/// <param name="WorkerId">The worker holding the current lease.</param>
internal sealed record OutboxRow(OutboxEntry Entry, string PayloadType, byte[]? Payload, long Sequence, string? LeaseToken = null, DateTimeOffset? LeaseExpiresAt = null, string? WorkerId = null);

/// <summary>A kept claim payment.</summary>
/// <param name="Payment">The payment as read, without its payload.</param>
/// <param name="Payload">The protected payload.</param>
internal sealed record ClaimPaymentRow(KeptClaimPayment Payment, byte[] Payload);
