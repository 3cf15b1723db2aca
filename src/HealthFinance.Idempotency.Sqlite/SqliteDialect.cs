using System.Data;
using System.Data.Common;
using System.Globalization;
using HealthFinance.Idempotency.Relational;
using Microsoft.Data.Sqlite;

namespace HealthFinance.Idempotency.Sqlite;

/// <summary>
/// SQLite's dialect. Every write transaction starts with <c>BEGIN IMMEDIATE</c>, which takes the database's single
/// write lock at once, so writers never interleave: no row locks are needed, and the migration needs no other lock.
/// Amounts are stored as invariant decimal text (exact, with their scale); timestamps as Unix milliseconds.
/// </summary>
internal sealed class SqliteDialect : SqlDialect
{
    private const int SqliteBusyRecovery = 261;
    private const int SqliteBusySnapshot = 517;

    private static readonly SchemaMigration Version1 = new(
        1,
        [
            // A rowid table: entries are appended, and only the small unique index on entry_key takes random inserts.
            "CREATE TABLE \"hf_idempotency\" (seq INTEGER PRIMARY KEY, entry_key TEXT NOT NULL UNIQUE, alias_keys TEXT, event_type TEXT NOT NULL, status INTEGER NOT NULL, detail TEXT, recorded_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)",
            "CREATE INDEX \"ix_hf_idempotency_updated_at\" ON \"hf_idempotency\" (updated_at)",
            "CREATE TABLE \"hf_idempotency_key\" (key_value TEXT NOT NULL PRIMARY KEY, entry_key TEXT NOT NULL) WITHOUT ROWID",
            "CREATE TABLE \"hf_claim\" (payer TEXT NOT NULL, claim_id TEXT NOT NULL, state INTEGER NOT NULL, version INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (payer, claim_id)) WITHOUT ROWID",
            "CREATE INDEX \"ix_hf_claim_claim_id\" ON \"hf_claim\" (claim_id)",
            "CREATE TABLE \"hf_claim_pccn\" (payer TEXT NOT NULL, claim_id TEXT NOT NULL, pccn TEXT NOT NULL, ordinal INTEGER NOT NULL, PRIMARY KEY (payer, claim_id, pccn)) WITHOUT ROWID",
            "CREATE INDEX \"ix_hf_claim_pccn_pccn\" ON \"hf_claim_pccn\" (pccn)",
            "CREATE TABLE \"hf_claim_history\" (payer TEXT NOT NULL, claim_id TEXT NOT NULL, version INTEGER NOT NULL, from_state INTEGER, to_state INTEGER NOT NULL, caused_by TEXT NOT NULL, pccn TEXT, amount TEXT, currency TEXT, note TEXT, at INTEGER NOT NULL, PRIMARY KEY (payer, claim_id, version)) WITHOUT ROWID",
            "CREATE UNIQUE INDEX \"ux_hf_claim_history_caused_by\" ON \"hf_claim_history\" (payer, claim_id, caused_by)",
            "CREATE INDEX \"ix_hf_claim_history_at\" ON \"hf_claim_history\" (at)",
            "CREATE TABLE \"hf_parked\" (seq INTEGER PRIMARY KEY, input_key TEXT NOT NULL UNIQUE, event_type TEXT NOT NULL, waiting_for TEXT NOT NULL, reason TEXT NOT NULL, "
                + "ctx_claim_id TEXT, ctx_payer_id TEXT, ctx_amount TEXT, ctx_currency TEXT, ctx_format INTEGER, ctx_source_name TEXT, ctx_position TEXT, "
                + "payload BLOB, payload_key_id TEXT, parked_at INTEGER NOT NULL, expires_at INTEGER NOT NULL)",
            "CREATE INDEX \"ix_hf_parked_waiting_for\" ON \"hf_parked\" (waiting_for)",
            "CREATE INDEX \"ix_hf_parked_expires_at\" ON \"hf_parked\" (expires_at)",
            "CREATE INDEX \"ix_hf_parked_parked_at\" ON \"hf_parked\" (parked_at, seq)",
            "CREATE TABLE \"hf_dead_letter\" (id TEXT NOT NULL PRIMARY KEY, input_key TEXT NOT NULL, event_type TEXT, reason TEXT NOT NULL, finding_codes TEXT NOT NULL, "
                + "ctx_claim_id TEXT, ctx_payer_id TEXT, ctx_amount TEXT, ctx_currency TEXT, ctx_format INTEGER, ctx_source_name TEXT, ctx_position TEXT, "
                + "payload_type TEXT NOT NULL, payload BLOB, payload_key_id TEXT, attempts INTEGER NOT NULL, first_failure_at INTEGER NOT NULL, last_failure_at INTEGER NOT NULL, "
                + "status INTEGER NOT NULL, resolved_at INTEGER)",
            "CREATE INDEX \"ix_hf_dead_letter_status\" ON \"hf_dead_letter\" (status, id)",
            "CREATE INDEX \"ix_hf_dead_letter_last_failure_at\" ON \"hf_dead_letter\" (last_failure_at)",
            "CREATE INDEX \"ix_hf_dead_letter_resolved_at\" ON \"hf_dead_letter\" (resolved_at)",
            "CREATE TABLE \"hf_outbox\" (seq INTEGER PRIMARY KEY, message_key TEXT NOT NULL UNIQUE, destination TEXT NOT NULL, payload_type TEXT NOT NULL, payload BLOB, payload_key_id TEXT, "
                + "status INTEGER NOT NULL, attempts INTEGER NOT NULL, external_reference TEXT, last_error TEXT, created_at INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL, "
                + "completed_at INTEGER, lease_token TEXT, lease_expires_at INTEGER, leased_by TEXT)",
            "CREATE INDEX \"ix_hf_outbox_pending\" ON \"hf_outbox\" (status, created_at, seq)",
            "CREATE INDEX \"ix_hf_outbox_completed_at\" ON \"hf_outbox\" (completed_at)",
        ]);

