using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HealthFinance.Canonical.Events;
using HealthFinance.Canonical.Serialization;
using HealthFinance.X12.Hipaa.Internal;

namespace HealthFinance.X12.Hipaa.Tests.Remittance;

/// <summary>The engine behind <see cref="HipaaReader"/>: envelopes, loop structure, streaming, delimiters, memory bound.</summary>
public sealed class HipaaReaderTests
{
    private static string Golden() => Edi835.Single(Edi835.GoldenBody());

    private static string GoldenJson(HipaaResult result) => CanonicalJson.Serialize(Assert.Single(result.Events));

    // ---- several transaction sets, groups, interchanges ----

    [Fact]
    public void Read_SeveralStPerGs_YieldsOneResultPerTransactionInOrder()
    {
        var text = Edi835.Interchange("000000007", "77", "005010X221A1", [Edi835.GoldenBody(), Edi835.GoldenBody(), Edi835.GoldenBody()]);

        var results = HipaaReader.Read(Edi835.Bytes(text));

        Assert.Equal(["0001", "0002", "0003"], results.Select(r => r.Identity.TransactionSetControlNumber));
        Assert.All(results, r => Assert.Equal(HipaaOutcome.Mapped, r.Outcome));
        Assert.Equal(3, results.Select(r => r.Events[0].EventId).Distinct().Count());
        Assert.All(results, r => Assert.Equal(("000000007", "77", "835", "005010X221A1", "HP", 15), (r.Identity.InterchangeControlNumber, r.Identity.GroupControlNumber, r.Identity.TransactionSetId, r.Identity.ImplementationConvention, r.Identity.FunctionalIdentifierCode, r.Identity.SegmentCount)));
    }

    [Fact]
    public void Read_SeveralInterchangesInOneFile_KeepsEachEnvelopeIdentity()
    {
        var text = Edi835.Interchange("000000001", "1", "005010X221A1", [Edi835.GoldenBody()])
            + Edi835.Interchange("000000002", "2", "005010X221A1", [Edi835.GoldenBody(), Edi835.GoldenBody()]);

        var results = HipaaReader.Read(Edi835.Bytes(text));

        Assert.Equal(["000000001/1/0001", "000000002/2/0001", "000000002/2/0002"],
            results.Select(r => $"{r.Identity.InterchangeControlNumber}/{r.Identity.GroupControlNumber}/{r.Identity.TransactionSetControlNumber}"));
        Assert.Equal(["x12-835:000000001:1:0001:EFT0001", "x12-835:000000002:2:0001:EFT0001", "x12-835:000000002:2:0002:EFT0001"], results.Select(r => r.Events[0].EventId));
    }

    [Fact]
    public void Read_UnsupportedTransactionSet_YieldsNotMappedWithInformation()
    {
        var text = Edi835.Single(Edi835.GoldenBody()).Replace("ST*835*0001*005010X221A1", "ST*270*0001*005010X279A1", StringComparison.Ordinal);

        var result = Assert.Single(HipaaReader.Read(Edi835.Bytes(text)));

        Assert.Equal(HipaaOutcome.NotMapped, result.Outcome);
        Assert.Empty(result.Events);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((HipaaDiagnosticCodes.TransactionSetNotMapped, Canonical.Diagnostics.DiagnosticSeverity.Information, "ST*0001/ST"), (d.Code, d.Severity, d.Location.Path + "/ST"));
        Assert.Equal("270", result.Identity.TransactionSetId);
    }

    // ---- envelope findings ----

