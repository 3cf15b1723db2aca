using System.Data.Common;
using HealthFinance.Canonical;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Idempotency.Lifecycle;

namespace HealthFinance.Idempotency.Relational;

/// <summary>
/// The claim lifecycle's SQL and logic: one row per claim in <c>hf_claim</c> (state and version), its payer claim
/// control numbers in <c>hf_claim_pccn</c> (in order of arrival) and its transitions in <c>hf_claim_history</c>, whose
/// unique (claim, causing input) index makes a transition idempotent.
/// </summary>
/// <remarks>
/// A transition reads the claim row with the dialect's row lock, so concurrent transitions of one claim apply one
/// after the other; a first submission inserts the row with <c>ON CONFLICT DO NOTHING</c> and, when a concurrent
/// submission won, continues with the row that one wrote.
/// </remarks>
internal sealed class LifecycleOperations
{
    private const string ClaimColumns = "c.payer, c.claim_id, c.state, c.version, c.created_at, c.updated_at";

    private readonly RelationalContext _context;
    private readonly SqlStatement _lockClaim;
    private readonly SqlStatement _readClaim;
    private readonly SqlStatement _insertClaim;
    private readonly SqlStatement _updateClaim;
    private readonly SqlStatement _hasCause;
    private readonly SqlStatement _insertHistory;
    private readonly SqlStatement _readNumbers;
    private readonly SqlStatement _insertNumber;
    private readonly SqlStatement _findByNumber;
    private readonly SqlStatement _findByNumberAndPayer;
    private readonly SqlStatement _findByClaimId;
    private readonly SqlStatement _history;
    private readonly SqlStatement _purgeHistory;

    public LifecycleOperations(RelationalContext context)
    {
        _context = context;
        var sql = context.Catalog;
        var payer = SqlParameterSpec.Text("payer");
        var claimId = SqlParameterSpec.Text("claim_id");
        _lockClaim = sql.Add("SELECT " + ClaimColumns + " FROM {hf_claim} c WHERE c.payer = @payer AND c.claim_id = @claim_id {row_lock}", payer, claimId);
        _readClaim = sql.Add("SELECT " + ClaimColumns + " FROM {hf_claim} c WHERE c.payer = @payer AND c.claim_id = @claim_id", payer, claimId);
        _insertClaim = sql.Add(
            "INSERT INTO {hf_claim} (payer, claim_id, state, version, created_at, updated_at) VALUES (@payer, @claim_id, @state, 1, @now, @now) ON CONFLICT DO NOTHING",
            payer,
            claimId,
            SqlParameterSpec.Int32("state"),
            SqlParameterSpec.Int64("now"));
        _updateClaim = sql.Add(
            "UPDATE {hf_claim} SET state = @state, version = @version, updated_at = @now WHERE payer = @payer AND claim_id = @claim_id",
            SqlParameterSpec.Int32("state"),
            SqlParameterSpec.Int32("version"),
            SqlParameterSpec.Int64("now"),
            payer,
            claimId);
        _hasCause = sql.Add(
            "SELECT 1 FROM {hf_claim_history} WHERE payer = @payer AND claim_id = @claim_id AND caused_by = @caused_by",
            payer,
            claimId,
            SqlParameterSpec.Text("caused_by"));
        _insertHistory = sql.Add(
            "INSERT INTO {hf_claim_history} (payer, claim_id, version, from_state, to_state, caused_by, pccn, amount, currency, note, at) VALUES (@payer, @claim_id, @version, @from_state, @to_state, @caused_by, @pccn, @amount, @currency, @note, @now)",
            payer,
            claimId,
            SqlParameterSpec.Int32("version"),
            SqlParameterSpec.Int32("from_state"),
            SqlParameterSpec.Int32("to_state"),
            SqlParameterSpec.Text("caused_by"),
            SqlParameterSpec.Text("pccn"),
            sql.Amount("amount"),
            SqlParameterSpec.Text("currency"),
            SqlParameterSpec.Text("note"),
            SqlParameterSpec.Int64("now"));
        _readNumbers = sql.Add("SELECT pccn FROM {hf_claim_pccn} WHERE payer = @payer AND claim_id = @claim_id ORDER BY ordinal", payer, claimId);
        _insertNumber = sql.Add(
            "INSERT INTO {hf_claim_pccn} (payer, claim_id, pccn, ordinal) VALUES (@payer, @claim_id, @pccn, @ordinal) ON CONFLICT DO NOTHING",
            payer,
            claimId,
            SqlParameterSpec.Text("pccn"),
            SqlParameterSpec.Int32("ordinal"));
        _findByNumber = sql.Add(
            "SELECT " + ClaimColumns + " FROM {hf_claim_pccn} p JOIN {hf_claim} c ON c.payer = p.payer AND c.claim_id = p.claim_id WHERE p.pccn = @pccn ORDER BY c.payer, c.claim_id LIMIT 2",
            SqlParameterSpec.Text("pccn"));
        _findByNumberAndPayer = sql.Add(
            "SELECT " + ClaimColumns + " FROM {hf_claim_pccn} p JOIN {hf_claim} c ON c.payer = p.payer AND c.claim_id = p.claim_id WHERE p.pccn = @pccn AND p.payer = @payer ORDER BY c.claim_id LIMIT 2",
            SqlParameterSpec.Text("pccn"),
            payer);
        _findByClaimId = sql.Add("SELECT " + ClaimColumns + " FROM {hf_claim} c WHERE c.claim_id = @claim_id ORDER BY c.payer LIMIT 2", claimId);
        _history = sql.Add(
            "SELECT version, from_state, to_state, caused_by, pccn, amount, currency, note, at FROM {hf_claim_history} WHERE payer = @payer AND claim_id = @claim_id ORDER BY version",
            payer,
            claimId);
        _purgeHistory = sql.Add("DELETE FROM {hf_claim_history} WHERE at < @cutoff", SqlParameterSpec.Int64("cutoff"));
    }

