using System.Data;
using System.Data.Common;
using System.Text;

namespace HealthFinance.Idempotency.Relational;

/// <summary>One step of the schema: the statements that take the schema from the previous version to <see cref="Version"/>.</summary>
/// <param name="Version">The version the statements produce (1 for the first).</param>
/// <param name="Statements">The DDL statements, run in order in the migration's transaction.</param>
public sealed record SchemaMigration(int Version, IReadOnlyList<string> Statements);

/// <summary>
/// What differs between the databases a <see cref="RelationalStateStore"/> runs on: table naming, parameter markers,
/// row locking, the schema, how migrations are serialised, how amounts are stored and which errors are worth a retry.
/// </summary>
/// <remarks>
/// <para>The stores' statements are written once, in SQL both databases accept (<c>INSERT … ON CONFLICT</c>,
/// <c>RETURNING</c>, <c>LIMIT</c>), as templates: <c>{hf_table}</c> names a table, <c>{row_lock}</c>,
/// <c>{skip_locked}</c> and <c>{random_token}</c> are the fragments below, and <c>@name</c> is a parameter. A store
/// renders every template once, when it is created, with <see cref="Render"/>; values are always bound as parameters,
/// never written into the text.</para>
/// <para>Timestamps are stored as 64-bit Unix milliseconds, so comparisons are exact and identical in every database.</para>
/// </remarks>
public abstract class SqlDialect
{
    /// <summary>The tables every store uses, in the order they are created.</summary>
    public static IReadOnlyList<string> TableNames { get; } =
    [
        "hf_schema_version",
        "hf_idempotency",
        "hf_idempotency_key",
        "hf_claim",
        "hf_claim_pccn",
        "hf_claim_history",
        "hf_parked",
        "hf_dead_letter",
        "hf_outbox",
        "hf_claim_payment",
    ];

    /// <summary>The clause appended to a <c>SELECT</c> to lock the rows it reads until the transaction ends (e.g. <c>FOR UPDATE</c>); empty when a write transaction already excludes every other writer.</summary>
    public abstract string RowLockClause { get; }

    /// <summary>The clause appended to a <c>SELECT</c> that locks the rows it reads and passes over rows other transactions hold (e.g. <c>FOR UPDATE SKIP LOCKED</c>); empty when a write transaction already excludes every other writer.</summary>
    public abstract string SkipLockedClause { get; }

    /// <summary>
    /// Whether a write transaction excludes every other writer from its start until it ends (SQLite's
    /// <c>BEGIN IMMEDIATE</c>): what it reads cannot be changed by anyone else before it commits, so a decision made
    /// on a read needs no undo path for a concurrent writer. <see langword="false"/> by default.
    /// </summary>
    public virtual bool WritersExcludeEachOther => false;

    /// <summary>
    /// Whether the idempotency key table is written in bulk rather than once per input (see
    /// <c>LoggedKeyIdempotencyOperations</c>): a new input writes only its entry, appended to <c>hf_idempotency</c>;
    /// every store instance keeps the keys of the entries past the key table's watermark in memory, read from those
    /// entries, and a writer moves them into the key table, sorted, tens of thousands at a time. Needs
    /// <see cref="WritersExcludeEachOther"/>, entry numbers that are never reused (<c>AUTOINCREMENT</c>), binary keys
    /// (<c>key_value</c> is the 32-byte digest followed by the kind's ASCII bytes, the <c>unhex</c> function) and the
    /// watermark row (<c>key_value = x'00'</c>, <c>entry_id</c> = the last entry whose keys are in the table).
    /// <see langword="false"/> by default.
    /// </summary>
    public virtual bool IndexesKeysInBulk => false;

    /// <summary>An SQL expression that yields a new random text token (32 lower-case hex digits) each time a row evaluates it.</summary>
    public abstract string RandomTokenExpression { get; }

    /// <summary>
    /// The verb that starts an insert whose rows that break a constraint are skipped rather than failing the
    /// statement, where the database has one (SQLite's <c>INSERT OR IGNORE</c>, which also spares SQLite the
    /// statement journal it otherwise keeps to undo a multi-row insert part-way); plain <c>INSERT</c> by default.
    /// Templates still write <c>ON CONFLICT DO NOTHING</c> for the uniqueness conflicts they expect, and only ever
    /// insert rows that meet every other constraint.
    /// </summary>
    public virtual string InsertOrIgnoreVerb => "INSERT";

    /// <summary>How an amount column is bound: <see cref="DbType.Decimal"/> for an exact numeric column, <see cref="DbType.String"/> for decimal text.</summary>
    public abstract DbType AmountDbType { get; }

    /// <summary>The statements that create the schema-version table (and its namespace) when absent; run before every migration.</summary>
    public abstract IReadOnlyList<string> SchemaVersionTableStatements { get; }

    /// <summary>The schema, one step per version, oldest first; the last step's version is the current version.</summary>
    public abstract IReadOnlyList<SchemaMigration> Migrations { get; }