    // The key table names its entry by number rather than by key text: key rows half as long, and no second index
    // on the entry table (whose unique entry_key index took one more random insert per input).
    private static readonly SchemaMigration Version2 = new(
        2,
        [
            "CREATE TABLE \"hf_idempotency_v2\" (seq INTEGER PRIMARY KEY, entry_key TEXT NOT NULL, alias_keys TEXT, event_type TEXT NOT NULL, status INTEGER NOT NULL, detail TEXT, recorded_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)",
            "INSERT INTO \"hf_idempotency_v2\" (seq, entry_key, alias_keys, event_type, status, detail, recorded_at, updated_at) SELECT seq, entry_key, alias_keys, event_type, status, detail, recorded_at, updated_at FROM \"hf_idempotency\"",
            "CREATE TABLE \"hf_idempotency_key_v2\" (key_value TEXT NOT NULL PRIMARY KEY, entry_id INTEGER NOT NULL) WITHOUT ROWID",
            "INSERT INTO \"hf_idempotency_key_v2\" (key_value, entry_id) SELECT k.key_value, e.seq FROM \"hf_idempotency_key\" k JOIN \"hf_idempotency\" e ON e.entry_key = k.entry_key",
            "DROP TABLE \"hf_idempotency_key\"",
            "DROP TABLE \"hf_idempotency\"",
            "ALTER TABLE \"hf_idempotency_v2\" RENAME TO \"hf_idempotency\"",
            "ALTER TABLE \"hf_idempotency_key_v2\" RENAME TO \"hf_idempotency_key\"",
            "CREATE INDEX \"ix_hf_idempotency_updated_at\" ON \"hf_idempotency\" (updated_at)",
        ]);

