using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Canonical.Serialization;

/// <summary>
/// Reads and writes canonical events in their JSON contract: a <c>type</c> discriminator, a <c>schemaVersion</c>,
/// camelCase names, money as <c>{"amount":12.50,"currency":"USD"}</c> with the exact decimal, identifiers as
/// strings and dates as <c>yyyy-MM-dd</c>. Everything goes through <see cref="CanonicalJsonContext"/>, so no
/// reflection is used.
/// </summary>
/// <remarks>
/// Reading checks <c>schemaVersion</c> first: a document without one, or with a version newer than
/// <see cref="CurrentSchemaVersion"/> or older than <see cref="MinimumSchemaVersion"/>, is refused with a
/// <see cref="CanonicalJsonException"/> before its body is interpreted. Unknown properties are ignored, so
/// additive changes do not need a new version.
/// </remarks>
public static class CanonicalJson
{
    /// <summary>The schema version this package writes, and the newest it reads.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>The oldest schema version this package reads.</summary>
    public const int MinimumSchemaVersion = 1;

    private static readonly byte[] s_newLine = [(byte)'\n'];

    private static readonly Lazy<JsonTypeInfo<CanonicalEvent>> s_indented = new(() =>
    {
        var options = new JsonSerializerOptions(CanonicalJsonContext.Default.Options) { WriteIndented = true };
        options.MakeReadOnly();
        return (JsonTypeInfo<CanonicalEvent>)options.GetTypeInfo(typeof(CanonicalEvent));
    });

    /// <summary>The serializer options of the contract (read-only, source-generated metadata).</summary>
    public static JsonSerializerOptions Options => CanonicalJsonContext.Default.Options;

    /// <summary>The type metadata for <see cref="CanonicalEvent"/>, for use with <see cref="JsonSerializer"/> directly.</summary>
    /// <remarks>Using it directly skips the <c>schemaVersion</c> check that <see cref="Deserialize(ReadOnlySpan{byte})"/> performs.</remarks>
    public static JsonTypeInfo<CanonicalEvent> EventTypeInfo => CanonicalJsonContext.Default.CanonicalEvent;

