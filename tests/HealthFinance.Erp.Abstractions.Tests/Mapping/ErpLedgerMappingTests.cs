using System.Text;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using static HealthFinance.Erp.Abstractions.Tests.Support.Journals;

namespace HealthFinance.Erp.Abstractions.Tests.Mapping;

public sealed class ErpLedgerMappingTests
{
    private const string Valid = """
        {
          // Oracle Fusion, US primary ledger
          "erp": "oracle-fusion",
          "ledger": "US Primary Ledger",
          "accounts": [
            { "role": "cash-clearing", "account": "11010" },
            { "role": "payer-ar", "account": "12000" },
            { "role": "payer-ar", "legalEntity": "E2", "account": "12010" },
          ],
          "segments": [
            { "name": "Company", "source": "legalEntity", "values": { "E1": "101", "E2": "102" } },
            { "name": "CostCenter", "source": "costCenter", "default": "0000" },
            { "name": "Account", "source": "account" },
            { "name": "Payer", "source": "payerClass", "values": { "commercial": "COM" }, "default": "OTH" },
            { "name": "Future", "source": "constant", "value": "000" }
          ]
        }
        """;

    private static ErpLedgerMappingLoadResult Load(string json) => ErpLedgerMapping.Load(Encoding.UTF8.GetBytes(json), "ledger.json");

    private static ErpLedgerMapping Mapping() => Load(Valid).GetMappingOrThrow();

    [Fact]
    public void Load_ValidFile_ReadsEveryPart()
    {
        var result = Load(Valid);

        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
        Assert.Empty(result.Diagnostics);
        var mapping = result.Mapping!;
        Assert.Equal("oracle-fusion", mapping.Erp);
        Assert.Equal("US Primary Ledger", mapping.Ledger);
        Assert.Equal("-", mapping.Delimiter);
        Assert.Equal(3, mapping.Accounts.Count);
        Assert.Equal(["Company", "CostCenter", "Account", "Payer", "Future"], mapping.Segments.Select(s => s.Name));
        Assert.Equal(ErpSegmentSource.PayerClass, mapping.Segments[3].Source);
    }

    [Fact]
    public void Resolve_TranslatesValues_AppliesDefaults_AndJoinsTheDisplayValue()
    {
        var mapping = Mapping();
        var journal = Pairs("k", 1);

        var debit = mapping.Resolve(journal, journal.Lines[0]);
        var credit = mapping.Resolve(journal, journal.Lines[1] with { Dimensions = E2 });

        Assert.Equal("11010", debit.Account);
        Assert.Equal(["101", "C100", "11010", "COM", "000"], debit.Segments);
        Assert.Equal("101-C100-11010-COM-000", debit.DisplayValue);
        Assert.Equal(["102", "C200", "12010", "OTH", "000"], credit.Segments);
    }

    [Fact]
    public void ResolveAccount_PrefersTheLegalEntityRow_ThenTheRoleRow_ThenTheLineAccountCode()
    {
        var mapping = Mapping();
        var line = JournalLine.CreditOf(AccountRole.PayerAr, Usd(1m)) with { AccountCode = "99999" };

        Assert.Equal("12010", mapping.ResolveAccount(line, new LegalEntityId("E2")));
        Assert.Equal("12000", mapping.ResolveAccount(line, new LegalEntityId("E1")));
        Assert.Equal("12000", mapping.ResolveAccount(line, null));
        Assert.Equal("4100", mapping.ResolveAccount(JournalLine.DebitOf(AccountRole.ContractualAllowance, Usd(1m)) with { AccountCode = "4100" }, null));
    }

