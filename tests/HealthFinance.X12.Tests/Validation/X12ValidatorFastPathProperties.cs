using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.TestUtilities;
using HealthFinance.X12.Validation;

namespace HealthFinance.X12.Tests.Validation;

/// <summary>
/// The validator's table-driven path (segments classified into bit masks, element bounds from the reader's offsets)
/// must report exactly what the straightforward per-element checks report: the same findings, in the same order, at
/// the same positions, and the same 999/TA1 detail, for valid, mutated and random input.
/// </summary>
public sealed class X12ValidatorFastPathProperties
{
    // Bytes that hit every branch of the element checks: digits, signs, decimal points, the fixture's delimiters,
    // letters, a space, control bytes, DEL and a byte above 0x7F.
    private static readonly byte[] Alphabet = Encoding.Latin1.GetBytes("0123456789012345-..-*:^~ ABZaz\u0000\u0001\t\r\n\u007f\u00e9");

    public static TheoryData<string> CorpusFiles() => Corpus.Files("x12");

    [Property(MaxTest = 400)]
    public bool MutatedRemittance_FastPathSameAsReference(int seed)
    {
        var random = new Random(seed);
        var input = Mutate(BuildInterchange(random), random, random.Next(0, 6));
        return Describe(Validate(input, reference: false)) == Describe(Validate(input, reference: true));
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void CorpusFile_AndItsMutants_FastPathSameAsReference(string file)
    {
        var original = Corpus.ReadBytes(file);
        AssertSame(original);
        var random = new Random(file.Length * 7919);
        for (var i = 0; i < 25; i++)
        {
            AssertSame(Mutate(original, random, random.Next(1, 4)));
        }
    }

    [Fact]
    public void RandomBytes_FastPathSameAsReference()
    {
        var random = new Random(77);
        for (var i = 0; i < 300; i++)
        {
            var bytes = new byte[random.Next(0, 400)];
            random.NextBytes(bytes);
            AssertSame(bytes);
            AssertSame([.. X12TestData.Bytes(X12TestData.Isa()), .. bytes]);
        }
    }

    [Fact]
    public void EveryDateShape_FastPathMatchesCalendar()
    {
        // CCYYMMDD and YYMMDD values around month ends, leap years (incl. years 0, 1900, 2000, 2100) and out-of-range parts.
        string[] years = ["0000", "0001", "1900", "1996", "2000", "2023", "2024", "2100", "2400", "9999"];
        var values = new List<string>();
        foreach (var year in years)
        {
            for (var month = 0; month <= 13; month++)
            {
                foreach (var day in new[] { 0, 1, 28, 29, 30, 31, 32, 99 })
                {
                    values.Add(string.Create(CultureInfo.InvariantCulture, $"{year}{month:00}{day:00}"));
                    values.Add(string.Create(CultureInfo.InvariantCulture, $"{year[2..]}{month:00}{day:00}"));
                }
            }
        }

        var body = values.Select(v => $"DTM*472*{v}").ToList();
        var input = X12TestData.Bytes(Wrap(body));
        var fast = Validate(input, reference: false);
        Assert.Equal(Describe(Validate(input, reference: true)), Describe(fast));

        // DTM02 is DT 8/8: a valid 6-digit date is too short, an invalid one is a bad date.
        var expectedBadDates = values.Count(v => !IsCalendarDate(v));
        var expectedTooShort = values.Count(v => v.Length == 6 && IsCalendarDate(v));
        Assert.Equal(expectedBadDates, fast.Diagnostics.Count(d => d.Code == X12DiagnosticCodes.InvalidDate));
        Assert.Equal(expectedTooShort, fast.Diagnostics.Count(d => d.Code == X12DiagnosticCodes.ElementTooShort));
    }

    [Theory]
    [InlineData("AMT*B6*12.5", null)]
    [InlineData("AMT*B6*-12.5", null)]
    [InlineData("AMT*B6*-.5", null)]
    [InlineData("AMT*B6*.", X12DiagnosticCodes.InvalidNumeric)]
    [InlineData("AMT*B6*-", X12DiagnosticCodes.InvalidNumeric)]
    [InlineData("AMT*B6*1.2.3", X12DiagnosticCodes.InvalidNumeric)]
    [InlineData("AMT*B6*1-2", X12DiagnosticCodes.InvalidNumeric)]
    [InlineData("AMT*B6*12A", X12DiagnosticCodes.InvalidNumeric)]
    [InlineData("AMT*B6*1234567890123456789", X12DiagnosticCodes.ElementTooLong)]
    [InlineData("AMT*B6*-12345678901234567.0", null)]
    [InlineData("LX*1.5", X12DiagnosticCodes.InvalidNumeric)]
    [InlineData("LX*-12", null)]
    [InlineData("LX*1234567", X12DiagnosticCodes.ElementTooLong)]
    [InlineData("AMT*B6:1*12", X12DiagnosticCodes.TooManyComponents)]
    [InlineData("SVC*HC:1:2:3:4:5:6:7*10*5", null)]
    [InlineData("SVC*HC:1:2:3:4:5:6:7:8*10*5", X12DiagnosticCodes.TooManyComponents)]
    [InlineData("AMT*B6", X12DiagnosticCodes.RequiredElementMissing)]
    [InlineData("AMT**12", X12DiagnosticCodes.RequiredElementMissing)]
    [InlineData("AMT*B6*12*X*Y", X12DiagnosticCodes.TooManyElements)]
    [InlineData("AMT*B6*12*X**", null)]
    [InlineData("AMT*B6*12^3", X12DiagnosticCodes.TooManyRepetitions)]
    [InlineData("DTM*472*20240229", null)]
    [InlineData("DTM*472*20230229", X12DiagnosticCodes.InvalidDate)]
    [InlineData("DTM*472*2024023", X12DiagnosticCodes.InvalidDate)]
    [InlineData("DTM*47*20240101", X12DiagnosticCodes.ElementTooShort)]
    [InlineData("AM1*B6*12", null)]
    [InlineData("aMT*B6*12", X12DiagnosticCodes.SegmentIdInvalid)]
    [InlineData("A*B6*12", X12DiagnosticCodes.SegmentIdInvalid)]
    public void OneSegment_FastPathFindsWhatReferenceFinds(string segment, string? expectedCode)
    {
        // Padding keeps 64 bytes readable after the segment, so the classified path is the one under test.
        var input = X12TestData.Bytes(Wrap([segment, "REF*EA*" + new string('X', 60)]));
        var fast = Validate(input, reference: false);
        Assert.Equal(Describe(Validate(input, reference: true)), Describe(fast));
        var codes = fast.Diagnostics.Where(d => d.Code != X12DiagnosticCodes.SegmentCountMismatch).Select(d => d.Code).ToList();
        if (expectedCode is null)
        {
            Assert.Empty(codes);
        }
        else
        {
            Assert.Equal([expectedCode], codes);
        }
    }

    private static void AssertSame(byte[] input)
        => Assert.Equal(Describe(Validate(input, reference: true)), Describe(Validate(input, reference: false)));

    private static X12ValidationResult Validate(byte[] input, bool reference)
        => X12Validator.Validate(input, new X12ValidatorOptions { UseReferenceChecks = reference, MaxRetainedDiagnostics = 100_000 });

    private static bool IsCalendarDate(string value)
    {
        var year = value.Length == 8 ? int.Parse(value[..4], CultureInfo.InvariantCulture) : 2000 + int.Parse(value[..2], CultureInfo.InvariantCulture);
        var month = int.Parse(value[^4..^2], CultureInfo.InvariantCulture);
        var day = int.Parse(value[^2..], CultureInfo.InvariantCulture);
        return month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(Math.Max(year, 1), month);
    }

    /// <summary>One interchange, group and transaction set around <paramref name="body"/>, with a correct SE01.</summary>
    private static string Wrap(IReadOnlyList<string> body)
    {
        var sb = new StringBuilder();
        sb.Append(X12TestData.Isa()).Append('\n');
        sb.Append("GS*HP*SENDER*RECEIVER*20240101*1200*1*X*005010X221A1~\n");
        sb.Append("ST*835*0001*005010X221A1~\n");
        foreach (var segment in body)
        {
            sb.Append(segment).Append("~\n");
        }

        sb.Append(string.Create(CultureInfo.InvariantCulture, $"SE*{body.Count + 2}*0001~\nGE*1*1~\nIEA*1*000000001~\n"));
        return sb.ToString();
    }

    /// <summary>The fixture's 835 with extra segments of every checked type, some near the 64-byte classification limit.</summary>
    private static byte[] BuildInterchange(Random random)
    {
        var body = new List<string>();
        var count = random.Next(1, 40);
        for (var i = 0; i < count; i++)
        {
            var amount = Number(random);
            body.Add(random.Next(9) switch
            {
                0 => $"DTM*{random.Next(100, 999)}*{random.Next(1990, 2030)}{random.Next(0, 14):00}{random.Next(0, 33):00}",
                1 => $"CAS*CO*{random.Next(1, 300)}*{amount}*{random.Next(0, 5)}*PR*2*{Number(random)}",
                2 => $"AMT*B6*{amount}",
                3 => $"SVC*HC:{random.Next(10000, 99999)}{(random.Next(3) == 0 ? ":25" : "")}*{amount}*{Number(random)}**{random.Next(0, 3)}",
                4 => $"CLP*C{random.NextInt64(1_000_000_000, 99_999_999_999)}*1*{amount}*{Number(random)}*{Number(random)}*12*{new string('7', random.Next(1, 40))}*11*1",
                5 => $"LX*{random.Next(-5, 2000)}",
                6 => $"REF*6R*{new string('L', random.Next(0, 80))}",
                7 => $"PLB*1234567890*20241231*WO:{random.Next(1, 99)}*{amount}",
                _ => $"QTY*CA*{amount}",
            });
        }

        var text = X12TestData.Interchange835(transactions: 1);
        var insertAt = text.IndexOf("SE*", StringComparison.Ordinal);
        var extra = string.Concat(body.Select(s => s + "~\n"));
        return X12TestData.Bytes(text[..insertAt] + extra + text[insertAt..]);
    }

    private static string Number(Random random) => random.Next(6) switch
    {
        0 => random.Next(0, 100000).ToString(CultureInfo.InvariantCulture),
        1 => (random.Next(-100000, 100000) / 100.0).ToString("0.##", CultureInfo.InvariantCulture),
        2 => "-" + random.Next(0, 1000).ToString(CultureInfo.InvariantCulture),
        3 => "." + random.Next(0, 99).ToString(CultureInfo.InvariantCulture),
        4 => new string('9', random.Next(0, 22)),
        _ => random.Next(0, 1000).ToString(CultureInfo.InvariantCulture) + "." + random.Next(0, 1000).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Replaces, inserts or deletes bytes, favouring bytes that matter to the element checks.</summary>
    private static byte[] Mutate(byte[] original, Random random, int edits)
    {
        var bytes = new List<byte>(original);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            var b = random.Next(4) == 0 ? (byte)random.Next(256) : Alphabet[random.Next(Alphabet.Length)];
            switch (random.Next(3))
            {
                case 0:
                    bytes[at] = b;
                    break;
                case 1:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.Insert(at, b);
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>Everything a caller can observe: counts, every finding with its location, and the 999/TA1 detail.</summary>
    internal static string Describe(X12ValidationResult result)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"valid={result.IsValid} errors={result.ErrorCount} warnings={result.WarningCount} segments={result.SegmentCount} bytes={result.BytesRead}\n");
        foreach (var d in result.Diagnostics)
        {
            var l = d.Location;
            sb.Append(CultureInfo.InvariantCulture,
                $"{d.Code} {d.Severity} {d.IsRecoverable} '{d.Message}' path={l.Path} seg={l.SegmentIndex} id={l.SegmentId} pos={l.SegmentPositionInTransaction} el={l.ElementPosition} comp={l.ComponentPosition} rep={l.RepetitionPosition} at={l.ByteOffset}\n");
        }

        foreach (var ic in result.Interchanges)
        {
            sb.Append(CultureInfo.InvariantCulture, $"ISA {ic.ControlNumber} trailer={ic.HasTrailer} notes={string.Join(',', ic.NoteCodes)}\n");
            foreach (var g in ic.Groups)
            {
                sb.Append(CultureInfo.InvariantCulture, $" GS {g.ControlNumber} trailer={g.HasTrailer} errors={string.Join(',', g.ErrorCodes)}\n");
                foreach (var t in g.Transactions)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"  ST {t.ControlNumber} count={t.SegmentCount} trailer={t.HasTrailer} errors={string.Join(',', t.ErrorCodes)} suppressed={t.SuppressedSegmentErrors}\n");
                    foreach (var s in t.SegmentErrors)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"   IK3 {s.SegmentId} {s.PositionInTransaction} {s.SyntaxErrorCode}:");
                        foreach (var el in s.ElementErrors)
                        {
                            sb.Append(CultureInfo.InvariantCulture, $" IK4 {el.ElementPosition}/{el.ComponentPosition}/{el.RepetitionPosition} {el.SyntaxErrorCode}");
                        }

                        sb.Append('\n');
                    }
                }
            }
        }

        return sb.ToString();
    }
}
