using System.Text;

namespace HealthFinance.TestUtilities;

/// <summary>Hand-made X12 fixtures (synthetic data, never PHI) for unit tests.</summary>
public static class X12TestData
{
    /// <summary>A fixed-width ISA with the default delimiters (<c>* : ^ ~</c>) and the given control number.</summary>
    /// <param name="controlNumber">ISA13, 9 digits.</param>
    /// <param name="element">The element separator.</param>
    /// <param name="repetition">ISA11, the repetition separator.</param>
    /// <param name="component">ISA16, the component separator.</param>
    /// <param name="terminator">The segment terminator.</param>
    /// <returns>The 106-byte ISA segment including its terminator.</returns>
    public static string Isa(string controlNumber = "000000001", char element = '*', char repetition = '^', char component = ':', char terminator = '~')
    {
        var e = element;
        return $"ISA{e}00{e}          {e}00{e}          {e}ZZ{e}SENDER         {e}ZZ{e}RECEIVER       {e}240101{e}1200{e}{repetition}{e}00501{e}{controlNumber}{e}0{e}P{e}{component}{terminator}";
    }

    /// <summary>The body of a small 835 transaction set (ST … SE), balanced at service, claim and transaction level, with correct counts.</summary>
    /// <param name="controlNumber">ST02/SE02.</param>
    /// <returns>The transaction set with '~' terminators and '\n' after each.</returns>
    public static string Remittance835(string controlNumber = "0001")
    {
        string[] body =
        [
            $"ST*835*{controlNumber}*005010X221A1",
            "BPR*I*150*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20240105",
            "TRN*1*12345*1512345678",
            "DTM*405*20240105",
            "N1*PR*ACME HEALTH PLAN",
            "N1*PE*GOOD CLINIC*XX*1234567893",
            "LX*1",
            "CLP*PCN001*1*200*150*20*12*PAYERCLAIM01*11*1",
            "NM1*QC*1*DOE*JANE****MI*MEMBER01",
            "SVC*HC:99213*200*150**1",
            "DTM*472*20240101",
            "CAS*CO*45*30",
            "CAS*PR*2*20",
            "AMT*B6*170",
        ];
        var sb = new StringBuilder();
        foreach (var s in body)
        {
            sb.Append(s).Append("~\n");
        }

        sb.Append($"SE*{body.Length + 1}*{controlNumber}~\n");
        return sb.ToString();
    }

    /// <summary>A complete, valid interchange holding one 835 group with the given transaction sets.</summary>
    /// <param name="controlNumber">ISA13.</param>
    /// <param name="transactions">How many 835 transaction sets.</param>
    /// <returns>The interchange text.</returns>
    public static string Interchange835(string controlNumber = "000000001", int transactions = 1)
    {
        var sb = new StringBuilder();
        sb.Append(Isa(controlNumber)).Append('\n');
        sb.Append("GS*HP*SENDER*RECEIVER*20240101*1200*1*X*005010X221A1~\n");
        for (var i = 1; i <= transactions; i++)
        {
            sb.Append(Remittance835(i.ToString("0000", System.Globalization.CultureInfo.InvariantCulture)));
        }

        sb.Append($"GE*{transactions}*1~\n");
        sb.Append($"IEA*1*{controlNumber}~\n");
        return sb.ToString();
    }

    /// <summary>A complete interchange holding one 837P (005010X222A1) with one claim of two lines (CLM02 = Σ SV102 = 125).</summary>
    /// <param name="claimCharge">CLM02, to make the claim total differ from its lines.</param>
    /// <returns>The interchange text.</returns>
    public static string Interchange837P(string claimCharge = "125") => Wrap("HC", "005010X222A1",
    [
        "ST*837*0001*005010X222A1",
        "BHT*0019*00*BATCH01*20240101*1200*CH",
        "NM1*41*2*SYNTHETIC BILLING*****46*SUB01",
        "PER*IC*SUPPORT*TE*5555550100",
        "NM1*40*2*SYNTHETIC PAYER*****46*RCV01",
        "HL*1**20*1",
        "NM1*85*2*SYNTHETIC CLINIC*****XX*1234567893",
        "N3*1 TEST WAY",
        "N4*TESTTOWN*NY*10001",
        "REF*EI*123456789",
        "HL*2*1*22*0",
        "SBR*P*18*******CI",
        "NM1*IL*1*TESTPERSON*ALEX****MI*MEMBER01",
        "NM1*PR*2*SYNTHETIC PAYER*****PI*PAYER01",
        $"CLM*PCN-9001*{claimCharge}***11:B:1*Y*A*Y*Y",
        "HI*ABK:Z0000",
        "LX*1",
        "SV1*HC:99213*100*UN*1***1",
        "DTP*472*D8*20240102",
        "REF*6R*LINE-1",
        "LX*2",
        "SV1*HC:81002*25*UN*1***1",
        "DTP*472*D8*20240102",
    ]);

    /// <summary>A complete interchange holding one 277CA (005010X214) with one rejected claim status (A7, STC03 U, REF*1K).</summary>
    /// <returns>The interchange text.</returns>
    public static string Interchange277CA() => Wrap("HN", "005010X214",
    [
        "ST*277*0001*005010X214",
        "BHT*0085*08*ACK01*20240103*1015*TH",
        "HL*1**20*1",
        "NM1*PR*2*SYNTHETIC PAYER*****PI*PAYER01",
        "TRN*1*BATCH01",
        "DTP*050*D8*20240103",
        "DTP*009*D8*20240103",
        "HL*2*1*21*1",
        "NM1*41*2*SYNTHETIC BILLING*****46*SUB01",
        "TRN*2*BATCH01",
        "STC*A1:19*20240103*WQ*125",
        "HL*3*2*19*1",
        "NM1*85*2*SYNTHETIC CLINIC*****XX*1234567893",
        "TRN*1*PROV01",
        "HL*4*3*PT",
        "NM1*QC*1*TESTPERSON*ALEX****MI*MEMBER01",
        "TRN*2*PCN-9001",
        "STC*A7:21*20240103*U*125",
        "REF*1K*PAYERICN-9001",
    ]);

    /// <summary>A complete interchange holding one 999 (005010X231A1) rejecting one 837 with one segment and one element error.</summary>
    /// <returns>The interchange text.</returns>
    public static string Interchange999() => Wrap("FA", "005010X231A1",
    [
        "ST*999*0001*005010X231A1",
        "AK1*HC*17*005010X222A1",
        "AK2*837*0001*005010X222A1",
        "IK3*CLM*15**8",
        "IK4*2*782*7*ABC",
        "IK5*R*5",
        "AK9*R*1*1*0",
    ]);

    private static string Wrap(string functionalCode, string version, string[] body)
    {
        var sb = new StringBuilder();
        sb.Append(Isa("000000077")).Append('\n');
        sb.Append($"GS*{functionalCode}*SENDER*RECEIVER*20240101*1200*77*X*{version}~\n");
        foreach (var s in body)
        {
            sb.Append(s).Append("~\n");
        }

        sb.Append($"SE*{body.Length + 1}*0001~\n");
        sb.Append("GE*1*77~\n");
        sb.Append("IEA*1*000000077~\n");
        return sb.ToString();
    }

    /// <summary>The ASCII bytes of a fixture.</summary>
    /// <param name="text">The fixture text.</param>
    /// <returns>Its bytes (Latin-1, so control characters survive).</returns>
    public static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);
}
