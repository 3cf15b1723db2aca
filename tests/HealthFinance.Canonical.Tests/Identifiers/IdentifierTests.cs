using HealthFinance.Canonical.Events;

namespace HealthFinance.Canonical.Tests.Identifiers;

public sealed class IdentifierTests
{
    [Fact]
    public void Ctor_SurroundingWhitespace_IsTrimmed()
    {
        Assert.Equal("PCN1", new PatientControlNumber("  PCN1 ").Value);
        Assert.Equal("PCN1", new PatientControlNumber("  PCN1 ").ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("A\u0001B")]
    public void Ctor_Unusable_ThrowsWithErrorCode(string value)
    {
        var ex = Assert.Throws<CanonicalFormatException>(() => new PayerId(value));
        Assert.Equal(CanonicalErrorCodes.InvalidIdentifier, ex.ErrorCode);
        Assert.False(PayerId.TryParse(value, out var result));
        Assert.Equal(string.Empty, result.Value);
    }

    [Fact]
    public void Ctor_TooLong_Throws()
    {
        Assert.Throws<CanonicalFormatException>(() => new EncounterId(new string('x', 257)));
        Assert.Equal(256, new EncounterId(new string('x', 256)).Value.Length);
    }

    [Fact]
    public void Ctor_Null_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => new InvoiceId(null!));
        Assert.False(InvoiceId.TryParse(null, out _));
    }

    [Fact]
    public void Parse_EveryIdentifierType_RoundTripsText()
    {
        Assert.Equal("A", PatientAccountNumber.Parse("A").Value);
        Assert.Equal("A", EncounterId.Parse("A").Value);
        Assert.Equal("A", PatientControlNumber.Parse("A").Value);
        Assert.Equal("A", PayerClaimControlNumber.Parse("A").Value);
        Assert.Equal("A", InvoiceId.Parse("A").Value);
        Assert.Equal("A", PayerId.Parse("A").Value);
        Assert.Equal("A", ProviderId.Parse("A").Value);
        Assert.Equal("A", FacilityId.Parse("A").Value);
        Assert.Equal("A", LegalEntityId.Parse("A").Value);
        Assert.Equal("A", CorrelationId.Parse("A").Value);
        Assert.Equal("A", AccountRole.Parse("A").Value);
        Assert.True(FacilityId.TryParse(" F1 ", out var facility));
        Assert.Equal(new FacilityId("F1"), facility);
    }

    [Fact]
    public void Default_HasEmptyValue()
    {
        Assert.Equal(string.Empty, default(PatientControlNumber).Value);
        Assert.Equal(string.Empty, default(PatientControlNumber).ToString());
    }

    [Fact]
    public void AccountRole_WellKnownRoles_AreDistinct()
    {
        var roles = AccountRole.WellKnown;
        Assert.Equal(19, roles.Count);
        Assert.Equal(roles.Count, roles.Distinct().Count());
        Assert.Contains(AccountRole.Suspense, roles);
        Assert.Equal("denial-writeoff", AccountRole.DenialWriteOff.Value);
        Assert.Equal("cash-clearing", AccountRole.CashClearing.Value);
    }

    [Theory]
    [InlineData("123456789", "123456789")]
    [InlineData("12-3456789", "123456789")]
    [InlineData(" 123456789 ", "123456789")]
    public void TaxId_NineDigits_NormalizesToDigits(string input, string expected)
    {
        Assert.Equal(expected, new TaxId(input).Value);
        Assert.True(TaxId.TryParse(input, out var parsed));
        Assert.Equal(expected, parsed.ToString());
        Assert.Equal(expected, TaxId.Parse(input).Value);
    }

    [Theory]
    [InlineData("12345678")]
    [InlineData("1234567890")]
    [InlineData("123-456789")]
    [InlineData("12345678A")]
    [InlineData("12-345678A")]
    public void TaxId_Malformed_ThrowsWithErrorCode(string input)
    {
        var ex = Assert.Throws<CanonicalFormatException>(() => new TaxId(input));
        Assert.Equal(CanonicalErrorCodes.InvalidTaxId, ex.ErrorCode);
        Assert.False(TaxId.TryParse(input, out _));
    }

    [Theory]
    [InlineData("1", true, false, false)]
    [InlineData("4", true, true, false)]
    [InlineData("22", true, false, true)]
    [InlineData("19", true, false, false)]
    [InlineData("99", false, false, false)]
    [InlineData("5", false, false, false)]
    public void ClaimStatusCode_Codes_ClassifyAndPreserveUnknown(string code, bool known, bool denial, bool reversal)
    {
        var status = ClaimStatusCode.Parse(code);
        Assert.Equal(code, status.Value);
        Assert.Equal(known, status.IsKnown);
        Assert.Equal(known, status.Description is not null);
        Assert.Equal(denial, status.IsDenial);
        Assert.Equal(reversal, status.IsReversal);
    }

    [Fact]
    public void ClaimStatusCode_StaticValues_MatchX12Codes()
    {
        Assert.Equal(
            ["1", "2", "3", "4", "19", "20", "21", "22", "23", "25"],
            new[]
            {
                ClaimStatusCode.ProcessedAsPrimary, ClaimStatusCode.ProcessedAsSecondary, ClaimStatusCode.ProcessedAsTertiary,
                ClaimStatusCode.Denied, ClaimStatusCode.ProcessedAsPrimaryForwarded, ClaimStatusCode.ProcessedAsSecondaryForwarded,
                ClaimStatusCode.ProcessedAsTertiaryForwarded, ClaimStatusCode.Reversal, ClaimStatusCode.NotOurClaimForwarded,
                ClaimStatusCode.PredeterminationPricingOnly,
            }.Select(c => c.ToString()));
        Assert.True(ClaimStatusCode.NotOurClaimForwarded.IsForwarded);
        Assert.False(ClaimStatusCode.ProcessedAsPrimary.IsForwarded);
        Assert.False(ClaimStatusCode.TryParse(" ", out _));
        Assert.True(ClaimStatusCode.TryParse(" 2 ", out var two));
        Assert.Equal(ClaimStatusCode.ProcessedAsSecondary, two);
    }
}
