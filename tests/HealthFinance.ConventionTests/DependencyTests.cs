using System.Xml.Linq;
using HealthFinance.TestUtilities;

namespace HealthFinance.ConventionTests;

/// <summary>The package layering of the architecture, checked against the project files.</summary>
public sealed class DependencyTests
{
    // Which projects each shipped project may reference (by project name), and which packages.
    private static readonly Dictionary<string, (string[] Projects, string[] Packages)> Allowed = new()
    {
        ["HealthFinance.Canonical"] = ([], ["Microsoft.CodeAnalysis.BannedApiAnalyzers"]),
        ["HealthFinance.X12"] = (["HealthFinance.Canonical"], ["Microsoft.CodeAnalysis.BannedApiAnalyzers"]),
        ["HealthFinance.Hl7v2"] = (["HealthFinance.Canonical"], ["Microsoft.CodeAnalysis.BannedApiAnalyzers"]),
        ["HealthFinance.Mapping"] = (["HealthFinance.Canonical"], ["Microsoft.CodeAnalysis.BannedApiAnalyzers"]),
        ["HealthFinance.Validation"] = (["HealthFinance.Canonical", "HealthFinance.Mapping"], ["Microsoft.CodeAnalysis.BannedApiAnalyzers"]),
        ["HealthFinance.X12.Hipaa"] = (["HealthFinance.Canonical", "HealthFinance.X12"], ["Microsoft.CodeAnalysis.BannedApiAnalyzers"]),
        ["HealthFinance.Fhir"] = (["HealthFinance.Canonical"], ["Hl7.Fhir.R4", "Microsoft.CodeAnalysis.BannedApiAnalyzers"]),
        ["HealthFinance.Payments"] = (["HealthFinance.Canonical"], ["Microsoft.CodeAnalysis.BannedApiAnalyzers"]),
        ["HealthFinance.Idempotency"] = (["HealthFinance.Canonical"], ["Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Options", "Microsoft.CodeAnalysis.BannedApiAnalyzers"]),
        ["HealthFinance.Idempotency.Sqlite"] = (["HealthFinance.Canonical", "HealthFinance.Idempotency"], ["Microsoft.Data.Sqlite", "Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Options", "Microsoft.CodeAnalysis.BannedApiAnalyzers"]),
        ["HealthFinance.Idempotency.PostgreSql"] = (["HealthFinance.Canonical", "HealthFinance.Idempotency"], ["Npgsql", "Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Options", "Microsoft.CodeAnalysis.BannedApiAnalyzers"]),
        ["HealthFinance.Erp.Abstractions"] = (["HealthFinance.Canonical"], ["Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Options", "Microsoft.CodeAnalysis.BannedApiAnalyzers"]),
        ["HealthFinance.Erp.FileExport"] = (["HealthFinance.Canonical", "HealthFinance.Erp.Abstractions"], ["Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Options", "Microsoft.CodeAnalysis.BannedApiAnalyzers"]),
        ["HealthFinance.Erp.Http"] = (["HealthFinance.Canonical", "HealthFinance.Erp.Abstractions"], ["Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Http", "Microsoft.Extensions.Logging.Abstractions", "Microsoft.Extensions.Options", "Polly.Core", "Polly.Extensions", "Microsoft.CodeAnalysis.BannedApiAnalyzers"]),
        ["HealthFinance.Erp.Testing"] = (["HealthFinance.Canonical", "HealthFinance.Erp.Abstractions"], ["xunit.v3.extensibility.core", "xunit.v3.assert", "Microsoft.CodeAnalysis.BannedApiAnalyzers"]),
        ["HealthFinance.Sync"] = (["HealthFinance.Canonical", "HealthFinance.X12.Hipaa", "HealthFinance.Hl7v2", "HealthFinance.Fhir", "HealthFinance.Payments", "HealthFinance.Mapping", "HealthFinance.Validation", "HealthFinance.Idempotency", "HealthFinance.Idempotency.Sqlite", "HealthFinance.Idempotency.PostgreSql", "HealthFinance.Erp.Abstractions", "HealthFinance.Erp.FileExport"], ["Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Diagnostics", "Microsoft.Extensions.Hosting.Abstractions", "Microsoft.Extensions.Logging.Abstractions", "Microsoft.Extensions.Options", "Microsoft.CodeAnalysis.BannedApiAnalyzers"]),
        ["HealthFinance.Cli"] = (["HealthFinance.Canonical", "HealthFinance.X12", "HealthFinance.X12.Hipaa", "HealthFinance.Hl7v2", "HealthFinance.Mapping", "HealthFinance.Validation", "HealthFinance.Fhir", "HealthFinance.Erp.Abstractions", "HealthFinance.Erp.FileExport", "HealthFinance.Erp.Http", "HealthFinance.Idempotency", "HealthFinance.Sync", "HealthFinance.Payments"], ["System.CommandLine", "Microsoft.Extensions.DependencyInjection", "Microsoft.CodeAnalysis.BannedApiAnalyzers"]),
    };

    public static TheoryData<string> SourceProjects()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.EnumerateDirectories(Path.Combine(Corpus.RepositoryRoot, "src")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SourceProjects))]
    public void Project_References_OnlyWhatItsLayerAllows(string project)
    {
        Assert.True(Allowed.ContainsKey(project), $"{project} is not in the dependency allow-list; add it with its allowed references.");
        var (projects, packages) = Allowed[project];
        var doc = XDocument.Load(Path.Combine(Corpus.RepositoryRoot, "src", project, project + ".csproj"));

        var projectRefs = doc.Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value))
            .ToList();
        foreach (var r in projectRefs)
        {
            Assert.Contains(r, projects);
        }

        var packageRefs = doc.Descendants("PackageReference").Select(e => e.Attribute("Include")!.Value).ToList();
        foreach (var r in packageRefs)
        {
            Assert.Contains(r, packages);
        }
    }

    [Fact]
    public void NothingReferences_TheCli()
    {
        foreach (var csproj in Directory.EnumerateFiles(Path.Combine(Corpus.RepositoryRoot, "src"), "*.csproj", SearchOption.AllDirectories))
        {
            if (Path.GetFileNameWithoutExtension(csproj) == "HealthFinance.Cli")
            {
                continue;
            }

            var text = File.ReadAllText(csproj);
            Assert.DoesNotContain("HealthFinance.Cli", text);
        }
    }

    [Fact]
    public void EverySourceProject_HasATestProject_AndAPackageReadme()
    {
        foreach (var (project, _) in Allowed)
        {
            Assert.True(Directory.Exists(Path.Combine(Corpus.RepositoryRoot, "tests", project + ".Tests")), $"{project} has no test project.");
            Assert.True(File.Exists(Path.Combine(Corpus.RepositoryRoot, "src", project, "README.md")), $"{project} has no package README.md.");
        }
    }
}
