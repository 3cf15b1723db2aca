using HealthFinance.Canonical;
using HealthFinance.Idempotency.Lifecycle;
using Xunit;

namespace HealthFinance.Idempotency.Conformance;

/// <content>Claim lifecycle: transitions, history, lookups.</content>
public abstract partial class StateStoreConformanceTests
{
    [Fact]
    public async Task Apply_FullPathFromSubmissionToCorrection_RecordsEveryStepInHistory()
    {
        var claim = Claim();
        (ClaimState To, string Cause, string? Pccn, decimal? Amount, string? Note)[] steps =
        [
            (ClaimState.Submitted, "837-1", null, 250.00m, "CLM05-3 1"),
            (ClaimState.Acknowledged, "999-1", null, null, "A"),
            (ClaimState.Accepted, "277ca-1", "ICN-9001", null, "A1:20"),
            (ClaimState.Paid, "835-1", "ICN-9001", 180.00m, "CLP02 1"),
            (ClaimState.Reversed, "835-2", "ICN-9001", -180.00m, "CLP02 22"),
            (ClaimState.Corrected, "835-3", "ICN-9002", 200.00m, "CLP02 1"),
        ];
        var expectedHistory = new List<ClaimHistoryEntry>();
        ClaimState? from = null;
        for (var i = 0; i < steps.Length; i++)
        {
            var (to, cause, pccn, amount, note) = steps[i];
            var at = Start.AddHours(i);
            Time.SetUtcNow(at);

            var result = await Store.Lifecycle.ApplyAsync(Transition(claim, to, cause, pccn, amount, note), Ct);

            Assert.Equal(TransitionOutcome.Applied, result.Outcome);
            Assert.Equal(from, result.From);
            Assert.Equal(to, result.Claim?.State);
            Assert.Equal(i + 1, result.Claim?.Version);
            Assert.Equal(Start, result.Claim?.CreatedAt);
            Assert.Equal(at, result.Claim?.UpdatedAt);
            expectedHistory.Add(new ClaimHistoryEntry(claim, i + 1, from, to, Key("cause", cause), pccn is null ? null : new PayerClaimControlNumber(pccn), amount is { } a ? new Money(a, CurrencyCode.USD) : null, note, at));
            from = to;
        }

        var expected = new ClaimRecord(claim, ClaimState.Corrected, [new PayerClaimControlNumber("ICN-9001"), new PayerClaimControlNumber("ICN-9002")], 6, Start, Start.AddHours(5));
        Assert.Equal(expected, await Store.Lifecycle.FindAsync(new ClaimLookup(claim.ClaimId, claim.Payer), Ct));
        Assert.Equal(expectedHistory, await Store.Lifecycle.GetHistoryAsync(claim, Ct));
    }

    [Fact]
    public async Task Apply_FirstTransitionIsNotASubmission_IsUnknownClaimAndRecordsNothing()
    {
        var claim = Claim();

        var result = await Store.Lifecycle.ApplyAsync(Transition(claim, ClaimState.Paid, "835-1", pccn: "ICN-1", amount: 90m), Ct);

        Assert.Equal(new TransitionResult(TransitionOutcome.UnknownClaim, null, null), result);
        Assert.Null(await Store.Lifecycle.FindAsync(new ClaimLookup(claim.ClaimId, claim.Payer), Ct));
        Assert.Null(await Store.Lifecycle.FindAsync(new ClaimLookup(claim.ClaimId, PayerClaimControlNumber: new PayerClaimControlNumber("ICN-1")), Ct));
        Assert.Empty(await Store.Lifecycle.GetHistoryAsync(claim, Ct));
    }

