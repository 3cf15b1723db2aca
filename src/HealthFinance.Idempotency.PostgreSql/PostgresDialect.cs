using System.Buffers.Binary;
using System.Data;
using System.Data.Common;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using HealthFinance.Idempotency.Relational;
using Npgsql;

namespace HealthFinance.Idempotency.PostgreSql;

/// <summary>
/// PostgreSQL's dialect, for one schema. Transactions are READ COMMITTED; a claim transition locks its claim row
/// (<c>FOR UPDATE</c>), outbox leases pass over rows other workers hold (<c>FOR UPDATE SKIP LOCKED</c>), and
/// migrations are serialised by a transaction-level advisory lock derived from the schema name. Keys and ids are
/// <c>TEXT COLLATE "C"</c> (ordinal order, whatever the database's collation); amounts are <c>NUMERIC</c>;
/// timestamps are Unix milliseconds in <c>BIGINT</c>.
/// </summary>
internal sealed class PostgresDialect : SqlDialect
{
    private const string SerializationFailure = "40001";
    private const string DeadlockDetected = "40P01";

    private readonly string _schema;
    private readonly long _migrationLockKey;

    public PostgresDialect(string schema)
    {
        _schema = "\"" + schema + "\"";
        _migrationLockKey = BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("healthfinance-state-migration:" + schema)));
        SchemaVersionTableStatements =
        [
            "CREATE SCHEMA IF NOT EXISTS " + _schema,
            "CREATE TABLE IF NOT EXISTS " + QualifyTable("hf_schema_version") + " (version INTEGER NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)",
        ];
        Migrations = [Version1(), Version2(), Version3()];
    }

    public override string RowLockClause => "FOR UPDATE";

    public override string SkipLockedClause => "FOR UPDATE SKIP LOCKED";

    public override string RandomTokenExpression => "replace(gen_random_uuid()::text, '-', '')";

    public override DbType AmountDbType => DbType.Decimal;

    public override IReadOnlyList<string> SchemaVersionTableStatements { get; }

    public override IReadOnlyList<SchemaMigration> Migrations { get; }

    public override string QualifyTable(string name) => _schema + ".\"" + name + "\"";

    public override async ValueTask AcquireMigrationLockAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("key", _migrationLockKey);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // Only errors after which PostgreSQL rolled the whole transaction back: a retry cannot apply the work twice.
    public override bool IsTransient(Exception exception)
        => exception is PostgresException { SqlState: SerializationFailure or DeadlockDetected };

    // The connection broke (I/O, a server shutting down or starting up), not the statement.
    public override bool IsConnectionFailure(Exception exception)
        => exception switch
        {
            PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState.StartsWith("57P0", StringComparison.Ordinal),
            NpgsqlException { InnerException: IOException or SocketException } => true,
            _ => false,
        };

    public override object ToAmountValue(decimal amount) => amount;

    public override decimal ReadAmount(DbDataReader reader, int ordinal) => reader.GetDecimal(ordinal);

    // The kept claim payments: what a reversal in a later run mirrors.
    private SchemaMigration Version3()
    {
        var payments = QualifyTable("hf_claim_payment");
        const string Key = "TEXT COLLATE \"C\" NOT NULL";
        return new SchemaMigration(
            3,
            [
                $"CREATE TABLE {payments} (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payment_key {Key} UNIQUE, payer {Key}, claim_id {Key}, pccn TEXT, payload BYTEA NOT NULL, payload_key_id TEXT, recorded_at BIGINT NOT NULL)",
                $"CREATE INDEX ix_hf_claim_payment_claim ON {payments} (payer, claim_id, seq)",
                $"CREATE INDEX ix_hf_claim_payment_recorded_at ON {payments} (recorded_at)",
            ]);
    }

    // The key table names its entry by number (an identity column) rather than by key text: smaller key rows, and
    // entries appended to their primary key index instead of inserted at random places of a text one.
    private SchemaMigration Version2()
    {
        var idempotency = QualifyTable("hf_idempotency");
        var keys = QualifyTable("hf_idempotency_key");
        var newKeys = _schema + ".\"hf_idempotency_key_v2\"";
        return new SchemaMigration(
            2,
            [
                $"ALTER TABLE {idempotency} ADD COLUMN seq BIGINT GENERATED ALWAYS AS IDENTITY",
                $"ALTER TABLE {idempotency} DROP CONSTRAINT hf_idempotency_pkey",
                $"ALTER TABLE {idempotency} ADD CONSTRAINT hf_idempotency_pkey PRIMARY KEY (seq)",
                $"CREATE TABLE {newKeys} (key_value TEXT COLLATE \"C\" NOT NULL, entry_id BIGINT NOT NULL)",
                $"INSERT INTO {newKeys} (key_value, entry_id) SELECT k.key_value, e.seq FROM {keys} k JOIN {idempotency} e ON e.entry_key = k.entry_key",
                $"DROP TABLE {keys}",
                $"ALTER TABLE {newKeys} RENAME TO \"hf_idempotency_key\"",
                $"ALTER TABLE {keys} ADD CONSTRAINT hf_idempotency_key_pkey PRIMARY KEY (key_value)",
            ]);
    }

    private SchemaMigration Version1()
    {
        var idempotency = QualifyTable("hf_idempotency");
        var keys = QualifyTable("hf_idempotency_key");
        var claim = QualifyTable("hf_claim");
        var pccn = QualifyTable("hf_claim_pccn");
        var history = QualifyTable("hf_claim_history");
        var parked = QualifyTable("hf_parked");
        var deadLetter = QualifyTable("hf_dead_letter");
        var outbox = QualifyTable("hf_outbox");
        const string Key = "TEXT COLLATE \"C\" NOT NULL";
        const string Context = "ctx_claim_id TEXT, ctx_payer_id TEXT, ctx_amount NUMERIC, ctx_currency TEXT, ctx_format INTEGER, ctx_source_name TEXT, ctx_position TEXT";
        return new SchemaMigration(
            1,
            [
                $"CREATE TABLE {idempotency} (entry_key {Key} PRIMARY KEY, alias_keys TEXT, event_type TEXT NOT NULL, status INTEGER NOT NULL, detail TEXT, recorded_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)",
                $"CREATE INDEX ix_hf_idempotency_updated_at ON {idempotency} (updated_at)",
                $"CREATE TABLE {keys} (key_value {Key} PRIMARY KEY, entry_key {Key})",
                $"CREATE TABLE {claim} (payer {Key}, claim_id {Key}, state INTEGER NOT NULL, version INTEGER NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (payer, claim_id))",
                $"CREATE INDEX ix_hf_claim_claim_id ON {claim} (claim_id)",
                $"CREATE TABLE {pccn} (payer {Key}, claim_id {Key}, pccn {Key}, ordinal INTEGER NOT NULL, PRIMARY KEY (payer, claim_id, pccn))",
                $"CREATE INDEX ix_hf_claim_pccn_pccn ON {pccn} (pccn)",
                $"CREATE TABLE {history} (payer {Key}, claim_id {Key}, version INTEGER NOT NULL, from_state INTEGER, to_state INTEGER NOT NULL, caused_by {Key}, pccn TEXT, amount NUMERIC, currency TEXT, note TEXT, at BIGINT NOT NULL, PRIMARY KEY (payer, claim_id, version))",
                $"CREATE UNIQUE INDEX ux_hf_claim_history_caused_by ON {history} (payer, claim_id, caused_by)",
                $"CREATE INDEX ix_hf_claim_history_at ON {history} (at)",
                $"CREATE TABLE {parked} (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, input_key {Key} UNIQUE, event_type TEXT NOT NULL, waiting_for {Key}, reason TEXT NOT NULL, {Context}, payload BYTEA, payload_key_id TEXT, parked_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)",
                $"CREATE INDEX ix_hf_parked_waiting_for ON {parked} (waiting_for)",
                $"CREATE INDEX ix_hf_parked_expires_at ON {parked} (expires_at)",
                $"CREATE INDEX ix_hf_parked_parked_at ON {parked} (parked_at, seq)",
                $"CREATE TABLE {deadLetter} (id {Key} PRIMARY KEY, input_key {Key}, event_type TEXT, reason TEXT NOT NULL, finding_codes TEXT NOT NULL, {Context}, payload_type TEXT NOT NULL, payload BYTEA, payload_key_id TEXT, attempts INTEGER NOT NULL, first_failure_at BIGINT NOT NULL, last_failure_at BIGINT NOT NULL, status INTEGER NOT NULL, resolved_at BIGINT)",
                $"CREATE INDEX ix_hf_dead_letter_status ON {deadLetter} (status, id)",
                $"CREATE INDEX ix_hf_dead_letter_last_failure_at ON {deadLetter} (last_failure_at)",
                $"CREATE INDEX ix_hf_dead_letter_resolved_at ON {deadLetter} (resolved_at)",
                $"CREATE TABLE {outbox} (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, message_key {Key} UNIQUE, destination TEXT NOT NULL, payload_type TEXT NOT NULL, payload BYTEA, payload_key_id TEXT, status INTEGER NOT NULL, attempts INTEGER NOT NULL, external_reference TEXT, last_error TEXT, created_at BIGINT NOT NULL, next_attempt_at BIGINT NOT NULL, completed_at BIGINT, lease_token TEXT, lease_expires_at BIGINT, leased_by TEXT)",
                $"CREATE INDEX ix_hf_outbox_pending ON {outbox} (status, created_at, seq)",
                $"CREATE INDEX ix_hf_outbox_completed_at ON {outbox} (completed_at)",
            ]);
    }
}
