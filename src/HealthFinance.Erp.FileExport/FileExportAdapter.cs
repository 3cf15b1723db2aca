using System.Globalization;
using System.Security.Cryptography;
using HealthFinance.Canonical.Serialization;
using HealthFinance.Erp.FileExport.Formats;
using HealthFinance.Erp.FileExport.Internal;

namespace HealthFinance.Erp.FileExport;

/// <summary>
/// An ERP adapter that writes each batch of journals to a new file in a folder, for an ERP's file import (Oracle
/// Fusion FBDI, Dynamics 365 data management), for hledger, or as JSON lines.
/// </summary>
/// <remarks>
/// <para><b>Atomic.</b> A batch is written to a temporary file (<c>.{name}.tmp</c>) in the output folder and flushed to
/// disk; the manifest (<c>{prefix}.manifest.json</c>, itself replaced by writing, flushing and renaming a temporary
/// file) then records every key of the batch with its document id; only then is the temporary file renamed to its
/// final name. The manifest is the commit point: a crash before it leaves no final file and no key (the temporary
/// file is deleted by the next call); a crash after it leaves a temporary file the next call renames. A final file
/// therefore never appears half written, and no journal is ever in two files.</para>
/// <para><b>Idempotent.</b> A key the manifest holds is acknowledged as accepted with its earlier document id and not
/// written again; the same key with different content is rejected with <see cref="ErpErrorCodes.KeyConflict"/>.
/// <see cref="LookupAsync"/> reads the manifest. Writers in several processes serialize on a lock file
/// (<c>{prefix}.manifest.lock</c>).</para>
/// <para><b>Document ids</b> are <c>{file name}#{n}</c>, <c>n</c> the 1-based position of the journal in its file.
/// A journal the mapping cannot place (no account for a role, no value for a segment) is rejected with its code
/// and nothing of it is written.</para>
/// <para><b>Oracle GL_INTERFACE columns</b> (one row per line, header row unless <see cref="FileExportOptions.IncludeHeader"/>
/// is off): <c>STATUS</c> = <c>NEW</c>, <c>LEDGER_NAME</c> (mapping ledger), <c>ACCOUNTING_DATE</c> (<c>yyyy/MM/dd</c>),
/// <c>USER_JE_SOURCE_NAME</c>, <c>USER_JE_CATEGORY_NAME</c>, <c>CURRENCY_CODE</c>, <c>DATE_CREATED</c> (<c>yyyy/MM/dd</c>),
/// <c>ACTUAL_FLAG</c> = <c>A</c>, <c>SEGMENT1</c>..<c>SEGMENTn</c> (mapping segments in order), <c>ENTERED_DR</c>,
/// <c>ENTERED_CR</c>, <c>REFERENCE1</c> batch name (file name stem), <c>REFERENCE4</c> journal name (idempotency key),
/// <c>REFERENCE5</c> journal description, <c>REFERENCE6</c> journal reference (journal id), <c>REFERENCE10</c> line
/// description (memo), <c>REFERENCE21</c> idempotency key, <c>REFERENCE22</c> line number in the journal,
/// <c>REFERENCE23</c> claim id, <c>REFERENCE24</c> payer claim control number, <c>REFERENCE25</c> patient account,
/// <c>REFERENCE26</c> trace number, <c>REFERENCE27</c> provider adjustment reference, <c>REFERENCE28</c> reversed
/// journal id, <c>REFERENCE29</c> source event id, <c>REFERENCE30</c> rule set version. A value longer than its Oracle
/// column (100 characters for names, 240 for the rest) keeps its start and ends with <c>~</c> and 32 hexadecimal
/// digits of its SHA-256, so it stays unique.</para>
/// <para><b>Dynamics 365 general journal columns</b>: <c>JOURNALBATCHNUMBER</c> (file name stem), <c>JOURNALNAME</c>,
/// <c>DESCRIPTION</c> (idempotency key, at most 60 characters as above), <c>POSTINGLAYER</c> = <c>Current</c>,
/// <c>LINENUMBER</c> (1.. in the file), <c>VOUCHER</c> (one per journal: <see cref="FileExportOptions.VoucherPrefix"/> and
/// 12 hexadecimal digits of the key's SHA-256), <c>TRANSDATE</c> (<c>yyyy-MM-dd</c>), <c>ACCOUNTTYPE</c> = <c>Ledger</c>,
/// <c>ACCOUNTDISPLAYVALUE</c> (mapping segments joined with its delimiter), <c>DEBITAMOUNT</c>, <c>CREDITAMOUNT</c>,
/// <c>CURRENCYCODE</c>, <c>TEXT</c> (memo).</para>
/// <para>CSV follows RFC 4180 (CRLF, quotes only where needed), UTF-8 without a byte order mark; amounts are the
/// exact decimals in invariant culture, the other side left empty.</para>
/// </remarks>
public sealed class FileExportAdapter : IErpAdapter, IDisposable
{
    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    private readonly FileExportOptions _options;
    private readonly ExportFormat _format;
    private readonly ErpLedgerMapping? _mapping;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _prefix;
    private readonly string _formatName;
    private ExportManifest? _manifest;

