using System.Reflection;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.X12;

namespace HealthFinance.ConventionTests;

/// <summary>Conventions of the public surface: immutability of the canonical model, error codes on exceptions.</summary>
public sealed class PublicSurfaceTests
{
    private static readonly Assembly[] Shipped =
    [
        typeof(Diagnostic).Assembly,
        typeof(X12Reader).Assembly,
        typeof(HealthFinance.Cli.HealthFinanceCommand).Assembly,
    ];

    [Fact]
    public void CanonicalModel_HasNoPublicMutableSetters()
    {
        var offenders = new List<string>();
        foreach (var type in typeof(Diagnostic).Assembly.GetExportedTypes())
        {
            foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                var setter = p.SetMethod;
                if (setter is { IsPublic: true } && !IsInitOnly(setter))
                {
                    offenders.Add($"{type.FullName}.{p.Name}");
                }
            }
        }

        Assert.Empty(offenders);
    }

    [Fact]
    public void EveryPublicException_HasAnErrorCode()
    {
        var offenders = Shipped
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => typeof(Exception).IsAssignableFrom(t))
            .Where(t => t.GetProperty("ErrorCode", BindingFlags.Public | BindingFlags.Instance) is null)
            .Select(t => t.FullName)
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void ShippedAssemblies_HaveXmlDocumentation()
    {
        // The test runs from tests/<project>/bin/<configuration>/<tfm>/; each package's XML file sits in
        // src/<project>/bin/<configuration>/<tfm>/ beside the assembly it documents.
        var tfmDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfmDir.Parent!.Name;
        var projects = new Dictionary<string, string>
        {
            ["HealthFinance.Canonical"] = "HealthFinance.Canonical",
            ["HealthFinance.X12"] = "HealthFinance.X12",
            ["HealthFinance.Cli"] = "healthfinance",
        };
        foreach (var assembly in Shipped)
        {
            var project = projects.Single(p => p.Value == assembly.GetName().Name).Key;
            var xml = Path.Combine(HealthFinance.TestUtilities.Corpus.RepositoryRoot, "src", project, "bin", configuration, tfmDir.Name, assembly.GetName().Name + ".xml");
            Assert.True(File.Exists(xml), $"{project} ships without XML documentation ({xml}).");
        }
    }

    private static bool IsInitOnly(MethodInfo setter)
        => setter.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit");
}
