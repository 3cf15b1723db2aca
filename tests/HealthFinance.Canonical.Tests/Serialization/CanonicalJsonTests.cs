using System.Buffers;
using System.Text;
using FsCheck.Fluent;
using HealthFinance.Canonical.Events;
using HealthFinance.Canonical.Serialization;
using HealthFinance.Canonical.Tests.Support;

namespace HealthFinance.Canonical.Tests.Serialization;

public sealed class CanonicalJsonTests
{
    private static string Compact() => CanonicalJson.Serialize(Samples.Remittance());

    [Fact]
    public void Serialize_Remittance_StartsWithTypeAndSchemaVersion()
    {
        Assert.StartsWith("{\"type\":\"remittance\",\"schemaVersion\":1,\"eventId\":", Compact());
    }

    [Fact]
    public void Serialize_JournalLineReferences_AreWrittenAfterDimensions_AndOmittedWhenAbsent()
    {
        var refs = new JournalLineReferences { ClaimId = new PatientControlNumber("PCN1"), TraceNumber = "EFT0001" };
        var dims = new JournalDimensions { LegalEntity = new LegalEntityId("E1"), AdjustmentReason = "CO-45" };
        var entry = Samples.Journal() with
        {
            Lines =
            [
                JournalLine.DebitOf(AccountRole.ContractualAllowance, new Money(1.50m, CurrencyCode.USD), dims) with { References = refs },
                JournalLine.CreditOf(AccountRole.PayerAr, new Money(1.50m, CurrencyCode.USD), dims),
            ],
        };

        var json = CanonicalJson.Serialize(entry);

        Assert.Contains("\"dimensions\":{\"legalEntity\":\"E1\",\"adjustmentReason\":\"CO-45\"},\"references\":{\"claimId\":\"PCN1\",\"traceNumber\":\"EFT0001\"}}", json, StringComparison.Ordinal);
        Assert.Contains("\"dimensions\":{\"legalEntity\":\"E1\",\"adjustmentReason\":\"CO-45\"}}", json, StringComparison.Ordinal);
        Assert.DoesNotContain("isEmpty", json, StringComparison.Ordinal);
        Assert.Equal(entry, CanonicalJson.Deserialize(json));
    }

    [Fact]
    public void Deserialize_EmptyReferencesObject_ReadsAsNoReferences()
    {
        var json = CanonicalJson.Serialize(Samples.Journal()).Replace("\"dimensions\":{", "\"references\":{},\"dimensions\":{", StringComparison.Ordinal);

        var entry = Assert.IsType<JournalEntry>(CanonicalJson.Deserialize(json));

        Assert.All(entry.Lines, l => Assert.Null(l.References));
        Assert.Equal(Samples.Journal(), entry);
    }

    [Fact]
    public void Serialize_Money_KeepsTrailingZeros()
    {
        Assert.Contains("\"totalCharge\":{\"amount\":500.00,\"currency\":\"USD\"}", Compact());
    }

    [Theory]
    [InlineData(typeof(ChargeCaptured), "charge")]
    [InlineData(typeof(ClaimSubmitted), "claim")]
    [InlineData(typeof(ClaimStatusReported), "claimStatus")]
    [InlineData(typeof(RemittanceReceived), "remittance")]
    [InlineData(typeof(PatientPaymentReceived), "patientPayment")]
    [InlineData(typeof(RefundIssued), "refund")]
    [InlineData(typeof(AccountAdjusted), "accountAdjustment")]
    [InlineData(typeof(JournalEntry), "journalEntry")]
    [InlineData(typeof(PostingAcknowledged), "postingAck")]
    [InlineData(typeof(AcknowledgmentReceived), "acknowledgment")]
    public void Serialize_EveryEventType_WritesItsDiscriminator(Type type, string discriminator)
    {
        var gen = type.Name switch
        {
            nameof(ChargeCaptured) => CanonicalArbitraries.ChargeGen.Select(e => (CanonicalEvent)e),
            nameof(ClaimSubmitted) => CanonicalArbitraries.ClaimGen.Select(e => (CanonicalEvent)e),
            nameof(ClaimStatusReported) => CanonicalArbitraries.ClaimStatusGen.Select(e => (CanonicalEvent)e),
            nameof(RemittanceReceived) => CanonicalArbitraries.RemittanceGen.Select(e => (CanonicalEvent)e),
            nameof(PatientPaymentReceived) => CanonicalArbitraries.PatientPaymentGen.Select(e => (CanonicalEvent)e),
            nameof(RefundIssued) => CanonicalArbitraries.RefundGen.Select(e => (CanonicalEvent)e),
            nameof(AccountAdjusted) => CanonicalArbitraries.AccountAdjustmentGen.Select(e => (CanonicalEvent)e),
            nameof(JournalEntry) => CanonicalArbitraries.JournalGen.Select(e => (CanonicalEvent)e),
            nameof(AcknowledgmentReceived) => CanonicalArbitraries.AcknowledgmentGen.Select(e => (CanonicalEvent)e),
            _ => CanonicalArbitraries.PostingAckGen.Select(e => (CanonicalEvent)e),
        };
        var value = Gen.Sample(gen, 1).Single();
        Assert.IsType(type, value);
        Assert.StartsWith($"{{\"type\":\"{discriminator}\",\"schemaVersion\":1,", CanonicalJson.Serialize(value));
    }

