using HealthFinance.Canonical.Diagnostics;
using HealthFinance.TestUtilities;
using HealthFinance.X12.Validation;

namespace HealthFinance.X12.Tests.Validation;

public sealed class X12ValidatorTests
{
    private static X12ValidationResult Validate(string text) => X12Validator.Validate(X12TestData.Bytes(text));

    private static Diagnostic Single(X12ValidationResult result, string code)
    {
        var matches = result.Diagnostics.Where(d => d.Code == code).ToList();
        Assert.True(matches.Count == 1, $"expected one {code}, found: {string.Join(" | ", result.Diagnostics)}");
        return matches[0];
    }

    [Fact]
    public void Validate_ValidInterchange_HasNoFindingsAndReportsStructure()
    {
        var result = Validate(X12TestData.Interchange835(transactions: 2));

        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        Assert.Empty(result.Diagnostics);
        var ic = Assert.Single(result.Interchanges);
        Assert.Equal("000000001", ic.ControlNumber);
        Assert.Equal("SENDER", ic.SenderId);
        Assert.Equal("RECEIVER", ic.ReceiverId);
        Assert.True(ic.IsEnvelopeValid);
        var group = Assert.Single(ic.Groups);
        Assert.Equal("HP", group.FunctionalIdentifierCode);
        Assert.Equal("005010X221A1", group.Version);
        Assert.Equal(2, group.Transactions.Count);
        Assert.All(group.Transactions, t => Assert.True(t.IsAccepted));
        Assert.Equal(15, group.Transactions[0].SegmentCount);
        Assert.Equal(34, result.SegmentCount);
    }

    [Fact]
    public void Validate_WrongSegmentCount_ReportsSe01WithPosition()
    {
        var text = X12TestData.Interchange835().Replace("SE*15*0001", "SE*14*0001", StringComparison.Ordinal);
        var result = Validate(text);

        Assert.False(result.IsValid);
        var d = Single(result, X12DiagnosticCodes.SegmentCountMismatch);
        Assert.Equal(16, d.Location.SegmentIndex);
        Assert.Equal("SE", d.Location.SegmentId);
        Assert.Equal(1, d.Location.ElementPosition);
        Assert.Equal(15, d.Location.SegmentPositionInTransaction);
        Assert.Equal(text.IndexOf("SE*14", StringComparison.Ordinal) + 3, d.Location.ByteOffset);
        Assert.Equal("SE01 declares 14 segments; transaction set 0001 has 15.", d.Message);
        Assert.Equal(["4"], result.Interchanges[0].Groups[0].Transactions[0].ErrorCodes);
    }

    [Fact]
    public void Validate_TrailerControlNumbersDisagree_ReportsEachLevel()
    {
        var text = X12TestData.Interchange835()
            .Replace("SE*15*0001", "SE*15*0002", StringComparison.Ordinal)
            .Replace("GE*1*1", "GE*1*2", StringComparison.Ordinal)
            .Replace("IEA*1*000000001", "IEA*1*000000009", StringComparison.Ordinal);
        var result = Validate(text);

        Single(result, X12DiagnosticCodes.TransactionControlNumberMismatch);
        Single(result, X12DiagnosticCodes.GroupControlNumberMismatch);
        Single(result, X12DiagnosticCodes.InterchangeControlNumberMismatch);
        var ic = result.Interchanges[0];
        Assert.Equal(["001"], ic.NoteCodes);
        Assert.Equal(["4"], ic.Groups[0].ErrorCodes);
        Assert.Equal(["3"], ic.Groups[0].Transactions[0].ErrorCodes);
    }

    [Fact]
    public void Validate_WrongTrailerCounts_ReportsGe01AndIea01()
    {
        var text = X12TestData.Interchange835()
            .Replace("GE*1*1", "GE*3*1", StringComparison.Ordinal)
            .Replace("IEA*1*", "IEA*2*", StringComparison.Ordinal);
        var result = Validate(text);

        Single(result, X12DiagnosticCodes.TransactionCountMismatch);
        Single(result, X12DiagnosticCodes.GroupCountMismatch);
        Assert.Equal(["021"], result.Interchanges[0].NoteCodes);
        Assert.Equal(["5"], result.Interchanges[0].Groups[0].ErrorCodes);
    }

