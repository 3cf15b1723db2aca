namespace HealthFinance.Idempotency.PostgreSql;

/// <summary>Options of a <see cref="PostgresStateStore"/>.</summary>
public sealed class PostgresStateStoreOptions : StateStoreOptions
{
    /// <summary>The default <see cref="Schema"/>.</summary>
    public const string DefaultSchema = "healthfinance";

    /// <summary>The Npgsql connection string (host, database, user, password...). Required.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The schema that holds the tables, created by <see cref="IStateStore.MigrateAsync"/> when absent: 1 to 63
    /// ASCII letters, digits or '_', not starting with a digit or <c>pg_</c>. Default <c>healthfinance</c>.
    /// </summary>
    public string Schema { get; set; } = DefaultSchema;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Validate()
    {
        var errors = new List<string>(base.Validate());
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            errors.Add("ConnectionString (the PostgreSQL connection string) is required.");
        }

        if (!IsSchemaName(Schema))
        {
            errors.Add($"Schema '{Schema}' must be 1 to 63 ASCII letters, digits or '_', not starting with a digit or 'pg_'.");
        }

        return errors;
    }

    /// <summary>Whether a name is usable as <see cref="Schema"/>.</summary>
    /// <param name="name">The name.</param>
    /// <returns><see langword="true"/> when usable.</returns>
    public static bool IsSchemaName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 63 || char.IsAsciiDigit(name[0]) || name.StartsWith("pg_", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