    // Keys become binary (the 32-byte digest, then the kind's bytes: 40-odd bytes instead of 70-odd characters), and
    // the key table is written in bulk (see SqlDialect.IndexesKeysInBulk): entry numbers are never reused
    // (AUTOINCREMENT), and the watermark row x'00' says every entry so far has its keys in the table.
    private static readonly SchemaMigration Version3 = new(
        3,
        [
            "CREATE TABLE \"hf_idempotency_v3\" (seq INTEGER PRIMARY KEY AUTOINCREMENT, entry_key TEXT NOT NULL, alias_keys TEXT, event_type TEXT NOT NULL, status INTEGER NOT NULL, detail TEXT, recorded_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)",
            "INSERT INTO \"hf_idempotency_v3\" (seq, entry_key, alias_keys, event_type, status, detail, recorded_at, updated_at) SELECT seq, entry_key, alias_keys, event_type, status, detail, recorded_at, updated_at FROM \"hf_idempotency\" ORDER BY seq",
            "CREATE TABLE \"hf_idempotency_key_v3\" (key_value BLOB NOT NULL PRIMARY KEY, entry_id INTEGER NOT NULL) WITHOUT ROWID",
            "INSERT INTO \"hf_idempotency_key_v3\" (key_value, entry_id) SELECT unhex(substr(key_value, instr(key_value, ':') + 1) || hex(substr(key_value, 1, instr(key_value, ':') - 1))) AS k, entry_id FROM \"hf_idempotency_key\" ORDER BY k",
            "INSERT INTO \"hf_idempotency_key_v3\" (key_value, entry_id) VALUES (x'00', (SELECT COALESCE(MAX(seq), 0) FROM \"hf_idempotency_v3\"))",
            "DROP TABLE \"hf_idempotency_key\"",
            "DROP TABLE \"hf_idempotency\"",
            "ALTER TABLE \"hf_idempotency_v3\" RENAME TO \"hf_idempotency\"",
            "ALTER TABLE \"hf_idempotency_key_v3\" RENAME TO \"hf_idempotency_key\"",
            "CREATE INDEX \"ix_hf_idempotency_updated_at\" ON \"hf_idempotency\" (updated_at)",
        ]);

    // The kept claim payments: what a reversal in a later run mirrors.
    private static readonly SchemaMigration Version4 = new(
        4,
        [
            "CREATE TABLE \"hf_claim_payment\" (seq INTEGER PRIMARY KEY, payment_key TEXT NOT NULL UNIQUE, payer TEXT NOT NULL, claim_id TEXT NOT NULL, pccn TEXT, payload BLOB NOT NULL, payload_key_id TEXT, recorded_at INTEGER NOT NULL)",
            "CREATE INDEX \"ix_hf_claim_payment_claim\" ON \"hf_claim_payment\" (payer, claim_id, seq)",
            "CREATE INDEX \"ix_hf_claim_payment_recorded_at\" ON \"hf_claim_payment\" (recorded_at)",
        ]);

    private SqliteDialect()
    {
    }

    public static SqliteDialect Instance { get; } = new();

    public override bool WritersExcludeEachOther => true;

    public override bool IndexesKeysInBulk => true;

    public override string RowLockClause => string.Empty;

    public override string SkipLockedClause => string.Empty;

    public override string RandomTokenExpression => "lower(hex(randomblob(16)))";

    public override string InsertOrIgnoreVerb => "INSERT OR IGNORE";

    public override DbType AmountDbType => DbType.String;

    public override IReadOnlyList<string> SchemaVersionTableStatements { get; } =
        ["CREATE TABLE IF NOT EXISTS \"hf_schema_version\" (version INTEGER NOT NULL PRIMARY KEY, applied_at INTEGER NOT NULL)"];

    public override IReadOnlyList<SchemaMigration> Migrations { get; } = [Version1, Version2, Version3, Version4];

    public override string QualifyTable(string name) => "\"" + name + "\"";

    // Named with their marker, so that Microsoft.Data.Sqlite binds them without trying each prefix.
    public override string ParameterName(string name) => "@" + name;

    // The migration's transaction began with BEGIN IMMEDIATE and holds the database's write lock.
    public override ValueTask AcquireMigrationLockAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    // A plain SQLITE_BUSY means the busy timeout elapsed: the configured wait is over, so it is not retried. A
    // connection that met another's WAL recovery or a changed snapshot can succeed at once in a new transaction.
    public override bool IsTransient(Exception exception)
        => exception is SqliteException { SqliteExtendedErrorCode: SqliteBusyRecovery or SqliteBusySnapshot };

    public override object ToAmountValue(decimal amount) => amount.ToString(CultureInfo.InvariantCulture);

    public override decimal ReadAmount(DbDataReader reader, int ordinal)
        => decimal.Parse(reader.GetString(ordinal), NumberStyles.Number, CultureInfo.InvariantCulture);
}
