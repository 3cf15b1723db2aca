namespace HealthFinance.Sync;

/// <summary>The permanent codes of the pipeline's own findings (docs/diagnostics.md).</summary>
public static class SyncDiagnosticCodes
{
    /// <summary>An input is in no format the pipeline reads; it is dead-lettered whole.</summary>
    public const string UnknownFormat = "SYNC-0001";

    /// <summary>An input could not be opened or read to its end; its unread units are dead-lettered with the input's path for replay.</summary>
    public const string InputUnreadable = "SYNC-0002";

    /// <summary>A unit could not be read into events (its reader reported errors and no usable event).</summary>
    public const string UnitUnreadable = "SYNC-0003";

    /// <summary>Processing a unit failed unexpectedly; the unit alone is dead-lettered, the rest of its batch goes on.</summary>
    public const string ProcessingFailed = "SYNC-0004";

    /// <summary>A payment or status report waits for its claim (parked).</summary>
    public const string WaitingForClaim = "SYNC-0101";

    /// <summary>A reversal waits for the payment it reverses (parked).</summary>
    public const string WaitingForOriginalPayment = "SYNC-0102";

    /// <summary>The ERP rejected a journal for good; it is dead-lettered with the ERP's code.</summary>
    public const string ErpRejected = "SYNC-0201";

    /// <summary>A journal could not be delivered within the allowed attempts; it is dead-lettered for replay.</summary>
    public const string DeliveryExhausted = "SYNC-0202";

    /// <summary>Journals are still waiting in the outbox at the end of a run (the ERP was unavailable); the next run or the worker delivers them.</summary>
    public const string DeliveryPending = "SYNC-0203";
}