    /// <summary>Serializes an event to compact JSON.</summary>
    /// <param name="value">The event.</param>
    /// <returns>One line of JSON.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public static string Serialize(CanonicalEvent value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return JsonSerializer.Serialize(value, EventTypeInfo);
    }

    /// <summary>Serializes an event to indented JSON, for people and golden files.</summary>
    /// <param name="value">The event.</param>
    /// <returns>Indented JSON.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public static string SerializeIndented(CanonicalEvent value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return JsonSerializer.Serialize(value, s_indented.Value);
    }

    /// <summary>Serializes an event to compact UTF-8 JSON.</summary>
    /// <param name="value">The event.</param>
    /// <returns>The UTF-8 bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public static byte[] SerializeToUtf8Bytes(CanonicalEvent value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return JsonSerializer.SerializeToUtf8Bytes(value, EventTypeInfo);
    }

    /// <summary>Writes an event as one NDJSON line (compact JSON followed by <c>\n</c>).</summary>
    /// <param name="destination">The buffer writer to append to.</param>
    /// <param name="value">The event.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static void WriteNdjsonLine(IBufferWriter<byte> destination, CanonicalEvent value)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(value);
        using (var writer = new Utf8JsonWriter(destination))
        {
            JsonSerializer.Serialize(writer, value, EventTypeInfo);
        }

        destination.Write(s_newLine);
    }

    /// <summary>Writes an event as one NDJSON line (compact JSON followed by <c>\n</c>).</summary>
    /// <param name="destination">The stream to write to; it is not closed.</param>
    /// <param name="value">The event.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static void WriteNdjsonLine(Stream destination, CanonicalEvent value)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(value);
        var buffer = new ArrayBufferWriter<byte>(512);
        WriteNdjsonLine(buffer, value);
        destination.Write(buffer.WrittenSpan);
    }

    /// <summary>Writes an event as one NDJSON line (compact JSON followed by <c>\n</c>).</summary>
    /// <param name="destination">The stream to write to; it is not closed.</param>
    /// <param name="value">The event.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the line is written.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static async ValueTask WriteNdjsonLineAsync(Stream destination, CanonicalEvent value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(value);
        var buffer = new ArrayBufferWriter<byte>(512);
        WriteNdjsonLine(buffer, value);
        await destination.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads one event from JSON text.</summary>
    /// <param name="json">The JSON document.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="CanonicalJsonException">The document is malformed, has an unsupported or missing <c>schemaVersion</c>, or violates a model invariant.</exception>
    public static CanonicalEvent Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Deserialize(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Reads one event from UTF-8 JSON.</summary>
    /// <param name="utf8Json">The UTF-8 JSON document (one NDJSON line, without or with its line feed).</param>
    /// <returns>The event.</returns>
    /// <exception cref="CanonicalJsonException">The document is malformed, has an unsupported or missing <c>schemaVersion</c>, or violates a model invariant.</exception>
    public static CanonicalEvent Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        var version = ReadSchemaVersion(utf8Json);
        if (version is null)
        {
            throw new CanonicalJsonException(
                CanonicalErrorCodes.MissingSchemaVersion,
                "The document has no \"schemaVersion\" property; every canonical event must declare one.",
                null);
        }

        if (version > CurrentSchemaVersion || version < MinimumSchemaVersion)
        {
            throw new CanonicalJsonException(
                CanonicalErrorCodes.UnsupportedSchemaVersion,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The document has schemaVersion {version}; this version of HealthFinance.Canonical reads versions {MinimumSchemaVersion} to {CurrentSchemaVersion}. A newer version needs a newer package."),
                null);
        }

        try
        {
            return JsonSerializer.Deserialize(utf8Json, EventTypeInfo)
                ?? throw new CanonicalJsonException(CanonicalErrorCodes.InvalidJson, "The document is null, not a canonical event.", null);
        }
        catch (CanonicalJsonException)
        {
            throw;
        }
        catch (JsonException ex)
        {
            throw new CanonicalJsonException(CanonicalErrorCodes.InvalidJson, "The document is not a valid canonical event: " + ex.Message, ex);
        }
        catch (Exception ex) when (ex is CanonicalModelException or CanonicalFormatException or CurrencyMismatchException or ArgumentNullException)
        {
            throw new CanonicalJsonException(CanonicalErrorCodes.InvalidJsonContent, "The document describes an invalid canonical event: " + ex.Message, ex);
        }
    }

    /// <summary>
    /// Reads the top-level <c>schemaVersion</c> of a document without deserializing it.
    /// </summary>
    /// <param name="utf8Json">The UTF-8 JSON document.</param>
    /// <returns>The version, or <see langword="null"/> when the object has no <c>schemaVersion</c> property.</returns>
    /// <exception cref="CanonicalJsonException">The document is not a JSON object, is malformed, or its <c>schemaVersion</c> is not an integer.</exception>
    public static int? ReadSchemaVersion(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new CanonicalJsonException(CanonicalErrorCodes.InvalidJson, "A canonical event must be a JSON object.", null);
            }

            int? version = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isVersion = reader.ValueTextEquals("schemaVersion"u8);
                reader.Read();
                if (isVersion)
                {
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var v))
                    {
                        throw new CanonicalJsonException(CanonicalErrorCodes.UnsupportedSchemaVersion, "\"schemaVersion\" must be an integer.", null);
                    }

                    version = v;
                }
                else
                {
                    reader.Skip();
                }
            }

            return version;
        }
        catch (CanonicalJsonException)
        {
            throw;
        }
        catch (JsonException ex)
        {
            throw new CanonicalJsonException(CanonicalErrorCodes.InvalidJson, "The document is not valid JSON: " + ex.Message, ex);
        }
    }
}
