using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace HealthFinance.Canonical.Serialization;

/// <summary>
/// Reads and writes an <see cref="EquatableArray{T}"/> as a JSON array. Items are (de)serialized with the
/// <see cref="JsonTypeInfo{T}"/> the options resolve, so it works with source-generated contexts and Native AOT.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class EquatableArrayJsonConverter<T> : JsonConverter<EquatableArray<T>>
{
    /// <inheritdoc/>
    /// <exception cref="JsonException">The JSON is not an array or holds a null item.</exception>
    public override EquatableArray<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Expected a JSON array of {typeof(T).Name}.");
        }

        var info = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        var builder = ImmutableArray.CreateBuilder<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var item = JsonSerializer.Deserialize(ref reader, info);
            if (item is null)
            {
                throw new JsonException($"A JSON array of {typeof(T).Name} must not contain null.");
            }

            builder.Add(item);
        }

        return new EquatableArray<T>(builder.DrainToImmutable());
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, EquatableArray<T> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(options);
        var info = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        writer.WriteStartArray();
        foreach (var item in value)
        {
            JsonSerializer.Serialize(writer, item, info);
        }

        writer.WriteEndArray();
    }
}
