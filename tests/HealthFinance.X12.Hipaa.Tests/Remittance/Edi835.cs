using System.Globalization;
using System.Text;

namespace HealthFinance.X12.Hipaa.Tests.Remittance;

/// <summary>Builds synthetic 835 interchanges (never PHI) with correct ST/SE, GE and IEA counts.</summary>
internal static class Edi835
{
    /// <summary>The BPR/TRN/N1 header of DOMAIN 3.3 (payer P1, payee with a valid NPI); BPR02 is given.</summary>
    public static string[] Header(string bpr02 = "405.25", string bpr01 = "I", string bpr04 = "ACH") =>
    [
        $"BPR*{bpr01}*{bpr02}*C*{bpr04}*CCP*01*999999999*DA*123456*1999999999**01*888888888*DA*654321*20240105",
        "TRN*1*EFT0001*1999999999",
        "N1*PR*SYNTHETIC HEALTH PLAN*XV*P1",
        "N1*PE*SYNTHETIC CLINIC*XX*1234567893",
        "REF*TJ*123456789",
    ];

    /// <summary>The DOMAIN 3.3 worked example (plus the AMT*I 5.25 that its PLB L6 pays, as in docs/canonical-model.md): balances at every level.</summary>
    public static string[] GoldenBody() =>
    [
        .. Header(),
        "LX*1",
        "CLP*PCN1*1*500*300*50*12*ICN1",
        "CAS*CO*45*150",
        "CAS*PR*1*50",
        "CLP*PCN2*1*250*200**12*ICN2",
        "CAS*CO*45*50",
        "AMT*I*5.25",
        "PLB*PRV1*20241231*L6:*-5.25*WO:PCN9 ICN9 EFT0001*100",
    ];

    /// <summary>Wraps transaction bodies (segments after ST, before SE) in ST/SE, one GS and one ISA.</summary>
    public static string Interchange(string isa13 = "000000905", string gs06 = "905", string version = "005010X221A1", params string[][] bodies) =>
        Interchange(isa13, gs06, version, '*', ':', '^', '~', "\n", bodies);

    /// <summary>Wraps transaction bodies with the given delimiters (bodies are written with '*' and ':' and translated).</summary>
    public static string Interchange(string isa13, string gs06, string version, char element, char component, char repetition, char terminator, string lineBreak, params string[][] bodies)
    {
        var sb = new StringBuilder();
        var e = element;
        sb.Append(CultureInfo.InvariantCulture, $"ISA{e}00{e}          {e}00{e}          {e}ZZ{e}SENDER         {e}ZZ{e}RECEIVER       {e}240105{e}1200{e}{repetition}{e}00501{e}{isa13}{e}0{e}P{e}{component}{terminator}{lineBreak}");
        Segment(sb, $"GS*HP*SENDER*RECEIVER*20240105*1200*{gs06}*X*{version}", element, component, terminator, lineBreak);
        for (var t = 0; t < bodies.Length; t++)
        {
            var control = (t + 1).ToString("0000", CultureInfo.InvariantCulture);
            Segment(sb, $"ST*835*{control}*{version}", element, component, terminator, lineBreak);
            foreach (var s in bodies[t])
            {
                Segment(sb, s, element, component, terminator, lineBreak);
            }

            Segment(sb, $"SE*{bodies[t].Length + 2}*{control}", element, component, terminator, lineBreak);
        }

        Segment(sb, $"GE*{bodies.Length}*{gs06}", element, component, terminator, lineBreak);
        Segment(sb, $"IEA*1*{isa13}", element, component, terminator, lineBreak);
        return sb.ToString();
    }

    /// <summary>One interchange with one transaction set.</summary>
    public static string Single(params string[] body) => Interchange("000000905", "905", "005010X221A1", [body]);

    /// <summary>The bytes of a fixture.</summary>
    public static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>Reads a fixture and returns its only result.</summary>
    public static HipaaResult ReadSingle(params string[] body)
    {
        var results = HipaaReader.Read(Bytes(Single(body)));
        Assert.Single(results);
        return results[0];
    }

    /// <summary>The finding codes of a result, in order.</summary>
    public static string[] Codes(HipaaResult result) => [.. result.Diagnostics.Select(d => d.Code)];

    private static void Segment(StringBuilder sb, string segment, char element, char component, char terminator, string lineBreak)
    {
        // Fixtures are written with '*' and ':'; translate to the interchange's delimiters.
        var translated = segment.Replace('*', '\u0001').Replace(':', '\u0002').Replace('\u0001', element).Replace('\u0002', component);
        sb.Append(translated).Append(terminator).Append(lineBreak);
    }
}
