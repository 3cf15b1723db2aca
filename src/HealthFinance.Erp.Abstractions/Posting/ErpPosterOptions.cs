using System.Globalization;

namespace HealthFinance.Erp;

/// <summary>How <see cref="ErpPoster"/> retries: how many rounds, how long it waits between them, and whether it looks journals up first.</summary>
public sealed class ErpPosterOptions
{
    /// <summary>How many rounds a journal gets (its first submission included) before it is reported failed or in doubt. 1 to 100.</summary>
    /// <value>Default 5.</value>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait before the second round; each later round waits twice as long, up to <see cref="MaxDelay"/>.</summary>
    /// <value>Default 1 second.</value>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two rounds.</summary>
    /// <value>Default 30 seconds.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Computes the wait after round <c>n</c> (1-based) instead of the doubling of <see cref="InitialDelay"/>; <see langword="null"/> for the default.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public Func<int, TimeSpan>? RetryDelay { get; set; }

    /// <summary>
    /// Whether every journal is looked up before its first submission, for a host resuming after a crash whose
    /// journals may have reached the ERP (needs <see cref="ErpCapabilities.SupportsLookup"/> or native idempotency;
    /// otherwise such journals are reported in doubt).
    /// </summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool LookupBeforeFirstAttempt { get; set; }

    /// <summary>The wait after round <paramref name="round"/>.</summary>
    /// <param name="round">The 1-based round that just ended.</param>
    /// <returns>The wait, never negative.</returns>
    public TimeSpan DelayAfter(int round)
    {
        if (RetryDelay is { } custom)
        {
            var wait = custom(round);
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        var ticks = InitialDelay.Ticks * Math.Pow(2, Math.Min(round - 1, 30));
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Checks the options and lists every problem.</summary>
    /// <returns>The problems; empty when the options are usable.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxAttempts is < 1 or > 100)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"MaxAttempts must be between 1 and 100 (was {MaxAttempts})."));
        }

        if (InitialDelay < TimeSpan.Zero)
        {
            errors.Add("InitialDelay must not be negative.");
        }

        if (MaxDelay < InitialDelay)
        {
            errors.Add("MaxDelay must not be shorter than InitialDelay.");
        }

        return errors;
    }
}
