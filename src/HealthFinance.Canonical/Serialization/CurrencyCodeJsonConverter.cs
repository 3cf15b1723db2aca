using System.Text.Json;
using System.Text.Json.Serialization;

namespace HealthFinance.Canonical.Serialization;

/// <summary>Reads and writes a <see cref="CurrencyCode"/> as a three-letter JSON string.</summary>
internal sealed class CurrencyCodeJsonConverter : JsonConverter<CurrencyCode>
{
    public override CurrencyCode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("Expected a string for a currency code.");
        }

        return CurrencyCode.TryParse(reader.GetString(), out var code)
            ? code
            : throw new JsonException("A currency code must be three uppercase ASCII letters (ISO 4217 alpha-3).");
    }

    public override void Write(Utf8JsonWriter writer, CurrencyCode value, JsonSerializerOptions options)
    {
        if (value.IsDefault)
        {
            throw new JsonException("default(CurrencyCode) cannot be serialized.");
        }

        writer.WriteStringValue(value.Value);
    }
}