    [Fact]
    public void Deserialize_DiscriminatorNotFirst_IsAccepted()
    {
        var json = Compact().Replace("{\"type\":\"remittance\",", "{", StringComparison.Ordinal).TrimEnd('}') + ",\"type\":\"remittance\"}";
        Assert.Equal(Samples.Remittance(), CanonicalJson.Deserialize(json));
    }

    [Fact]
    public void Deserialize_NewerSchemaVersion_ThrowsUnsupported()
    {
        var json = Compact().Replace("\"schemaVersion\":1", "\"schemaVersion\":2", StringComparison.Ordinal);
        var ex = Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Deserialize(json));
        Assert.Equal(CanonicalErrorCodes.UnsupportedSchemaVersion, ex.ErrorCode);
        Assert.Contains("schemaVersion 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_NewerVersionWithUnknownShape_StillReportsVersionFirst()
    {
        const string json = "{\"type\":\"somethingNew\",\"schemaVersion\":7,\"payload\":[1,2,3]}";
        var ex = Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Deserialize(json));
        Assert.Equal(CanonicalErrorCodes.UnsupportedSchemaVersion, ex.ErrorCode);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public void Deserialize_VersionBelowMinimum_ThrowsUnsupported(string version)
    {
        var json = Compact().Replace("\"schemaVersion\":1", "\"schemaVersion\":" + version, StringComparison.Ordinal);
        Assert.Equal(CanonicalErrorCodes.UnsupportedSchemaVersion, Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Deserialize(json)).ErrorCode);
    }