    public async ValueTask<TransitionResult> ApplyAsync(RelationalSession session, ClaimTransition transition, CancellationToken cancellationToken)
    {
        var claim = transition.Claim;
        var now = _context.Now();
        var current = await ReadRowAsync(session, _lockClaim, claim, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            if (transition.To != ClaimState.Submitted)
            {
                return new TransitionResult(TransitionOutcome.UnknownClaim, null, null);
            }

            var insert = await session.CommandAsync(_insertClaim, cancellationToken).ConfigureAwait(false);
            ParameterWriter.Bind(insert, claim.Payer.Value, claim.ClaimId.Value, (int)transition.To, now);
            if (await session.ExecuteNonQueryAsync(insert, cancellationToken).ConfigureAwait(false) == 1)
            {
                await AddHistoryAsync(session, transition, version: 1, from: null, now, cancellationToken).ConfigureAwait(false);
                var numbers = await AddNumberAsync(session, claim, [], transition.PayerClaimControlNumber, cancellationToken).ConfigureAwait(false);
                var time = RelationalContext.Time(now);
                return new TransitionResult(TransitionOutcome.Applied, null, new ClaimRecord(claim, transition.To, numbers, 1, time, time));
            }

            // A concurrent first submission created the claim: continue with its row, locked.
            current = await ReadRowAsync(session, _lockClaim, claim, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The claim was created and removed concurrently.");
        }

        var row = current.Value;
        var known = await ReadNumbersAsync(session, claim, cancellationToken).ConfigureAwait(false);
        var before = new ClaimRecord(claim, row.State, known, row.Version, RelationalContext.Time(row.CreatedAt), RelationalContext.Time(row.UpdatedAt));

        var hasCause = await session.CommandAsync(_hasCause, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(hasCause, claim.Payer.Value, claim.ClaimId.Value, transition.CausedBy.Value);
        if (await session.ExecuteScalarAsync(hasCause, cancellationToken).ConfigureAwait(false) is not null and not DBNull)
        {
            return new TransitionResult(TransitionOutcome.AlreadyApplied, row.State, before);
        }

        if (!ClaimLifecycle.IsLegal(row.State, transition.To))
        {
            return new TransitionResult(TransitionOutcome.Illegal, row.State, before);
        }

        var version = row.Version + 1;
        var update = await session.CommandAsync(_updateClaim, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(update, (int)transition.To, version, now, claim.Payer.Value, claim.ClaimId.Value);
        await session.ExecuteNonQueryAsync(update, cancellationToken).ConfigureAwait(false);
        await AddHistoryAsync(session, transition, version, row.State, now, cancellationToken).ConfigureAwait(false);
        var all = await AddNumberAsync(session, claim, known, transition.PayerClaimControlNumber, cancellationToken).ConfigureAwait(false);
        return new TransitionResult(TransitionOutcome.Applied, row.State, before with { State = transition.To, PayerClaimControlNumbers = all, Version = version, UpdatedAt = RelationalContext.Time(now) });
    }

    public async ValueTask<ClaimRecord?> FindAsync(RelationalSession session, ClaimLookup lookup, CancellationToken cancellationToken)
    {
        ClaimRow? found = null;
        if (lookup.PayerClaimControlNumber is { } pccn)
        {
            found = lookup.Payer is { } named
                ? await ReadSingleAsync(session, _findByNumberAndPayer, [pccn.Value, named.Value], cancellationToken).ConfigureAwait(false)
                : await ReadSingleAsync(session, _findByNumber, [pccn.Value], cancellationToken).ConfigureAwait(false);
        }

        if (found is null)
        {
            found = lookup.Payer is { } payer
                ? await ReadRowAsync(session, _readClaim, new ClaimKey(payer, lookup.ClaimId), cancellationToken).ConfigureAwait(false)
                : await ReadSingleAsync(session, _findByClaimId, [lookup.ClaimId.Value], cancellationToken).ConfigureAwait(false);
        }

        if (found is not { } row)
        {
            return null;
        }

        var numbers = await ReadNumbersAsync(session, row.Claim, cancellationToken).ConfigureAwait(false);
        return new ClaimRecord(row.Claim, row.State, numbers, row.Version, RelationalContext.Time(row.CreatedAt), RelationalContext.Time(row.UpdatedAt));
    }

    public async ValueTask<IReadOnlyList<ClaimHistoryEntry>> GetHistoryAsync(RelationalSession session, ClaimKey claim, CancellationToken cancellationToken)
    {
        var command = await session.CommandAsync(_history, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(command, claim.Payer.Value, claim.ClaimId.Value);
        var history = new List<ClaimHistoryEntry>();
        var reader = await session.ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await session.ReadAsync(reader, cancellationToken).ConfigureAwait(false))
        {
            history.Add(new ClaimHistoryEntry(
                claim,
                reader.GetInt32(0),
                reader.IsDBNull(1) ? null : (ClaimState)reader.GetInt32(1),
                (ClaimState)reader.GetInt32(2),
                IdempotencyKey.Parse(reader.GetString(3)),
                reader.IsDBNull(4) ? null : new PayerClaimControlNumber(reader.GetString(4)),
                reader.IsDBNull(5) ? null : new Money(_context.Dialect.ReadAmount(reader, 5), CurrencyCode.Parse(reader.GetString(6))),
                RowReader.Text(reader, 7),
                RelationalContext.Time(reader.GetInt64(8))));
        }

        return history;
    }

    /// <summary>Deletes claim history older than the cutoff.</summary>
    /// <returns>How many entries were deleted.</returns>
    public async ValueTask<long> PurgeAsync(RelationalSession session, long cutoff, CancellationToken cancellationToken)
    {
        var command = await session.CommandAsync(_purgeHistory, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(command, cutoff);
        return await session.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static ClaimRow ReadClaim(DbDataReader reader)
        => new(
            new ClaimKey(new PayerId(reader.GetString(0)), new PatientControlNumber(reader.GetString(1))),
            (ClaimState)reader.GetInt32(2),
            reader.GetInt32(3),
            reader.GetInt64(4),
            reader.GetInt64(5));

    private static async ValueTask<ClaimRow?> ReadRowAsync(RelationalSession session, SqlStatement statement, ClaimKey claim, CancellationToken cancellationToken)
    {
        var command = await session.CommandAsync(statement, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(command, claim.Payer.Value, claim.ClaimId.Value);
        var reader = await session.ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        return await session.ReadAsync(reader, cancellationToken).ConfigureAwait(false) ? ReadClaim(reader) : null;
    }

    // The claim when exactly one row matches.
    private static async ValueTask<ClaimRow?> ReadSingleAsync(RelationalSession session, SqlStatement statement, object?[] values, CancellationToken cancellationToken)
    {
        var command = await session.CommandAsync(statement, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(command, values);
        var reader = await session.ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        if (!await session.ReadAsync(reader, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var row = ReadClaim(reader);
        return await session.ReadAsync(reader, cancellationToken).ConfigureAwait(false) ? null : row;
    }

    private async ValueTask<EquatableArray<PayerClaimControlNumber>> ReadNumbersAsync(RelationalSession session, ClaimKey claim, CancellationToken cancellationToken)
    {
        var command = await session.CommandAsync(_readNumbers, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(command, claim.Payer.Value, claim.ClaimId.Value);
        var numbers = new List<PayerClaimControlNumber>();
        var reader = await session.ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await session.ReadAsync(reader, cancellationToken).ConfigureAwait(false))
        {
            numbers.Add(new PayerClaimControlNumber(reader.GetString(0)));
        }

        return numbers.ToArray();
    }

    private async ValueTask<EquatableArray<PayerClaimControlNumber>> AddNumberAsync(RelationalSession session, ClaimKey claim, EquatableArray<PayerClaimControlNumber> known, PayerClaimControlNumber? number, CancellationToken cancellationToken)
    {
        if (number is not { } pccn || known.AsSpan().Contains(pccn))
        {
            return known;
        }

        var command = await session.CommandAsync(_insertNumber, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(command, claim.Payer.Value, claim.ClaimId.Value, pccn.Value, known.Count);
        await session.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
        return known.AsImmutableArray().Add(pccn);
    }

    private async ValueTask AddHistoryAsync(RelationalSession session, ClaimTransition transition, int version, ClaimState? from, long now, CancellationToken cancellationToken)
    {
        var command = await session.CommandAsync(_insertHistory, cancellationToken).ConfigureAwait(false);
        var writer = new ParameterWriter(command);
        writer.Add(transition.Claim.Payer.Value);
        writer.Add(transition.Claim.ClaimId.Value);
        writer.Add(version);
        writer.Add(from is { } state ? (int)state : null);
        writer.Add((int)transition.To);
        writer.Add(transition.CausedBy.Value);
        writer.Add(transition.PayerClaimControlNumber?.Value);
        writer.Add(transition.Amount is { } amount ? _context.Dialect.ToAmountValue(amount.Amount) : null);
        writer.Add(transition.Amount?.Currency.Value);
        writer.Add(transition.Note);
        writer.Add(now);
        await session.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private readonly record struct ClaimRow(ClaimKey Claim, ClaimState State, int Version, long CreatedAt, long UpdatedAt);
}

/// <summary>The claim lifecycle store of a <see cref="RelationalStateStore"/> or of one of its transactions.</summary>
internal sealed class RelationalClaimLifecycleStore : IClaimLifecycleStore
{
    private readonly ISessionScope _scope;
    private readonly LifecycleOperations _operations;

    public RelationalClaimLifecycleStore(ISessionScope scope, LifecycleOperations operations)
    {
        _scope = scope;
        _operations = operations;
    }

    public ValueTask<TransitionResult> ApplyAsync(ClaimTransition transition, CancellationToken cancellationToken = default)
    {
        RelationalArguments.Transition(transition, nameof(transition));
        return _scope.RunAsync(
            (_operations, transition),
            static (session, state, ct) => state._operations.ApplyAsync(session, state.transition, ct),
            readOnly: false,
            cancellationToken);
    }

    public ValueTask<ClaimRecord?> FindAsync(ClaimLookup lookup, CancellationToken cancellationToken = default)
    {
        RelationalArguments.Lookup(lookup, nameof(lookup));
        return _scope.RunAsync(
            (_operations, lookup),
            static (session, state, ct) => state._operations.FindAsync(session, state.lookup, ct),
            readOnly: true,
            cancellationToken);
    }

    public ValueTask<IReadOnlyList<ClaimHistoryEntry>> GetHistoryAsync(ClaimKey claim, CancellationToken cancellationToken = default)
    {
        RelationalArguments.Claim(claim, nameof(claim));
        return _scope.RunAsync(
            (_operations, claim),
            static (session, state, ct) => state._operations.GetHistoryAsync(session, state.claim, ct),
            readOnly: true,
            cancellationToken);
    }
}
