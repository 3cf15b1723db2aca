using System.Globalization;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Idempotency.Keys;

/// <summary>
/// Derives the idempotency keys of canonical events and of the claim payments inside a remittance.
/// </summary>
/// <remarks>
/// <para>Keys depend only on the fields listed here, so re-reading the same source, or a resend of it with a new
/// envelope or in a different order, yields the same keys; a change in any listed field yields a different key.
/// Amounts are written as invariant decimals with their currency, dates as <c>yyyy-MM-dd</c>.</para>
/// <list type="table">
/// <listheader><term>Event (kind)</term><description>Primary key fields; aliases</description></listheader>
/// <item><term><see cref="RemittanceReceived"/> (<c>remittance</c>)</term><description>payer id, TRN02 trace number,
/// BPR02 amount and currency, BPR01 credit/debit, BPR16 payment date; alias <c>remittance-envelope</c>: payer id,
/// ISA13, GS06, ST02 (when the source has all three).</description></item>
/// <item><term><see cref="ClaimPayment"/> (<c>claim-payment</c>)</term><description>payer id, TRN02, CLP01, CLP07,
/// CLP02 status, CLP04 paid amount, and the ordinal of identical (CLP01, CLP07, CLP02, CLP04) tuples in the
/// remittance: a reversal (CLP02 22) and its correction never collide with the original, nor do the parts of a
/// split claim (distinct CLP07).</description></item>
/// <item><term><see cref="ClaimSubmitted"/> (<c>claim</c>)</term><description>billing provider NPI, payer id, CLM01,
/// CLM05-3 frequency code, CLM02 total charge; alias <c>claim-envelope</c>: ISA13, GS06, ST02, CLM01.</description></item>
/// <item><term><see cref="ClaimStatusReported"/> (<c>claim-status</c>)</term><description>payer id, claim id (REF*1K or
/// CLM01), payer claim control number, STC01 category and status, status date, action.</description></item>
/// <item><term><see cref="AcknowledgmentReceived"/> (<c>ack</c>)</term><description>kind, acknowledged control number,
/// functional code, status, and the source's ISA13/GS06/ST02.</description></item>
/// <item><term><see cref="ChargeCaptured"/>, <see cref="AccountAdjusted"/>, <see cref="AccountContextUpdated"/>
/// (<c>hl7-charge</c>, <c>account-adjustment</c>, <c>account-context</c>)</term><description>the HL7 message control
/// id (MSH-10) and the patient account when the source has one; otherwise the event id. Account adjustments also
/// include kind, reason code, amount and posting date.</description></item>
/// <item><term><see cref="PatientPaymentReceived"/> (<c>patient-payment</c>)</term><description>merchant transaction
/// id and settlement status (a payment moving from pending to settled is a new input); without a merchant id: patient
/// account, invoice, encounter, amount, method, settlement and posting date.</description></item>
/// <item><term><see cref="RefundIssued"/> (<c>refund</c>)</term><description>refund id and patient account.</description></item>
/// <item><term><see cref="JournalEntry"/> (<c>journal</c>)</term><description>the journal's own idempotency key.</description></item>
/// <item><term><see cref="PostingAcknowledged"/> (<c>posting-ack</c>)</term><description>the journal's idempotency key,
/// status and ERP document id.</description></item>
/// </list>
/// <para>Every event also has the alias <c>event</c>: its <see cref="CanonicalEvent.EventId"/>, so a store fed by an
/// older key derivation still recognises re-deliveries.</para>
/// </remarks>
public static class IdempotencyKeys
{
    /// <summary>Derives the keys of an event.</summary>
    /// <param name="canonicalEvent">The event.</param>
    /// <returns>Its keys.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="canonicalEvent"/> is <see langword="null"/>.</exception>
    public static EventKeys For(CanonicalEvent canonicalEvent)
    {
        ArgumentNullException.ThrowIfNull(canonicalEvent);
        var eventAlias = IdempotencyKey.Derive("event", canonicalEvent.EventId);
        var source = canonicalEvent.Source;
        return canonicalEvent switch
        {
            RemittanceReceived r => EventKeys.Of(
                IdempotencyKey.Derive("remittance", r.Payer.Value, r.Payment.TraceNumber, Amount(r.Payment.Amount), r.Payment.CreditDebit.ToString(), Date(r.Payment.PaymentDate)),
                Envelope(source) ? IdempotencyKey.Derive("remittance-envelope", r.Payer.Value, source.InterchangeControlNumber, source.GroupControlNumber, source.TransactionSetControlNumber) : default,
                eventAlias),
            ClaimSubmitted c => EventKeys.Of(
                IdempotencyKey.Derive("claim", c.BillingProvider.Value, c.Payer.Value, c.ClaimId.Value, c.ClaimFrequencyCode, Amount(c.TotalCharge)),
                Envelope(source) ? IdempotencyKey.Derive("claim-envelope", source.InterchangeControlNumber, source.GroupControlNumber, source.TransactionSetControlNumber, c.ClaimId.Value) : default,
                eventAlias),
            ClaimStatusReported s => EventKeys.Of(
                IdempotencyKey.Derive("claim-status", s.Payer?.Value, s.ClaimId.Value, s.PayerClaimControlNumber?.Value, s.CategoryCode, s.StatusCode, s.StatusDate is { } d ? Date(d) : null, s.Action.ToString()),
                eventAlias),
            AcknowledgmentReceived a => EventKeys.Of(
                IdempotencyKey.Derive("ack", a.Kind.ToString(), a.AcknowledgedControlNumber, a.AcknowledgedFunctionalCode, a.Status.ToString(), source.InterchangeControlNumber, source.GroupControlNumber, source.TransactionSetControlNumber),
                eventAlias),
            ChargeCaptured c => Hl7Keys("hl7-charge", canonicalEvent, c.Account.Value, eventAlias),
            AccountContextUpdated c => Hl7Keys("account-context", canonicalEvent, c.Account.Value, eventAlias),
            AccountAdjusted a => EventKeys.Of(
                IdempotencyKey.Derive("account-adjustment", source.MessageControlId ?? canonicalEvent.EventId, a.Account.Value, a.Kind.ToString(), a.ReasonCode, Amount(a.Amount), Date(a.PostingDate)),
                eventAlias),
            PatientPaymentReceived p => EventKeys.Of(
                p.MerchantTransactionId is { } merchant
                    ? IdempotencyKey.Derive("patient-payment", merchant, p.Settlement.ToString())
                    : IdempotencyKey.Derive("patient-payment", null, p.Settlement.ToString(), p.Account.Value, p.Invoice?.Value, p.Encounter?.Value, Amount(p.Amount), p.Method.ToString(), Date(p.PostingDate)),
                eventAlias),
            RefundIssued r => EventKeys.Of(IdempotencyKey.Derive("refund", r.RefundId, r.Account.Value), eventAlias),
            JournalEntry j => EventKeys.Of(IdempotencyKey.Derive("journal", j.IdempotencyKey), eventAlias),
            PostingAcknowledged p => EventKeys.Of(IdempotencyKey.Derive("posting-ack", p.IdempotencyKey, p.Status.ToString(), p.ErpDocumentId), eventAlias),
            _ => EventKeys.Of(eventAlias),
        };
    }

