using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HealthFinance.Erp.FileExport.Internal;

/// <summary>
/// The manifest beside an export: every file written and every idempotency key posted, with its document id and a
/// digest of the journal's content. It is an append-only log of compact JSON lines — a header line, then one line
/// per batch (the file and its entries) — appended and flushed to disk under the folder's lock: the complete,
/// durable line is the commit point of a write. A last line without its line feed is an append a crash
/// interrupted; it is ignored and cut off by the next append. Appending keeps a write's cost independent of how
/// much the folder already holds, and a writer reads only the lines appended since it last looked.
/// </summary>
/// <remarks>
/// <para>A manifest of the first layout (one indented JSON document, version 1) is read as it is and rewritten
/// as a log, atomically (temporary file, flush, rename), by the next write.</para>
/// <para>In memory each exported key is held compactly, since a long-lived export folder lists millions: a 128-bit
/// digest of the key, the file and position its document id names (the id itself only when it is not the usual
/// <c>file#position</c>), and a 128-bit digest of its content hash — about 60 bytes a key instead of its three
/// strings.</para>
/// </remarks>
internal sealed class ExportManifest
{
    public const int LegacyVersion = 1;

    public const int CurrentVersion = 2;

    private const string Marker = "healthfinance-export-manifest";

    private ExportManifest(string format) => Format = format;

    public string Format { get; }

    public List<ManifestFile> Files { get; } = [];

    // The exported keys, by the digest of the key.
    private readonly Dictionary<UInt128, KnownKey> _known = [];

    // The entries of a first-layout manifest, kept until the next write rewrites it as a log.
    private List<ManifestEntry>? _legacyEntries;

    /// <summary>How many keys the manifest lists.</summary>
    public int KeyCount => _known.Count;

    /// <summary>The bytes of the manifest file read so far (complete lines only).</summary>
    public long Length { get; private set; }

    /// <summary>Whether the file holds the first layout and must be rewritten as a log before appending.</summary>
    public bool IsLegacy { get; private set; }

    /// <summary>How many of <see cref="Files"/> were checked for an interrupted publication.</summary>
    public int Repaired { get; set; }

    /// <summary>Reads the whole manifest; a missing file is an empty manifest.</summary>
    public static ExportManifest Read(string path, string expectedFormat)
    {
        var manifest = new ExportManifest(expectedFormat);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return manifest;
        }

        if (bytes.Length == 0)
        {
            return manifest;
        }

        var firstLine = bytes.AsSpan(0, Math.Max(0, bytes.AsSpan().IndexOf((byte)'\n')) is var n and > 0 ? n : bytes.Length);
        if (IsLogHeader(firstLine, path, expectedFormat))
        {
            manifest.Length = firstLine.Length + 1L <= bytes.Length ? firstLine.Length + 1L : 0;
            if (manifest.Length == 0)
            {
                // A header a crash cut short: nothing was committed after it.
                return manifest;
            }

            manifest.ReadLines(bytes.AsSpan((int)manifest.Length), path);
            return manifest;
        }

