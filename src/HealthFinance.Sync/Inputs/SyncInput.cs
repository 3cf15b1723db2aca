namespace HealthFinance.Sync.Inputs;

/// <summary>An input for the pipeline: a name and a way to open it (more than once, for a replay).</summary>
public sealed class SyncInput
{
    private readonly Func<Stream> _open;

    private SyncInput(string name, string? path, Func<Stream> open)
    {
        Name = name;
        Path = path;
        _open = open;
    }

    /// <summary>The input's name (the file name), carried into events, findings and dead letters.</summary>
    public string Name { get; }

    /// <summary>The full path of a file input, recorded with dead letters of units that could not be read so they can be replayed from it; <see langword="null"/> otherwise.</summary>
    public string? Path { get; }

    /// <summary>An input read from a file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The input.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    public static SyncInput FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        return new SyncInput(System.IO.Path.GetFileName(full), full, () => new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous));
    }

    /// <summary>An input held in memory.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="content">Its bytes.</param>
    /// <returns>The input.</returns>
    public static SyncInput FromBytes(string name, ReadOnlyMemory<byte> content)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var copy = content.ToArray();
        return new SyncInput(name, null, () => new MemoryStream(copy, writable: false));
    }

    /// <summary>An input opened by a callback (called once per read).</summary>
    /// <param name="name">Its name.</param>
    /// <param name="open">Opens it.</param>
    /// <returns>The input.</returns>
    public static SyncInput FromStream(string name, Func<Stream> open)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(open);
        return new SyncInput(name, null, open);
    }

    /// <summary>The inputs of files and folders: a folder contributes the files directly in it (not hidden ones, not <c>*.md</c> notes), in ordinal order of their names.</summary>
    /// <param name="paths">Files and folders.</param>
    /// <returns>The inputs, folders expanded in order.</returns>
    /// <exception cref="FileNotFoundException">A path is neither a file nor a folder.</exception>
    public static IReadOnlyList<SyncInput> FromPaths(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var inputs = new List<SyncInput>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var root = System.IO.Path.GetFullPath(path);
                var files = Directory.EnumerateFiles(root, "*", SearchOption.TopDirectoryOnly)
                    .Where(f => !System.IO.Path.GetFileName(f).StartsWith('.'))
                    .Where(f => !f.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal);
                inputs.AddRange(files.Select(FromFile));
            }
            else if (File.Exists(path))
            {
                inputs.Add(FromFile(path));
            }
            else
            {
                throw new FileNotFoundException($"'{path}' is neither a file nor a folder.", path);
            }
        }

        return inputs;
    }

    /// <summary>Opens the input for reading.</summary>
    /// <returns>A stream positioned at its start.</returns>
    public Stream Open() => _open();
}
