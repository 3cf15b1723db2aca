namespace HealthFinance.Sync;

/// <summary>Options of the hosted <see cref="SyncWorker"/>.</summary>
public sealed class SyncWorkerOptions
{
    /// <summary>A folder whose files are processed as they appear (then moved to <see cref="ArchiveDirectory"/>); <see langword="null"/> to only deliver the outbox.</summary>
    public string? InboxDirectory { get; set; }

    /// <summary>Where processed inbox files are moved; default: a <c>processed</c> folder inside the inbox.</summary>
    public string? ArchiveDirectory { get; set; }

    /// <summary>How often the inbox is looked at and parked items are expired.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Checks the options and lists every problem.</summary>
    /// <returns>The problems; empty when the options are usable.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (PollInterval <= TimeSpan.Zero)
        {
            errors.Add("PollInterval must be positive.");
        }

        if (ArchiveDirectory is not null && InboxDirectory is null)
        {
            errors.Add("ArchiveDirectory needs an InboxDirectory.");
        }

        return errors;
    }
}