    [Fact]
    public void Validate_TruncatedAfterGroup_ReportsMissingIea()
    {
        var text = X12TestData.Interchange835();
        text = text[..text.IndexOf("IEA", StringComparison.Ordinal)];
        var result = Validate(text);

        Single(result, X12DiagnosticCodes.IeaMissing);
        Assert.Equal(["023"], result.Interchanges[0].NoteCodes);
        Assert.False(result.Interchanges[0].HasTrailer);
    }

    [Fact]
    public void Validate_MissingSe_ClosesTransactionAndReportsIt()
    {
        var text = X12TestData.Interchange835().Replace("SE*15*0001~\n", "", StringComparison.Ordinal);
        var result = Validate(text);

        var d = Single(result, X12DiagnosticCodes.SeMissing);
        Assert.Equal("GE", d.Location.SegmentId);
        Assert.Equal(["2"], result.Interchanges[0].Groups[0].Transactions[0].ErrorCodes);
    }

    [Fact]
    public void Validate_InvalidSegmentId_ReportsIk3Code1()
    {
        var text = X12TestData.Interchange835().Replace("LX*1", "1X*1", StringComparison.Ordinal);
        var result = Validate(text);

        var d = Single(result, X12DiagnosticCodes.SegmentIdInvalid);
        Assert.Equal(7, d.Location.SegmentPositionInTransaction);
        var error = Assert.Single(result.Interchanges[0].Groups[0].Transactions[0].SegmentErrors);
        Assert.Equal("1X", error.SegmentId);
        Assert.Equal("1", error.SyntaxErrorCode);
        Assert.Equal(7, error.PositionInTransaction);
    }

    [Fact]
    public void Validate_NulByteInData_ReportsInvalidCharacterAtItsByte()
    {
        var text = X12TestData.Interchange835().Replace("ACME HEALTH", "ACME\0HEALTH", StringComparison.Ordinal);
        var result = Validate(text);

        var d = Single(result, X12DiagnosticCodes.InvalidCharacter);
        Assert.Equal(text.IndexOf('\0', StringComparison.Ordinal), d.Location.ByteOffset);
        Assert.Equal(2, d.Location.ElementPosition);
        var seg = Assert.Single(result.Interchanges[0].Groups[0].Transactions[0].SegmentErrors);
        Assert.Equal("N1", seg.SegmentId);
        Assert.Equal("6", Assert.Single(seg.ElementErrors).SyntaxErrorCode);
    }

    [Theory]
    [InlineData("CLP*PCN001*1*200*150*20", "CLP*PCN001*1*2X0*150*20", X12DiagnosticCodes.InvalidNumeric, 3, "6")]
    [InlineData("CLP*PCN001*1*200*150*20*12*PAYERCLAIM01*11*1", "CLP*PCN001*1*200", X12DiagnosticCodes.RequiredElementMissing, 4, "1")]
    [InlineData("DTM*472*20240101", "DTM*472*20240231", X12DiagnosticCodes.InvalidDate, 2, "8")]
    [InlineData("AMT*B6*170", "AMT*B6*170*X*Y", X12DiagnosticCodes.TooManyElements, 4, "3")]
    [InlineData("TRN*1*12345*1512345678", "TRN*1*12345*15123", X12DiagnosticCodes.ElementTooShort, 3, "4")]
    [InlineData("CAS*CO*45*30", "CAS*CO*450000*30", X12DiagnosticCodes.ElementTooLong, 2, "5")]
    [InlineData("CAS*CO*45*30", "CAS*C:O*45*30", X12DiagnosticCodes.TooManyComponents, 1, "13")]
    [InlineData("CAS*CO*45*30", "CAS*CO^PR*45*30", X12DiagnosticCodes.TooManyRepetitions, 1, "12")]
    public void Validate_ElementSyntaxError_ReportsCodeAndIk4(string original, string replacement, string code, int element, string ik403)
    {
        var result = Validate(X12TestData.Interchange835().Replace(original, replacement, StringComparison.Ordinal));

        var d = Single(result, code);
        Assert.Equal(element, d.Location.ElementPosition);
        var seg = Assert.Single(result.Interchanges[0].Groups[0].Transactions[0].SegmentErrors);
        Assert.Equal("8", seg.SyntaxErrorCode);
        var e = Assert.Single(seg.ElementErrors);
        Assert.Equal(element, e.ElementPosition);
        Assert.Equal(ik403, e.SyntaxErrorCode);
    }

