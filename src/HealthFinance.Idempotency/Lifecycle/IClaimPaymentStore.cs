using HealthFinance.Canonical;
using HealthFinance.Idempotency.Keys;

namespace HealthFinance.Idempotency.Lifecycle;

/// <summary>A posted claim payment to keep for the reversals that may follow it in later runs.</summary>
/// <param name="Claim">The payer and claim (CLP01) it paid.</param>
/// <param name="PaymentKey">Its key, unique among kept payments (e.g. derived from its journal's idempotency key).</param>
/// <param name="PayerClaimControlNumber">The payer's claim control number (CLP07), when it has one.</param>
/// <param name="Payload">What a reversal needs to mirror it (the caller's format); encrypted at rest.</param>
public sealed record ClaimPaymentRecord(ClaimKey Claim, IdempotencyKey PaymentKey, PayerClaimControlNumber? PayerClaimControlNumber, ReadOnlyMemory<byte> Payload);

/// <summary>A kept claim payment.</summary>
/// <param name="Claim">The payer and claim it paid.</param>
/// <param name="PaymentKey">Its key.</param>
/// <param name="PayerClaimControlNumber">The payer's claim control number, when it has one.</param>
/// <param name="RecordedAt">When it was kept.</param>
/// <param name="Payload">The decrypted payload.</param>
public sealed record KeptClaimPayment(ClaimKey Claim, IdempotencyKey PaymentKey, PayerClaimControlNumber? PayerClaimControlNumber, DateTimeOffset RecordedAt, ReadOnlyMemory<byte> Payload);

/// <summary>
/// The claim payments that were posted, kept durably so that a reversal (835 CLP02 = 22) arriving in a later run, or
/// after a restart, can find the payment it reverses and mirror its journal exactly; the posting memory of a run then
/// needs to hold only the claims it is working on.
/// </summary>
/// <remarks>
/// A kept payment is found by payer and claim. A reversal that takes one forgets it, in the same transaction as its
/// own posting. Kept payments are part of their claim's history: they are deleted once they outlive
/// <see cref="StateStoreOptions.Retention"/>'s history retention (400 days by default; reversals and recoupments come
/// months after a payment), after which a reversal is treated as one whose original is unknown.
/// </remarks>
public interface IClaimPaymentStore
{
    /// <summary>Keeps a posted claim payment.</summary>
    /// <param name="payment">The payment.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when kept; <see langword="false"/> when a payment with its key is kept already.</returns>
    ValueTask<bool> KeepAsync(ClaimPaymentRecord payment, CancellationToken cancellationToken = default);

    /// <summary>The payments kept for a payer's claim, oldest first, with their payloads.</summary>
    /// <param name="claim">The payer and claim.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The payments; empty when none is kept.</returns>
    ValueTask<IReadOnlyList<KeptClaimPayment>> FindAsync(ClaimKey claim, CancellationToken cancellationToken = default);

    /// <summary>Forgets a kept payment (a reversal took it).</summary>
    /// <param name="paymentKey">The payment's key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when it was kept.</returns>
    ValueTask<bool> ForgetAsync(IdempotencyKey paymentKey, CancellationToken cancellationToken = default);
}
