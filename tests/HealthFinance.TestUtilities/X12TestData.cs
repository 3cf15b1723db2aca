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

    /// <summary>The ASCII bytes of a fixture.</summary>
    /// <param name="text">The fixture text.</param>
    /// <returns>Its bytes (Latin-1, so control characters survive).</returns>
    public static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);
}