    [Fact]
    public void Validate_DuplicateInterchangeControlNumber_IsAWarning()
    {
        var result = Validate(X12TestData.Interchange835() + X12TestData.Interchange835());

        var d = Single(result, X12DiagnosticCodes.DuplicateInterchangeControlNumber);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.True(result.IsValid);
        Assert.Equal(2, result.Interchanges.Count);
        Assert.Empty(result.Interchanges[1].NoteCodes);
    }

    [Fact]
    public void Validate_BadIsaDate_ReportsTa1Code014()
    {
        var result = Validate(X12TestData.Interchange835().Replace("*240101*", "*241301*", StringComparison.Ordinal));

        var d = Single(result, X12DiagnosticCodes.IsaElementInvalid);
        Assert.Equal(9, d.Location.ElementPosition);
        Assert.Equal(["014"], result.Interchanges[0].NoteCodes);
    }

    [Fact]
    public void Validate_IsaNotPadded_ReportsFixedLengthAndElementWidths()
    {
        var text = X12TestData.Interchange835().Replace("SENDER         ", "SENDER", StringComparison.Ordinal);
        var result = Validate(text);

        Single(result, X12DiagnosticCodes.IsaNotFixedLength);
        var width = Single(result, X12DiagnosticCodes.IsaElementInvalid);
        Assert.Equal(6, width.Location.ElementPosition);
        Assert.Contains("024", result.Interchanges[0].NoteCodes);
        Assert.Contains("006", result.Interchanges[0].NoteCodes);
    }

    [Fact]
    public void Validate_SegmentBetweenInterchanges_IsOutsideInterchange()
    {
        var result = Validate(X12TestData.Interchange835() + "N1*PR*STRAY~\n" + X12TestData.Interchange835("000000002"));

        var d = Single(result, X12DiagnosticCodes.SegmentOutsideInterchange);
        Assert.Equal("N1", d.Location.SegmentId);
    }

    [Fact]
    public void Validate_St03DiffersFromGs08_IsAWarningOnly()
    {
        var result = Validate(X12TestData.Interchange835().Replace("ST*835*0001*005010X221A1", "ST*835*0001*005010X221", StringComparison.Ordinal));

        Assert.True(result.IsValid);
        var d = Single(result, X12DiagnosticCodes.ImplementationReferenceMismatch);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal(1, result.WarningCount);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not edi at all")]
    [InlineData("ISA*00*")]
    public void Validate_Unreadable_ReportsReaderFindingWithoutThrowing(string text)
    {
        var result = Validate(text);

        Assert.False(result.IsValid);
        Assert.NotEmpty(result.Diagnostics);
        Assert.All(result.Diagnostics, d => Assert.StartsWith("X12-0", d.Code, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RetentionLimit_CountsSuppressedFindings()
    {
        var text = X12TestData.Interchange835(transactions: 5).Replace("LX*1", "1X*1", StringComparison.Ordinal);
        var seen = new List<Diagnostic>();
        var result = X12Validator.Validate(X12TestData.Bytes(text), new X12ValidatorOptions { MaxRetainedDiagnostics = 2, DiagnosticReported = seen.Add });

        Assert.Equal(5, result.ErrorCount);
        Assert.Equal(2, result.Diagnostics.Count);
        Assert.Equal(3, result.SuppressedDiagnostics);
        Assert.Equal(5, seen.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task ValidateAsync_AnyChunking_MatchesSpanValidation(int chunk)
    {
        var text = X12TestData.Interchange835(transactions: 3)
            .Replace("SE*15*0002", "SE*9*0002", StringComparison.Ordinal)
            .Replace("AMT*B6*170", "AMT*B6*1X0", StringComparison.Ordinal);
        var bytes = X12TestData.Bytes(text);
        var expected = X12Validator.Validate(bytes);

        await using var stream = new ChunkedStream(bytes, chunk);
        var actual = await X12Validator.ValidateAsync(stream, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(expected.Diagnostics.Select(d => d.ToString()), actual.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(expected.SegmentCount, actual.SegmentCount);
        Assert.Equal(bytes.Length, actual.BytesRead);
    }

    /// <summary>A stream that hands out at most a fixed number of bytes per read.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
