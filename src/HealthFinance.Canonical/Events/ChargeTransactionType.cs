using System.Text.Json.Serialization;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.Canonical.Events;

/// <summary>Whether a charge line adds to or credits an account (HL7 FT1-6 CG/CD).</summary>
[JsonConverter(typeof(CanonicalEnumConverter<ChargeTransactionType>))]
public enum ChargeTransactionType
{
    /// <summary>A charge that increases the account balance. JSON <c>charge</c>.</summary>
    Charge = 0,

    /// <summary>A charge credit (reversal of an earlier charge) that decreases the balance. JSON <c>credit</c>.</summary>
    Credit = 1,
}
