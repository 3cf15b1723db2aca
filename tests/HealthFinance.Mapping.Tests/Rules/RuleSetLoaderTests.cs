using System.Text;
using HealthFinance.Canonical;
using HealthFinance.Mapping.Rules;
using static HealthFinance.Mapping.Tests.TestRules;

namespace HealthFinance.Mapping.Tests.Rules;

public sealed class RuleSetLoaderTests
{
    private static RuleSetLoadResult LoadText(params (string File, string Json)[] files)
        => RuleSetLoader.Load(files.Select(f => new RuleSource(f.File, Encoding.UTF8.GetBytes(f.Json))));

    private static string Core => File.ReadAllText(PathOf("e1-core.json"));

    [Fact]
    public void LoadFiles_TwoFilesOfOneVersion_ComposeIntoOneRuleSet()
    {
        var result = RuleSetLoader.LoadFiles([PathOf("e1-core.json"), PathOf("e1-reference.json")]);

        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var set = Assert.Single(result.Catalog!.Versions);
        Assert.Equal("test-2024.1", set.Version);
        Assert.Equal(2, set.Files.Count);
        Assert.Equal("1200", set.LegalEntities["E1"].Accounts["payer-ar"]);
        Assert.Equal("commercial", set.Tables.FindPayerClass("P1", "12"));
        Assert.Equal("medicare", set.Tables.FindPayerClass("P7", "MB"));
        Assert.Null(set.Tables.FindPayerClass("P7", "MC"));
        Assert.Equal("patient-transfer", set.Tables.FindAdjustmentCategory("PR", "3"));
        Assert.Equal("contractual", set.Tables.FindAdjustmentCategory("CO", "45"));
        Assert.Null(set.Tables.FindAdjustmentCategory("CO", "97"));
        Assert.Equal(["legalEntity", "payer"], set.LegalEntities["E1"].RequiredDimensionsFor(AccountRole.PayerAr));
    }

