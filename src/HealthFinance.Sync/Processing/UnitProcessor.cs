using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;
using HealthFinance.Canonical.Serialization;
using HealthFinance.Idempotency;
using HealthFinance.Idempotency.DeadLetters;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Idempotency.Lifecycle;
using HealthFinance.Idempotency.Outbox;
using HealthFinance.Idempotency.Parking;
using HealthFinance.Mapping.Posting;
using HealthFinance.Sync.Delivery;
using HealthFinance.Sync.Inputs;
using HealthFinance.Sync.Telemetry;
using HealthFinance.Validation;
using Microsoft.Extensions.Logging;

namespace HealthFinance.Sync.Processing;

/// <summary>
/// Processes input units inside one state transaction: idempotency, claim lifecycle, parking and release, posting
/// rules, pre-posting validation, then the outbox (journals) or the dead-letter store (quarantine). Not thread-safe:
/// one processor serves one processing stage, which keeps the events of a claim in order.
/// </summary>
internal sealed class UnitProcessor(
    PostingEngine engine,
    PostingValidator validator,
    SyncOptions options,
    SyncTelemetry telemetry,
    TimeProvider timeProvider,
    ILogger logger)
{
    /// <summary>The payload type of an outbox message: a header line, then one canonical JournalEntry per line, zlib-compressed (see <see cref="OutboxHeader"/>).</summary>
    public const string OutboxPayloadType = "journals+ndjson+zlib";

    /// <summary>The payload type of a dead letter whose unit could not be read: where to read it again.</summary>
    public const string SourceReferencePayloadType = "source-ref+json";

    /// <summary>The payload type of a quarantined event: its canonical JSON.</summary>
    public const string EventPayloadType = "canonical+json";

    // The posting history holds the claim payments of the event being processed only: the originals its reversals may
    // mirror are loaded from the state store's kept payments, the payments it posts are kept there, and the history
    // forgets its payments when the event is done, so memory does not grow with the input.
    private readonly ClaimPaymentHistory _history = new();

    // The payments in the history that the store keeps (loaded for a reversal, or kept after posting), with their keys.
    private readonly Dictionary<PostedClaimPayment, IdempotencyKey> _kept = new(ReferenceEqualityComparer.Instance);

    // The payer's claims whose kept payments were loaded for the event being processed.
    private readonly HashSet<ClaimKey> _loaded = [];

    // The kept payments that reversals of the event being processed took, in postings that were decided to post.
    private readonly List<IdempotencyKey> _taken = [];

    // Journals of the inputs processed in the current transaction, waiting to share outbox messages.
    private readonly List<(IdempotencyKey Input, IReadOnlyList<JournalEntry> Journals, string? Activity)> _pending = [];
    private int _pendingJournals;

    // The outbox messages of the current transaction, in the order they were made: their payloads are written on a
    // thread-pool thread while processing goes on, they are enqueued before the transaction commits, and those that
    // inserted a row are handed to the deliverer once it has committed.
    private readonly List<OutboxDraft> _messages = [];

    /// <summary>A unit with the input it came from.</summary>
    public sealed record Work(InputUnit Unit, SyncInput? Input, long ArrivedTimestamp);

    /// <summary>Processes a batch of units in one transaction; throws when any unit fails (the caller then retries them one by one).</summary>
    public async ValueTask ProcessAsync(IStateTransaction tx, IReadOnlyList<Work> batch, SyncRunReport report, CancellationToken cancellationToken)
    {
        Discard();
        // Record the keys of every event of the batch in one round trip, in order.
        var records = new List<IdempotencyRecord>();
        var keys = new List<EventKeys>();
        foreach (var work in batch)
        {
            foreach (var e in work.Unit.Events)
            {
                var k = IdempotencyKeys.For(e);
                keys.Add(k);
                records.Add(new IdempotencyRecord(k, TypeName(e), ProcessingStatus.Accepted));
            }
        }

        var results = records.Count == 0 ? [] : await tx.Idempotency.TryRecordManyAsync(records, cancellationToken).ConfigureAwait(false);
        var next = 0;
        foreach (var work in batch)
        {
            var unit = work.Unit;
            using var activity = SyncTelemetry.ActivitySource.StartActivity("healthfinance.unit");
            activity?.SetTag("healthfinance.format", unit.Format);
            activity?.SetTag("healthfinance.unit", unit.Label);
            activity?.SetTag("healthfinance.input", unit.SourceName);
            activity?.SetTag("healthfinance.events", unit.Events.Count);
            var ctx = new UnitContext(tx, work, report, activity?.Id, cancellationToken);
            if (unit.Events.Count == 0)
            {
                await NoEventsAsync(ctx).ConfigureAwait(false);
                continue;
            }

            foreach (var e in unit.Events)
            {
                if (e.CorrelationId is { } correlation)
                {
                    activity?.AddTag("healthfinance.correlation_id", correlation.Value);
                }

                var eventKeys = keys[next];
                var result = results[next++];
                telemetry.Received.Add(1, Tags(unit, e));
                report.AddReceived();
                if (result.IsDuplicate)
                {
                    report.AddDuplicate();
                    telemetry.Duplicates.Add(1, Tags(unit, e));
                    if (result.Entry.Status is ProcessingStatus.Accepted or ProcessingStatus.Posted or ProcessingStatus.NoPosting)
                    {
                        Warm(e);
                    }

                    continue;
                }

                if (unit.HasErrors)
                {
                    await QuarantineAsync(ctx, e, eventKeys.Primary, unit.Diagnostics.Where(static d => d.IsError)).ConfigureAwait(false);
                    continue;
                }

                await ProcessEventAsync(ctx, e, eventKeys).ConfigureAwait(false);
                await SettlePaymentsAsync(tx, cancellationToken).ConfigureAwait(false);
            }
        }

        Flush();
        await EnqueueWrittenAsync(tx, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Re-runs a quarantined event (a dead-letter replay) as if it were new; its idempotency entry exists already.</summary>
    public async ValueTask<bool> ReplayEventAsync(IStateTransaction tx, CanonicalEvent e, string sourceName, SyncRunReport report, CancellationToken cancellationToken)
    {
        Discard();
        var unit = new InputUnit
        {
            SourceName = sourceName,
            Format = e.Source.Format.ToString().ToLowerInvariant(),
            Label = "replay",
            Key = IdempotencyKey.Derive("replay", e.EventId),
            Events = [e],
            Diagnostics = [],
        };
        var ctx = new UnitContext(tx, new Work(unit, null, Stopwatch.GetTimestamp()), report, Activity.Current?.Id, cancellationToken);
        report.AddReceived();
        var keys = IdempotencyKeys.For(e);
        var before = report.Quarantined + report.DeadLettered;
        await ProcessEventAsync(ctx, e, keys).ConfigureAwait(false);
        await SettlePaymentsAsync(tx, cancellationToken).ConfigureAwait(false);
        Flush();
        await EnqueueWrittenAsync(tx, cancellationToken).ConfigureAwait(false);
        return report.Quarantined + report.DeadLettered == before;
    }

    /// <summary>Dead-letters a unit that could not be processed (or read), with a reference to re-read it.</summary>
    public static async ValueTask<DeadLetter> DeadLetterUnitAsync(IStateTransaction tx, InputUnit unit, SyncInput? input, string code, string reason, CancellationToken cancellationToken)
    {
        var codes = unit.Diagnostics.Where(static d => d.IsError).Select(static d => d.Code).Prepend(code).Distinct(StringComparer.Ordinal).ToArray();
        var request = new DeadLetterRequest(
            unit.Key,
            null,
            reason,
            EquatableArray.Create<string>(codes),
            new BusinessContext { SourceName = unit.SourceName, Position = unit.Position, Format = FormatOf(unit.Format) },
            SourceReference(unit, input),
            SourceReferencePayloadType);
        return await tx.DeadLetters.AddAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The payload of a source reference: where to read a unit again.</summary>
    public static byte[] SourceReference(InputUnit unit, SyncInput? input)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", 1);
            writer.WriteString("path", input?.Path);
            writer.WriteString("name", unit.SourceName);
            writer.WriteString("format", unit.Format);
            writer.WriteString("unit", unit.Key.Value);
            writer.WriteString("label", unit.Label);
            writer.WriteString("position", unit.Position);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private async ValueTask NoEventsAsync(UnitContext ctx)
    {
        var unit = ctx.Work.Unit;
        ctx.Report.AddReceived();
        if (unit.HasErrors)
        {
            // An input in no known format carries its own code; a unit its reader could not turn into events gets SYNC-0003.
            var letter = unit.Format == "unknown"
                ? await DeadLetterUnitAsync(ctx.Tx, unit, ctx.Work.Input, unit.Diagnostics[0].Code, unit.Diagnostics[0].Message, ctx.CancellationToken).ConfigureAwait(false)
                : await DeadLetterUnitAsync(ctx.Tx, unit, ctx.Work.Input, SyncDiagnosticCodes.UnitUnreadable, "The unit could not be read into events: " + Codes(unit.Diagnostics) + ".", ctx.CancellationToken).ConfigureAwait(false);
            ctx.Report.AddQuarantined(new SyncQuarantine(unit.SourceName, unit.Position, unit.Label, null, Codes(unit.Diagnostics), letter.Id, letter.Reason));
            telemetry.Quarantined.Add(1, new KeyValuePair<string, object?>("healthfinance.format", unit.Format));
            Log.Quarantined(logger, unit.Format, unit.Label, unit.SourceName, unit.Position, Codes(unit.Diagnostics), letter.Id);
            return;
        }

        ctx.Report.AddNothingToPost();
    }

    private async ValueTask ProcessEventAsync(UnitContext ctx, CanonicalEvent e, EventKeys keys)
    {
        switch (e)
        {
            case ClaimSubmitted claim:
                await ClaimAsync(ctx, claim, keys.Primary).ConfigureAwait(false);
                await DecideAsync(ctx, e, keys.Primary, validator.Decide(e, engine, _history), remittance: null).ConfigureAwait(false);
                break;
            case ClaimStatusReported status:
                if (await StatusAsync(ctx, status, keys.Primary, released: false).ConfigureAwait(false))
                {
                    await DecideAsync(ctx, e, keys.Primary, validator.Decide(e, engine, _history), remittance: null).ConfigureAwait(false);
                }

                break;
            case RemittanceReceived remittance:
                await RemittanceAsync(ctx, remittance, keys.Primary).ConfigureAwait(false);
                break;
            default:
                await DecideAsync(ctx, e, keys.Primary, validator.Decide(e, engine, _history), remittance: null).ConfigureAwait(false);
                break;
        }
    }

    private async ValueTask ClaimAsync(UnitContext ctx, ClaimSubmitted claim, IdempotencyKey key)
    {
        var claimKey = new ClaimKey(claim.Payer, claim.ClaimId);
        var lifecycle = ctx.Tx.Lifecycle;
        // Only a replacement or void (CLM05-3 7 or 8) of a known claim corrects it; anything else submits it.
        var to = claim.ClaimFrequencyCode is "7" or "8" && await lifecycle.FindAsync(new ClaimLookup(claim.ClaimId, claim.Payer), ctx.CancellationToken).ConfigureAwait(false) is not null
            ? ClaimState.Corrected
            : ClaimState.Submitted;
        var applied = await lifecycle.ApplyAsync(new ClaimTransition(claimKey, to, key, claim.OriginalPayerClaimControlNumber, claim.TotalCharge, "CLM05-3 " + claim.ClaimFrequencyCode), ctx.CancellationToken).ConfigureAwait(false);
        if (applied.Outcome is not (TransitionOutcome.Applied or TransitionOutcome.AlreadyApplied))
        {
            LogSkipped(to, applied.Outcome);
        }

        // Whatever waited for this claim runs now, in the order it arrived.
        await ReleaseAsync(ctx, WaitKeys.Claim(claim.ClaimId)).ConfigureAwait(false);
    }

    /// <summary>Moves the claim of a status report; parks the report when the claim is unknown. Returns whether the report was processed (not parked).</summary>
    private async ValueTask<bool> StatusAsync(UnitContext ctx, ClaimStatusReported status, IdempotencyKey key, bool released)
    {
        var claim = await FindClaimAsync(ctx, status.ClaimId, status.Payer, status.PayerClaimControlNumber).ConfigureAwait(false);
        var to = status.IsRejection ? ClaimState.Rejected : status.Action == ClaimStatusAction.Accepted ? ClaimState.Accepted : ClaimState.Acknowledged;
        if (claim is null)
        {
            if (options.UnknownClaims == UnknownClaimPolicy.Park && !released)
            {
                await ParkAsync(ctx, new ParkedItem(ParkedKind.Event, status), key, WaitKeys.Claim(status.ClaimId), SyncDiagnosticCodes.WaitingForClaim, "The claim status report arrived before its claim.", status, status.ClaimId, status.Payer).ConfigureAwait(false);
                await ctx.Tx.Idempotency.SetOutcomeAsync(key, ProcessingStatus.Parked, SyncDiagnosticCodes.WaitingForClaim, ctx.CancellationToken).ConfigureAwait(false);
                return false;
            }

            return true;
        }

        var note = status.CategoryCode + ":" + status.StatusCode;
        var applied = await ctx.Tx.Lifecycle.ApplyAsync(new ClaimTransition(claim.Claim, to, key, status.PayerClaimControlNumber, status.TotalCharge, note), ctx.CancellationToken).ConfigureAwait(false);
        if (applied.Outcome is not (TransitionOutcome.Applied or TransitionOutcome.AlreadyApplied))
        {
            LogSkipped(to, applied.Outcome);
        }

        return true;
    }

    private async ValueTask RemittanceAsync(UnitContext ctx, RemittanceReceived r, IdempotencyKey key)
    {
        ctx.Report.AddClaimPayments(r.Claims.Count);
        var sourceFindings = PostingValidator.ValidateSource(r);
        if (sourceFindings.Any(static d => d.IsError))
        {
            // An unbalanced or unpostable remittance is quarantined whole, before any lifecycle step.
            await DecideAsync(ctx, r, key, validator.DecideMapped(r, sourceFindings, null), remittance: r).ConfigureAwait(false);
            return;
        }

        await LoadOriginalsAsync(ctx, r).ConfigureAwait(false);
        var claimKeys = IdempotencyKeys.ForClaimPayments(r);
        var parked = new bool[r.Claims.Count];
        for (var i = 0; i < r.Claims.Count; i++)
        {
            var claim = r.Claims[i];
            if (claim.Status.IsReversal && !HasOriginal(r, i))
            {
                parked[i] = true;
                var single = r with { Claims = [claim], ProviderAdjustments = [] };
                await ParkAsync(ctx, new ParkedItem(ParkedKind.Reversal, single), claimKeys[i], WaitKeys.Payment(r.Payer, claim.ClaimId, claim.PayerClaimControlNumber), SyncDiagnosticCodes.WaitingForOriginalPayment, "The reversal arrived before the payment it reverses.", r, claim.ClaimId, r.Payer).ConfigureAwait(false);
            }

            await PaymentLifecycleAsync(ctx, r, claim, claimKeys[i]).ConfigureAwait(false);
        }

        var toPost = parked.Contains(true) ? r with { Claims = [.. r.Claims.Where((_, i) => !parked[i])] } : r;
        var before = KeptInHistory();
        var decision = validator.DecideMapped(r, sourceFindings, engine.Post(toPost, _history));
        AfterDecision(before, decision);
        await DecideAsync(ctx, r, key, decision, remittance: r).ConfigureAwait(false);

        if (decision.Outcome == PostingOutcome.Post)
        {
            await KeepPostedAsync(ctx, toPost).ConfigureAwait(false);

            // Reversals that waited for a payment of one of these claims can now mirror it.
            foreach (var claim in toPost.Claims.Where(static c => !c.Status.IsReversal && !c.Status.IsDenial).DistinctBy(static c => (c.ClaimId, c.PayerClaimControlNumber)))
            {
                await ReleaseAsync(ctx, WaitKeys.Payment(r.Payer, claim.ClaimId, claim.PayerClaimControlNumber)).ConfigureAwait(false);
                if (claim.PayerClaimControlNumber is not null)
                {
                    await ReleaseAsync(ctx, WaitKeys.Payment(r.Payer, claim.ClaimId, null)).ConfigureAwait(false);
                }
            }
        }
    }

    // A reversal can mirror its original when the history (or an earlier claim of the same remittance) holds it.
    private bool HasOriginal(RemittanceReceived r, int index)
    {
        var reversal = r.Claims[index];
        bool Matches(PayerId payer, ClaimPayment p) => payer == r.Payer && p.ClaimId == reversal.ClaimId && !p.Status.IsReversal
            && (p.PayerClaimControlNumber is null || reversal.PayerClaimControlNumber is null || p.PayerClaimControlNumber == reversal.PayerClaimControlNumber);
        for (var i = 0; i < index; i++)
        {
            if (Matches(r.Payer, r.Claims[i]) && !r.Claims[i].Status.IsDenial)
            {
                return true;
            }
        }

        return _history.HasOriginal(r.Payer, reversal);
    }

    private async ValueTask PaymentLifecycleAsync(UnitContext ctx, RemittanceReceived r, ClaimPayment claim, IdempotencyKey key)
    {
        if (claim.Status == ClaimStatusCode.PredeterminationPricingOnly)
        {
            return;
        }

        var to = claim.Status.IsReversal ? ClaimState.Reversed
            : claim.Status.IsDenial || (claim.Paid.IsZero && !claim.TotalCharge.IsZero) ? ClaimState.Denied
            : claim.Paid < claim.TotalCharge ? ClaimState.PartiallyPaid
            : ClaimState.Paid;
        // The claim is usually known under the remittance's payer: apply directly, and look it up another way only if not.
        var note = "CLP02 " + claim.Status.Value;
        var direct = await ctx.Tx.Lifecycle.ApplyAsync(new ClaimTransition(new ClaimKey(r.Payer, claim.ClaimId), to, key, claim.PayerClaimControlNumber, claim.Paid, note), ctx.CancellationToken).ConfigureAwait(false);
        if (direct.Outcome != TransitionOutcome.UnknownClaim)
        {
            if (direct.Outcome is not (TransitionOutcome.Applied or TransitionOutcome.AlreadyApplied))
            {
                LogSkipped(to, direct.Outcome);
            }

            return;
        }

        var found = await FindClaimAsync(ctx, claim.ClaimId, r.Payer, claim.PayerClaimControlNumber).ConfigureAwait(false);
        if (found is null)
        {
            if (options.UnknownClaims == UnknownClaimPolicy.Park)
            {
                var marker = new ParkedItem(ParkedKind.Lifecycle, r with { Claims = [claim], ProviderAdjustments = [] }, to, key.Value, claim.PayerClaimControlNumber?.Value, claim.Paid, "CLP02 " + claim.Status.Value);
                await ParkAsync(ctx, marker, IdempotencyKey.Derive("lifecycle", key.Value), WaitKeys.Claim(claim.ClaimId), SyncDiagnosticCodes.WaitingForClaim, "The payment posted before its claim arrived; its lifecycle step waits for the claim.", r, claim.ClaimId, r.Payer).ConfigureAwait(false);
            }

            return;
        }

        await ApplyPaymentAsync(ctx, found.Claim, to, key, claim.PayerClaimControlNumber, claim.Paid, note).ConfigureAwait(false);
    }

    private async ValueTask ApplyPaymentAsync(UnitContext ctx, ClaimKey claim, ClaimState to, IdempotencyKey causedBy, PayerClaimControlNumber? pccn, Money? amount, string? note)
    {
        var applied = await ctx.Tx.Lifecycle.ApplyAsync(new ClaimTransition(claim, to, causedBy, pccn, amount, note), ctx.CancellationToken).ConfigureAwait(false);
        if (applied.Outcome is not (TransitionOutcome.Applied or TransitionOutcome.AlreadyApplied))
        {
            LogSkipped(to, applied.Outcome);
        }
    }

    private void LogSkipped(ClaimState to, TransitionOutcome outcome)
    {
        Log.LifecycleSkipped(logger, to, outcome);
    }

    private static async ValueTask<ClaimRecord?> FindClaimAsync(UnitContext ctx, PatientControlNumber claimId, PayerId? payer, PayerClaimControlNumber? pccn)
    {
        var lifecycle = ctx.Tx.Lifecycle;
        return await lifecycle.FindAsync(new ClaimLookup(claimId, payer, pccn), ctx.CancellationToken).ConfigureAwait(false)
            ?? (payer is null ? null : await lifecycle.FindAsync(new ClaimLookup(claimId), ctx.CancellationToken).ConfigureAwait(false));
    }

    private async ValueTask ParkAsync(UnitContext ctx, ParkedItem item, IdempotencyKey inputKey, IdempotencyKey waitFor, string code, string reason, CanonicalEvent source, PatientControlNumber claimId, PayerId? payer)
    {
        var context = new BusinessContext
        {
            ClaimId = claimId.Value,
            PayerId = payer?.Value,
            Format = source.Source.Format,
            SourceName = source.Source.FileName ?? ctx.Work.Unit.SourceName,
            Position = source.Source.Position ?? ctx.Work.Unit.Position,
        };
        var request = new ParkRequest(inputKey, item.Kind == ParkedKind.Lifecycle ? "claim-lifecycle" : TypeName(item.Event), waitFor, code + ": " + reason, item.Serialize(), context, options.ParkingExpiry);
        if (await ctx.Tx.Parking.ParkAsync(request, ctx.CancellationToken).ConfigureAwait(false))
        {
            ctx.Report.AddParked(inputKey.Value);
            telemetry.Parked.Add(1, new KeyValuePair<string, object?>("healthfinance.parked_kind", item.Kind.ToString()));
            Log.Parked(logger, item.Kind, ctx.Work.Unit.SourceName, code);
        }
    }

    private async ValueTask ReleaseAsync(UnitContext ctx, IdempotencyKey waitKey)
    {
        var released = await ctx.Tx.Parking.ReleaseAsync(waitKey, ctx.CancellationToken).ConfigureAwait(false);
        if (released.Count == 0)
        {
            return;
        }

        Log.Released(logger, released.Count);
        foreach (var parked in released)
        {
            var item = ParkedItem.Deserialize(parked.Payload.Span);
            if (item is { Kind: ParkedKind.Reversal, Event: RemittanceReceived parkedReversal })
            {
                await LoadOriginalsAsync(ctx, parkedReversal).ConfigureAwait(false);
            }

            if (item is { Kind: ParkedKind.Reversal, Event: RemittanceReceived waiting } && !HasOriginal(waiting, 0))
            {
                // Released by another payment of the claim (a correction, another payer claim control number): it waits on.
                await ctx.Tx.Parking.ParkAsync(new ParkRequest(parked.InputKey, parked.EventType, parked.WaitingFor, parked.Reason, parked.Payload, parked.Context, parked.ExpiresAt - timeProvider.GetUtcNow()), ctx.CancellationToken).ConfigureAwait(false);
                continue;
            }

            ctx.Report.AddReleased(parked.InputKey.Value);
            switch (item.Kind)
            {
                case ParkedKind.Event when item.Event is ClaimStatusReported status:
                    await StatusAsync(ctx, status, parked.InputKey, released: true).ConfigureAwait(false);
                    var decision = validator.Decide(status, engine, _history);
                    await DecideAsync(ctx, status, parked.InputKey, decision, remittance: null).ConfigureAwait(false);
                    break;
                case ParkedKind.Event:
                    await ProcessEventAsync(ctx, item.Event, IdempotencyKeys.For(item.Event)).ConfigureAwait(false);
                    break;
                case ParkedKind.Reversal when item.Event is RemittanceReceived single:
                    var kept = KeptInHistory();
                    var reversal = validator.DecideMapped(single, [], engine.Post(single, _history));
                    AfterDecision(kept, reversal);
                    await PostReleasedAsync(ctx, single, parked.InputKey, reversal).ConfigureAwait(false);
                    break;
                case ParkedKind.Lifecycle when item.Event is RemittanceReceived single && item.To is { } to:
                    var claim = single.Claims[0];
                    var found = await FindClaimAsync(ctx, claim.ClaimId, single.Payer, claim.PayerClaimControlNumber).ConfigureAwait(false);
                    if (found is not null)
                    {
                        await ApplyPaymentAsync(ctx, found.Claim, to, IdempotencyKey.Parse(item.CausedBy!), claim.PayerClaimControlNumber, item.Amount, item.Note).ConfigureAwait(false);
                    }

                    break;
                default:
                    throw new InvalidDataException($"The parked item {parked.InputKey} holds a {item.Kind} payload this version cannot run.");
            }
        }
    }

    private async ValueTask PostReleasedAsync(UnitContext ctx, RemittanceReceived single, IdempotencyKey key, PostingDecision decision)
    {
        if (decision.Outcome == PostingOutcome.Post)
        {
            var lines = Enqueue(ctx, key, decision.Entries);
            ctx.Report.AddJournals(decision.Entries.Count, lines);
            ctx.Report.AddVariance(-CashApplied(decision, single));
            return;
        }

        if (decision.Outcome == PostingOutcome.Quarantine)
        {
            await QuarantineAsync(ctx, single, key, decision.Reasons).ConfigureAwait(false);
        }
    }

    private async ValueTask DecideAsync(UnitContext ctx, CanonicalEvent e, IdempotencyKey key, PostingDecision decision, RemittanceReceived? remittance)
    {
        switch (decision.Outcome)
        {
            case PostingOutcome.Post:
                // The input was recorded as Accepted ("postings waiting in the outbox"); delivery marks it Posted.
                var lines = Enqueue(ctx, key, decision.Entries);
                ctx.Report.AddPosted(decision.Entries.Count, lines);
                telemetry.Posted.Add(1, Tags(ctx.Work.Unit, e));
                break;
            case PostingOutcome.Quarantine:
                await QuarantineAsync(ctx, e, key, decision.Reasons).ConfigureAwait(false);
                break;
            default:
                ctx.Report.AddNothingToPost();
                await ctx.Tx.Idempotency.SetOutcomeAsync(key, ProcessingStatus.NoPosting, decision.Findings.Count > 0 ? decision.Findings[0].Code : null, ctx.CancellationToken).ConfigureAwait(false);
                break;
        }

        if (remittance is not null)
        {
            var variance = remittance.Payment.Amount.Amount - (decision.Outcome == PostingOutcome.Post ? CashApplied(decision, remittance) : 0m);
            ctx.Report.AddVariance(variance);
            telemetry.ReconciliationVariance.Record((double)variance, new KeyValuePair<string, object?>("healthfinance.currency", remittance.Currency.Value));
        }
    }

    // The cash a remittance's posted journals applied: what the reconciliation checkpoint counts as posted.
    private static decimal CashApplied(PostingDecision decision, RemittanceReceived remittance)
    {
        var checkpoint = new ReconciliationCheckpoint();
        checkpoint.Add(decision);
        return checkpoint.Report().Remittances.Where(x => x.EventId == remittance.EventId).Sum(static x => x.Posted);
    }

    private async ValueTask QuarantineAsync(UnitContext ctx, CanonicalEvent e, IdempotencyKey key, IEnumerable<Diagnostic> reasons)
    {
        var errors = reasons.ToList();
        var codes = errors.Select(static d => d.Code).Distinct(StringComparer.Ordinal).ToArray();
        var reason = "Quarantined: " + string.Join(", ", codes) + (errors.Count > 0 ? " (" + Truncate(errors[0].Message, 300) + ")" : string.Empty);
        var unit = ctx.Work.Unit;
        var request = new DeadLetterRequest(
            key,
            TypeName(e),
            reason,
            EquatableArray.Create<string>(codes),
            ContextOf(e, unit),
            CanonicalJson.SerializeToUtf8Bytes(e),
            EventPayloadType);
        var letter = await ctx.Tx.DeadLetters.AddAsync(request, ctx.CancellationToken).ConfigureAwait(false);
        await ctx.Tx.Idempotency.SetOutcomeAsync(key, ProcessingStatus.DeadLettered, letter.Id, ctx.CancellationToken).ConfigureAwait(false);
        ctx.Report.AddQuarantined(new SyncQuarantine(unit.SourceName, e.Source.Position ?? unit.Position, unit.Label, TypeName(e), string.Join(",", codes), letter.Id, reason));
        telemetry.Quarantined.Add(1, Tags(unit, e));
        Log.Quarantined(logger, unit.Format, unit.Label, unit.SourceName, e.Source.Position ?? unit.Position, string.Join(",", codes), letter.Id);
    }

    private int Enqueue(UnitContext ctx, IdempotencyKey inputKey, IReadOnlyList<JournalEntry> journals)
    {
        var lines = 0;
        foreach (var journal in journals)
        {
            lines += journal.Lines.Count;
        }

        if (journals.Count > options.MaxJournalsPerMessage)
        {
            // More than one message holds: the input's own messages, part by part.
            var chunks = (journals.Count + options.MaxJournalsPerMessage - 1) / options.MaxJournalsPerMessage;
            for (var c = 0; c < chunks; c++)
            {
                var part = journals.Skip(c * options.MaxJournalsPerMessage).Take(options.MaxJournalsPerMessage).ToList();
                var header = new OutboxHeader([inputKey.Value], c + 1, chunks, ctx.ActivityId is { } activity ? [activity] : [], timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
                StartWriting(OutboxHeader.MessageKey(inputKey, c + 1), header, part);
            }

            return lines;
        }

        // Inputs of one transaction share messages; an input's journals never straddle two of them.
        if (_pendingJournals + journals.Count > options.MaxJournalsPerMessage)
        {
            Flush();
        }

        _pending.Add((inputKey, journals, ctx.ActivityId));
        _pendingJournals += journals.Count;
        return lines;
    }

    /// <summary>Makes the journals waiting to share a message into one message (enqueued with the transaction's others).</summary>
    private void Flush()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var inputs = _pending.Select(static p => p.Input.Value).ToList();
        var journals = new List<JournalEntry>(_pendingJournals);
        foreach (var (_, part, _) in _pending)
        {
            journals.AddRange(part);
        }

        var activities = _pending.Select(static p => p.Activity).OfType<string>().Distinct(StringComparer.Ordinal).Take(64).ToList();
        var header = new OutboxHeader(inputs, 1, 1, activities, timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        _pending.Clear();
        _pendingJournals = 0;
        StartWriting(OutboxHeader.SharedKey(inputs), header, journals);
    }

    // The payload (canonical JSON, compressed) is written on a thread-pool thread while the next units are processed.
    private void StartWriting(IdempotencyKey key, OutboxHeader header, IReadOnlyList<JournalEntry> journals)
        => _messages.Add(new OutboxDraft(key, header, journals, Task.Run(() => OutboxHeader.Write(header, journals))));

    /// <summary>Enqueues the messages of the transaction, in the order they were made, once their payloads are written.</summary>
    private async ValueTask EnqueueWrittenAsync(IStateTransaction tx, CancellationToken cancellationToken)
    {
        foreach (var message in _messages)
        {
            var payload = await message.Payload.ConfigureAwait(false);
            message.Inserted = await tx.Outbox.EnqueueAsync(new OutboxMessage(message.Key, options.Destination, OutboxPayloadType, payload), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Hands the messages of the transaction that just committed to the deliverer of this process.</summary>
    /// <param name="handoff">Where the deliverer looks for them.</param>
    public void Committed(OutboxJournalHandoff handoff)
    {
        foreach (var message in _messages.Where(static m => m.Inserted))
        {
            handoff.Publish(message.Key, message.Header, message.Journals);
        }

        _messages.Clear();
    }

    /// <summary>Forgets the journals and messages of a transaction that rolled back (or of one not handed over).</summary>
    public void Discard()
    {
        _taken.Clear();
        _kept.Clear();
        _loaded.Clear();
        _history.ForgetClaimsAndPayments();
        _pending.Clear();
        _pendingJournals = 0;
        _messages.Clear();
    }

    // Replays an input seen before into what the posting history keeps for the whole run: the facility of a patient
    // account (from a charge or an account context), by which later payments and adjustments of the account resolve
    // their legal entity. Remittances and claims are not replayed: the state store holds their payments and claims.
    private void Warm(CanonicalEvent e)
    {
        if (e is ChargeCaptured or AccountContextUpdated)
        {
            engine.Post(e, _history);
        }
    }

    // Loads into the posting history the kept payments that the reversals of a remittance may mirror (once per claim
    // and event): each is the single-claim remittance that posted it (canonical JSON, zlib), posted again into the
    // history only.
    private async ValueTask LoadOriginalsAsync(UnitContext ctx, RemittanceReceived r)
    {
        foreach (var claim in r.Claims)
        {
            var claimKey = new ClaimKey(r.Payer, claim.ClaimId);
            if (!claim.Status.IsReversal || !_loaded.Add(claimKey))
            {
                continue;
            }

            foreach (var kept in await ctx.Tx.Payments.FindAsync(claimKey, ctx.CancellationToken).ConfigureAwait(false))
            {
                if (CanonicalJson.Deserialize(Zlib.Decompress(kept.Payload).WrittenSpan) is not RemittanceReceived { Claims: [var paid] } original)
                {
                    throw new InvalidDataException($"The kept claim payment {kept.PaymentKey} is not a single-claim remittance.");
                }

                engine.Post(original, _history);
                if (Recorded(r.Payer, paid) is { } posted)
                {
                    _kept[posted] = kept.PaymentKey;
                }
            }
        }
    }

    // Keeps in the store the claim payments a posted remittance recorded in the history, for the reversals of later
    // events and runs.
    private async ValueTask KeepPostedAsync(UnitContext ctx, RemittanceReceived posted)
    {
        foreach (var claim in posted.Claims)
        {
            if (claim.Status.IsReversal || Recorded(posted.Payer, claim) is not { } payment || _kept.ContainsKey(payment))
            {
                continue;
            }

            var key = IdempotencyKey.Derive("claim-payment", payment.Journal.IdempotencyKey);
            var single = posted with { Claims = [claim], ProviderAdjustments = [] };
            var payload = Zlib.Compress(CanonicalJson.SerializeToUtf8Bytes(single));
            var record = new ClaimPaymentRecord(new ClaimKey(posted.Payer, claim.ClaimId), key, claim.PayerClaimControlNumber, payload);
            await ctx.Tx.Payments.KeepAsync(record, ctx.CancellationToken).ConfigureAwait(false);
            _kept[payment] = key;
        }
    }

    // The kept payments in the history now (a reversal that is posted takes its original out of it).
    private List<PostedClaimPayment> KeptInHistory() => [.. _kept.Keys.Where(InHistory)];

    private bool InHistory(PostedClaimPayment payment) => ReferenceEquals(Recorded(payment.Payer, payment.Claim), payment);

    // The payment the history recorded (and holds still) for this very claim payment of a payer's remittance.
    private PostedClaimPayment? Recorded(PayerId payer, ClaimPayment claim)
        => _history.PaymentsOf(payer, claim.ClaimId).FirstOrDefault(p => ReferenceEquals(p.Claim, claim));

    // After a posting decision: the kept payments its reversals took are to be forgotten in the store when it posts;
    // when it does not (quarantined), they go back into the history and stay kept for the replay.
    private void AfterDecision(List<PostedClaimPayment> before, PostingDecision decision)
    {
        foreach (var payment in before.Where(p => !InHistory(p)))
        {
            if (decision.Outcome == PostingOutcome.Post)
            {
                _taken.Add(_kept[payment]);
            }
            else
            {
                _history.Record(payment);
            }
        }
    }

    // Once an event is done: the kept payments its posted reversals took are forgotten in the store too, and the
    // history forgets its payments.
    private async ValueTask SettlePaymentsAsync(IStateTransaction tx, CancellationToken cancellationToken)
    {
        foreach (var key in _taken)
        {
            await tx.Payments.ForgetAsync(key, cancellationToken).ConfigureAwait(false);
        }

        _taken.Clear();
        _kept.Clear();
        _loaded.Clear();
        _history.ForgetClaimsAndPayments();
    }

    private static BusinessContext ContextOf(CanonicalEvent e, InputUnit unit)
    {
        var context = new BusinessContext { Format = e.Source.Format, SourceName = e.Source.FileName ?? unit.SourceName, Position = e.Source.Position ?? unit.Position };
        return e switch
        {
            RemittanceReceived r => context with { PayerId = r.Payer.Value, Amount = r.Payment.Amount },
            ClaimSubmitted c => context with { ClaimId = c.ClaimId.Value, PayerId = c.Payer.Value, Amount = c.TotalCharge },
            ClaimStatusReported s => context with { ClaimId = s.ClaimId.Value, PayerId = s.Payer?.Value },
            PatientPaymentReceived p => context with { Amount = p.Amount },
            RefundIssued refund => context with { Amount = refund.Amount },
            _ => context,
        };
    }

    private static SourceFormat? FormatOf(string format) => format switch
    {
        "x12" => SourceFormat.X12,
        "hl7v2" => SourceFormat.Hl7v2,
        "fhir" => SourceFormat.Fhir,
        "payments" => SourceFormat.Payment,
        _ => null,
    };

    internal static string TypeName(CanonicalEvent e) => e switch
    {
        RemittanceReceived => "remittance",
        ClaimSubmitted => "claim",
        ClaimStatusReported => "claim-status",
        AcknowledgmentReceived => "ack",
        ChargeCaptured => "charge",
        AccountAdjusted => "account-adjustment",
        AccountContextUpdated => "account-context",
        PatientPaymentReceived => "patient-payment",
        RefundIssued => "refund",
        JournalEntry => "journal",
        PostingAcknowledged => "posting-ack",
        _ => e.GetType().Name,
    };

    private static TagList Tags(InputUnit unit, CanonicalEvent e) => new()
    {
        { "healthfinance.format", unit.Format },
        { "healthfinance.event_type", TypeName(e) },
    };

    internal static string Codes(IEnumerable<Diagnostic> findings) => string.Join(", ", findings.Where(static d => d.IsError).Select(static d => d.Code).Distinct(StringComparer.Ordinal));

    private static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");

    private sealed class UnitContext(IStateTransaction tx, Work work, SyncRunReport report, string? activityId, CancellationToken cancellationToken)
    {
        public IStateTransaction Tx => tx;

        public Work Work => work;

        public SyncRunReport Report => report;

        public string? ActivityId => activityId;

        public CancellationToken CancellationToken => cancellationToken;
    }

    /// <summary>An outbox message of the current transaction: its payload being written, and whether its enqueue inserted a row.</summary>
    private sealed record OutboxDraft(IdempotencyKey Key, OutboxHeader Header, IReadOnlyList<JournalEntry> Journals, Task<byte[]> Payload)
    {
        // Only a new row holds these journals: a row already there under the key may hold others.
        public bool Inserted { get; set; }
    }
}
