using System.Runtime.InteropServices;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Mapping.Posting;

/// <summary>
/// The claims and claim payments the engine has seen, so that a reversal (CLP02 = 22) can mirror its original exactly.
/// Not thread-safe; use one per posting run, or back it by the host's store.
/// </summary>
public sealed class ClaimPaymentHistory
{
    // The payments of each claim (CLP01), oldest first, each with its recording number: what a reversal, a known-claim
    // check or a recoupment looks up, without a pass over every payment of the run. The one place payments are kept.
    private readonly Dictionary<string, List<(long Recorded, PostedClaimPayment Payment)>> _byClaim = new(StringComparer.Ordinal);
    private long _recorded;
    private readonly HashSet<string> _claims = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _accountFacilities = new(StringComparer.Ordinal);

    /// <summary>The claim payments recorded and not yet reversed, in the order they were recorded (a new list each time).</summary>
    public IReadOnlyList<PostedClaimPayment> Payments =>
        [.. _byClaim.Values.SelectMany(static ofClaim => ofClaim).OrderBy(static p => p.Recorded).Select(static p => p.Payment)];

    /// <summary>Records the facility of a patient account (from a charge or account context), so that later payments and adjustments of the account resolve their legal entity.</summary>
    /// <param name="account">The patient account.</param>
    /// <param name="facility">The facility.</param>
    public void RecordAccountFacility(PatientAccountNumber account, FacilityId facility) => _accountFacilities[account.Value] = facility.Value;

    /// <summary>The facility last recorded for a patient account.</summary>
    /// <param name="account">The patient account.</param>
    /// <returns>The facility id, or <see langword="null"/> when none is known.</returns>
    public string? FacilityOf(PatientAccountNumber account) => _accountFacilities.GetValueOrDefault(account.Value);

    /// <summary>Records a submitted claim (CLM01) so that payments naming it are known.</summary>
    /// <param name="claimId">The patient control number.</param>
    public void RecordClaim(PatientControlNumber claimId) => _claims.Add(claimId.Value);

    /// <summary>Whether a claim was submitted or paid before.</summary>
    /// <param name="claimId">The patient control number.</param>
    /// <returns><see langword="true"/> when the claim is known.</returns>
    public bool IsKnownClaim(PatientControlNumber claimId) => _claims.Contains(claimId.Value) || _byClaim.ContainsKey(claimId.Value);

    /// <summary>Records a posted claim payment and its journal.</summary>
    /// <param name="payment">The posted payment.</param>
    /// <exception cref="ArgumentNullException"><paramref name="payment"/> is <see langword="null"/>.</exception>
    public void Record(PostedClaimPayment payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        ref var ofClaim = ref CollectionsMarshal.GetValueRefOrAddDefault(_byClaim, payment.Claim.ClaimId.Value, out _);
        (ofClaim ??= []).Add((++_recorded, payment));
    }

    /// <summary>
    /// Whether a payment a reversal could mirror is recorded: same payer and CLP01, not itself a reversal, and the same
    /// CLP07 when both have one.
    /// </summary>
    /// <param name="payer">The payer of the reversal.</param>
    /// <param name="reversal">The reversal.</param>
    /// <returns><see langword="true"/> when there is one.</returns>
    public bool HasOriginal(PayerId payer, ClaimPayment reversal)
    {
        ArgumentNullException.ThrowIfNull(reversal);
        return Find(payer, reversal, mirrorable: true) >= 0;
    }

    /// <summary>The payments recorded for a payer's claim and not yet reversed, oldest first (a new list each time).</summary>
    /// <param name="payer">The payer.</param>
    /// <param name="claimId">The claim (CLP01).</param>
    /// <returns>The payments; empty when none is recorded.</returns>
    public IReadOnlyList<PostedClaimPayment> PaymentsOf(PayerId payer, PatientControlNumber claimId)
        => _byClaim.TryGetValue(claimId.Value, out var ofClaim)
            ? [.. ofClaim.Where(p => p.Payment.Payer == payer).Select(static p => p.Payment)]
            : [];