    /// <summary>The current schema version: the last of <see cref="Migrations"/>.</summary>
    public int CurrentVersion => Migrations.Count == 0 ? 0 : Migrations[^1].Version;

    /// <summary>The qualified, quoted name of one of the <see cref="TableNames"/>.</summary>
    /// <param name="name">The table name.</param>
    /// <returns>The name as it appears in statements.</returns>
    public abstract string QualifyTable(string name);

    /// <summary>The marker of a named parameter in statement text.</summary>
    /// <param name="name">The parameter name (lower-case letters, digits and '_').</param>
    /// <returns>The marker; <c>@name</c> by default.</returns>
    public virtual string ParameterMarker(string name) => "@" + name;

    /// <summary>The <see cref="DbParameter.ParameterName"/> of a named parameter.</summary>
    /// <param name="name">The parameter name.</param>
    /// <returns>The provider's parameter name; the name itself by default.</returns>
    public virtual string ParameterName(string name) => name;

    /// <summary>
    /// Serialises migrations across processes, inside the migration's transaction, before anything is read or created.
    /// The lock must be released when the transaction ends.
    /// </summary>
    /// <param name="connection">The open connection.</param>
    /// <param name="transaction">The migration's transaction.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the lock is held.</returns>
    public abstract ValueTask AcquireMigrationLockAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>Whether an error leaves nothing behind and the same work may succeed if run again in a new transaction (a deadlock, a serialisation failure, a busy database).</summary>
    /// <param name="exception">The error.</param>
    /// <returns><see langword="true"/> to retry.</returns>
    public abstract bool IsTransient(Exception exception);

    /// <summary>
    /// Whether an error means the connection itself failed (the network, a server restart) rather than the statement.
    /// An operation that failed so before its commit began committed nothing and runs again on a new connection;
    /// the store's idle connections, likely broken too, are closed. <see langword="false"/> by default.
    /// </summary>
    /// <param name="exception">The error.</param>
    /// <returns><see langword="true"/> when the connection failed.</returns>
    public virtual bool IsConnectionFailure(Exception exception) => false;

    /// <summary>The parameter value of an amount.</summary>
    /// <param name="amount">The exact amount.</param>
    /// <returns>The value to bind with <see cref="AmountDbType"/>.</returns>
    public abstract object ToAmountValue(decimal amount);

    /// <summary>Reads an amount written with <see cref="ToAmountValue"/>, exactly and with its scale.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="ordinal">The column.</param>
    /// <returns>The amount.</returns>
    public abstract decimal ReadAmount(DbDataReader reader, int ordinal);

    /// <summary>
    /// Renders a statement template: <c>{hf_…}</c> table tokens become <see cref="QualifyTable"/>, <c>{row_lock}</c>,
    /// <c>{skip_locked}</c>, <c>{random_token}</c> and <c>{insert_or_ignore}</c> become the dialect's fragments, and
    /// <c>@name</c> becomes <see cref="ParameterMarker"/>.
    /// </summary>
    /// <param name="template">The template.</param>
    /// <returns>The statement text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="template"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The template names an unknown token.</exception>
    public string Render(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var text = new StringBuilder(template.Length + 64);
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if (c == '{')
            {
                var end = template.IndexOf('}', i);
                if (end < 0)
                {
                    throw new FormatException("Unclosed token in a statement template.");
                }

                var token = template[(i + 1)..end];
                text.Append(token switch
                {
                    "row_lock" => RowLockClause,
                    "skip_locked" => SkipLockedClause,
                    "random_token" => RandomTokenExpression,
                    "insert_or_ignore" => InsertOrIgnoreVerb,
                    _ when TableNames.Contains(token) => QualifyTable(token),
                    _ => throw new FormatException($"Unknown token '{{{token}}}' in a statement template."),
                });
                i = end + 1;
            }
            else if (c == '@' && i + 1 < template.Length && IsNameStart(template[i + 1]))
            {
                var end = i + 1;
                while (end < template.Length && IsNamePart(template[end]))
                {
                    end++;
                }

                text.Append(ParameterMarker(template[(i + 1)..end]));
                i = end;
            }
            else
            {
                text.Append(c);
                i++;
            }
        }

        return text.ToString();
    }

    /// <summary>The parameter names a template uses, in order of first use.</summary>
    /// <param name="template">The template.</param>
    /// <returns>The names.</returns>
    internal static List<string> ParameterNamesOf(string template)
    {
        var names = new List<string>();
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] == '@' && i + 1 < template.Length && IsNameStart(template[i + 1]))
            {
                var end = i + 1;
                while (end < template.Length && IsNamePart(template[end]))
                {
                    end++;
                }

                var name = template[(i + 1)..end];
                if (!names.Contains(name))
                {
                    names.Add(name);
                }

                i = end - 1;
            }
        }

        return names;
    }

    private static bool IsNameStart(char c) => c is >= 'a' and <= 'z' or '_';

    private static bool IsNamePart(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_';
}
