using System.Buffers;
using System.Data.Common;
using System.Text;
using System.Text.Json;
using HealthFinance.Canonical;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Idempotency.Protection;

namespace HealthFinance.Idempotency.Relational;

/// <summary>What every store of one <see cref="RelationalStateStore"/> shares: statements, clock, settings and payload protection.</summary>
internal sealed class RelationalContext
{
    private readonly TimeProvider _time;

    public RelationalContext(StateStoreOptions options, SqlDialect dialect)
    {
        Dialect = dialect;
        Catalog = new StatementCatalog(dialect);
        Protector = new AesGcmPayloadProtector(options);
        _time = options.TimeProvider;

        // Copied, so that later changes to the options object do not change a running store.
        ParkingExpiry = options.ParkingExpiry;
        PayloadRetention = options.Retention.PayloadRetention;
        HistoryRetention = options.Retention.HistoryRetention;
        KeyRetention = options.Retention.KeyRetention;
    }

    public SqlDialect Dialect { get; }

    public StatementCatalog Catalog { get; }

    public IPayloadProtector Protector { get; }

    public TimeSpan ParkingExpiry { get; }

    public TimeSpan PayloadRetention { get; }

    public TimeSpan HistoryRetention { get; }

    public TimeSpan? KeyRetention { get; }

    /// <summary>Now, in Unix milliseconds: the unit of every stored timestamp.</summary>
    public long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public static DateTimeOffset Time(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);

    public static long Milliseconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    /// <summary>A timestamp plus a duration, in whole milliseconds (a <see cref="TimeSpan"/> is at most about 29,000 years, so the sum never overflows).</summary>
    public static long Add(long unixMilliseconds, TimeSpan duration) => unixMilliseconds + (duration.Ticks / TimeSpan.TicksPerMillisecond);

    /// <summary>The instant before which rows are older than a retention.</summary>
    public static long Cutoff(long now, TimeSpan retention) => now - (retention.Ticks / TimeSpan.TicksPerMillisecond);

    /// <summary>Encrypts a payload bound to its row's key.</summary>
    public byte[] Protect(ReadOnlyMemory<byte> payload, IdempotencyKey rowKey) => Protector.Protect(payload.Span, AssociatedData(rowKey));

    /// <summary>Decrypts a payload bound to its row's key.</summary>
    public byte[] Unprotect(byte[] payload, IdempotencyKey rowKey) => Protector.Unprotect(payload, AssociatedData(rowKey));

    private static byte[] AssociatedData(IdempotencyKey rowKey) => Encoding.UTF8.GetBytes(rowKey.Value);
}

/// <summary>The columns of a <see cref="BusinessContext"/>, shared by parked inputs and dead letters.</summary>
internal static class ContextColumns
{
    /// <summary>The column names, in binding and reading order.</summary>
    public const string Names = "ctx_claim_id, ctx_payer_id, ctx_amount, ctx_currency, ctx_format, ctx_source_name, ctx_position";

    /// <summary>The parameter markers, in binding order.</summary>
    public const string Markers = "@ctx_claim_id, @ctx_payer_id, @ctx_amount, @ctx_currency, @ctx_format, @ctx_source_name, @ctx_position";

    /// <summary>Assignments that replace every context column with the proposed row's (for an upsert).</summary>
    public const string FromExcluded = "ctx_claim_id = excluded.ctx_claim_id, ctx_payer_id = excluded.ctx_payer_id, ctx_amount = excluded.ctx_amount, ctx_currency = excluded.ctx_currency, ctx_format = excluded.ctx_format, ctx_source_name = excluded.ctx_source_name, ctx_position = excluded.ctx_position";

    /// <summary>The number of columns.</summary>
    public const int Count = 7;

    public static SqlParameterSpec[] Parameters(StatementCatalog catalog) =>
    [
        SqlParameterSpec.Text("ctx_claim_id"),
        SqlParameterSpec.Text("ctx_payer_id"),
        catalog.Amount("ctx_amount"),
        SqlParameterSpec.Text("ctx_currency"),
        SqlParameterSpec.Int32("ctx_format"),
        SqlParameterSpec.Text("ctx_source_name"),
        SqlParameterSpec.Text("ctx_position"),
    ];

    public static void Write(ref ParameterWriter writer, BusinessContext context, SqlDialect dialect)
    {
        writer.Add(context.ClaimId);
        writer.Add(context.PayerId);
        writer.Add(context.Amount is { } amount ? dialect.ToAmountValue(amount.Amount) : null);
        writer.Add(context.Amount is { } money ? money.Currency.Value : null);
        writer.Add(context.Format is { } format ? (int)format : null);
        writer.Add(context.SourceName);
        writer.Add(context.Position);
    }

    public static BusinessContext Read(DbDataReader reader, int first, SqlDialect dialect)
    {
        var claimId = RowReader.Text(reader, first);
        var payerId = RowReader.Text(reader, first + 1);
        Money? amount = reader.IsDBNull(first + 2)
            ? null
            : new Money(dialect.ReadAmount(reader, first + 2), CurrencyCode.Parse(reader.GetString(first + 3)));
        SourceFormat? format = reader.IsDBNull(first + 4) ? null : (SourceFormat)reader.GetInt32(first + 4);
        var sourceName = RowReader.Text(reader, first + 5);
        var position = RowReader.Text(reader, first + 6);
        if (claimId is null && payerId is null && amount is null && format is null && sourceName is null && position is null)
        {
            return BusinessContext.None;
        }

        return new BusinessContext
        {
            ClaimId = claimId,
            PayerId = payerId,
            Amount = amount,
            Format = format,
            SourceName = sourceName,
            Position = position,
        };
    }
}

/// <summary>Reads nullable columns and encodes lists of codes.</summary>
internal static class RowReader
{
    public static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? Int64(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static byte[]? Bytes(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : (byte[])reader.GetValue(ordinal);

    public static DateTimeOffset? Time(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : RelationalContext.Time(reader.GetInt64(ordinal));

    /// <summary>Writes codes as a JSON array of strings.</summary>
    public static string EncodeCodes(EquatableArray<string> codes)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var code in codes)
            {
                writer.WriteStringValue(code);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads codes written by <see cref="EncodeCodes"/>.</summary>
    public static EquatableArray<string> DecodeCodes(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        var codes = new List<string>();
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                codes.Add(reader.GetString()!);
            }
        }

        return codes.ToArray();
    }
}
