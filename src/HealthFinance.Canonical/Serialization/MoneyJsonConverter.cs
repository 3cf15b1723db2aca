using System.Text.Json;
using System.Text.Json.Serialization;

namespace HealthFinance.Canonical.Serialization;

/// <summary>
/// Reads and writes <see cref="Money"/> as <c>{"amount":12.50,"currency":"USD"}</c>. The amount is a JSON
/// number holding the exact decimal: its scale is preserved in both directions, and it is never read as a double.
/// </summary>
internal sealed class MoneyJsonConverter : JsonConverter<Money>
{
    public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Expected an object {\"amount\":...,\"currency\":...} for a money value.");
        }

        decimal? amount = null;
        CurrencyCode? currency = null;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return amount is { } a && currency is { } c
                    ? new Money(a, c)
                    : throw new JsonException("A money value requires both \"amount\" and \"currency\".");
            }

            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                throw new JsonException("Unexpected token in a money value.");
            }

            if (reader.ValueTextEquals("amount"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDecimal(out var value))
                {
                    throw new JsonException("A money amount must be a JSON number within the decimal range.");
                }

                amount = value;
            }
            else if (reader.ValueTextEquals("currency"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String || !CurrencyCode.TryParse(reader.GetString(), out var code))
                {
                    throw new JsonException("A money currency must be three uppercase ASCII letters (ISO 4217 alpha-3).");
                }

                currency = code;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        throw new JsonException("Unterminated money value.");
    }

    public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options)
    {
        if (value.Currency.IsDefault)
        {
            throw new JsonException("A money value without a currency cannot be serialized.");
        }

        writer.WriteStartObject();
        writer.WriteNumber("amount"u8, value.Amount);
        writer.WriteString("currency"u8, value.Currency.Value);
        writer.WriteEndObject();
    }
}
