namespace HealthFinance.Erp.FileExport.Tests.Support;

/// <summary>A fresh folder under the temporary directory, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "hf-erp-" + Guid.NewGuid().ToString("N"));

    public static string TestData(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", name);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
