using HealthFinance.Canonical.Diagnostics;

namespace HealthFinance.Canonical.Tests.Diagnostics;

public sealed class DiagnosticTests
{
    [Fact]
    public void ToString_WithFullLocation_FormatsCodeSeverityAndPosition()
    {
        var d = new Diagnostic(
            "X12-0101",
            DiagnosticSeverity.Error,
            "Segment terminator missing.",
            new SourceLocation { SegmentIndex = 14, SegmentId = "CLP", ElementPosition = 4, ByteOffset = 311 },
            isRecoverable: false);

        Assert.Equal("X12-0101 error: Segment terminator missing. Segment: 14 (CLP) | Element: 4 | Byte: 311.", d.ToString());
        Assert.True(d.IsError);
        Assert.False(d.IsRecoverable);
    }

    [Fact]
    public void ToString_WithoutLocation_HasNoTrailingPosition()
    {
        var d = new Diagnostic("VAL-0001", DiagnosticSeverity.Warning, "Check this.", SourceLocation.None);
        Assert.Equal("VAL-0001 warning: Check this.", d.ToString());
        Assert.False(d.IsError);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Ctor_EmptyCode_Throws(string code)
    {
        Assert.Throws<ArgumentException>(() => new Diagnostic(code, DiagnosticSeverity.Error, "m", SourceLocation.None));
    }

    [Fact]
    public void Ctor_NullLocation_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new Diagnostic("X", DiagnosticSeverity.Error, "m", null!));
    }

    [Fact]
    public void SourceLocation_ComponentPosition_IsShownAfterElement()
    {
        var loc = new SourceLocation { Path = "ST*0001/CLM[3]/CLM05-1", ElementPosition = 5, ComponentPosition = 1 };
        Assert.Equal("ST*0001/CLM[3]/CLM05-1 | Element: 5-1", loc.ToString());
    }
}
