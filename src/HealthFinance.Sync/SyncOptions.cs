namespace HealthFinance.Sync;

/// <summary>What the pipeline does with a payment or status report for a claim the claim lifecycle does not know yet.</summary>
public enum UnknownClaimPolicy
{
    /// <summary>Post its money now (against payer AR by claim reference) and park its lifecycle step until the claim arrives; a claim that never arrives ends in the dead-letter store when the wait expires.</summary>
    Park = 0,

    /// <summary>Post its money now and skip the lifecycle step (for hosts that do not feed claims, only remittances).</summary>
    Ignore = 1,
}

/// <summary>Options of the <see cref="SyncPipeline"/>.</summary>
public sealed class SyncOptions
{
    /// <summary>The outbox destination of the pipeline's ERP adapter (one pipeline delivers to one adapter).</summary>
    public string Destination { get; set; } = "erp";

    /// <summary>How many units the reader stage may hold ahead of the processing stage (backpressure). At least 1.</summary>
    public int ReadAhead { get; set; } = 256;

    /// <summary>The most units processed in one state transaction (the units of a batch commit together; a unit that fails is retried alone). At least 1.</summary>
    public int MaxUnitsPerTransaction { get; set; } = 64;

    /// <summary>The most events processed in one state transaction. At least 1.</summary>
    public int MaxEventsPerTransaction { get; set; } = 2000;

    /// <summary>The most journals one outbox message carries (an input's journals are split into messages of this size). At least 1.</summary>
    public int MaxJournalsPerMessage { get; set; } = 500;

    /// <summary>How many outbox messages a delivery round leases at once. At least 1.</summary>
    public int DeliveryBatchSize { get; set; } = 16;

    /// <summary>How long a delivery worker holds leased messages; a worker that dies loses them to another after this time.</summary>
    public TimeSpan DeliveryLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The delay before a failed delivery is retried, doubled per attempt up to <see cref="MaxDeliveryRetryDelay"/>.</summary>
    public TimeSpan DeliveryRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between delivery attempts.</summary>
    public TimeSpan MaxDeliveryRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>After this many failed attempts a message's journals are dead-lettered (code <c>SYNC-0201</c>); <see langword="null"/> to retry until delivered.</summary>
    public int? MaxDeliveryAttempts { get; set; }

    /// <summary>How long <see cref="SyncPipeline.RunAsync"/> keeps delivering after the last input was processed before it returns with postings still pending (they stay in the outbox for the next run or the worker).</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>What to do with a payment or status report for a claim not seen yet.</summary>
    public UnknownClaimPolicy UnknownClaims { get; set; } = UnknownClaimPolicy.Park;

    /// <summary>How long a parked input waits before it is dead-lettered; <see langword="null"/> for the state store's default.</summary>
    public TimeSpan? ParkingExpiry { get; set; }

    /// <summary>Checks the options and lists every problem.</summary>
    /// <returns>The problems; empty when the options are usable.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Destination))
        {
            errors.Add("Destination is required.");
        }

        void AtLeastOne(int value, string name)
        {
            if (value < 1)
            {
                errors.Add($"{name} must be at least 1.");
            }
        }

        AtLeastOne(ReadAhead, nameof(ReadAhead));
        AtLeastOne(MaxUnitsPerTransaction, nameof(MaxUnitsPerTransaction));
        AtLeastOne(MaxEventsPerTransaction, nameof(MaxEventsPerTransaction));
        AtLeastOne(MaxJournalsPerMessage, nameof(MaxJournalsPerMessage));
        AtLeastOne(DeliveryBatchSize, nameof(DeliveryBatchSize));
        if (MaxDeliveryAttempts is { } attempts)
        {
            AtLeastOne(attempts, nameof(MaxDeliveryAttempts));
        }

        if (DeliveryLease <= TimeSpan.Zero)
        {
            errors.Add("DeliveryLease must be positive.");
        }

        if (DeliveryRetryDelay < TimeSpan.Zero || MaxDeliveryRetryDelay < DeliveryRetryDelay)
        {
            errors.Add("DeliveryRetryDelay must not be negative nor longer than MaxDeliveryRetryDelay.");
        }

        if (DrainTimeout < TimeSpan.Zero)
        {
            errors.Add("DrainTimeout must not be negative.");
        }

        if (ParkingExpiry is { } expiry && expiry <= TimeSpan.Zero)
        {
            errors.Add("ParkingExpiry must be positive.");
        }

        if (!Enum.IsDefined(UnknownClaims))
        {
            errors.Add("UnknownClaims is not a defined policy.");
        }

        return errors;
    }
}
