using System.Collections.Frozen;

namespace HealthFinance.Idempotency.Lifecycle;

/// <summary>The legal transitions between <see cref="ClaimState"/>s, shared by every store.</summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>From</term><description>May move to</description></listheader>
/// <item><term>(new claim)</term><description>Submitted</description></item>
/// <item><term>Submitted</term><description>Submitted (resent), Acknowledged, Accepted, Rejected, Paid, PartiallyPaid, Denied, Corrected</description></item>
/// <item><term>Acknowledged</term><description>Acknowledged, Accepted, Rejected, Paid, PartiallyPaid, Denied, Corrected</description></item>
/// <item><term>Accepted</term><description>Accepted, Paid, PartiallyPaid, Denied, Corrected</description></item>
/// <item><term>Rejected</term><description>Rejected, Submitted, Corrected</description></item>
/// <item><term>Paid</term><description>Paid, Reversed, Corrected, Settled</description></item>
/// <item><term>PartiallyPaid</term><description>PartiallyPaid, Paid, Reversed, Corrected, Settled</description></item>
/// <item><term>Denied</term><description>Denied, Paid, PartiallyPaid, Reversed, Corrected, Submitted</description></item>
/// <item><term>Reversed</term><description>Paid, PartiallyPaid, Denied, Corrected, Submitted</description></item>
/// <item><term>Corrected</term><description>Corrected, Acknowledged, Accepted, Rejected, Paid, PartiallyPaid, Denied</description></item>
/// <item><term>Settled</term><description>Reversed, Corrected</description></item>
/// </list>
/// A payment never follows a rejection without a resubmission, a reversal needs an adjudication before it, and a
/// settled claim only reopens through a reversal or a correction.
/// </remarks>
public static class ClaimLifecycle
{
    private static readonly FrozenDictionary<ClaimState, ClaimState[]> Next = new Dictionary<ClaimState, ClaimState[]>
    {
        [ClaimState.Submitted] = [ClaimState.Submitted, ClaimState.Acknowledged, ClaimState.Accepted, ClaimState.Rejected, ClaimState.Paid, ClaimState.PartiallyPaid, ClaimState.Denied, ClaimState.Corrected],
        [ClaimState.Acknowledged] = [ClaimState.Acknowledged, ClaimState.Accepted, ClaimState.Rejected, ClaimState.Paid, ClaimState.PartiallyPaid, ClaimState.Denied, ClaimState.Corrected],
        [ClaimState.Accepted] = [ClaimState.Accepted, ClaimState.Paid, ClaimState.PartiallyPaid, ClaimState.Denied, ClaimState.Corrected],
        [ClaimState.Rejected] = [ClaimState.Rejected, ClaimState.Submitted, ClaimState.Corrected],
        [ClaimState.Paid] = [ClaimState.Paid, ClaimState.Reversed, ClaimState.Corrected, ClaimState.Settled],
        [ClaimState.PartiallyPaid] = [ClaimState.PartiallyPaid, ClaimState.Paid, ClaimState.Reversed, ClaimState.Corrected, ClaimState.Settled],
        [ClaimState.Denied] = [ClaimState.Denied, ClaimState.Paid, ClaimState.PartiallyPaid, ClaimState.Reversed, ClaimState.Corrected, ClaimState.Submitted],
        [ClaimState.Reversed] = [ClaimState.Paid, ClaimState.PartiallyPaid, ClaimState.Denied, ClaimState.Corrected, ClaimState.Submitted],
        [ClaimState.Corrected] = [ClaimState.Corrected, ClaimState.Acknowledged, ClaimState.Accepted, ClaimState.Rejected, ClaimState.Paid, ClaimState.PartiallyPaid, ClaimState.Denied],
        [ClaimState.Settled] = [ClaimState.Reversed, ClaimState.Corrected],
    }.ToFrozenDictionary();

    /// <summary>Whether a claim may move from one state to another.</summary>
    /// <param name="from">The current state, or <see langword="null"/> for a claim not seen yet.</param>
    /// <param name="to">The proposed state.</param>
    /// <returns><see langword="true"/> when the transition is legal.</returns>
    public static bool IsLegal(ClaimState? from, ClaimState to)
        => from is { } current
            ? Next.TryGetValue(current, out var next) && Array.IndexOf(next, to) >= 0
            : to == ClaimState.Submitted;

    /// <summary>The states a claim may move to from a state.</summary>
    /// <param name="from">The current state.</param>
    /// <returns>The legal next states.</returns>
    public static IReadOnlyList<ClaimState> NextStates(ClaimState from) => Next.TryGetValue(from, out var next) ? next : [];
}
