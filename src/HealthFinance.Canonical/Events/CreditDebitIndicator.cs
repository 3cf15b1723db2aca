using System.Text.Json.Serialization;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.Canonical.Events;

/// <summary>The 835 BPR03 credit/debit flag.</summary>
[JsonConverter(typeof(CanonicalEnumConverter<CreditDebitIndicator>))]
public enum CreditDebitIndicator
{
    /// <summary><c>C</c>: credit to the payee.</summary>
    [JsonStringEnumMemberName("C")]
    Credit = 0,

    /// <summary><c>D</c>: debit from the payee.</summary>
    [JsonStringEnumMemberName("D")]
    Debit = 1,
}