    [Fact]
    public void LoadFiles_CoreWithoutReferenceData_IsStillAValidVersion_ButTheReferenceAloneIsNot()
    {
        Assert.True(RuleSetLoader.LoadFiles([PathOf("e1-core.json")]).Success);

        var alone = RuleSetLoader.LoadFiles([PathOf("e1-reference.json")]);

        Assert.False(alone.Success);
        Assert.Contains(alone.Diagnostics, d => d.Code == MappingDiagnosticCodes.RuleValueMissing && d.Message.StartsWith("No file of version 'test-2024.1' gives effectiveFrom.", StringComparison.Ordinal));
        Assert.Contains(alone.Diagnostics, d => d.Code == MappingDiagnosticCodes.RulePatternMissing && d.Message.Contains("'plb:interest'", StringComparison.Ordinal));
        Assert.Contains(alone.Diagnostics, d => d.Code == MappingDiagnosticCodes.RuleValueInvalid && d.Message.StartsWith("The legal entity 'E1' is not defined", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(2024, 1, 1, "test-2024.1")]
    [InlineData(2024, 12, 31, "test-2024.1")]
    [InlineData(2025, 1, 1, "test-2025.1")]
    [InlineData(2031, 7, 4, "test-2025.1")]
    [InlineData(2023, 12, 31, null)]
    public void TrySelect_ChoosesTheVersionInForceOnTheAccountingDate(int year, int month, int day, string? expected)
    {
        var found = Catalog.TrySelect(new DateOnly(year, month, day), out var set);

        Assert.Equal(expected is not null, found);
        Assert.Equal(expected, set?.Version);
    }

    [Fact]
    public void IsPeriodClosed_UsesTheCalendarOfTheEntity()
    {
        var set = Catalog.Versions[0];

        Assert.True(set.IsPeriodClosed("E1", new DateOnly(2024, 1, 31)));
        Assert.False(set.IsPeriodClosed("E1", new DateOnly(2024, 2, 1)));
        Assert.False(set.IsPeriodClosed("E2", new DateOnly(2024, 1, 15)));
    }

    [Fact]
    public void Load_MalformedJson_ReportsFileLineAndByte()
    {
        var result = LoadText(("bad.json", "{\n  \"version\": \"v1\",\n  \"effectiveFrom\": 2024-01-01\n}"));

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(MappingDiagnosticCodes.RuleFileMalformed, d.Code);
        Assert.StartsWith("bad.json:$.effectiveFrom", d.Location.Path, StringComparison.Ordinal);
        Assert.Equal(3, d.Location.LineNumber);
        Assert.True(d.Location.ByteOffset > 20);
    }

    [Fact]
    public void Load_UnknownProperty_IsAnError()
    {
        var result = LoadText(("extra.json", "{ \"version\": \"v1\", \"effectivFrom\": \"2024-01-01\" }"));

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(MappingDiagnosticCodes.RuleFileMalformed, d.Code);
        Assert.Contains("effectivFrom", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownRoleInChartOfAccounts_ReportsItsJsonPathAndLine()
    {
        var json = Core.Replace("\"suspense\": \"1999\"", "\"suspense\": \"1999\",\n        \"bank-fees\": \"6300\"", StringComparison.Ordinal);

        var result = LoadText(("core.json", json));

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(MappingDiagnosticCodes.RuleValueInvalid, d.Code);
        Assert.Equal("core.json:$.legalEntities[0].accounts['bank-fees']", d.Location.Path);
        var expectedLine = json.Split('\n').ToList().FindIndex(l => l.Contains("bank-fees", StringComparison.Ordinal)) + 1;
        Assert.Equal(expectedLine, d.Location.LineNumber);
        Assert.Equal(json.IndexOf("\"bank-fees\"", StringComparison.Ordinal), (int)d.Location.ByteOffset!.Value);
        Assert.StartsWith("'bank-fees' is not a canonical account role.", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RowDefinedInTwoFiles_IsADuplicateNamingTheFirst()
    {
        var extra = "{ \"version\": \"test-2024.1\",\n \"payers\": [ { \"payer\": \"P1\", \"claimFilingIndicator\": \"12\", \"payerClass\": \"other\" } ] }";

        var result = LoadText(("core.json", Core), ("reference.json", File.ReadAllText(PathOf("e1-reference.json"))), ("extra.json", extra));

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(MappingDiagnosticCodes.RuleDuplicate, d.Code);
        Assert.Equal("extra.json:$.payers[0]", d.Location.Path);
        Assert.Equal(2, d.Location.LineNumber);
        Assert.Contains("already defined at reference.json line", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ConflictingEffectiveDatesAcrossFiles_IsAnError()
    {
        var result = LoadText(("core.json", Core), ("late.json", "{ \"version\": \"test-2024.1\", \"effectiveFrom\": \"2024-02-01\" }"));

        Assert.Equal(MappingDiagnosticCodes.RuleHeaderConflict, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Load_OverlappingVersions_IsAnError()
    {
        var other = Core.Replace("test-2024.1", "test-2024.2", StringComparison.Ordinal).Replace("\"2024-01-01\",\n  \"effectiveTo\"", "\"2024-06-01\",\n  \"effectiveTo\"", StringComparison.Ordinal);

        var result = LoadText(("a.json", Core), ("b.json", other));

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(MappingDiagnosticCodes.RuleVersionsOverlap, d.Code);
        Assert.Equal("Rule set versions 'test-2024.1' and 'test-2024.2' are both in force on 2024-06-01.", d.Message);
    }

    [Fact]
    public void Load_MissingValuesAndUnknownReferences_AreEachReported()
    {
        var json = Core
            .Replace("\"revenueSource\": \"charges\"", "\"revenueSource\": \"cash\"", StringComparison.Ordinal)
            .Replace("\"refund\": { \"debit\": \"refunds-payable\", \"credit\": \"cash\" },", string.Empty, StringComparison.Ordinal)
            .Replace("\"from\": \"2024-01-01\", \"to\": \"2024-01-31\"", "\"from\": \"2024-02-01\", \"to\": \"2024-01-31\"", StringComparison.Ordinal);
        var reference = "{ \"version\": \"test-2024.1\", \"adjustmentReasons\": [ { \"group\": \"XX\", \"reason\": \"1\", \"category\": \"c\" }, { \"group\": \"CO\", \"reason\": \"2\", \"category\": \"goodwill\" } ], \"facilities\": [ { \"id\": \"F1\" } ] }";

        var result = LoadText(("core.json", json), ("ref.json", reference));

        Assert.Equal(
            [
                "POST-0004 core.json:$.legalEntities[0].revenueSource",
                "POST-0004 core.json:$.closedPeriods[0].to",
                "POST-0003 ref.json:$.facilities[0].legalEntity",
                "POST-0004 ref.json:$.adjustmentReasons[0].group",
                "POST-0003 core.json:$.legalEntities",
                "POST-0007 core.json:$.patterns",
                "POST-0007 ref.json:$.adjustmentReasons[1].category",
            ],
            result.Diagnostics.Select(d => d.Code + " " + d.Location.Path));
        Assert.False(result.Success);
    }

    [Fact]
    public void LoadFiles_MissingFile_IsAFindingNotAnException()
    {
        var result = RuleSetLoader.LoadFiles([PathOf("e1-core.json"), PathOf("no-such-file.json")]);

        Assert.False(result.Success);
        Assert.Equal(MappingDiagnosticCodes.RuleFileUnreadable, result.Diagnostics[0].Code);
        Assert.EndsWith("no-such-file.json", result.Diagnostics[0].Location.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoFile_IsAFinding()
    {
        Assert.Equal(MappingDiagnosticCodes.RuleValueMissing, Assert.Single(RuleSetLoader.Load([]).Diagnostics).Code);
    }
}
