using System.Text.Json.Serialization;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.Canonical.Events;

/// <summary>The side of a journal line.</summary>
[JsonConverter(typeof(CanonicalEnumConverter<JournalSide>))]
public enum JournalSide
{
    /// <summary>Debit. JSON <c>debit</c>.</summary>
    Debit = 0,

    /// <summary>Credit. JSON <c>credit</c>.</summary>
    Credit = 1,
}
