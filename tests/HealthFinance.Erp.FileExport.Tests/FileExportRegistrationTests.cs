using HealthFinance.Erp.FileExport.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HealthFinance.Erp.FileExport.Tests;

public sealed class FileExportRegistrationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void AddHealthFinanceFileExport_RegistersOneAdapter_AndThePosterDrivesIt()
    {
        var services = new ServiceCollection();
        services.AddHealthFinanceFileExport(o => o.OutputDirectory = _folder.Path);
        services.AddHealthFinanceFileExport(o => o.Format = FileExportFormat.Hledger);
        services.AddHealthFinanceErpPoster();
        using var provider = services.BuildServiceProvider();

        var adapter = Assert.IsType<FileExportAdapter>(provider.GetRequiredService<IErpAdapter>());

        Assert.Equal("file-hledger", adapter.Name);
        Assert.Same(adapter, provider.GetRequiredService<ErpPoster>().Adapter);
        Assert.Single(services, d => d.ServiceType == typeof(IErpAdapter));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<FileExportOptions>));
    }

    [Fact]
    public void AddHealthFinanceFileExport_Named_RegistersKeyedAdaptersSideBySide()
    {
        var services = new ServiceCollection();
        services.AddHealthFinanceFileExport("oracle", o =>
        {
            o.Format = FileExportFormat.OracleGlInterface;
            o.OutputDirectory = _folder.Path;
            o.MappingPath = TempFolder.TestData("oracle-ledger.json");
        });
        services.AddHealthFinanceFileExport("lines", o => o.OutputDirectory = _folder.Path);
        using var provider = services.BuildServiceProvider();

        Assert.Equal("file-oracle-gl-interface", provider.GetRequiredKeyedService<IErpAdapter>("oracle").Name);
        Assert.Equal("file-json-lines", provider.GetRequiredKeyedService<IErpAdapter>("lines").Name);
        Assert.Null(provider.GetService<IErpAdapter>());
    }

    [Fact]
    public void InvalidOptions_ThrowOnFirstResolve_ListingEveryProblem()
    {
        var services = new ServiceCollection();
        services.AddHealthFinanceFileExport(o =>
        {
            o.Format = FileExportFormat.Dynamics365GeneralJournal;
            o.VoucherPrefix = "TOO-LONG-PREFIX";
            o.MaxLinesPerJournal = 1;
        });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IErpAdapter>());

        Assert.Equal(4, ex.Failures.Count());
        Assert.Contains(ex.Failures, f => f.Contains("OutputDirectory", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("ledger mapping", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("VoucherPrefix", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("MaxLinesPerJournal", StringComparison.Ordinal));
    }

    [Fact]
    public void MappingFileWithErrors_IsReportedByTheValidator_WithItsPaths()
    {
        var mapping = Path.Combine(_folder.Path, "bad.json");
        Directory.CreateDirectory(_folder.Path);
        File.WriteAllText(mapping, """{ "ledger": "L", "segments": [ { "name": "Claim", "source": "claimId" } ] }""");
        var options = new FileExportOptions { Format = FileExportFormat.OracleGlInterface, OutputDirectory = _folder.Path, MappingPath = mapping };

        var errors = options.Validate();

        Assert.Contains(errors, e => e.Contains(ErpErrorCodes.MappingHighCardinalitySegment, StringComparison.Ordinal) && e.Contains("$.segments[0].source", StringComparison.Ordinal));
        var ex = Assert.Throws<ArgumentException>(() => new FileExportAdapter(options));
        Assert.Contains(ErpErrorCodes.MappingHighCardinalitySegment, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingMappingFile_IsReported()
    {
        var options = new FileExportOptions { Format = FileExportFormat.Hledger, OutputDirectory = _folder.Path, MappingPath = Path.Combine(_folder.Path, "missing.json") };

        Assert.Contains(options.Validate(), e => e.Contains(ErpErrorCodes.MappingUnreadable, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("")]
    public void FileNamePrefix_MustBeAPlainName(string prefix)
    {
        var options = new FileExportOptions { OutputDirectory = _folder.Path, FileNamePrefix = prefix };

        Assert.Contains(options.Validate(), e => e.Contains("FileNamePrefix", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_AreCopied_SoLaterChangesHaveNoEffect()
    {
        var options = new FileExportOptions { OutputDirectory = _folder.Path, MaxJournalsPerBatch = 5 };
        using var adapter = new FileExportAdapter(options);

        options.MaxJournalsPerBatch = 7;
        options.OutputDirectory = "elsewhere";

        Assert.Equal(5, adapter.Capabilities.MaxJournalsPerBatch);
        Assert.Equal(Path.GetFullPath(_folder.Path), adapter.OutputDirectory);
        Assert.Throws<ArgumentNullException>(() => new FileExportAdapter(null!));
        Assert.Throws<ArgumentNullException>(() => FileExportServiceCollectionExtensions.AddHealthFinanceFileExport(new ServiceCollection(), null!));
    }
}
