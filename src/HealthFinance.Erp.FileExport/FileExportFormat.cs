namespace HealthFinance.Erp.FileExport;

/// <summary>The file layout a <see cref="FileExportAdapter"/> writes.</summary>
public enum FileExportFormat
{
    /// <summary>JSON lines with the line contract of <c>healthfinance journal</c> (<see cref="JournalJsonLinesWriter"/>); <c>.jsonl</c>.</summary>
    JsonLines = 0,

    /// <summary>Oracle Fusion General Ledger journal import (FBDI) <c>GL_INTERFACE</c> rows as CSV; <c>.csv</c>. Needs a ledger mapping.</summary>
    OracleGlInterface = 1,

    /// <summary>Dynamics 365 Finance general journal entity (data management) rows as CSV; <c>.csv</c>. Needs a ledger mapping.</summary>
    Dynamics365GeneralJournal = 2,

    /// <summary>An hledger journal: one transaction per journal; <c>.journal</c>.</summary>
    Hledger = 3,
}
