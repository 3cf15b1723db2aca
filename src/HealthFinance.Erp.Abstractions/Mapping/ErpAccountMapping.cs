using HealthFinance.Canonical;

namespace HealthFinance.Erp;

/// <summary>The ERP natural account for a canonical role, optionally for one legal entity only.</summary>
public sealed record ErpAccountMapping
{
    /// <summary>The canonical role, e.g. <see cref="AccountRole.CashClearing"/>.</summary>
    /// <exception cref="ArgumentException">The value is <c>default</c>.</exception>
    public required AccountRole Role
    {
        get;
        init => field = value.Value.Length > 0 ? value : throw new ArgumentException("The role must be set.", nameof(Role));
    }

    /// <summary>The legal entity the row is for; <see langword="null"/> for every legal entity without a row of its own.</summary>
    public LegalEntityId? LegalEntity { get; init; }

    /// <summary>The ERP account.</summary>
    /// <exception cref="ArgumentException">The value is empty.</exception>
    public required string Account
    {
        get;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value, nameof(Account));
            field = value.Trim();
        }
    }
}