    [Theory]
    [InlineData("\"1\"")]
    [InlineData("1.5")]
    [InlineData("null")]
    public void Deserialize_NonIntegerVersion_ThrowsUnsupported(string version)
    {
        var json = Compact().Replace("\"schemaVersion\":1", "\"schemaVersion\":" + version, StringComparison.Ordinal);
        Assert.Equal(CanonicalErrorCodes.UnsupportedSchemaVersion, Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Deserialize(json)).ErrorCode);
    }

    [Fact]
    public void Deserialize_MissingSchemaVersion_ThrowsMissing()
    {
        var json = Compact().Replace("\"schemaVersion\":1,", string.Empty, StringComparison.Ordinal);
        Assert.Equal(CanonicalErrorCodes.MissingSchemaVersion, Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Deserialize(json)).ErrorCode);
    }

    [Fact]
    public void Deserialize_CurrentVersionWithUnknownProperty_IgnoresIt()
    {
        var json = Compact().Replace("\"schemaVersion\":1,", "\"schemaVersion\":1,\"addedLater\":{\"x\":[1]},", StringComparison.Ordinal);
        Assert.Equal(Samples.Remittance(), CanonicalJson.Deserialize(json));
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"schemaVersion\":1")]
    [InlineData("{\"schemaVersion\":1,\"type\":\"nope\",\"eventId\":\"e\"}")]
    [InlineData("{\"schemaVersion\":1,\"type\":\"refund\"}")]
    public void Deserialize_MalformedOrWrongShape_ThrowsInvalidJson(string json)
    {
        var ex = Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Deserialize(json));
        Assert.Equal(CanonicalErrorCodes.InvalidJson, ex.ErrorCode);
    }

    [Theory]
    [InlineData("\"amount\":{\"amount\":405.25,\"currency\":\"USD\"}", "\"amount\":{\"amount\":405.25,\"currency\":\"usd\"}")]
    [InlineData("\"amount\":{\"amount\":405.25,\"currency\":\"USD\"}", "\"amount\":{\"amount\":\"405.25\",\"currency\":\"USD\"}")]
    [InlineData("\"amount\":{\"amount\":405.25,\"currency\":\"USD\"}", "\"amount\":{\"amount\":405.25}")]
    [InlineData("\"payeeNpi\":\"1234567893\"", "\"payeeNpi\":\"1234567890\"")]
    [InlineData("\"payer\":\"P1\"", "\"payer\":\" \"")]
    [InlineData("\"payer\":\"P1\"", "\"payer\":1")]
    [InlineData("\"method\":\"ACH\"", "\"method\":\"ach\"")]
    [InlineData("\"method\":\"ACH\"", "\"method\":0")]
    [InlineData("\"paymentDate\":\"2024-01-05\"", "\"paymentDate\":\"05/01/2024\"")]
    public void Deserialize_InvalidValue_ThrowsInvalidJson(string original, string replacement)
    {
        var json = Compact().Replace(original, replacement, StringComparison.Ordinal);
        Assert.NotEqual(Compact(), json);
        Assert.Equal(CanonicalErrorCodes.InvalidJson, Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Deserialize(json)).ErrorCode);
    }

    [Fact]
    public void Deserialize_MixedCurrencies_ThrowsInvalidContent()
    {
        var json = Compact().Replace("{\"amount\":-5.25,\"currency\":\"USD\"}", "{\"amount\":-5.25,\"currency\":\"EUR\"}", StringComparison.Ordinal);
        var ex = Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Deserialize(json));
        Assert.Equal(CanonicalErrorCodes.InvalidJsonContent, ex.ErrorCode);
        Assert.IsType<CurrencyMismatchException>(ex.InnerException);
    }

    [Fact]
    public void Deserialize_UnbalancedJournal_ThrowsInvalidContent()
    {
        var original = CanonicalJson.Serialize(Samples.Journal());
        var first = original.IndexOf("{\"amount\":405.25,", StringComparison.Ordinal);
        var json = string.Concat(original.AsSpan(0, first), "{\"amount\":405.26,", original.AsSpan(first + "{\"amount\":405.25,".Length));
        var ex = Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Deserialize(json));
        Assert.Equal(CanonicalErrorCodes.InvalidJsonContent, ex.ErrorCode);
        Assert.IsType<UnbalancedJournalException>(ex.InnerException);
    }

    [Fact]
    public void ReadSchemaVersion_ReturnsTopLevelVersionOnly()
    {
        Assert.Equal(1, CanonicalJson.ReadSchemaVersion(Encoding.UTF8.GetBytes(Compact())));
        Assert.Null(CanonicalJson.ReadSchemaVersion("{\"nested\":{\"schemaVersion\":3}}"u8));
    }

    [Fact]
    public void WriteNdjsonLine_BufferWriter_WritesOneLinePerEvent()
    {
        var buffer = new ArrayBufferWriter<byte>();
        CanonicalJson.WriteNdjsonLine(buffer, Samples.Remittance());
        CanonicalJson.WriteNdjsonLine(buffer, Samples.Journal());
        var lines = Encoding.UTF8.GetString(buffer.WrittenSpan).Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Equal(string.Empty, lines[2]);
        Assert.Equal(Samples.Remittance(), CanonicalJson.Deserialize(lines[0]));
        Assert.Equal(Samples.Journal(), CanonicalJson.Deserialize(lines[1]));
    }

    [Fact]
    public async Task WriteNdjsonLine_Stream_MatchesBufferWriterOutput()
    {
        using var stream = new MemoryStream();
        CanonicalJson.WriteNdjsonLine(stream, Samples.Remittance());
        await CanonicalJson.WriteNdjsonLineAsync(stream, Samples.Remittance(), TestContext.Current.CancellationToken);
        var expected = Compact() + "\n";
        Assert.Equal(expected + expected, Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void PublicApi_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => CanonicalJson.Serialize(null!));
        Assert.Throws<ArgumentNullException>(() => CanonicalJson.SerializeIndented(null!));
        Assert.Throws<ArgumentNullException>(() => CanonicalJson.SerializeToUtf8Bytes(null!));
        Assert.Throws<ArgumentNullException>(() => CanonicalJson.Deserialize((string)null!));
        Assert.Throws<ArgumentNullException>(() => CanonicalJson.WriteNdjsonLine((Stream)null!, Samples.Remittance()));
        Assert.Throws<ArgumentNullException>(() => CanonicalJson.WriteNdjsonLine(new ArrayBufferWriter<byte>(), null!));
    }

    [Fact]
    public void Options_AreTheSourceGeneratedContractOptions()
    {
        Assert.Same(CanonicalJsonContext.Default.Options, CanonicalJson.Options);
        Assert.True(CanonicalJson.Options.IsReadOnly);
        Assert.Same(CanonicalJsonContext.Default.CanonicalEvent, CanonicalJson.EventTypeInfo);
    }
}
