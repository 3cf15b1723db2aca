using System.Data.Common;
using System.Globalization;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using HealthFinance.Canonical.Serialization;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Idempotency.Lifecycle;
using HealthFinance.Idempotency.Outbox;
using HealthFinance.Idempotency.Parking;

namespace HealthFinance.Idempotency.Worker;

/// <summary>What happened to one input.</summary>
public enum InputOutcome
{
    /// <summary>Processed: claim moved, postings enqueued.</summary>
    Processed,

    /// <summary>Seen before; skipped.</summary>
    Duplicate,

    /// <summary>Parked until its claim arrives.</summary>
    Parked,
}

/// <summary>
/// Processes claims and remittances through the state stores, one transaction per input: record the keys, move the
/// claim, park or release, and enqueue the posting intent. A crash before commit leaves no trace, so restarting from
/// the beginning of the stream processes every input exactly once.
/// </summary>
/// <param name="store">The state store.</param>
public sealed class Processor(IStateStore store)
{
    /// <summary>The outbox destination the worker delivers.</summary>
    public const string Destination = "ledger";

    /// <summary>The key of the posting intent of a claim payment.</summary>
    /// <param name="remittance">The remittance.</param>
    /// <returns>The journal key.</returns>
    public static IdempotencyKey JournalKeyOf(RemittanceReceived remittance)
        => IdempotencyKey.Derive("journal", IdempotencyKeys.ForClaimPayments(remittance)[0].Value);

    /// <summary>Processes one input, retrying transient database failures (deadlocks, busy files).</summary>
    /// <param name="input">The input.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>What happened.</returns>
    /// <remarks>
    /// After its own transaction, every input releases what waits for its claim, in a transaction of its own,
    /// once the claim is visible. A remittance parked while its claim was being committed elsewhere is therefore
    /// released either by the claim's release or by the remittance's own look after its park committed; a crash
    /// between the two transactions is repaired when the input is seen again on restart (as a duplicate).
    /// </remarks>
    public async Task<InputOutcome> ProcessAsync(CanonicalEvent input, CancellationToken cancellationToken)
    {
        var outcome = await Transient.RetryAsync(() => ProcessOnceAsync(input, cancellationToken), cancellationToken);
        var claim = input switch
        {
            ClaimSubmitted c => new ClaimKey(c.Payer, c.ClaimId),
            RemittanceReceived r => ClaimOf(r),
            _ => default,
        };
        if (input is ClaimSubmitted || await store.Lifecycle.FindAsync(new ClaimLookup(claim.ClaimId, claim.Payer), cancellationToken) is not null)
        {
            await Transient.RetryAsync(() => ReleaseAsync(claim, cancellationToken), cancellationToken);
        }

        return outcome;
    }

    private async Task<InputOutcome> ProcessOnceAsync(CanonicalEvent input, CancellationToken cancellationToken)
    {
        await using var tx = await store.BeginTransactionAsync(cancellationToken);
        var keys = IdempotencyKeys.For(input);
        switch (input)
        {
            case ClaimSubmitted claim:
            {
                var recorded = await tx.Idempotency.TryRecordAsync(new IdempotencyRecord(keys, "claim", ProcessingStatus.NoPosting), cancellationToken);
                if (recorded.IsDuplicate)
                {
                    return InputOutcome.Duplicate;
                }

                var key = new ClaimKey(claim.Payer, claim.ClaimId);
                var moved = await tx.Lifecycle.ApplyAsync(new ClaimTransition(key, ClaimState.Submitted, keys.Primary, Amount: claim.TotalCharge), cancellationToken);
                Require(moved.Outcome == TransitionOutcome.Applied, $"claim submission was {moved.Outcome}");
                break;
            }

            case RemittanceReceived remittance:
            {
                var recorded = await tx.Idempotency.TryRecordAsync(new IdempotencyRecord(keys, "remittance", ProcessingStatus.Accepted), cancellationToken);
                if (recorded.IsDuplicate)
                {
                    return InputOutcome.Duplicate;
                }

                var claim = ClaimOf(remittance);
                if (await tx.Lifecycle.FindAsync(new ClaimLookup(claim.ClaimId, claim.Payer), cancellationToken) is null)
                {
                    var payment = remittance.Claims[0];
                    var context = new BusinessContext { ClaimId = payment.ClaimId.Value, PayerId = remittance.Payer.Value, Amount = payment.Paid, Format = SourceFormat.X12 };
                    var parked = await tx.Parking.ParkAsync(new ParkRequest(keys.Primary, "remittance", claim.WaitKey, "claim not seen yet", CanonicalJson.SerializeToUtf8Bytes(remittance), context), cancellationToken);
                    Require(parked, "the remittance was already parked");
                    await tx.Idempotency.SetOutcomeAsync(keys.Primary, ProcessingStatus.Parked, null, cancellationToken);
                    await tx.CommitAsync(cancellationToken);
                    return InputOutcome.Parked;
                }

                await PayAsync(tx, remittance, keys.Primary, cancellationToken);
                break;
            }

            default:
                throw new InvalidOperationException($"The worker does not process {input.GetType().Name}.");
        }

        await tx.CommitAsync(cancellationToken);
        return InputOutcome.Processed;
    }

