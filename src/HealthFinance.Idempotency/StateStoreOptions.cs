using System.ComponentModel.DataAnnotations;

namespace HealthFinance.Idempotency;

/// <summary>How long the state store keeps what it holds.</summary>
public sealed class RetentionOptions
{
    /// <summary>How long payloads (which can hold protected health information) are kept before <see cref="IStateStore.PurgeAsync"/> erases them. Default 30 days.</summary>
    public TimeSpan PayloadRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long claim history (with the kept claim payments reversals mirror), closed dead letters and finished outbox messages are kept. Default 400 days.</summary>
    public TimeSpan HistoryRetention { get; set; } = TimeSpan.FromDays(400);

    /// <summary>How long idempotency entries are kept; <see langword="null"/> (the default) keeps them for ever. Must not be shorter than <see cref="HistoryRetention"/>, or a late resend could post again.</summary>
    public TimeSpan? KeyRetention { get; set; }
}

/// <summary>Options shared by every state store.</summary>
public class StateStoreOptions
{
    /// <summary>How long a parked input waits before it is dead-lettered. Default 14 days.</summary>
    public TimeSpan ParkingExpiry { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Retention settings.</summary>
    public RetentionOptions Retention { get; set; } = new();

    /// <summary>
    /// The payload encryption keys by key id: 32-byte AES-256 keys written in base64. Old keys stay listed so that
    /// payloads written with them can still be read after a rotation.
    /// </summary>
    public IDictionary<string, string> PayloadKeys { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The id (in <see cref="PayloadKeys"/>) of the key new payloads are encrypted with.</summary>
    public string? CurrentPayloadKeyId { get; set; }

    /// <summary>The clock for every timestamp; <see cref="TimeProvider.System"/> by default.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Checks the options and lists every problem.</summary>
    /// <returns>The problems; empty when the options are usable.</returns>
    public virtual IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ParkingExpiry <= TimeSpan.Zero)
        {
            errors.Add("ParkingExpiry must be positive.");
        }

        if (Retention is null)
        {
            errors.Add("Retention is required.");
        }
        else
        {
            if (Retention.PayloadRetention <= TimeSpan.Zero)
            {
                errors.Add("Retention.PayloadRetention must be positive.");
            }

            if (Retention.HistoryRetention <= TimeSpan.Zero)
            {
                errors.Add("Retention.HistoryRetention must be positive.");
            }

            if (Retention.KeyRetention is { } keys && keys < Retention.HistoryRetention)
            {
                errors.Add("Retention.KeyRetention must not be shorter than Retention.HistoryRetention.");
            }
        }

        if (TimeProvider is null)
        {
            errors.Add("TimeProvider is required.");
        }

        errors.AddRange(Protection.PayloadKeyRing.Validate(PayloadKeys, CurrentPayloadKeyId));
        return errors;
    }

    /// <summary>Throws when <see cref="Validate"/> finds a problem.</summary>
    /// <exception cref="ValidationException">The options are not usable; the message lists every problem.</exception>
    public void EnsureValid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ValidationException("Invalid state store options: " + string.Join(" ", errors));
        }
    }
}