        manifest.ReadLegacy(bytes, path, expectedFormat);
        return manifest;
    }

    /// <summary>Reads the lines another writer appended since this manifest was read; returns <see langword="false"/> when the file no longer extends what was read (it must be read again whole).</summary>
    public bool TryReadMore(string path)
    {
        if (IsLegacy)
        {
            return false;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length < Length)
        {
            return false;
        }

        if (stream.Length == Length)
        {
            return true;
        }

        var tail = new byte[stream.Length - Length];
        stream.Seek(Length, SeekOrigin.Begin);
        stream.ReadExactly(tail);
        ReadLines(tail, path);
        return true;
    }

    /// <summary>Finds an exported key.</summary>
    /// <param name="key">The idempotency key.</param>
    /// <param name="documentId">The document id it was exported as.</param>
    /// <param name="contentDigest">The digest (<see cref="ContentDigest"/>) of its content hash, or <see langword="null"/> when the manifest recorded none.</param>
    /// <returns><see langword="true"/> when the key was exported.</returns>
    public bool TryFind(string key, [NotNullWhen(true)] out string? documentId, out UInt128? contentDigest)
    {
        if (!_known.TryGetValue(Digest(key), out var known))
        {
            documentId = null;
            contentDigest = null;
            return false;
        }

        documentId = known.DocumentId ?? string.Create(CultureInfo.InvariantCulture, $"{Files[known.File].Name}#{known.Position}");
        contentDigest = known.HasContent ? known.Content : null;
        return true;
    }

    /// <summary>
    /// The 128-bit digest a content hash is held as: a content hash is already a SHA-256 in hex (as the adapter writes
    /// it), so its first 32 hex digits are that digest; any other text (a manifest written by hand) goes through
    /// <see cref="Digest"/>.
    /// </summary>
    /// <param name="contentHash">The content hash.</param>
    /// <returns>The digest.</returns>
    public static UInt128 ContentDigest(string contentHash)
        => contentHash.Length == 2 * SHA256.HashSizeInBytes && UInt128.TryParse(contentHash.AsSpan(0, 32), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var digest)
            ? digest
            : Digest(contentHash);

    /// <summary>A 128-bit digest of a text (the first half of its SHA-256): how keys are held in memory.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The digest.</returns>
    public static UInt128 Digest(string text)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        var buffer = length <= 512 ? stackalloc byte[512] : new byte[length];
        SHA256.HashData(buffer[..Encoding.UTF8.GetBytes(text, buffer)], hash);
        return MemoryMarshal.Read<UInt128>(hash);
    }

    /// <summary>Commits a batch: appends its line and flushes it to disk (or, for a new or first-layout manifest, writes the whole log atomically).</summary>
    public void Commit(string path, string temporaryPath, ManifestFile file, IReadOnlyList<ManifestEntry> entries)
    {
        var line = BatchLine(file, entries);
        if (IsLegacy || Length == 0)
        {
            // A new manifest, or one of the first layout: the whole log, written next to it and renamed over it.
            using (var buffer = new MemoryStream())
            {
                buffer.Write(HeaderLine(Format));
                foreach (var existing in Files)
                {
                    buffer.Write(BatchLine(existing, (_legacyEntries ?? []).Where(e => e.File == existing.Name).ToList()));
                }

                buffer.Write(line);
                WriteDurably(temporaryPath, buffer.ToArray());
                File.Move(temporaryPath, path, overwrite: true);
                Length = buffer.Length;
            }

            IsLegacy = false;
            _legacyEntries = null;
        }
        else
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read);

            // Cut off what an interrupted append left after the last complete line.
            if (stream.Length != Length)
            {
                stream.SetLength(Length);
            }

            stream.Seek(Length, SeekOrigin.Begin);
            stream.Write(line);
            stream.Flush(flushToDisk: true);
            Length += line.Length;
        }

        Add(file, entries);
    }

    /// <summary>Whether the manifest on disk lists a file (after a failed commit: did it land?).</summary>
    public static bool Lists(string path, string format, string name) => Read(path, format).Files.Exists(f => f.Name == name);

    private void Add(ManifestFile file, IEnumerable<ManifestEntry> entries)
    {
        Files.Add(file);
        var fileIndex = Files.Count - 1;
        var position = 0;
        foreach (var entry in entries)
        {
            position++;
            _legacyEntries?.Add(entry);
            var usual = IsUsualDocumentId(entry.DocumentId, file.Name, position);
            _known[Digest(entry.Key)] = new KnownKey(
                fileIndex,
                position,
                entry.ContentHash is null ? default : ContentDigest(entry.ContentHash),
                entry.ContentHash is not null,
                usual ? null : entry.DocumentId);
        }
    }

    // Whether a document id is "{file}#{position}", as this export names them (then it is not held in memory); a
    // position written with a leading zero is not, since it would not be written back the same.
    private static bool IsUsualDocumentId(string documentId, string file, int position)
        => documentId.Length > file.Length + 1
            && documentId.StartsWith(file, StringComparison.Ordinal)
            && documentId[file.Length] == '#'
            && documentId[file.Length + 1] != '0'
            && int.TryParse(documentId.AsSpan(file.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n == position;

    private void ReadLines(ReadOnlySpan<byte> data, string path)
    {
        while (!data.IsEmpty)
        {
            var end = data.IndexOf((byte)'\n');
            if (end < 0)
            {
                // An append a crash interrupted: not committed.
                return;
            }

            var line = data[..end];
            ManifestBatch? batch;
            try
            {
                batch = JsonSerializer.Deserialize(line, ExportManifestJsonContext.Default.ManifestBatch);
            }
            catch (JsonException ex)
            {
                throw Corrupt(path, "a batch line is not JSON: " + ex.Message.Split(" Path:", 2)[0], ex);
            }

            if (batch?.File is null || string.IsNullOrEmpty(batch.File.Name) || batch.Entries is null
                || batch.Entries.Any(e => e is null || string.IsNullOrEmpty(e.Key) || string.IsNullOrEmpty(e.DocumentId)))
            {
                throw Corrupt(path, "a batch lacks its file, or an entry its key or document id", null);
            }

            foreach (var entry in batch.Entries)
            {
                entry.File = batch.File.Name;
            }

            Add(batch.File, batch.Entries);
            Length += end + 1;
            data = data[(end + 1)..];
        }
    }

    private static bool IsLogHeader(ReadOnlySpan<byte> firstLine, string path, string expectedFormat)
    {
        ManifestHeader? header;
        try
        {
            header = JsonSerializer.Deserialize(firstLine, ExportManifestJsonContext.Default.ManifestHeader);
        }
        catch (JsonException)
        {
            return false;
        }

        if (header?.Manifest != Marker)
        {
            return false;
        }

        if (header.Version != CurrentVersion)
        {
            throw Corrupt(path, $"it is a version {header.Version} manifest; this version reads versions {LegacyVersion} and {CurrentVersion}", null);
        }

        if (!string.Equals(header.Format, expectedFormat, StringComparison.Ordinal))
        {
            throw Corrupt(path, $"it belongs to the {header.Format} export, not {expectedFormat}", null);
        }

        return true;
    }

    private void ReadLegacy(byte[] bytes, string path, string expectedFormat)
    {
        LegacyManifest? legacy;
        try
        {
            legacy = JsonSerializer.Deserialize(bytes.AsSpan().StartsWith("\uFEFF"u8) ? bytes.AsSpan(3) : bytes, ExportManifestJsonContext.Default.LegacyManifest);
        }
        catch (JsonException ex)
        {
            throw Corrupt(path, "it is not a manifest: " + ex.Message.Split(" Path:", 2)[0], ex);
        }

        if (legacy is null || legacy.Version != LegacyVersion || legacy.Files is null || legacy.Entries is null)
        {
            throw Corrupt(path, $"it is not a version {LegacyVersion} or {CurrentVersion} manifest", null);
        }

        if (!string.Equals(legacy.Format, expectedFormat, StringComparison.Ordinal))
        {
            throw Corrupt(path, $"it belongs to the {legacy.Format} export, not {expectedFormat}", null);
        }

        if (legacy.Entries.Any(e => e is null || string.IsNullOrEmpty(e.Key) || string.IsNullOrEmpty(e.DocumentId) || string.IsNullOrEmpty(e.File))
            || legacy.Files.Any(f => f is null || string.IsNullOrEmpty(f.Name)))
        {
            throw Corrupt(path, "an entry lacks its key, document id or file", null);
        }

        _legacyEntries = [];
        foreach (var file in legacy.Files)
        {
            Add(file, legacy.Entries.Where(e => e.File == file.Name));
        }

        IsLegacy = true;
        Length = bytes.Length;
    }

    private static byte[] HeaderLine(string format)
        => [.. JsonSerializer.SerializeToUtf8Bytes(new ManifestHeader { Manifest = Marker, Version = CurrentVersion, Format = format }, ExportManifestJsonContext.Default.ManifestHeader), (byte)'\n'];

    private static byte[] BatchLine(ManifestFile file, IReadOnlyList<ManifestEntry> entries)
    {
        var batch = new ManifestBatch { File = file, Entries = [.. entries.Select(e => new ManifestEntry { Key = e.Key, DocumentId = e.DocumentId, ContentHash = e.ContentHash })] };
        return [.. JsonSerializer.SerializeToUtf8Bytes(batch, ExportManifestJsonContext.Default.ManifestBatch), (byte)'\n'];
    }

    private static void WriteDurably(string path, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    private static ErpException Corrupt(string path, string why, Exception? inner)
        => new(ErpErrorCodes.ManifestCorrupt, $"The export manifest '{Path.GetFileName(path)}' cannot be read: {why}. Restore it before exporting again.", isTransient: false, isAmbiguous: false, inner);
}

internal sealed class ManifestFile
{
    public string Name { get; set; } = string.Empty;

    public int Journals { get; set; }

    public DateTimeOffset WrittenAt { get; set; }
}

/// <summary>What the manifest holds in memory of an exported key.</summary>
/// <param name="File">The index of its file in <see cref="ExportManifest.Files"/>.</param>
/// <param name="Position">Its 1-based position in its file's batch.</param>
/// <param name="Content">The digest of its content hash.</param>
/// <param name="HasContent">Whether the manifest recorded a content hash.</param>
/// <param name="DocumentId">Its document id when it is not <c>{file}#{position}</c>.</param>
internal readonly record struct KnownKey(int File, int Position, UInt128 Content, bool HasContent, string? DocumentId);

internal sealed class ManifestEntry
{
    public string Key { get; set; } = string.Empty;

    public string DocumentId { get; set; } = string.Empty;

    /// <summary>The file the entry was written to (implied by its batch line in the log layout).</summary>
    public string? File { get; set; }

    public string? ContentHash { get; set; }
}

internal sealed class ManifestHeader
{
    public string? Manifest { get; set; }

    public int Version { get; set; }

    public string? Format { get; set; }
}

internal sealed class ManifestBatch
{
    public ManifestFile? File { get; set; }

    public List<ManifestEntry>? Entries { get; set; }
}

internal sealed class LegacyManifest
{
    public int Version { get; set; }

    public string? Format { get; set; }

    public List<ManifestFile>? Files { get; set; }

    public List<ManifestEntry>? Entries { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ManifestHeader))]
[JsonSerializable(typeof(ManifestBatch))]
[JsonSerializable(typeof(LegacyManifest))]
internal sealed partial class ExportManifestJsonContext : JsonSerializerContext;