    [Fact]
    public async Task Apply_IllegalMove_ChangesNothingAndReturnsTheCurrentClaim()
    {
        var claim = Claim();
        var submitted = (await Store.Lifecycle.ApplyAsync(Transition(claim, ClaimState.Submitted, "837-1"), Ct)).Claim;
        Time.Advance(TimeSpan.FromDays(1));

        var result = await Store.Lifecycle.ApplyAsync(Transition(claim, ClaimState.Reversed, "835-22", pccn: "ICN-1"), Ct);

        Assert.Equal(new ClaimRecord(claim, ClaimState.Submitted, [], 1, Start, Start), submitted);
        Assert.Equal(new TransitionResult(TransitionOutcome.Illegal, ClaimState.Submitted, submitted), result);
        Assert.Equal(submitted, await Store.Lifecycle.FindAsync(new ClaimLookup(claim.ClaimId, claim.Payer), Ct));
        Assert.Single(await Store.Lifecycle.GetHistoryAsync(claim, Ct));
    }

    [Fact]
    public async Task Apply_SameCauseAgain_IsAlreadyAppliedAndChangesNothing()
    {
        var claim = Claim();
        await Store.Lifecycle.ApplyAsync(Transition(claim, ClaimState.Submitted, "837-1"), Ct);
        Time.Advance(TimeSpan.FromHours(1));
        var acknowledged = (await Store.Lifecycle.ApplyAsync(Transition(claim, ClaimState.Acknowledged, "999-1"), Ct)).Claim;
        Time.Advance(TimeSpan.FromHours(1));

        var again = await Store.Lifecycle.ApplyAsync(Transition(claim, ClaimState.Acknowledged, "999-1"), Ct);
        var sameCauseOtherState = await Store.Lifecycle.ApplyAsync(Transition(claim, ClaimState.Accepted, "999-1", pccn: "ICN-1"), Ct);
        var resubmitted = await Store.Lifecycle.ApplyAsync(Transition(claim, ClaimState.Submitted, "837-1"), Ct);

        var expected = new ClaimRecord(claim, ClaimState.Acknowledged, [], 2, Start, Start.AddHours(1));
        Assert.Equal(expected, acknowledged);
        Assert.Equal(new TransitionResult(TransitionOutcome.AlreadyApplied, ClaimState.Acknowledged, expected), again);
        Assert.Equal(new TransitionResult(TransitionOutcome.AlreadyApplied, ClaimState.Acknowledged, expected), sameCauseOtherState);
        Assert.Equal(new TransitionResult(TransitionOutcome.AlreadyApplied, ClaimState.Acknowledged, expected), resubmitted);
        Assert.Equal(2, (await Store.Lifecycle.GetHistoryAsync(claim, Ct)).Count);
    }

    [Fact]
    public async Task Apply_SubmissionResent_IsAppliedAsANewVersion()
    {
        var claim = Claim();
        await Store.Lifecycle.ApplyAsync(Transition(claim, ClaimState.Submitted, "837-1"), Ct);

        var resent = await Store.Lifecycle.ApplyAsync(Transition(claim, ClaimState.Submitted, "837-1-resent"), Ct);

        Assert.Equal(new TransitionResult(TransitionOutcome.Applied, ClaimState.Submitted, new ClaimRecord(claim, ClaimState.Submitted, [], 2, Start, Start)), resent);
    }

    [Fact]
    public async Task Apply_PayerClaimControlNumbers_AreRecordedOnceInOrderOfArrival()
    {
        var claim = Claim();
        await Store.Lifecycle.ApplyAsync(Transition(claim, ClaimState.Submitted, "837-1"), Ct);
        await Store.Lifecycle.ApplyAsync(Transition(claim, ClaimState.Paid, "835-1", pccn: "ICN-B"), Ct);
        await Store.Lifecycle.ApplyAsync(Transition(claim, ClaimState.Reversed, "835-2", pccn: "ICN-B"), Ct);

        var result = await Store.Lifecycle.ApplyAsync(Transition(claim, ClaimState.Paid, "835-3", pccn: "ICN-A"), Ct);

        Assert.Equal<PayerClaimControlNumber>([new PayerClaimControlNumber("ICN-B"), new PayerClaimControlNumber("ICN-A")], result.Claim!.PayerClaimControlNumbers);
        Assert.Equal(result.Claim, await Store.Lifecycle.FindAsync(new ClaimLookup(new PatientControlNumber("ANY"), PayerClaimControlNumber: new PayerClaimControlNumber("ICN-B")), Ct));
        Assert.Equal(result.Claim, await Store.Lifecycle.FindAsync(new ClaimLookup(new PatientControlNumber("ANY"), PayerClaimControlNumber: new PayerClaimControlNumber("ICN-A")), Ct));
    }