    [Fact]
    public void Read_SeCountAndControlNumberWrong_ReportsBoth()
    {
        var text = Golden().Replace("SE*15*0001", "SE*14*0009", StringComparison.Ordinal);

        var result = Assert.Single(HipaaReader.Read(Edi835.Bytes(text)));

        Assert.Equal([HipaaDiagnosticCodes.SegmentCountMismatch, HipaaDiagnosticCodes.ControlNumberMismatch], Edi835.Codes(result));
        Assert.Equal(("ST*0001/SE01", 15), (result.Diagnostics[0].Location.Path, result.Diagnostics[0].Location.SegmentPositionInTransaction!.Value));
        Assert.Equal(HipaaOutcome.Rejected, result.Outcome);
        Assert.Single(result.Events);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Read_MissingSe_ReportsUnterminatedTransaction(bool atEndOfInput)
    {
        var golden = Golden();
        var text = atEndOfInput
            ? golden[..golden.IndexOf("SE*15", StringComparison.Ordinal)]
            : golden.Replace("SE*15*0001~\n", string.Empty, StringComparison.Ordinal);

        var result = Assert.Single(HipaaReader.Read(Edi835.Bytes(text)));

        Assert.Equal([HipaaDiagnosticCodes.TransactionNotTerminated], Edi835.Codes(result));
        Assert.Equal(HipaaOutcome.Rejected, result.Outcome);
        Assert.Single(result.Events);
    }

    [Fact]
    public void Read_SegmentOutsideTransaction_IsReportedWithTheNextTransaction()
    {
        var text = Golden().Replace("ST*835", "LX*9~\nST*835", StringComparison.Ordinal);

        var result = Assert.Single(HipaaReader.Read(Edi835.Bytes(text)));

        Assert.Equal([HipaaDiagnosticCodes.SegmentOutsideTransaction], Edi835.Codes(result));
        Assert.Equal(("LX", 2L), (result.Diagnostics[0].Location.SegmentId, result.Diagnostics[0].Location.SegmentIndex!.Value));
    }

    [Fact]
    public void Read_SegmentOutsideTransactionAtTheEnd_YieldsAResultOfItsOwn()
    {
        var text = Golden().Replace("GE*1*905", "LX*9~\nGE*1*905", StringComparison.Ordinal);

        var results = HipaaReader.Read(Edi835.Bytes(text));

        Assert.Equal(2, results.Count);
        Assert.Null(results[1].Identity.TransactionSetId);
        Assert.Equal([HipaaDiagnosticCodes.SegmentOutsideTransaction], Edi835.Codes(results[1]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("this is not X12 at all")]
    public void Read_UnreadableInput_ReportsInsteadOfThrowing(string text)
    {
        var result = Assert.Single(HipaaReader.Read(Edi835.Bytes(text)));

        Assert.Equal([HipaaDiagnosticCodes.InputUnreadable], Edi835.Codes(result));
        Assert.Contains("X12-0001", result.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_UnreadableInput_ReportsInsteadOfThrowing()
    {
        var results = new List<HipaaResult>();
        await foreach (var r in HipaaReader.ReadAsync(new MemoryStream(Edi835.Bytes("garbage")), cancellationToken: TestContext.Current.CancellationToken))
        {
            results.Add(r);
        }

        Assert.Equal([HipaaDiagnosticCodes.InputUnreadable], Edi835.Codes(Assert.Single(results)));
    }

    // ---- loop structure ----

    [Fact]
    public void Read_UnknownSegment_IsReportedNotDropped()
    {
        var body = Edi835.GoldenBody().SelectMany(s => s.StartsWith("CLP*PCN2", StringComparison.Ordinal) ? [s, "ZZZ*1"] : new[] { s }).ToArray();

        var result = Edi835.ReadSingle(body);

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((HipaaDiagnosticCodes.UnknownSegment, "ST*0001/2100[2]/ZZZ"), (d.Code, d.Location.Path));
        Assert.Equal(HipaaOutcome.Mapped, result.Outcome);
    }

    [Fact]
    public void Read_SegmentOutOfPlace_IsReported()
    {
        // SVC belongs to 2110 under a claim; before any CLP there is no 2100 to hold it.
        var body = Edi835.GoldenBody().SelectMany(s => s == "LX*1" ? ["SVC*HC:99213*1*1", s] : new[] { s }).ToArray();

        var result = Edi835.ReadSingle(body);

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((HipaaDiagnosticCodes.SegmentNotExpected, "ST*0001/1000B[1]/SVC"), (d.Code, d.Location.Path));
    }

    [Fact]
    public void Read_RequiredSegmentAndLoopMissing_AreErrors()
    {
        var body = Edi835.GoldenBody().Where(s => !s.StartsWith("TRN", StringComparison.Ordinal) && !s.StartsWith("N1*PE", StringComparison.Ordinal)).ToArray();

        var result = Edi835.ReadSingle(body);

        Assert.Equal([HipaaDiagnosticCodes.RequiredSegmentMissing, HipaaDiagnosticCodes.RequiredLoopMissing], Edi835.Codes(result).Where(c => c != HipaaDiagnosticCodes.SegmentOutOfOrder));
        Assert.Contains("Required segment TRN is missing from loop HEADER.", result.Diagnostics.Select(d => d.Message));
        Assert.Contains("Required loop 1000B is missing from loop HEADER.", result.Diagnostics.Select(d => d.Message));
        Assert.Empty(result.Events);
    }

    [Fact]
    public void Read_LoopAndSegmentOutOfOrder_Warn()
    {
        var loops = Edi835.GoldenBody().ToList();
        var payer = loops.Single(s => s.StartsWith("N1*PR", StringComparison.Ordinal));
        loops.Remove(payer);
        loops.Insert(loops.FindIndex(s => s.StartsWith("PLB", StringComparison.Ordinal)), payer);
        (loops[0], loops[1]) = (loops[1], loops[0]);

        var result = Edi835.ReadSingle([.. loops]);

        Assert.Equal([HipaaDiagnosticCodes.SegmentOutOfOrder, HipaaDiagnosticCodes.LoopOutOfOrder], Edi835.Codes(result));
        Assert.Equal(HipaaOutcome.Mapped, result.Outcome);
    }

    [Fact]
    public void LoopBuilder_HierarchicalDefinition_LinksHlByParentAndReportsBrokenLinks()
    {
        var definition = new HipaaTransactionDefinition(
            "837",
            "BHT!",
            new HipaaLoopDefinition("2000A", "HEADER", "HL***20", "PRV", required: true),
            new HipaaLoopDefinition("2010AA", "2000A", "NM1*85", "N3 N4"),
            new HipaaLoopDefinition("2000B", "2000A", "HL***22", "SBR!"),
            new HipaaLoopDefinition("2300", "2000B|2000C", "CLM", "DTP HI"),
            new HipaaLoopDefinition("2000C", "2000B", "HL***23", "PAT"));
        string[] segments =
        [
            "ST*837*0001", "BHT*0019", "HL*1**20*1", "NM1*85*2*X", "HL*2*1*22*1", "SBR*P", "CLM*A*1", "HL*3*2*23*0", "PAT*01", "CLM*B*1",
            "HL*4*1*22*0", "SBR*P", "CLM*C*1", "HL*5*9*22*0", "SBR*P", "HL*6*5*20*0", "HL*7*1*22*0", "SBR*P", "SE*19*0001",
        ];
        var tx = new HipaaTransaction();
        var text = Edi835.Bytes(string.Concat(segments.Select(s => s + "~")).Insert(0, X12IsaPrefix()));
        var reader = new X12Reader(text);
        reader.Read();
        tx.Reset(reader.Delimiters, new HipaaTransactionIdentity { TransactionSetControlNumber = "0001" });
        while (reader.Read())
        {
            tx.Append(ref reader);
        }

        var findings = new List<Canonical.Diagnostics.Diagnostic>();
        var context = new HipaaMapContext(HipaaReaderOptions.Default, tx, definition, findings);
        new HipaaLoopBuilder().Build(tx, definition, context);

        string LoopPath(int index) => context.PathOf(index);
        Assert.Equal("ST*0001/2000A[1]/2000B[1]/2300[1]/CLM", LoopPath(6));
        Assert.Equal("ST*0001/2000A[1]/2000B[1]/2000C[1]/2300[2]/CLM", LoopPath(9));
        Assert.Equal("ST*0001/2000A[1]/2000B[2]/2300[3]/CLM", LoopPath(12));
        Assert.Equal([HipaaDiagnosticCodes.HierarchicalParentNotFound, HipaaDiagnosticCodes.HierarchicalLevelNotAllowed], findings.Select(f => f.Code));
        Assert.Equal(("ST*0001/2000A[1]/2000B[3]/HL02", 14), (findings[0].Location.Path, findings[0].Location.SegmentPositionInTransaction!.Value));
        Assert.Equal("ST*0001/2000A[1]/2000B[3]/2000A[2]/HL03", findings[1].Location.Path);
        Assert.Equal("ST*0001/2000A[1]/2000B[4]/HL", LoopPath(16));
    }

    // ---- delimiters and streaming ----

    public static TheoryData<char, char, char, char, string> Delimiters() => new()
    {
        { '|', '>', '^', '~', "\n" },
        { '^', ':', '{', '\'', "" },
        { '*', ':', '^', '~', "\r\n" },
        { '!', '\\', '{', '\n', "" },
    };

    [Theory]
    [MemberData(nameof(Delimiters))]
    public void Read_UnusualDelimiters_MapTheSameRemittance(char element, char component, char repetition, char terminator, string lineBreak)
    {
        var text = Edi835.Interchange("000000905", "905", "005010X221A1", element, component, repetition, terminator, lineBreak, [Edi835.GoldenBody()]);

        var result = Assert.Single(HipaaReader.Read(Edi835.Bytes(text)));

        Assert.Empty(result.Diagnostics);
        Assert.Equal(GoldenJson(Assert.Single(HipaaReader.Read(Edi835.Bytes(Golden())))), GoldenJson(result));
    }

    [Fact]
    public async Task ReadAsync_OneBytePerRead_YieldsTheSameResults()
    {
        var text = Edi835.Interchange("000000001", "1", "005010X221A1", [Edi835.GoldenBody(), Remittance835MapTests.Patch(Edi835.GoldenBody(), "BPR02", "1")])
            + Edi835.Interchange("000000002", "2", "005010X221A1", [Edi835.GoldenBody()]);
        var bytes = Edi835.Bytes(text);
        var expected = Fingerprint.Of(HipaaReader.Read(bytes));

        var asyncResults = new List<HipaaResult>();
        await foreach (var r in HipaaReader.ReadAsync(new TrickleStream(bytes), new HipaaReaderOptions { BufferSize = 1 }, TestContext.Current.CancellationToken))
        {
            asyncResults.Add(r);
        }

        var syncResults = HipaaReader.Read(new TrickleStream(bytes), new HipaaReaderOptions { BufferSize = 1 }).ToList();

        Assert.Equal(expected, Fingerprint.Of(asyncResults));
        Assert.Equal(expected, Fingerprint.Of(syncResults));
        Assert.Equal(3, asyncResults.Count);
    }

    [Fact]
    public async Task ReadAsync_YieldsEachTransactionBeforeTheStreamEnds()
    {
        var bytes = Edi835.Bytes(Edi835.Interchange("000000001", "1", "005010X221A1", [Edi835.GoldenBody(), Edi835.GoldenBody()]));
        var stream = new TrickleStream(bytes);

        await using var e = HipaaReader.ReadAsync(stream, new HipaaReaderOptions { BufferSize = 64 }, TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        Assert.True(await e.MoveNextAsync());

        Assert.True(stream.Position < bytes.Length, "The first result arrived only after the whole stream was read.");
    }

    [Fact]
    public void Read_ManyTransactions_BufferIsBoundedByTheLargestTransaction()
    {
        var options = HipaaReaderOptions.Default;
        var assembler = new HipaaTransactionAssembler(options);
        var bytes = Edi835.Bytes(Edi835.Interchange("000000001", "1", "005010X221A1", [.. Enumerable.Repeat(Edi835.GoldenBody(), 2000)]));
        var reader = new X12Reader(bytes);
        var results = 0;
        while (reader.Read())
        {
            assembler.Accept(ref reader);
            while (assembler.TryDequeue(out _))
            {
                results++;
            }
        }

        Assert.Equal(2000, results);
        Assert.True(bytes.Length > 500_000);
        Assert.True(assembler.Buffer.ByteCapacity <= 4096, $"The transaction buffer grew to {assembler.Buffer.ByteCapacity} bytes.");
    }

    [Fact]
    public void Read_NullStream_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => HipaaReader.Read((Stream)null!));
        Assert.Throws<ArgumentNullException>(() => HipaaReader.ReadAsync(null!, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentException>(() => HipaaReader.Read(Edi835.Bytes(Golden()), new HipaaReaderOptions { Currency = default }));
    }

    // ---- properties ----

    [Property(MaxTest = 200)]
    public Property Read_GeneratedBalancedRemittance_HasNoBalancingFinding_AndAnyPaidChangeIsCaught(PositiveInt seed, NonNegativeInt perturbedClaim)
    {
        var random = new Random(seed.Get);
        var claims = new List<string>();
        decimal paidSum = 0m;
        var claimCount = 1 + random.Next(6);
        for (var c = 0; c < claimCount; c++)
        {
            var lines = new List<string>();
            decimal charge = 0m, casSum = 0m, pr = 0m;
            for (var l = 0; l < 1 + random.Next(4); l++)
            {
                var lineCharge = random.Next(1, 100_000) / 100m;
                var co = Math.Round(lineCharge * random.Next(0, 60) / 100m, 2, MidpointRounding.ToEven);
                var prAmount = Math.Round((lineCharge - co) * random.Next(0, 30) / 100m, 2, MidpointRounding.ToEven);
                lines.Add($"SVC*HC:99213*{lineCharge}*{lineCharge - co - prAmount}**1");
                lines.Add($"CAS*CO*45*{co}");
                lines.Add($"CAS*PR*1*{prAmount}");
                charge += lineCharge;
                casSum += co + prAmount;
                pr += prAmount;
            }

            var paid = charge - casSum;
            paidSum += paid;
            claims.Add($"CLP*PCN{c}*1*{charge}*{paid}*{pr}*12*ICN{c}");
            claims.AddRange(lines);
        }

        var plb = random.Next(0, 5000) / 100m;
        string[] body = [.. Edi835.Header((paidSum - plb).ToString(System.Globalization.CultureInfo.InvariantCulture)), "LX*1", .. claims, $"PLB*PRV1*20241231*WO:X*{plb}"];
        var balanced = Edi835.ReadSingle(body);

        var target = perturbedClaim.Get % claimCount;
        var perturbed = body.Select(s => s.StartsWith($"CLP*PCN{target}*", StringComparison.Ordinal) ? PerturbPaid(s) : s).ToArray();
        var unbalanced = Edi835.ReadSingle(perturbed);

        return (balanced.Outcome == HipaaOutcome.Mapped && balanced.Diagnostics.Count == 0
                && Assert.IsType<RemittanceReceived>(balanced.Events[0]).Claims.Count == claimCount)
            .Label("balanced input maps cleanly")
            .And(Edi835.Codes(unbalanced).SequenceEqual([HipaaDiagnosticCodes.ClaimUnbalanced, HipaaDiagnosticCodes.TransactionUnbalanced]))
            .Label("a changed CLP04 is caught at claim and transaction level");
    }

    private static string PerturbPaid(string clp)
    {
        var parts = clp.Split('*');
        parts[4] = (decimal.Parse(parts[4], System.Globalization.CultureInfo.InvariantCulture) + 0.01m).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return string.Join('*', parts);
    }

    private static string X12IsaPrefix() => "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240105*1200*^*00501*000000001*0*P*:~";

    /// <summary>A stream that returns one byte per read, to exercise every chunk boundary.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, 1), cancellationToken);
    }
}
