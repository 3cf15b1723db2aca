using System.Collections.Immutable;
using HealthFinance.Canonical;
using HealthFinance.Idempotency.Lifecycle;

namespace HealthFinance.Idempotency.InMemory;

/// <content>The claim rows.</content>
internal sealed partial class MemoryState
{
    private readonly TrackedMap<ClaimKey, ClaimRow> _claims;

    // Claims by patient control number alone (for lookups that name no payer) and by payer claim control number.
    private readonly TrackedMap<PatientControlNumber, ImmutableArray<ClaimKey>> _claimsById;
    private readonly TrackedMap<PayerClaimControlNumber, ImmutableArray<ClaimKey>> _claimsByPccn;

    /// <summary>Applies a transition when the claim is known (or it is a submission), the cause is new and the move is legal.</summary>
    /// <param name="transition">The transition.</param>
    /// <returns>What happened.</returns>
    public TransitionResult Apply(ClaimTransition transition)
    {
        ClaimRecord? current = null;
        var history = ImmutableList<ClaimHistoryEntry>.Empty;
        if (_claims.TryGetValue(transition.Claim, out var row))
        {
            current = row.Record;
            history = row.History;
            if (history.Exists(h => h.CausedBy == transition.CausedBy))
            {
                return new TransitionResult(TransitionOutcome.AlreadyApplied, current.State, current);
            }

            if (!ClaimLifecycle.IsLegal(current.State, transition.To))
            {
                return new TransitionResult(TransitionOutcome.Illegal, current.State, current);
            }
        }
        else if (transition.To != ClaimState.Submitted)
        {
            return new TransitionResult(TransitionOutcome.UnknownClaim, null, null);
        }

        var now = Now;
        var numbers = current?.PayerClaimControlNumbers.AsImmutableArray() ?? [];
        if (transition.PayerClaimControlNumber is { } pccn && !numbers.Contains(pccn))
        {
            numbers = numbers.Add(pccn);
            AddToIndex(_claimsByPccn, pccn, transition.Claim);
        }

        if (current is null)
        {
            AddToIndex(_claimsById, transition.Claim.ClaimId, transition.Claim);
        }

        var version = (current?.Version ?? 0) + 1;
        var record = new ClaimRecord(transition.Claim, transition.To, numbers, version, current?.CreatedAt ?? now, now);
        var entry = new ClaimHistoryEntry(transition.Claim, version, current?.State, transition.To, transition.CausedBy, transition.PayerClaimControlNumber, transition.Amount, transition.Note, now);
        _claims.Set(transition.Claim, new ClaimRow(record, history.Add(entry)));
        return new TransitionResult(TransitionOutcome.Applied, current?.State, record);
    }

    /// <summary>Finds a claim by payer claim control number, then payer and claim id, then claim id alone when unique.</summary>
    /// <param name="lookup">What is known about the claim.</param>
    /// <returns>The claim, or <see langword="null"/>.</returns>
    public ClaimRecord? FindClaim(ClaimLookup lookup)
    {
        if (lookup.PayerClaimControlNumber is { } pccn && _claimsByPccn.TryGetValue(pccn, out var withPccn))
        {
            var candidates = lookup.Payer is { } payer ? withPccn.Where(c => c.Payer == payer).ToList() : [.. withPccn];
            if (candidates.Count == 1)
            {
                return _claims.TryGetValue(candidates[0], out var byPccn) ? byPccn.Record : null;
            }
        }

        if (lookup.Payer is { } named)
        {
            return _claims.TryGetValue(new ClaimKey(named, lookup.ClaimId), out var row) ? row.Record : null;
        }

        return _claimsById.TryGetValue(lookup.ClaimId, out var withId) && withId.Length == 1 && _claims.TryGetValue(withId[0], out var only)
            ? only.Record
            : null;
    }

    /// <summary>The history of a claim, oldest first.</summary>
    /// <param name="claim">The claim.</param>
    /// <returns>Its history; empty when unknown.</returns>
    public IReadOnlyList<ClaimHistoryEntry> GetHistory(ClaimKey claim)
        => _claims.TryGetValue(claim, out var row) ? row.History : [];

    private static void AddToIndex<TKey>(TrackedMap<TKey, ImmutableArray<ClaimKey>> index, TKey key, ClaimKey claim)
        where TKey : notnull
        => index.Set(key, index.TryGetValue(key, out var claims) ? claims.Add(claim) : [claim]);
}
