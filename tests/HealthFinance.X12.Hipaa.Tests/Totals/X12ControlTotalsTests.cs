using System.Globalization;
using System.Text;
using System.Text.Json;
using HealthFinance.TestUtilities;
using HealthFinance.X12.Hipaa.Totals;

namespace HealthFinance.X12.Hipaa.Tests.Totals;

public sealed class X12ControlTotalsTests
{
    // DOMAIN.md 1.5 worked vectors: two claims, one with line detail, PLB with L6 interest and a WO withholding.
    private const string Balanced835 =
        "ISA*00*          *00*          *ZZ*PAYER          *ZZ*CLINIC         *240101*1200*^*00501*000000001*0*P*:~" +
        "GS*HP*PAYER*CLINIC*20240101*1200*1*X*005010X221A1~" +
        "ST*835*0001*005010X221A1~" +
        "BPR*I*325.25*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20240105~" +
        "TRN*1*12345*1512345678~" +
        "LX*1~" +
        "CLP*PCN1*1*500*300*50*12*PCC-991~CAS*CO*45*150~CAS*PR*1*50~" +
        "CLP*PCN2*1*200*120*20*12*PCC-992~SVC*HC:99213*200*120**1~CAS*CO*45*60~CAS*PR*3*20~" +
        "PLB*1512345678*20241231*L6*-5.25*WO:PCN9 PCC-17*100~" +
        "SE*13*0001~GE*1*1~IEA*1*000000001~";

    [Fact]
    public void Compute_WorkedExample_MatchesHandComputedTotals()
    {
        var totals = X12ControlTotals.Compute(Encoding.ASCII.GetBytes(Balanced835));

        Assert.Equal(["835"], totals.TransactionSets);
        Assert.Equal((1, 1, 1, 2, 1), (totals.Interchanges, totals.Groups, totals.Transactions, totals.Claims, totals.ServiceLines));
        Assert.Equal(700m, totals.TotalBilled);
        Assert.Equal(420m, totals.TotalPaid);
        Assert.Equal(70m, totals.TotalPatientResponsibility);
        Assert.Equal(200m, totals.ClaimAdjustments);
        Assert.Equal(80m, totals.ServiceAdjustments);
        Assert.Equal(94.75m, totals.ProviderAdjustments);
        Assert.Equal(325.25m, totals.PaymentAmount);
        Assert.True(totals.Balanced);
    }

    [Theory]
    [InlineData("BPR*I*325.25*", "BPR*I*325.26*")]
    [InlineData("CLP*PCN1*1*500*300*", "CLP*PCN1*1*500*301*")]
    [InlineData("CAS*CO*45*60~", "CAS*CO*45*61~")]
    public void Compute_AnyImbalance_IsNotBalanced(string original, string replacement)
    {
        var totals = X12ControlTotals.Compute(Encoding.ASCII.GetBytes(Balanced835.Replace(original, replacement, StringComparison.Ordinal)));

        Assert.False(totals.Balanced);
    }

    [Fact]
    public void ToJson_HasTheContractFieldsInOrderWithExactDecimals()
    {
        var json = X12ControlTotals.Compute(Encoding.ASCII.GetBytes(Balanced835)).ToJson();

        Assert.Equal(
            "{\"format\":\"x12\",\"transactionSets\":[\"835\"],\"interchanges\":1,\"groups\":1,\"transactions\":1,\"claims\":2,\"serviceLines\":1," +
            "\"totalBilled\":700,\"totalPaid\":420,\"totalPatientResponsibility\":70,\"claimAdjustments\":200,\"serviceAdjustments\":80," +
            "\"providerAdjustments\":94.75,\"paymentAmount\":325.25,\"balanced\":true}",
            json);
    }

