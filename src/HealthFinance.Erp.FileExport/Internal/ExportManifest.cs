using System.Text.Json;
using System.Text.Json.Serialization;

namespace HealthFinance.Erp.FileExport.Internal;

/// <summary>
/// The manifest beside an export: every file written and every idempotency key posted, with its document id and a
/// digest of the journal's content. Rewritten atomically (temporary file, flush to disk, rename); it is the commit
/// point of a write.
/// </summary>
internal sealed class ExportManifest
{
    public const int CurrentVersion = 1;

    public int Version { get; set; } = CurrentVersion;

    public string? Format { get; set; }

    public List<ManifestFile> Files { get; set; } = [];

    public List<ManifestEntry> Entries { get; set; } = [];

    public static ExportManifest Read(string path, string expectedFormat)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return new ExportManifest { Format = expectedFormat };
        }

        ExportManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(bytes, ExportManifestJsonContext.Default.ExportManifest);
        }
        catch (JsonException ex)
        {
            throw Corrupt(path, "it is not a manifest: " + ex.Message.Split(" Path:", 2)[0], ex);
        }

        if (manifest is null || manifest.Version != CurrentVersion || manifest.Files is null || manifest.Entries is null)
        {
            throw Corrupt(path, $"it is not a version {CurrentVersion} manifest", null);
        }

        if (!string.Equals(manifest.Format, expectedFormat, StringComparison.Ordinal))
        {
            throw Corrupt(path, $"it belongs to the {manifest.Format} export, not {expectedFormat}", null);
        }

        if (manifest.Entries.Any(e => e is null || string.IsNullOrEmpty(e.Key) || string.IsNullOrEmpty(e.DocumentId) || string.IsNullOrEmpty(e.File))
            || manifest.Files.Any(f => f is null || string.IsNullOrEmpty(f.Name)))
        {
            throw Corrupt(path, "an entry lacks its key, document id or file", null);
        }

        return manifest;
    }

    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, ExportManifestJsonContext.Default.ExportManifest);

    private static ErpException Corrupt(string path, string why, Exception? inner)
        => new(ErpErrorCodes.ManifestCorrupt, $"The export manifest '{Path.GetFileName(path)}' cannot be read: {why}. Restore it before exporting again.", isTransient: false, isAmbiguous: false, inner);
}

internal sealed class ManifestFile
{
    public string Name { get; set; } = string.Empty;

    public int Journals { get; set; }

    public DateTimeOffset WrittenAt { get; set; }
}

internal sealed class ManifestEntry
{
    public string Key { get; set; } = string.Empty;

    public string DocumentId { get; set; } = string.Empty;

    public string File { get; set; } = string.Empty;

    public string? ContentHash { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ExportManifest))]
internal sealed partial class ExportManifestJsonContext : JsonSerializerContext;
