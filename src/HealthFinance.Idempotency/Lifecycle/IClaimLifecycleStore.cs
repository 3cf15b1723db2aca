using HealthFinance.Canonical;
using HealthFinance.Idempotency.Keys;

namespace HealthFinance.Idempotency.Lifecycle;

/// <summary>Identifies a claim: the payer it was sent to and its patient control number (837 CLM01 = 835 CLP01).</summary>
/// <param name="Payer">The payer id.</param>
/// <param name="ClaimId">The patient control number.</param>
public readonly record struct ClaimKey(PayerId Payer, PatientControlNumber ClaimId)
{
    /// <summary>The key under which events wait for this claim in the parking store.</summary>
    public IdempotencyKey WaitKey => IdempotencyKey.Derive("wait-claim", Payer.Value, ClaimId.Value);
}

/// <summary>How to find a claim from a later event, in order of preference (DOMAIN.md 1.8).</summary>
/// <param name="ClaimId">The patient control number (CLP01, 277CA TRN02, CLM01).</param>
/// <param name="Payer">The payer, when the event names one.</param>
/// <param name="PayerClaimControlNumber">The payer claim control number (835 CLP07, 277CA REF*1K), when present.</param>
/// <remarks>
/// A claim is found by its payer claim control number when one was recorded for it; otherwise by payer and claim id;
/// otherwise, when the event names no payer, by claim id alone if exactly one claim has it.
/// </remarks>
public sealed record ClaimLookup(PatientControlNumber ClaimId, PayerId? Payer = null, PayerClaimControlNumber? PayerClaimControlNumber = null);

/// <summary>A proposed move of a claim to a new state, caused by one input.</summary>
/// <param name="Claim">The claim.</param>
/// <param name="To">The new state.</param>
/// <param name="CausedBy">The key of the input that causes it; applying the same input twice changes nothing.</param>
/// <param name="PayerClaimControlNumber">A payer claim control number learned from the input, recorded for later lookups.</param>
/// <param name="Amount">The amount involved (charge, payment), when any.</param>
/// <param name="Note">A short, non-identifying note (e.g. a status or reason code).</param>
public sealed record ClaimTransition(ClaimKey Claim, ClaimState To, IdempotencyKey CausedBy, PayerClaimControlNumber? PayerClaimControlNumber = null, Money? Amount = null, string? Note = null);

/// <summary>The current state of a claim.</summary>
/// <param name="Claim">The claim.</param>
/// <param name="State">Its state.</param>
/// <param name="PayerClaimControlNumbers">Every payer claim control number seen for it, in order of arrival.</param>
/// <param name="Version">The number of transitions applied (1 after submission).</param>
/// <param name="CreatedAt">When it was first recorded.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record ClaimRecord(ClaimKey Claim, ClaimState State, EquatableArray<PayerClaimControlNumber> PayerClaimControlNumbers, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>One applied transition of a claim.</summary>
/// <param name="Claim">The claim.</param>
/// <param name="Version">The claim's version after this transition.</param>
/// <param name="From">The state before, or <see langword="null"/> for the first.</param>
/// <param name="To">The state after.</param>
/// <param name="CausedBy">The input that caused it.</param>
/// <param name="PayerClaimControlNumber">The payer claim control number the input carried.</param>
/// <param name="Amount">The amount involved.</param>
/// <param name="Note">The note.</param>
/// <param name="At">When it was applied.</param>
public sealed record ClaimHistoryEntry(ClaimKey Claim, int Version, ClaimState? From, ClaimState To, IdempotencyKey CausedBy, PayerClaimControlNumber? PayerClaimControlNumber, Money? Amount, string? Note, DateTimeOffset At);

/// <summary>What <see cref="IClaimLifecycleStore.ApplyAsync"/> did.</summary>
public enum TransitionOutcome
{
    /// <summary>The claim moved to the new state.</summary>
    Applied = 0,

    /// <summary>The same input was applied before; nothing changed.</summary>
    AlreadyApplied = 1,

    /// <summary>The move is not legal from the claim's state (<see cref="ClaimLifecycle"/>); nothing changed.</summary>
    Illegal = 2,

    /// <summary>The claim is not known yet (e.g. a remittance before its claim); nothing changed; park the input.</summary>
    UnknownClaim = 3,
}

/// <summary>The result of <see cref="IClaimLifecycleStore.ApplyAsync"/>.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="From">The claim's state before, or <see langword="null"/> when it was unknown.</param>
/// <param name="Claim">The claim as it now stands, or <see langword="null"/> when it is unknown.</param>
public sealed record TransitionResult(TransitionOutcome Outcome, ClaimState? From, ClaimRecord? Claim);

/// <summary>The state, history and correlation of claims across 837, 999, 277CA and 835.</summary>
/// <remarks>
/// Transitions are checked against <see cref="ClaimLifecycle"/>, idempotent per causing input, and serialised per
/// claim: concurrent transitions of one claim apply one after the other, never lose each other.
/// </remarks>
public interface IClaimLifecycleStore
{
    /// <summary>Applies a transition when it is legal and new.</summary>
    /// <param name="transition">The transition.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>What happened and the claim as it now stands.</returns>
    ValueTask<TransitionResult> ApplyAsync(ClaimTransition transition, CancellationToken cancellationToken = default);

    /// <summary>Finds a claim (see <see cref="ClaimLookup"/> for the order of preference).</summary>
    /// <param name="lookup">What the later event knows about the claim.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The claim, or <see langword="null"/> when none (or, without a payer, more than one) matches.</returns>
    ValueTask<ClaimRecord?> FindAsync(ClaimLookup lookup, CancellationToken cancellationToken = default);

    /// <summary>The transitions of a claim, oldest first.</summary>
    /// <param name="claim">The claim.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Its history; empty for an unknown claim.</returns>
    ValueTask<IReadOnlyList<ClaimHistoryEntry>> GetHistoryAsync(ClaimKey claim, CancellationToken cancellationToken = default);
}