    /// <summary>Creates the adapter.</summary>
    /// <param name="options">Where and how to write; copied, so later changes have no effect.</param>
    /// <param name="timeProvider">The clock for creation dates; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    /// <exception cref="ErpMappingException">The mapping file cannot be used.</exception>
    public FileExportAdapter(FileExportOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid FileExportOptions: " + string.Join(" ", errors), nameof(options));
        }

        _options = new FileExportOptions
        {
            Format = options.Format,
            OutputDirectory = Path.GetFullPath(options.OutputDirectory),
            FileNamePrefix = options.FileNamePrefix,
            MappingPath = options.MappingPath,
            Mapping = options.Mapping,
            JournalSource = options.JournalSource,
            JournalCategory = options.JournalCategory,
            JournalName = options.JournalName,
            VoucherPrefix = options.VoucherPrefix,
            IncludeHeader = options.IncludeHeader,
            MaxLinesPerJournal = options.MaxLinesPerJournal,
            MaxJournalsPerBatch = options.MaxJournalsPerBatch,
            LockTimeout = options.LockTimeout,
        };
        _format = ExportFormat.For(options.Format);
        _mapping = options.Format == FileExportFormat.JsonLines ? null
            : options.Mapping ?? (options.MappingPath is { } path ? ErpLedgerMapping.LoadFile(path).GetMappingOrThrow() : null);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _prefix = options.FileNamePrefix ?? _format.DefaultPrefix;
        _formatName = options.Format switch
        {
            FileExportFormat.OracleGlInterface => "oracle-gl-interface",
            FileExportFormat.Dynamics365GeneralJournal => "dynamics365-general-journal",
            FileExportFormat.Hledger => "hledger",
            _ => "json-lines",
        };
        Capabilities = new ErpCapabilities
        {
            MaxLinesPerJournal = options.MaxLinesPerJournal,
            MaxJournalsPerBatch = options.MaxJournalsPerBatch,
            SupportsLookup = true,
            NativeIdempotency = true,
        };
    }

    /// <inheritdoc/>
    public string Name => "file-" + _formatName;

    /// <summary>Releases the in-process write lock.</summary>
    public void Dispose() => _gate.Dispose();

    /// <inheritdoc/>
    /// <remarks>Lookup reads the manifest; resubmitting a key is acknowledged from the manifest (native idempotency); the line and batch limits come from the options.</remarks>
    public ErpCapabilities Capabilities { get; }

    /// <summary>The folder the files are written to (full path).</summary>
    public string OutputDirectory => _options.OutputDirectory;

    /// <summary>The manifest of posted keys (full path).</summary>
    public string ManifestPath => Path.Combine(_options.OutputDirectory, _prefix + ".manifest.json");

    /// <summary>Called at each step of a write, so tests can fail a write exactly there; <see langword="null"/> in production.</summary>
    internal Func<FileExportStage, ValueTask>? StageHook { get; set; }

    private string LockPath => Path.Combine(_options.OutputDirectory, _prefix + ".manifest.lock");

    /// <summary>The final names of the files written so far, in order (from the manifest).</summary>
    /// <param name="cancellationToken">Cancels waiting for the lock.</param>
    /// <returns>The file names.</returns>
    /// <exception cref="ErpException">The folder is busy or the manifest cannot be read.</exception>
    public async Task<IReadOnlyList<string>> ListFilesAsync(CancellationToken cancellationToken = default)
    {
        var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        await using (held.ConfigureAwait(false))
        {
            return OpenManifest().Files.Select(f => f.Name).ToList();
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ErpException">The folder cannot be written or locked now (<see cref="ErpErrorCodes.OutputUnavailable"/>,
    /// transient; ambiguous when the manifest already recorded the batch), or the manifest is unreadable
    /// (<see cref="ErpErrorCodes.ManifestCorrupt"/>).</exception>
    public async Task<IReadOnlyList<ErpAcknowledgment>> PostAsync(ErpBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Journals.Count > Capabilities.MaxJournalsPerBatch)
        {
            throw new ArgumentException($"The batch holds {batch.Journals.Count} journals; this export takes at most {Capabilities.MaxJournalsPerBatch}.", nameof(batch));
        }

        if (batch.Journals.FirstOrDefault(j => j.Entry.Lines.Count > Capabilities.MaxLinesPerJournal) is { } tooLong)
        {
            throw new ArgumentException($"Journal '{tooLong.Entry.EventId}' has {tooLong.Entry.Lines.Count} lines; this export takes at most {Capabilities.MaxLinesPerJournal}.", nameof(batch));
        }

        var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        await using (held.ConfigureAwait(false))
        {
            return await PostLockedAsync(batch, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<ErpAcknowledgment>> PostLockedAsync(ErpBatch batch, CancellationToken cancellationToken)
    {
        var manifest = OpenManifest();
        var acks = new ErpAcknowledgment?[batch.Journals.Count];
        var toWrite = new List<(int Index, PreparedJournal Journal, string Hash)>();
        for (var i = 0; i < batch.Journals.Count; i++)
        {
            var journal = batch.Journals[i];
            var hash = ContentHash(journal);
            if (manifest.TryFind(journal.IdempotencyKey, out var documentId, out var content))
            {
                acks[i] = content is null || content == ExportManifest.ContentDigest(hash)
                    ? ErpAcknowledgment.Accepted(journal.IdempotencyKey, documentId, isDuplicate: true)
                    : ErpAcknowledgment.Rejected(journal.IdempotencyKey, ErpErrorCodes.KeyConflict, $"The key was already exported as {documentId} with different content; the journal is not written again.");
                continue;
            }

            try
            {
                toWrite.Add((i, _format.Prepare(journal, _mapping), hash));
            }
            catch (ErpException ex) when (!ex.IsTransient)
            {
                acks[i] = ErpAcknowledgment.Rejected(journal.IdempotencyKey, ex.ErrorCode, ex.Message);
            }
        }

        if (toWrite.Count > 0)
        {
            var written = await WriteAsync(manifest, toWrite, cancellationToken).ConfigureAwait(false);
            for (var n = 0; n < toWrite.Count; n++)
            {
                acks[toWrite[n].Index] = ErpAcknowledgment.Accepted(toWrite[n].Journal.Journal.IdempotencyKey, written[n]);
            }
        }

        return acks.Select(a => a!).ToList();
    }

    /// <inheritdoc/>
    /// <exception cref="ErpException">The folder is busy (<see cref="ErpErrorCodes.OutputUnavailable"/>, transient) or the manifest cannot be read (<see cref="ErpErrorCodes.ManifestCorrupt"/>).</exception>
    public async Task<ErpLookupResult> LookupAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        await using (held.ConfigureAwait(false))
        {
            return OpenManifest().TryFind(idempotencyKey, out var documentId, out _) ? ErpLookupResult.Found(documentId) : ErpLookupResult.NotFound;
        }
    }

    // The digest that tells a resubmission of the same journal from another journal under the same key.
    private static string ContentHash(ErpJournal journal)
    {
        var bytes = CanonicalJson.SerializeToUtf8Bytes(journal.Entry with { OccurredAt = null, ReceivedAt = null });
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private async Task<IReadOnlyList<string>> WriteAsync(ExportManifest manifest, List<(int Index, PreparedJournal Journal, string Hash)> toWrite, CancellationToken cancellationToken)
    {
        var digest = Fit.Digest(string.Join("\n", toWrite.Select(w => w.Journal.Journal.IdempotencyKey)), 8).ToLowerInvariant();
        var name = string.Create(CultureInfo.InvariantCulture, $"{_prefix}-{manifest.Files.Count + 1:D6}-{digest}{_format.Extension}");
        var final = Path.Combine(_options.OutputDirectory, name);
        var temporary = TemporaryOf(final);
        var documents = toWrite.Select((_, n) => string.Create(CultureInfo.InvariantCulture, $"{name}#{n + 1}")).ToList();
        var now = _timeProvider.GetUtcNow();
        var file = new ExportFile(name, now, toWrite.Select((w, n) => (w.Journal, documents[n])).ToList());
        var bytes = _format.Render(file, _options, _mapping);

        // 1. The data, complete and on disk, under a name no importer picks up.
        try
        {
            await Stage(FileExportStage.BeforeData).ConfigureAwait(false);
            if (File.Exists(final))
            {
                throw new ErpException(ErpErrorCodes.ManifestCorrupt, $"The export file '{name}' exists but the manifest does not list it; the manifest does not match the folder.", isTransient: false);
            }

            await WriteDurablyAsync(temporary, bytes, cancellationToken).ConfigureAwait(false);
            await Stage(FileExportStage.DataWritten).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            TryDelete(temporary);
            if (ex is OperationCanceledException)
            {
                throw;
            }

            throw new ErpException(ErpErrorCodes.OutputUnavailable, $"The export file '{name}' cannot be written: {ex.Message}", isTransient: true, isAmbiguous: false, ex);
        }

        // 2. The commit point: the manifest lists the file and every key.
        var entries = toWrite.Select((w, n) => new ManifestEntry { Key = w.Journal.Journal.IdempotencyKey, DocumentId = documents[n], File = name, ContentHash = w.Hash }).ToList();
        try
        {
            manifest.Commit(ManifestPath, ManifestTemporary, new ManifestFile { Name = name, Journals = toWrite.Count, WrittenAt = now }, entries);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // An append is committed only once its line is complete and an initial write only once it is renamed: either
            // the manifest lists the file or it does not. The next call reads it from disk again.
            _manifest = null;
            if (ListsFile(name))
            {
                throw Ambiguous(name, ex);
            }

            TryDelete(temporary);
            TryDelete(ManifestTemporary);
            throw new ErpException(ErpErrorCodes.OutputUnavailable, $"The export manifest cannot be written: {ex.Message}", isTransient: true, isAmbiguous: false, ex);
        }

        // 3. Publish the file under its final name; a failure here is repaired by the next call.
        try
        {
            await Stage(FileExportStage.ManifestCommitted).ConfigureAwait(false);
            File.Move(temporary, final, overwrite: false);
            await Stage(FileExportStage.Published).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Ambiguous(name, ex);
        }

        return documents;
    }

    private static ErpException Ambiguous(string name, Exception ex)
        => new(ErpErrorCodes.OutputUnavailable, $"The journals of '{name}' are recorded in the manifest but the file was not published: {ex.Message}. The next call publishes it.", isTransient: true, isAmbiguous: true, ex);

    private bool ListsFile(string name)
    {
        try
        {
            return ExportManifest.Lists(ManifestPath, _formatName, name);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ErpException)
        {
            return true;
        }
    }

    private string ManifestTemporary => Path.Combine(_options.OutputDirectory, "." + _prefix + ".manifest.json.tmp");

    private static string TemporaryOf(string final) => Path.Combine(Path.GetDirectoryName(final)!, "." + Path.GetFileName(final) + ".tmp");

    // Reads the manifest (only what other writers appended since this adapter last read it) and repairs what an
    // interrupted write left: publishes committed files, deletes uncommitted ones.
    private ExportManifest OpenManifest()
    {
        ExportManifest manifest;
        var whole = false;
        try
        {
            if (_manifest is { Length: > 0 } cached && File.Exists(ManifestPath) && cached.TryReadMore(ManifestPath))
            {
                manifest = cached;
            }
            else
            {
                _manifest = null;
                manifest = ExportManifest.Read(ManifestPath, _formatName);
                whole = true;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ErpException(ErpErrorCodes.OutputUnavailable, $"The export manifest cannot be read now: {ex.Message}", isTransient: true, isAmbiguous: false, ex);
        }

        try
        {
            // Files committed since the last check (all of them after a whole read) are published if a crash left them temporary.
            for (var i = manifest.Repaired; i < manifest.Files.Count; i++)
            {
                var final = Path.Combine(_options.OutputDirectory, manifest.Files[i].Name);
                var temporary = TemporaryOf(final);
                if (!File.Exists(final) && File.Exists(temporary))
                {
                    File.Move(temporary, final, overwrite: false);
                }
            }

            // Temporary files no committed batch names are what interrupted writes left (looked for when the manifest is
            // read whole: on first use, and after another writer's failure; a later write would replace them anyway).
            if (whole)
            {
                var committed = manifest.Files.Select(f => "." + f.Name + ".tmp").ToHashSet(StringComparer.Ordinal);
                foreach (var stray in Directory.EnumerateFiles(_options.OutputDirectory, "." + _prefix + "-*.tmp"))
                {
                    var strayName = Path.GetFileName(stray);
                    if (IsOurTemporary(strayName) && !committed.Contains(strayName))
                    {
                        File.Delete(stray);
                    }
                }

                TryDelete(ManifestTemporary);
            }

            manifest.Repaired = manifest.Files.Count;
            _manifest = manifest;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ErpException(ErpErrorCodes.OutputUnavailable, $"An interrupted export cannot be completed now: {ex.Message}", isTransient: true, isAmbiguous: false, ex);
        }

        return manifest;
    }

    // .{prefix}-{6 digits}-{8 hexadecimal digits}{extension}.tmp: only this export's own temporary files.
    private bool IsOurTemporary(string name)
    {
        var start = "." + _prefix + "-";
        var end = _format.Extension + ".tmp";
        if (!name.StartsWith(start, StringComparison.Ordinal) || !name.EndsWith(end, StringComparison.Ordinal) || name.Length != start.Length + 15 + end.Length)
        {
            return false;
        }

        var middle = name.AsSpan(start.Length, 15);
        return middle[6] == '-' && middle[..6].IndexOfAnyExceptInRange('0', '9') < 0 && !middle[7..].ContainsAnyExcept(LowerHex);
    }

    private static async Task WriteDurablyAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next call, which deletes temporary files the manifest does not list.
        }
    }

    private ValueTask Stage(FileExportStage stage) => StageHook?.Invoke(stage) ?? ValueTask.CompletedTask;

    // One writer at a time: a semaphore in this process, an exclusive lock file across processes.
    private async Task<LockHandle> LockAsync(CancellationToken cancellationToken)
    {
        var timeout = _options.LockTimeout;
        if (!await _gate.WaitAsync(timeout, cancellationToken).ConfigureAwait(false))
        {
            throw Busy(null);
        }

        try
        {
            Directory.CreateDirectory(_options.OutputDirectory);
            // Waiting for another writer is real time, whatever clock stamps the files.
            var started = TimeProvider.System.GetTimestamp();
            while (true)
            {
                try
                {
                    return new LockHandle(_gate, new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                }
                catch (IOException ex)
                {
                    if (TimeProvider.System.GetElapsedTime(started) >= timeout)
                    {
                        throw Busy(ex);
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _gate.Release();
            throw new ErpException(ErpErrorCodes.OutputUnavailable, $"The export folder cannot be used: {ex.Message}", isTransient: true, isAmbiguous: false, ex);
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    private ErpException Busy(Exception? inner)
        => new(ErpErrorCodes.OutputUnavailable, string.Create(CultureInfo.InvariantCulture, $"Another writer held the export folder's lock for more than {_options.LockTimeout.TotalSeconds} s."), isTransient: true, isAmbiguous: false, inner);

    private sealed class LockHandle(SemaphoreSlim gate, FileStream file) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await file.DisposeAsync().ConfigureAwait(false);
            gate.Release();
        }
    }
}
