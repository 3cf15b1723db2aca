using HealthFinance.Idempotency.Lifecycle;

namespace HealthFinance.Idempotency.Tests.Lifecycle;

public sealed class ClaimLifecycleTests
{
    [Theory]
    [InlineData(null, ClaimState.Submitted, true)]
    [InlineData(null, ClaimState.Paid, false)]
    [InlineData(ClaimState.Submitted, ClaimState.Accepted, true)]
    [InlineData(ClaimState.Accepted, ClaimState.Paid, true)]
    [InlineData(ClaimState.Rejected, ClaimState.Paid, false)]
    [InlineData(ClaimState.Submitted, ClaimState.Reversed, false)]
    [InlineData(ClaimState.Paid, ClaimState.Reversed, true)]
    [InlineData(ClaimState.Reversed, ClaimState.Reversed, false)]
    [InlineData(ClaimState.Reversed, ClaimState.Paid, true)]
    [InlineData(ClaimState.Settled, ClaimState.Paid, false)]
    [InlineData(ClaimState.Settled, ClaimState.Reversed, true)]
    [InlineData(ClaimState.Denied, ClaimState.Settled, false)]
    public void IsLegal_FollowsTheTable(ClaimState? from, ClaimState to, bool legal)
        => Assert.Equal(legal, ClaimLifecycle.IsLegal(from, to));

    [Fact]
    public void EveryState_HasNextStates_AndAPathFromSubmission()
    {
        var reachable = new HashSet<ClaimState> { ClaimState.Submitted };
        var queue = new Queue<ClaimState>(reachable);
        while (queue.TryDequeue(out var state))
        {
            foreach (var next in ClaimLifecycle.NextStates(state))
            {
                if (reachable.Add(next))
                {
                    queue.Enqueue(next);
                }
            }
        }

        Assert.Equal(Enum.GetValues<ClaimState>().ToHashSet(), reachable);
    }
}
