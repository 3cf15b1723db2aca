using FsCheck.Xunit;
using HealthFinance.Canonical.Events;
using HealthFinance.Canonical.Serialization;
using HealthFinance.Canonical.Tests.Support;

namespace HealthFinance.Canonical.Tests.Properties;

public sealed class JsonRoundTripProperties
{
    private static void AssertRoundTrips(CanonicalEvent value)
    {
        var json = CanonicalJson.Serialize(value);
        var back = CanonicalJson.Deserialize(json);
        Assert.Equal(value.GetType(), back.GetType());
        Assert.Equal(value, back);

        // Scale is preserved too: the re-serialized text is identical.
        Assert.Equal(json, CanonicalJson.Serialize(back));
        Assert.Equal(value, CanonicalJson.Deserialize(CanonicalJson.SerializeToUtf8Bytes(value)));
    }

    [Property(Arbitrary = [typeof(CanonicalArbitraries)])]
    public void RoundTrip_ChargeCaptured_IsEqual(ChargeCaptured value) => AssertRoundTrips(value);

    [Property(Arbitrary = [typeof(CanonicalArbitraries)])]
    public void RoundTrip_ClaimSubmitted_IsEqual(ClaimSubmitted value) => AssertRoundTrips(value);

    [Property(Arbitrary = [typeof(CanonicalArbitraries)])]
    public void RoundTrip_ClaimStatusReported_IsEqual(ClaimStatusReported value) => AssertRoundTrips(value);

    [Property(Arbitrary = [typeof(CanonicalArbitraries)], MaxTest = 50)]
    public void RoundTrip_RemittanceReceived_IsEqual(RemittanceReceived value) => AssertRoundTrips(value);

    [Property(Arbitrary = [typeof(CanonicalArbitraries)])]
    public void RoundTrip_PatientPaymentReceived_IsEqual(PatientPaymentReceived value) => AssertRoundTrips(value);

    [Property(Arbitrary = [typeof(CanonicalArbitraries)])]
    public void RoundTrip_RefundIssued_IsEqual(RefundIssued value) => AssertRoundTrips(value);

    [Property(Arbitrary = [typeof(CanonicalArbitraries)])]
    public void RoundTrip_AccountAdjusted_IsEqual(AccountAdjusted value) => AssertRoundTrips(value);

    [Property(Arbitrary = [typeof(CanonicalArbitraries)])]
    public void RoundTrip_AccountContextUpdated_IsEqual(AccountContextUpdated value) => AssertRoundTrips(value);

    [Property(Arbitrary = [typeof(CanonicalArbitraries)])]
    public void RoundTrip_JournalEntry_IsEqual(JournalEntry value) => AssertRoundTrips(value);

    [Property(Arbitrary = [typeof(CanonicalArbitraries)])]
    public void RoundTrip_PostingAcknowledged_IsEqual(PostingAcknowledged value) => AssertRoundTrips(value);

    [Property(Arbitrary = [typeof(CanonicalArbitraries)])]
    public void RoundTrip_AcknowledgmentReceived_IsEqual(AcknowledgmentReceived value) => AssertRoundTrips(value);

    [Property(Arbitrary = [typeof(CanonicalArbitraries)])]
    public void RoundTrip_Money_PreservesScale(Money value)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(value, CanonicalJsonContext.Default.Money);
        var back = System.Text.Json.JsonSerializer.Deserialize(json, CanonicalJsonContext.Default.Money);
        Assert.Equal(value, back);
        Assert.Equal(value.Amount.Scale, back.Amount.Scale);
    }
}