    [Fact]
    public void Compute_837_CountsClaimsAndLinesWithoutBalanced()
    {
        var text =
            "ISA*00*          *00*          *ZZ*CLINIC         *ZZ*PAYER          *240101*1200*^*00501*000000002*0*P*:~" +
            "GS*HC*CLINIC*PAYER*20240101*1200*2*X*005010X222A1~ST*837*0001*005010X222A1~" +
            "CLM*A1*150.50***11:B:1*Y*A*Y*Y~LX*1~SV1*HC:99213*100.50*UN*1***1~LX*2~SV1*HC:85025*50*UN*1***1~" +
            "CLM*A2*75***11:B:1*Y*A*Y*Y~LX*1~SV1*HC:99212*75*UN*1***1~" +
            "SE*10*0001~GE*1*2~IEA*1*000000002~";

        var totals = X12ControlTotals.Compute(Encoding.ASCII.GetBytes(text));

        Assert.Equal(["837"], totals.TransactionSets);
        Assert.Equal((2, 3), (totals.Claims, totals.ServiceLines));
        Assert.Equal(225.50m, totals.TotalBilled);
        Assert.Null(totals.Balanced);
        Assert.DoesNotContain("balanced", totals.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComputeAsync_MatchesCompute()
    {
        var bytes = Encoding.ASCII.GetBytes(Balanced835 + Balanced835.Replace("000000001", "000000002", StringComparison.Ordinal));

        await using var stream = new MemoryStream(bytes);
        var streamed = await X12ControlTotals.ComputeAsync(stream, TestContext.Current.CancellationToken);

        Assert.Equal(X12ControlTotals.Compute(bytes).ToJson(), streamed.ToJson());
        Assert.Equal(2, streamed.Interchanges);
        Assert.Equal(650.50m, streamed.PaymentAmount);
    }

    public static TheoryData<string> ClaimAndRemittanceFiles()
    {
        var data = new TheoryData<string>();
        foreach (var row in Corpus.Files("x12"))
        {
            var file = row.Data;
            if (file == Corpus.Absent || file.StartsWith("x12/835/", StringComparison.Ordinal) || file.StartsWith("x12/837", StringComparison.Ordinal))
            {
                data.Add(file);
            }
        }

        return data;
    }

    /// <summary>
    /// <c>totals</c> agrees with an independent computation: a naive string-splitting pass written here,
    /// sharing no code with the reader, over every corpus 835 and 837 that has a fixed-width ISA.
    /// </summary>
    [Theory]
    [MemberData(nameof(ClaimAndRemittanceFiles))]
    public void Compute_CorpusFile_AgreesWithIndependentComputation(string file)
    {
        var bytes = Corpus.ReadBytes(file);
        var expected = NaiveTotals.TryCompute(bytes);
        if (expected is null)
        {
            // Not single-byte X12 with an ISA (the UTF-16 file, the file without ISA): totals refuse it too.
            Assert.Throws<X12ReaderException>(() => X12ControlTotals.Compute(bytes));
            return;
        }

        var actual = X12ControlTotals.Compute(bytes);

        using var doc = JsonDocument.Parse(actual.ToJson());
        foreach (var (name, value) in expected!)
        {
            Assert.True(doc.RootElement.TryGetProperty(name, out var property), $"{name} missing");
            Assert.True(value == (property.ValueKind == JsonValueKind.Number ? property.GetDecimal().ToString(CultureInfo.InvariantCulture) : property.ToString()), $"{name}: expected {value}, found {property}");
        }
    }

    /// <summary>An intentionally simple oracle: split on the terminator, split on the element separator, sum.</summary>
    private static class NaiveTotals
    {
        public static Dictionary<string, string>? TryCompute(byte[] bytes)
        {
            var text = Encoding.Latin1.GetString(bytes);
            var isa = text.IndexOf("ISA", StringComparison.Ordinal);
            if (isa < 0 || text.Length < isa + 106 || text.Contains('\0', StringComparison.Ordinal))
            {
                return null;
            }

            var sep = text[isa + 3];
            var term = text[isa + 105];
            if (text.Substring(isa, 106).Count(c => c == sep) != 16)
            {
                return null;
            }

            decimal billed = 0, paid = 0, patient = 0, claimAdj = 0, serviceAdj = 0, plb = 0, bpr = 0;
            long isas = 0, gss = 0, sts = 0, claims = 0, lines = 0;
            var kind = "";
            var inService = false;
            foreach (var raw in text[isa..].Split(term))
            {
                var seg = raw.Trim('\r', '\n', ' ', '\t');
                if (seg.Length == 0)
                {
                    continue;
                }

                var e = seg.Split(sep);
                decimal D(int i) => i < e.Length && e[i].Length > 0 ? decimal.Parse(e[i], NumberStyles.Float, CultureInfo.InvariantCulture) : 0m;
                switch (e[0])
                {
                    case "ISA": isas++; kind = ""; break;
                    case "GS": gss++; break;
                    case "ST": sts++; kind = e[1]; inService = false; break;
                    case "SE": kind = ""; break;
                    case "CLP" when kind == "835": claims++; inService = false; billed += D(3); paid += D(4); patient += D(5); break;
                    case "CLM" when kind == "837": claims++; inService = false; billed += D(2); break;
                    case "SVC" when kind == "835": lines++; inService = true; break;
                    case "SV1" or "SV2" or "SV3" when kind == "837": lines++; inService = true; break;
                    case "CAS" when kind is "835" or "837":
                        var sum = D(3) + D(6) + D(9) + D(12) + D(15) + D(18);
                        if (inService) { serviceAdj += sum; } else { claimAdj += sum; }
                        break;
                    case "PLB" when kind == "835": plb += D(4) + D(6) + D(8) + D(10) + D(12) + D(14); break;
                    case "BPR" when kind == "835": bpr += D(2); break;
                    default: break;
                }
            }

            string N(decimal d) => d.ToString(CultureInfo.InvariantCulture);
            return new Dictionary<string, string>
            {
                ["interchanges"] = N(isas),
                ["groups"] = N(gss),
                ["transactions"] = N(sts),
                ["claims"] = N(claims),
                ["serviceLines"] = N(lines),
                ["totalBilled"] = N(billed),
                ["totalPaid"] = N(paid),
                ["totalPatientResponsibility"] = N(patient),
                ["claimAdjustments"] = N(claimAdj),
                ["serviceAdjustments"] = N(serviceAdj),
                ["providerAdjustments"] = N(plb),
                ["paymentAmount"] = N(bpr),
            };
        }
    }
}
