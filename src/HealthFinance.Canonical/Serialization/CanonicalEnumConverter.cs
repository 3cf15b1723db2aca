using System.Text.Json;
using System.Text.Json.Serialization;

namespace HealthFinance.Canonical.Serialization;

/// <summary>
/// Writes an enum of the canonical model as a camelCase string (or the source code named by
/// <see cref="JsonStringEnumMemberNameAttribute"/>, e.g. <c>CO</c> or <c>ACH</c>) and refuses integers on read.
/// </summary>
/// <typeparam name="TEnum">The enum type.</typeparam>
internal sealed class CanonicalEnumConverter<TEnum> : JsonStringEnumConverter<TEnum>
    where TEnum : struct, Enum
{
    public CanonicalEnumConverter()
        : base(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    {
    }
}
