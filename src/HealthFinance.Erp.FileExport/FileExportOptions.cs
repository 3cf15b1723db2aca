namespace HealthFinance.Erp.FileExport;

/// <summary>Where and how a <see cref="FileExportAdapter"/> writes journal files.</summary>
public sealed class FileExportOptions
{
    /// <summary>The file layout.</summary>
    /// <value>Default <see cref="FileExportFormat.JsonLines"/>.</value>
    public FileExportFormat Format { get; set; } = FileExportFormat.JsonLines;

    /// <summary>The folder the files and their manifest are written to; created when missing. Required.</summary>
    public string OutputDirectory { get; set; } = string.Empty;

    /// <summary>
    /// The start of every file name (<c>{prefix}-{sequence}-{digest}{extension}</c>) and of the manifest's
    /// (<c>{prefix}.manifest.json</c>); <see langword="null"/> for the format's default (<c>journal-lines</c>,
    /// <c>GlInterface</c>, <c>GeneralJournal</c>, <c>hledger</c>). Two exports may share a folder when their prefixes differ.
    /// </summary>
    /// <value>Default <see langword="null"/>.</value>
    public string? FileNamePrefix { get; set; }

    /// <summary>A ledger mapping file (<see cref="ErpLedgerMapping"/>): required for Oracle and Dynamics 365, optional for hledger (account names), ignored for JSON lines.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public string? MappingPath { get; set; }

    /// <summary>A ledger mapping given in code, used instead of <see cref="MappingPath"/>.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public ErpLedgerMapping? Mapping { get; set; }

    /// <summary>Oracle <c>USER_JE_SOURCE_NAME</c>: the journal source defined in the ledger.</summary>
    /// <value>Default <c>HealthFinance</c>.</value>
    public string JournalSource { get; set; } = "HealthFinance";

    /// <summary>Oracle <c>USER_JE_CATEGORY_NAME</c>: the journal category defined in the ledger.</summary>
    /// <value>Default <c>Revenue Cycle</c>.</value>
    public string JournalCategory { get; set; } = "Revenue Cycle";

    /// <summary>Dynamics 365 <c>JOURNALNAME</c>: the general journal name set up in the legal entity.</summary>
    /// <value>Default <c>GenJrn</c>.</value>
    public string JournalName { get; set; } = "GenJrn";

    /// <summary>The start of every Dynamics 365 voucher; the voucher is this prefix and 12 hexadecimal digits of the journal key's SHA-256 (at most 20 characters in all).</summary>
    /// <value>Default <c>HF</c>.</value>
    public string VoucherPrefix { get; set; } = "HF";

    /// <summary>Whether CSV files start with a header row of column names.</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool IncludeHeader { get; set; } = true;

    /// <summary>The most lines one journal may have in the export; longer journals are split into balanced parts by <see cref="ErpPoster"/>. At least 2.</summary>
    /// <value>Default <see cref="int.MaxValue"/>.</value>
    public int MaxLinesPerJournal { get; set; } = int.MaxValue;

    /// <summary>The most journals one file holds (one <see cref="IErpAdapter.PostAsync"/> call). At least 1.</summary>
    /// <value>Default 1,000.</value>
    public int MaxJournalsPerBatch { get; set; } = 1000;

    /// <summary>How long a write waits for another writer (in this or another process) to release the folder's lock before failing transiently.</summary>
    /// <value>Default 10 seconds.</value>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Checks the options and lists every problem (a mapping file is loaded and checked too).</summary>
    /// <returns>The problems; empty when the options are usable.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(Format))
        {
            errors.Add($"Format {Format} is not a FileExportFormat.");
        }

        if (string.IsNullOrWhiteSpace(OutputDirectory))
        {
            errors.Add("OutputDirectory is required.");
        }

        if (FileNamePrefix is { } prefix && (prefix.Length == 0 || prefix.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || prefix.StartsWith('.')))
        {
            errors.Add("FileNamePrefix must be a plain file name that does not start with a dot.");
        }

        if (Mapping is null && MappingPath is null && Format is FileExportFormat.OracleGlInterface or FileExportFormat.Dynamics365GeneralJournal)
        {
            errors.Add($"{Format} needs a ledger mapping: set MappingPath or Mapping.");
        }

        if (Mapping is null && MappingPath is not null)
        {
            errors.AddRange(ErpLedgerMapping.LoadFile(MappingPath).Diagnostics.Select(d => "Mapping: " + d));
        }

        if (Format == FileExportFormat.OracleGlInterface && (string.IsNullOrWhiteSpace(JournalSource) || string.IsNullOrWhiteSpace(JournalCategory)))
        {
            errors.Add("JournalSource and JournalCategory are required for Oracle.");
        }

        if (Format == FileExportFormat.Dynamics365GeneralJournal)
        {
            if (string.IsNullOrWhiteSpace(JournalName))
            {
                errors.Add("JournalName is required for Dynamics 365.");
            }

            if (VoucherPrefix is null || VoucherPrefix.Length > 8 || VoucherPrefix.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-'))
            {
                errors.Add("VoucherPrefix must be at most 8 ASCII letters, digits or hyphens.");
            }
        }

        if (MaxLinesPerJournal < 2)
        {
            errors.Add("MaxLinesPerJournal must be at least 2.");
        }

        if (MaxJournalsPerBatch < 1)
        {
            errors.Add("MaxJournalsPerBatch must be at least 1.");
        }

        if (LockTimeout < TimeSpan.Zero)
        {
            errors.Add("LockTimeout must not be negative.");
        }

        return errors;
    }
}