    /// <summary>Derives the key of every claim payment in a remittance, in the remittance's order.</summary>
    /// <param name="remittance">The remittance.</param>
    /// <returns>One key per entry of <see cref="RemittanceReceived.Claims"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="remittance"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<IdempotencyKey> ForClaimPayments(RemittanceReceived remittance)
    {
        ArgumentNullException.ThrowIfNull(remittance);
        var keys = new IdempotencyKey[remittance.Claims.Count];
        var seen = new Dictionary<(string, string?, string, decimal, string), int>();
        for (var i = 0; i < keys.Length; i++)
        {
            var claim = remittance.Claims[i];
            var tuple = (claim.ClaimId.Value, claim.PayerClaimControlNumber?.Value, claim.Status.Value, claim.Paid.Amount, claim.Paid.Currency.Value);
            seen[tuple] = seen.TryGetValue(tuple, out var n) ? n + 1 : 1;
            keys[i] = IdempotencyKey.Derive(
                "claim-payment",
                remittance.Payer.Value,
                remittance.Payment.TraceNumber,
                claim.ClaimId.Value,
                claim.PayerClaimControlNumber?.Value,
                claim.Status.Value,
                Amount(claim.Paid),
                seen[tuple].ToString(CultureInfo.InvariantCulture));
        }

        return keys;
    }

    private static EventKeys Hl7Keys(string kind, CanonicalEvent e, string account, IdempotencyKey eventAlias)
        => e.Source.MessageControlId is { } control
            ? EventKeys.Of(IdempotencyKey.Derive(kind, control, account), eventAlias)
            : EventKeys.Of(IdempotencyKey.Derive(kind, null, e.EventId), eventAlias);

    private static bool Envelope(SourceReference source)
        => source.InterchangeControlNumber is not null && source.GroupControlNumber is not null && source.TransactionSetControlNumber is not null;

    // Normalized so that 10.5 and 10.50 are the same amount.
    private static string Amount(Money money)
        => (money.Amount / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture) + " " + money.Currency.Value;

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
