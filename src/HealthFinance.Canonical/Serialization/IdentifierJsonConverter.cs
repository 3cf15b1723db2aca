using System.Text.Json;
using System.Text.Json.Serialization;
using HealthFinance.Canonical.Internal;

namespace HealthFinance.Canonical.Serialization;

/// <summary>Reads and writes a string-backed identifier as a plain JSON string.</summary>
/// <typeparam name="T">The identifier type.</typeparam>
internal sealed class IdentifierJsonConverter<T> : JsonConverter<T>
    where T : struct, ICanonicalIdentifier<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string for {typeof(T).Name}.");
        }

        try
        {
            return T.Create(reader.GetString()!);
        }
        catch (CanonicalFormatException ex)
        {
            throw new JsonException($"Invalid {typeof(T).Name}: {ex.Message}", ex);
        }
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        if (value.Value.Length == 0)
        {
            throw new JsonException($"default({typeof(T).Name}) cannot be serialized.");
        }

        writer.WriteStringValue(value.Value);
    }
}