    [Fact]
    public void ResolveAccount_NoRowAndNoAccountCode_ThrowsPermanentErp0020()
    {
        var ex = Assert.Throws<ErpException>(() => Mapping().ResolveAccount(JournalLine.DebitOf(AccountRole.InterestIncome, Usd(1m)), new LegalEntityId("E1")));

        Assert.Equal(ErpErrorCodes.AccountUnmapped, ex.ErrorCode);
        Assert.False(ex.IsTransient);
        Assert.Contains("interest-income", ex.Message, StringComparison.Ordinal);
        Assert.Contains("E1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_MissingValueWithoutDefault_ThrowsErp0021()
    {
        var journal = Pairs("k", 1) with { LegalEntity = null };
        var line = journal.Lines[0] with { Dimensions = JournalDimensions.None };

        var ex = Assert.Throws<ErpException>(() => Mapping().Resolve(journal, line));

        Assert.Equal(ErpErrorCodes.SegmentValueMissing, ex.ErrorCode);
        Assert.Contains("'Company'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_UnmappedValueWithoutDefault_ThrowsErp0022()
    {
        var journal = Pairs("k", 1, new JournalDimensions { LegalEntity = new LegalEntityId("E9") });

        var ex = Assert.Throws<ErpException>(() => Mapping().Resolve(journal, journal.Lines[0]));

        Assert.Equal(ErpErrorCodes.SegmentValueUnmapped, ex.ErrorCode);
        Assert.Contains("'E9'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ValueContainingTheDelimiter_ThrowsErp0023()
    {
        var journal = Pairs("k", 1, E1 with { CostCenter = "C-100" });

        var ex = Assert.Throws<ErpException>(() => Mapping().Resolve(journal, journal.Lines[0]));

        Assert.Equal(ErpErrorCodes.SegmentValueHasDelimiter, ex.ErrorCode);
    }

    [Fact]
    public void Load_NoSegments_TheAccountIsTheOnlySegment()
    {
        var mapping = Load("""{ "ledger": "L", "accounts": [ { "role": "cash-clearing", "account": "1000" } ] }""").GetMappingOrThrow();
        var journal = Pairs("k", 1);

        var resolved = mapping.Resolve(journal, journal.Lines[0]);

        Assert.Equal(["1000"], resolved.Segments);
        Assert.Equal("1000", resolved.DisplayValue);
    }

    [Theory]
    [InlineData("claimId")]
    [InlineData("patientAccount")]
    [InlineData("traceNumber")]
    [InlineData("payerClaimControlNumber")]
    public void Load_HighCardinalitySegment_IsRefusedWithItsPath(string source)
    {
        var result = Load($$"""
            {
              "ledger": "L",
              "segments": [
                { "name": "Account", "source": "account" },
                { "name": "Claim", "source": "{{source}}" }
              ]
            }
            """);

        Assert.False(result.Success);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(ErpErrorCodes.MappingHighCardinalitySegment, d.Code);
        Assert.Equal("ledger.json:$.segments[1].source", d.Location.Path);
        Assert.Equal(5, d.Location.LineNumber);
        Assert.Contains(source, d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EveryProblem_IsReportedWithItsJsonPath()
    {
        var result = Load("""
            {
              "ledger": " ",
              "delimiter": "",
              "accounts": [
                { "role": "cash-clearing", "account": "1000" },
                { "account": "2000" },
                { "role": "cash-clearing", "account": "1001" },
                { "role": "payer-ar" }
              ],
              "segments": [
                { "name": "Account", "source": "account", "value": "x" },
                { "name": "Account", "source": "costCenter" },
                { "source": "facility" },
                { "name": "Region", "source": "region" },
                { "name": "Fixed", "source": "constant" },
                { "name": "Fixed2", "source": "constant", "value": "0", "values": { "a": "b" } },
                { "name": "Map", "source": "payer", "values": { "P1": "" } }
              ]
            }
            """);

        Assert.False(result.Success);
        Assert.Null(result.Mapping);
        var found = result.Diagnostics.Select(d => (d.Code, d.Location.Path)).ToList();
        Assert.Equal(
            [
                (ErpErrorCodes.MappingValueMissing, "ledger.json:$.accounts[1].role"),
                (ErpErrorCodes.MappingValueMissing, "ledger.json:$.accounts[3].account"),
                (ErpErrorCodes.MappingValueMissing, "ledger.json:$.segments[2].name"),
                (ErpErrorCodes.MappingValueInvalid, "ledger.json:$.segments[3].source"),
                (ErpErrorCodes.MappingValueMissing, "ledger.json:$.segments[6].values.P1"),
                (ErpErrorCodes.MappingValueMissing, "ledger.json:$.ledger"),
                (ErpErrorCodes.MappingValueInvalid, "ledger.json:$.delimiter"),
                (ErpErrorCodes.MappingDuplicate, "ledger.json:$.accounts[2].role"),
                (ErpErrorCodes.MappingValueInvalid, "ledger.json:$.segments[0].value"),
                (ErpErrorCodes.MappingDuplicate, "ledger.json:$.segments[1].name"),
                (ErpErrorCodes.MappingValueMissing, "ledger.json:$.segments[4].value"),
                (ErpErrorCodes.MappingValueInvalid, "ledger.json:$.segments[5].values"),
            ],
            found);
        Assert.All(result.Diagnostics, d => Assert.NotNull(d.Location.LineNumber));
        Assert.All(result.Diagnostics, d => Assert.False(d.IsRecoverable));
        var ex = Assert.Throws<ErpMappingException>(result.GetMappingOrThrow);
        Assert.Equal(result.Diagnostics, ex.Diagnostics);
        Assert.Equal(ErpErrorCodes.MappingValueMissing, ex.ErrorCode);
    }

    [Fact]
    public void Load_NoSegmentTakesTheAccount_IsReported()
    {
        var result = Load("""{ "ledger": "L", "segments": [ { "name": "Company", "source": "legalEntity" } ] }""");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((ErpErrorCodes.MappingValueMissing, "ledger.json:$.segments"), (d.Code, d.Location.Path));
    }

    [Fact]
    public void Load_ConstantHoldingTheDelimiter_IsReported()
    {
        var result = Load("""{ "ledger": "L", "delimiter": ".", "segments": [ { "name": "Account", "source": "account" }, { "name": "F", "source": "constant", "value": "0.0" } ] }""");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((ErpErrorCodes.SegmentValueHasDelimiter, "ledger.json:$.segments[1].value"), (d.Code, d.Location.Path));
    }

    [Theory]
    [InlineData("{ \"ledger\": \"L\", \"accounts\": 3 }", "$.accounts", 1)]
    [InlineData("{\n  \"ledger\": \"L\",\n  \"colour\": \"red\"\n}", "$.colour", 3)]
    [InlineData("{ \"ledger\": \"L\"", "$", 1)]
    public void Load_MalformedJson_IsErp0011WithItsPosition(string json, string path, int line)
    {
        var d = Assert.Single(Load(json).Diagnostics);

        Assert.Equal(ErpErrorCodes.MappingMalformed, d.Code);
        Assert.StartsWith("ledger.json:" + path, d.Location.Path, StringComparison.Ordinal);
        Assert.Equal(line, d.Location.LineNumber);
    }

    [Fact]
    public void Load_JsonNull_IsErp0011()
    {
        Assert.Equal(ErpErrorCodes.MappingMalformed, Assert.Single(Load("null").Diagnostics).Code);
    }

    [Fact]
    public void LoadFile_Missing_IsErp0010()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "missing.json");

        var d = Assert.Single(ErpLedgerMapping.LoadFile(path).Diagnostics);

        Assert.Equal(ErpErrorCodes.MappingUnreadable, d.Code);
        Assert.Equal(path, d.Location.Path);
    }

    [Fact]
    public void LoadFile_Existing_Loads()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, Valid);
        try
        {
            Assert.True(ErpLedgerMapping.LoadFile(path).Success);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Ctor_InCode_IsCheckedLikeAFile()
    {
        var ex = Assert.Throws<ErpMappingException>(() => new ErpLedgerMapping(
            "L",
            [new ErpAccountMapping { Role = AccountRole.Cash, Account = "1" }, new ErpAccountMapping { Role = AccountRole.Cash, Account = "2" }],
            [new ErpSegmentDefinition { Name = "F", Source = ErpSegmentSource.Constant }]));

        Assert.Equal(
            [(ErpErrorCodes.MappingDuplicate, "$.accounts[1].role"), (ErpErrorCodes.MappingValueMissing, "$.segments[0].value"), (ErpErrorCodes.MappingValueMissing, "$.segments")],
            ex.Diagnostics.Select(d => (d.Code, d.Location.Path)));
    }

    [Fact]
    public void Records_RefuseEmptyValues()
    {
        Assert.Throws<ArgumentException>(() => new ErpAccountMapping { Role = default, Account = "1" });
        Assert.Throws<ArgumentException>(() => new ErpAccountMapping { Role = AccountRole.Cash, Account = " " });
        Assert.Throws<ArgumentException>(() => new ErpSegmentDefinition { Name = "", Source = ErpSegmentSource.Account });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ErpSegmentDefinition { Name = "A", Source = (ErpSegmentSource)99 });
    }
}
