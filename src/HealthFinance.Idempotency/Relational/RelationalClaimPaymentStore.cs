using HealthFinance.Canonical;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Idempotency.Lifecycle;

namespace HealthFinance.Idempotency.Relational;

/// <summary>
/// The claim payment store's SQL: one row per kept payment in <c>hf_claim_payment</c>, unique by payment key, found
/// by payer and claim through an index, oldest first by an ever-growing sequence number. The payload is encrypted
/// with the payment key as associated data.
/// </summary>
internal sealed class ClaimPaymentOperations
{
    private readonly RelationalContext _context;
    private readonly SqlStatement _keep;
    private readonly SqlStatement _find;
    private readonly SqlStatement _forget;
    private readonly SqlStatement _purge;

    public ClaimPaymentOperations(RelationalContext context)
    {
        _context = context;
        var sql = context.Catalog;
        _keep = sql.Add(
            "INSERT INTO {hf_claim_payment} (payment_key, payer, claim_id, pccn, payload, payload_key_id, recorded_at) "
            + "VALUES (@payment_key, @payer, @claim_id, @pccn, @payload, @payload_key_id, @now) ON CONFLICT DO NOTHING",
            [
                SqlParameterSpec.Text("payment_key"),
                SqlParameterSpec.Text("payer"),
                SqlParameterSpec.Text("claim_id"),
                SqlParameterSpec.Text("pccn"),
                SqlParameterSpec.Binary("payload"),
                SqlParameterSpec.Text("payload_key_id"),
                SqlParameterSpec.Int64("now"),
            ]);
        _find = sql.Add(
            "SELECT payment_key, pccn, recorded_at, payload FROM {hf_claim_payment} WHERE payer = @payer AND claim_id = @claim_id ORDER BY seq",
            SqlParameterSpec.Text("payer"),
            SqlParameterSpec.Text("claim_id"));
        _forget = sql.Add("DELETE FROM {hf_claim_payment} WHERE payment_key = @payment_key", SqlParameterSpec.Text("payment_key"));
        _purge = sql.Add("DELETE FROM {hf_claim_payment} WHERE recorded_at < @cutoff", SqlParameterSpec.Int64("cutoff"));
    }

    public async ValueTask<bool> KeepAsync(RelationalSession session, ClaimPaymentRecord payment, CancellationToken cancellationToken)
    {
        var payload = _context.Protect(payment.Payload, payment.PaymentKey);
        var command = await session.CommandAsync(_keep, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(
            command,
            payment.PaymentKey.Value,
            payment.Claim.Payer.Value,
            payment.Claim.ClaimId.Value,
            payment.PayerClaimControlNumber?.Value,
            payload,
            _context.Protector.CurrentKeyId,
            _context.Now());
        return await session.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask<IReadOnlyList<KeptClaimPayment>> FindAsync(RelationalSession session, ClaimKey claim, CancellationToken cancellationToken)
    {
        var command = await session.CommandAsync(_find, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(command, claim.Payer.Value, claim.ClaimId.Value);
        var kept = new List<KeptClaimPayment>();
        var reader = await session.ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await session.ReadAsync(reader, cancellationToken).ConfigureAwait(false))
            {
                var key = IdempotencyKey.Parse(reader.GetString(0));
                var pccn = reader.IsDBNull(1) ? (PayerClaimControlNumber?)null : new PayerClaimControlNumber(reader.GetString(1));
                kept.Add(new KeptClaimPayment(claim, key, pccn, RelationalContext.Time(reader.GetInt64(2)), _context.Unprotect(RowReader.Bytes(reader, 3)!, key)));
            }
        }

        return kept;
    }

    public async ValueTask<bool> ForgetAsync(RelationalSession session, IdempotencyKey paymentKey, CancellationToken cancellationToken)
    {
        var command = await session.CommandAsync(_forget, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(command, paymentKey.Value);
        return await session.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Deletes the payments kept before the cutoff.</summary>
    /// <returns>How many were deleted.</returns>
    public async ValueTask<long> PurgeAsync(RelationalSession session, long cutoff, CancellationToken cancellationToken)
    {
        var command = await session.CommandAsync(_purge, cancellationToken).ConfigureAwait(false);
        ParameterWriter.Bind(command, cutoff);
        return await session.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The claim payment store of a <see cref="RelationalStateStore"/> or of one of its transactions.</summary>
internal sealed class RelationalClaimPaymentStore(ISessionScope scope, ClaimPaymentOperations operations) : IClaimPaymentStore
{
    public ValueTask<bool> KeepAsync(ClaimPaymentRecord payment, CancellationToken cancellationToken = default)
    {
        RelationalArguments.Payment(payment, nameof(payment));
        return scope.RunAsync(
            (operations, payment),
            static (session, state, ct) => state.operations.KeepAsync(session, state.payment, ct),
            readOnly: false,
            cancellationToken);
    }

    public ValueTask<IReadOnlyList<KeptClaimPayment>> FindAsync(ClaimKey claim, CancellationToken cancellationToken = default)
    {
        RelationalArguments.Claim(claim, nameof(claim));
        return scope.RunAsync(
            (operations, claim),
            static (session, state, ct) => state.operations.FindAsync(session, state.claim, ct),
            readOnly: true,
            cancellationToken);
    }

    public ValueTask<bool> ForgetAsync(IdempotencyKey paymentKey, CancellationToken cancellationToken = default)
    {
        RelationalArguments.Key(paymentKey, nameof(paymentKey));
        return scope.RunAsync(
            (operations, paymentKey),
            static (session, state, ct) => state.operations.ForgetAsync(session, state.paymentKey, ct),
            readOnly: false,
            cancellationToken);
    }
}