    [Fact]
    public async Task Find_ByPayerClaimControlNumber_ComesFirst_AndMustMatchAGivenPayer()
    {
        var claim = Claim("PAYER-A", "PCN-1001");
        await Store.Lifecycle.ApplyAsync(Transition(claim, ClaimState.Submitted, "837-1"), Ct);
        var record = (await Store.Lifecycle.ApplyAsync(Transition(claim, ClaimState.Accepted, "277ca-1", pccn: "ICN-77"), Ct)).Claim;
        var other = (await Store.Lifecycle.ApplyAsync(Transition(Claim("PAYER-B", "PCN-2002"), ClaimState.Submitted, "837-2"), Ct)).Claim;
        var icn = new PayerClaimControlNumber("ICN-77");

        Assert.Equal(record, await Store.Lifecycle.FindAsync(new ClaimLookup(new PatientControlNumber("PCN-2002"), null, icn), Ct));
        Assert.Equal(record, await Store.Lifecycle.FindAsync(new ClaimLookup(new PatientControlNumber("PCN-WRONG"), new PayerId("PAYER-A"), icn), Ct));
        Assert.Equal(other, await Store.Lifecycle.FindAsync(new ClaimLookup(new PatientControlNumber("PCN-2002"), new PayerId("PAYER-B"), icn), Ct));
        Assert.Null(await Store.Lifecycle.FindAsync(new ClaimLookup(new PatientControlNumber("PCN-WRONG"), new PayerId("PAYER-B"), icn), Ct));
        Assert.Equal(record, await Store.Lifecycle.FindAsync(new ClaimLookup(new PatientControlNumber("PCN-1001"), null, new PayerClaimControlNumber("ICN-UNKNOWN")), Ct));
    }

    [Fact]
    public async Task Find_ByPayerAndClaimId_OrClaimIdAloneWhenUnique()
    {
        var a = (await Store.Lifecycle.ApplyAsync(Transition(Claim("PAYER-A", "PCN-SHARED"), ClaimState.Submitted, "837-a"), Ct)).Claim;
        var b = (await Store.Lifecycle.ApplyAsync(Transition(Claim("PAYER-B", "PCN-SHARED"), ClaimState.Submitted, "837-b"), Ct)).Claim;
        var unique = (await Store.Lifecycle.ApplyAsync(Transition(Claim("PAYER-A", "PCN-UNIQUE"), ClaimState.Submitted, "837-u"), Ct)).Claim;

        Assert.Equal(a, await Store.Lifecycle.FindAsync(new ClaimLookup(new PatientControlNumber("PCN-SHARED"), new PayerId("PAYER-A")), Ct));
        Assert.Equal(b, await Store.Lifecycle.FindAsync(new ClaimLookup(new PatientControlNumber("PCN-SHARED"), new PayerId("PAYER-B")), Ct));
        Assert.Null(await Store.Lifecycle.FindAsync(new ClaimLookup(new PatientControlNumber("PCN-SHARED")), Ct));
        Assert.Equal(unique, await Store.Lifecycle.FindAsync(new ClaimLookup(new PatientControlNumber("PCN-UNIQUE")), Ct));
        Assert.Null(await Store.Lifecycle.FindAsync(new ClaimLookup(new PatientControlNumber("PCN-UNIQUE"), new PayerId("PAYER-B")), Ct));
        Assert.Null(await Store.Lifecycle.FindAsync(new ClaimLookup(new PatientControlNumber("PCN-NONE")), Ct));
    }

    [Fact]
    public async Task GetHistory_UnknownClaim_IsEmpty()
        => Assert.Empty(await Store.Lifecycle.GetHistoryAsync(Claim("PAYER-Z", "PCN-NONE"), Ct));
}
