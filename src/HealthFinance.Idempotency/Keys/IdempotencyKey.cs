using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace HealthFinance.Idempotency.Keys;

/// <summary>
/// A deterministic idempotency key: a short kind (e.g. <c>remittance</c>) and the SHA-256 digest of the
/// fields that identify one business input, written <c>kind:hex</c> (at most 96 characters).
/// </summary>
/// <remarks>
/// Keys hold no source text: the identifying fields (which may include patient control numbers) are hashed,
/// so a key can be logged and stored without protected health information. The fields are joined with a
/// unit separator and an absent field is written differently from an empty one, so two different field
/// lists never produce the same digest input. <see cref="IdempotencyKeys"/> documents the fields per event type.
/// </remarks>
public readonly record struct IdempotencyKey : IComparable<IdempotencyKey>
{
    /// <summary>The longest key text.</summary>
    public const int MaxLength = 96;

    private readonly string? _value;

    private IdempotencyKey(string value) => _value = value;

    /// <summary>The key text, <c>kind:hex</c>; empty for <c>default</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>The kind before the colon, e.g. <c>remittance</c>.</summary>
    public string Kind => Value.IndexOf(':', StringComparison.Ordinal) is var i and >= 0 ? Value[..i] : string.Empty;

    /// <summary>Derives a key from a kind and the identifying fields, in order.</summary>
    /// <param name="kind">Lower-case ASCII letters, digits and '-', 1 to 31 characters.</param>
    /// <param name="fields">The identifying fields; <see langword="null"/> means absent.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is not a valid kind.</exception>
    public static IdempotencyKey Derive(string kind, params ReadOnlySpan<string?> fields)
    {
        ValidateKind(kind);
        var buffer = new ArrayBufferWriter<byte>(256);
        Append(buffer, kind);
        foreach (var field in fields)
        {
            buffer.Write<byte>([0x1F]);
            if (field is null)
            {
                buffer.Write<byte>([0x00]);
            }
            else
            {
                buffer.Write<byte>([0x01]);
                Append(buffer, field);
            }
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return new IdempotencyKey(kind + ":" + Convert.ToHexStringLower(hash));
    }

    /// <summary>Reads a key written by <see cref="Value"/> (e.g. from a store).</summary>
    /// <param name="value">The key text.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="value"/> is not <c>kind:</c> followed by 64 lower-case hex digits.</exception>
    public static IdempotencyKey Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || value.Length - colon - 1 != SHA256.HashSizeInBytes * 2 || !IsKind(value.AsSpan(0, colon)) || !IsLowerHex(value.AsSpan(colon + 1)))
        {
            throw new FormatException($"'{value}' is not an idempotency key (kind:64 lower-case hex digits).");
        }

        return new IdempotencyKey(value);
    }

    /// <summary>Compares two keys in ordinal order of their text.</summary>
    public static bool operator <(IdempotencyKey left, IdempotencyKey right) => left.CompareTo(right) < 0;

    /// <summary>Compares two keys in ordinal order of their text.</summary>
    public static bool operator <=(IdempotencyKey left, IdempotencyKey right) => left.CompareTo(right) <= 0;

    /// <summary>Compares two keys in ordinal order of their text.</summary>
    public static bool operator >(IdempotencyKey left, IdempotencyKey right) => left.CompareTo(right) > 0;

    /// <summary>Compares two keys in ordinal order of their text.</summary>
    public static bool operator >=(IdempotencyKey left, IdempotencyKey right) => left.CompareTo(right) >= 0;

    /// <inheritdoc/>
    public int CompareTo(IdempotencyKey other) => string.CompareOrdinal(Value, other.Value);

    /// <inheritdoc/>
    public override string ToString() => Value;

    private static void Append(ArrayBufferWriter<byte> buffer, string text)
    {
        var span = buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        buffer.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private static void ValidateKind(string kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (!IsKind(kind))
        {
            throw new ArgumentException($"'{kind}' is not a key kind: use 1 to 31 lower-case letters, digits or '-'.", nameof(kind));
        }
    }

    private static bool IsKind(ReadOnlySpan<char> kind)
    {
        if (kind.IsEmpty || kind.Length > 31)
        {
            return false;
        }

        foreach (var c in kind)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLowerHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!(c is >= '0' and <= '9' or >= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }
}