    private async Task ReleaseAsync(ClaimKey claim, CancellationToken cancellationToken)
    {
        await using var tx = await store.BeginTransactionAsync(cancellationToken);
        foreach (var parked in await tx.Parking.ReleaseAsync(claim.WaitKey, cancellationToken))
        {
            await PayAsync(tx, (RemittanceReceived)CanonicalJson.Deserialize(parked.Payload.Span), parked.InputKey, cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    private static async Task PayAsync(IStateTransaction tx, RemittanceReceived remittance, IdempotencyKey inputKey, CancellationToken cancellationToken)
    {
        var payment = remittance.Claims[0];
        var paymentKey = IdempotencyKeys.ForClaimPayments(remittance)[0];
        var moved = await tx.Lifecycle.ApplyAsync(new ClaimTransition(ClaimOf(remittance), ClaimState.Paid, paymentKey, payment.PayerClaimControlNumber, payment.Paid, "CLP02=1"), cancellationToken);
        Require(moved.Outcome == TransitionOutcome.Applied, $"claim payment was {moved.Outcome}");
        var journalKey = JournalKeyOf(remittance);
        var body = string.Create(CultureInfo.InvariantCulture, $"{{\"key\":\"{journalKey.Value}\",\"amount\":{payment.Paid.Amount},\"currency\":\"{payment.Paid.Currency.Value}\"}}");
        var enqueued = await tx.Outbox.EnqueueAsync(new OutboxMessage(journalKey, Destination, "journal+json", System.Text.Encoding.UTF8.GetBytes(body)), cancellationToken);
        Require(enqueued, "the posting intent was already in the outbox");
        await tx.Idempotency.SetOutcomeAsync(inputKey, ProcessingStatus.Accepted, journalKey.Value, cancellationToken);
    }

    private static ClaimKey ClaimOf(RemittanceReceived remittance) => new(remittance.Payer, remittance.Claims[0].ClaimId);

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Exactly-once violated: " + message + ".");
        }
    }
}

/// <summary>Retries operations that failed on a transient database error (deadlock, serialization failure, busy file).</summary>
public static class Transient
{
    /// <summary>Runs an operation, retrying transient failures up to 50 times with a short, growing pause.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="cancellationToken">Cancels the waits.</param>
    /// <returns>The result.</returns>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation();
            }
            catch (DbException ex) when (ex.IsTransient && attempt < 50)
            {
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), cancellationToken);
            }
        }
    }

    /// <summary>Runs an operation, retrying transient failures.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="cancellationToken">Cancels the waits.</param>
    /// <returns>A task that completes with the operation.</returns>
    public static Task RetryAsync(Func<Task> operation, CancellationToken cancellationToken)
        => RetryAsync(async () =>
        {
            await operation();
            return true;
        }, cancellationToken);
}