    /// <summary>
    /// Forgets every recorded payment and submitted claim (the account facilities stay). A host that keeps posted
    /// payments in a durable store and tracks claims elsewhere (as the sync pipeline does, in its state store) records
    /// into the history only what the event it is posting needs, loads the originals its reversals need, and forgets
    /// them when it is done, so that memory does not grow with the input. Not for a host whose engine requires known
    /// claims (<see cref="PostingEngineOptions.RequireKnownClaim"/>): that check reads the submitted claims.
    /// </summary>
    public void ForgetClaimsAndPayments()
    {
        _byClaim.Clear();
        _claims.Clear();
    }

    /// <summary>The most recent payment recorded for a payer's claim, or <see langword="null"/>.</summary>
    /// <param name="payer">The payer.</param>
    /// <param name="claimId">The claim (CLP01).</param>
    /// <returns>The payment.</returns>
    public PostedClaimPayment? LatestPayment(PayerId payer, string claimId)
    {
        if (_byClaim.TryGetValue(claimId, out var ofClaim))
        {
            for (var i = ofClaim.Count - 1; i >= 0; i--)
            {
                if (ofClaim[i].Payment.Payer == payer)
                {
                    return ofClaim[i].Payment;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Finds and removes the original a reversal reverses: same payer and CLP01, and the same CLP07 when both have one;
    /// the most recent match wins.
    /// </summary>
    /// <param name="payer">The payer of the reversal.</param>
    /// <param name="reversal">The reversal.</param>
    /// <returns>The original, or <see langword="null"/> when none is known.</returns>
    internal PostedClaimPayment? TakeOriginal(PayerId payer, ClaimPayment reversal)
    {
        var index = Find(payer, reversal, mirrorable: false);
        if (index < 0)
        {
            return null;
        }

        var ofClaim = _byClaim[reversal.ClaimId.Value];
        var original = ofClaim[index].Payment;
        ofClaim.RemoveAt(index);
        if (ofClaim.Count == 0)
        {
            _byClaim.Remove(reversal.ClaimId.Value);
        }

        return original;
    }

    // The index, in its claim's list, of the most recent payment matching a reversal, or -1.
    private int Find(PayerId payer, ClaimPayment reversal, bool mirrorable)
    {
        if (!_byClaim.TryGetValue(reversal.ClaimId.Value, out var ofClaim))
        {
            return -1;
        }

        for (var i = ofClaim.Count - 1; i >= 0; i--)
        {
            var p = ofClaim[i].Payment;
            if (p.Payer == payer
                && (!mirrorable || !p.Claim.Status.IsReversal)
                && (p.Claim.PayerClaimControlNumber is null || reversal.PayerClaimControlNumber is null || p.Claim.PayerClaimControlNumber == reversal.PayerClaimControlNumber))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>A claim payment that was posted, with the journal it produced.</summary>
/// <param name="Payer">The payer.</param>
/// <param name="Claim">The claim payment (CLP loop).</param>
/// <param name="Journal">The journal it posted.</param>
public sealed record PostedClaimPayment(PayerId Payer, ClaimPayment Claim, JournalDraft Journal);

/// <summary>A bank deposit matched to a remittance on TRN02/TRN03, amount and BPR16 (DOMAIN row 2a): moves cash-clearing to cash.</summary>
public sealed record DepositMatch
{
    /// <summary>A deterministic id of the deposit (e.g. the bank statement line id).</summary>
    public required string DepositId { get; init; }

    /// <summary>The legal entity that owns the bank account.</summary>
    public required string LegalEntity { get; init; }

    /// <summary>The trace number (TRN02) the deposit matched.</summary>
    public required string TraceNumber { get; init; }

    /// <summary>The payer's originating company id (TRN03), when known.</summary>
    public string? OriginatingCompanyId { get; init; }

    /// <summary>The deposited amount (= BPR02).</summary>
    public required Money Amount { get; init; }

    /// <summary>The effective entry date of the deposit (= BPR16); the accounting date.</summary>
    public required DateOnly EffectiveDate { get; init; }
}
