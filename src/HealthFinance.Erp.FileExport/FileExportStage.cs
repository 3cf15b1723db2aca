namespace HealthFinance.Erp.FileExport;

/// <summary>The steps of one export write, in order.</summary>
internal enum FileExportStage
{
    /// <summary>Before the temporary data file is written.</summary>
    BeforeData,

    /// <summary>The temporary data file is complete and flushed to disk.</summary>
    DataWritten,

    /// <summary>The manifest lists the file and its keys (the commit point); the file is not yet published.</summary>
    ManifestCommitted,

    /// <summary>The file has its final name.</summary>
    Published,
}
