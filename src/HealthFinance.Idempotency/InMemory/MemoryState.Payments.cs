using System.Collections.Immutable;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Idempotency.Lifecycle;

namespace HealthFinance.Idempotency.InMemory;

/// <content>The kept claim payments.</content>
internal sealed partial class MemoryState
{
    private readonly TrackedMap<IdempotencyKey, ClaimPaymentRow> _payments;
    private readonly TrackedMap<ClaimKey, ImmutableArray<IdempotencyKey>> _paymentsByClaim;

    /// <summary>Keeps a claim payment unless its key is kept already.</summary>
    /// <param name="payment">The payment.</param>
    /// <returns><see langword="true"/> when kept.</returns>
    public bool KeepPayment(ClaimPaymentRecord payment)
    {
        if (_payments.ContainsKey(payment.PaymentKey))
        {
            return false;
        }

        var kept = new KeptClaimPayment(payment.Claim, payment.PaymentKey, payment.PayerClaimControlNumber, Now, ReadOnlyMemory<byte>.Empty);
        _payments.Set(payment.PaymentKey, new ClaimPaymentRow(kept, Protect(payment.Payload, payment.PaymentKey)));
        _paymentsByClaim.Set(payment.Claim, _paymentsByClaim.TryGetValue(payment.Claim, out var keys) ? keys.Add(payment.PaymentKey) : [payment.PaymentKey]);
        return true;
    }

    /// <summary>The payments kept for a claim, oldest first (the order their keys were appended in), with their payloads.</summary>
    /// <param name="claim">The payer and claim.</param>
    /// <returns>The payments.</returns>
    public IReadOnlyList<KeptClaimPayment> FindPayments(ClaimKey claim)
    {
        var found = new List<KeptClaimPayment>();
        foreach (var key in _paymentsByClaim.TryGetValue(claim, out var keys) ? keys : [])
        {
            _payments.TryGetValue(key, out var row);
            found.Add(row.Payment with { Payload = Unprotect(row.Payload, key) });
        }

        return found;
    }

    /// <summary>Forgets a kept payment.</summary>
    /// <param name="paymentKey">Its key.</param>
    /// <returns><see langword="true"/> when it was kept.</returns>
    public bool ForgetPayment(IdempotencyKey paymentKey)
    {
        if (!_payments.TryGetValue(paymentKey, out var row))
        {
            return false;
        }

        _payments.Remove(paymentKey);
        var claim = row.Payment.Claim;
        var remaining = _paymentsByClaim.TryGetValue(claim, out var keys) ? keys.Remove(paymentKey) : [];
        if (remaining.IsEmpty)
        {
            _paymentsByClaim.Remove(claim);
        }
        else
        {
            _paymentsByClaim.Set(claim, remaining);
        }

        return true;
    }

    // Deletes the payments kept before the cutoff; returns how many.
    private long PurgePayments(DateTimeOffset cutoff)
    {
        long deleted = 0;
        foreach (var row in _payments.Values.Where(r => r.Payment.RecordedAt < cutoff).ToList())
        {
            ForgetPayment(row.Payment.PaymentKey);
            deleted++;
        }

        return deleted;
    }
}
