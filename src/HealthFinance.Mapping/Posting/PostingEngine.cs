using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;
using HealthFinance.Mapping.Rules;

namespace HealthFinance.Mapping.Posting;

/// <summary>Options of the <see cref="PostingEngine"/>.</summary>
public sealed record PostingEngineOptions
{
    /// <summary>
    /// When <see langword="true"/> and a <see cref="ClaimPaymentHistory"/> is given, a claim payment for a claim the
    /// history does not know (never submitted, never paid) moves its cash effect to <c>suspense</c> instead of payer AR.
    /// </summary>
    /// <value>Default <see langword="false"/>: remittances post against payer AR by claim reference.</value>
    public bool RequireKnownClaim { get; init; }
}

/// <summary>
/// Turns canonical events into journal drafts with the rule set in force on each event's accounting date
/// (DOMAIN event → debit/credit → dimensions table). Deterministic: the same event and rule version give the same
/// journals, line order and ids. Thread-safe when each caller uses its own <see cref="ClaimPaymentHistory"/>.
/// </summary>
public sealed class PostingEngine
{
    private readonly RuleSetCatalog _catalog;
    private readonly PostingEngineOptions _options;

    /// <summary>Creates the engine.</summary>
    /// <param name="catalog">The rule set versions.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is <see langword="null"/>.</exception>
    public PostingEngine(RuleSetCatalog catalog, PostingEngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
        _options = options ?? new PostingEngineOptions();
    }

    /// <summary>Posts one canonical event.</summary>
    /// <param name="sourceEvent">The event.</param>
    /// <param name="history">The claims and payments seen so far (reversals need it), or <see langword="null"/> for none.</param>
    /// <returns>The journal drafts and findings.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sourceEvent"/> is <see langword="null"/>.</exception>
    public PostingResult Post(CanonicalEvent sourceEvent, ClaimPaymentHistory? history = null)
    {
        ArgumentNullException.ThrowIfNull(sourceEvent);
        var run = new Run(this, sourceEvent, sourceEvent.Source, sourceEvent.EventId, sourceEvent.CorrelationId, history);
        run.Execute(sourceEvent);
        return new PostingResult(sourceEvent, sourceEvent.EventId, run.Rules?.Version, run.Journals, run.Diagnostics);
    }

    /// <summary>Posts a deposit matched to a remittance: cash / cash-clearing for the deposited amount.</summary>
    /// <param name="deposit">The deposit.</param>
    /// <returns>The journal draft and findings.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="deposit"/> is <see langword="null"/>.</exception>
    public PostingResult PostDeposit(DepositMatch deposit)
    {
        ArgumentNullException.ThrowIfNull(deposit);
        var source = new SourceReference { Format = SourceFormat.Payment, MessageControlId = deposit.DepositId };
        var run = new Run(this, null, source, "deposit:" + deposit.DepositId, null, null);
        run.ExecuteDeposit(deposit);
        return new PostingResult(null, run.EventId, run.Rules?.Version, run.Journals, run.Diagnostics);
    }

    /// <summary>Derives the journal id from an idempotency key and a rule set version (SHA-256, hexadecimal).</summary>
    /// <param name="idempotencyKey">The idempotency key.</param>
    /// <param name="ruleSetVersion">The rule set version.</param>
    /// <returns>The journal id, <c>J-</c> followed by 32 hexadecimal digits.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static string JournalIdOf(string idempotencyKey, string ruleSetVersion)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        ArgumentNullException.ThrowIfNull(ruleSetVersion);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey + "\n" + ruleSetVersion));
        return "J-" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    /// <summary>The source identity of an event: envelope ids (or message id, or event id) and position.</summary>
    /// <param name="sourceEvent">The event.</param>
    /// <returns>The identity every idempotency key of the event starts with.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sourceEvent"/> is <see langword="null"/>.</exception>
    public static string SourceIdentityOf(CanonicalEvent sourceEvent)
    {
        ArgumentNullException.ThrowIfNull(sourceEvent);
        var s = sourceEvent.Source;
        var identity = s.InterchangeControlNumber is not null || s.TransactionSetControlNumber is not null
            ? $"{s.Format}:{s.InterchangeControlNumber}:{s.GroupControlNumber}:{s.TransactionSetControlNumber}"
            : s.MessageControlId is not null
                ? $"{s.Format}:{s.MessageControlId}"
                : $"{s.Format}:event:{sourceEvent.EventId}";
        return s.Position is null ? identity : identity + "@" + s.Position;
    }

    private sealed record Organization(LegalEntityRules Entity, string? Facility, string? CostCenter);

    private sealed class Run(PostingEngine engine, CanonicalEvent? sourceEvent, SourceReference source, string eventId, CorrelationId? correlationId, ClaimPaymentHistory? history)
    {
        private readonly string _identity = sourceEvent is null ? $"{source.Format}:event:{eventId}" : SourceIdentityOf(sourceEvent);

        public SourceReference Source => source;

        public string EventId => eventId;

        public CorrelationId? CorrelationId => correlationId;

        public RuleSet? Rules { get; private set; }

        public List<JournalDraft> Journals { get; } = [];

        public List<Diagnostic> Diagnostics { get; } = [];

        public void Execute(CanonicalEvent e)
        {
            switch (e)
            {
                case RemittanceReceived r:
                    if (Select(r.Payment.PaymentDate))
                    {
                        PostRemittance(r);
                    }

                    break;
                case ChargeCaptured c:
                    if (Select(c.OccurredAt is { } at ? DateOnly.FromDateTime(at.DateTime) : c.Lines.Max(l => l.ServiceDate)))
                    {
                        PostCharge(c);
                    }

                    break;
                case ClaimSubmitted claim:
                    var claimDate = claim.OccurredAt is { } when ? DateOnly.FromDateTime(when.DateTime) : claim.Lines.Select(l => l.ServiceDate).Max();
                    if (claimDate is null)
                    {
                        Finding(MappingDiagnosticCodes.NoAccountingDate, DiagnosticSeverity.Error, "The claim has neither an occurrence date nor service dates to take the accounting date from.");
                    }
                    else if (Select(claimDate.Value))
                    {
                        PostClaim(claim);
                    }

                    break;
                case PatientPaymentReceived p:
                    if (p.Settlement is SettlementStatus.Failed or SettlementStatus.Voided)
                    {
                        Finding(MappingDiagnosticCodes.NoLedgerEffect, DiagnosticSeverity.Information, $"The patient payment is {p.Settlement.ToString().ToUpperInvariant()}; it moves no money.");
                    }
                    else if (Select(p.PostingDate))
                    {
                        PostPatientPayment(p);
                    }

                    break;
                case RefundIssued refund:
                    if (Select(refund.IssueDate))
                    {
                        PostRefund(refund);
                    }

                    break;
                case AccountAdjusted adjustment:
                    if (Select(adjustment.PostingDate))
                    {
                        PostAccountAdjustment(adjustment);
                    }

                    break;
                case AccountContextUpdated context:
                    if (context.Facility is { } facility)
                    {
                        history?.RecordAccountFacility(context.Account, facility);
                    }

                    Finding(MappingDiagnosticCodes.NoLedgerEffect, DiagnosticSeverity.Information, $"A {e.GetType().Name} event has no general-ledger effect.");
                    break;
                case ClaimStatusReported:
                case AcknowledgmentReceived:
                case JournalEntry:
                case PostingAcknowledged:
                    Finding(MappingDiagnosticCodes.NoLedgerEffect, DiagnosticSeverity.Information, $"A {e.GetType().Name} event has no general-ledger effect.");
                    break;
                default:
                    Finding(MappingDiagnosticCodes.NoLedgerEffect, DiagnosticSeverity.Information, $"The event type {e.GetType().Name} has no posting rule.");
                    break;
            }
        }

        public void ExecuteDeposit(DepositMatch deposit)
        {
            if (!Select(deposit.EffectiveDate) || EntityById(deposit.LegalEntity) is not { } entity)
            {
                return;
            }

            var journal = new Builder(this, entity, deposit.Amount.Currency);
            journal.Add(PatternNames.Deposit, deposit.Amount, new PostingDimensions { LegalEntity = entity.Id }, new PostingReferences { TraceNumber = deposit.TraceNumber }, "deposit matched on TRN02");
            journal.Complete($"deposit:{deposit.TraceNumber}:{deposit.OriginatingCompanyId}:{deposit.DepositId}", deposit.EffectiveDate, "Deposit matched to remittance");
        }

        private bool Select(DateOnly accountingDate)
        {
            if (engine._catalog.TrySelect(accountingDate, out var rules))
            {
                Rules = rules;
                return true;
            }

            Finding(MappingDiagnosticCodes.NoRuleSetInForce, DiagnosticSeverity.Error, $"No rule set version is in force on the accounting date {accountingDate:yyyy-MM-dd}.");
            return false;
        }

        private void Finding(string code, DiagnosticSeverity severity, string message, string? where = null)
        {
            var position = source.Position is null ? where : where is null ? source.Position : source.Position + "/" + where;
            Diagnostics.Add(new Diagnostic(code, severity, message, new SourceLocation { Path = position, SegmentIndex = source.SegmentIndex }, isRecoverable: severity != DiagnosticSeverity.Error));
        }

        private LegalEntityRules? EntityById(string id, string? where = null)
        {
            if (Rules!.LegalEntities.TryGetValue(id, out var entity))
            {
                return entity;
            }

            Finding(MappingDiagnosticCodes.LegalEntityUnmapped, DiagnosticSeverity.Error, $"Missing mapping row legalEntities[id={id}] in rule set {Rules.Version}.", where);
            return null;
        }

        // Resolves the organization through the given tables, in order; names every row it tried when none matches.
        private Organization? ResolveOrganization(params (string Table, string? Key)[] candidates)
        {
            var tried = new List<string>();
            foreach (var (table, key) in candidates)
            {
                if (key is null)
                {
                    continue;
                }

                if (table == "legalEntities")
                {
                    if (Rules!.LegalEntities.TryGetValue(key, out var direct))
                    {
                        return new Organization(direct, null, null);
                    }
                }
                else
                {
                    var rows = table switch
                    {
                        "facilities" => Rules!.Tables.Facilities,
                        "providers" => Rules!.Tables.Providers,
                        _ => Rules!.Tables.TaxIds,
                    };
                    if (rows.TryGetValue(key, out var row))
                    {
                        return new Organization(Rules.LegalEntities[row.LegalEntity], row.Facility ?? (table == "facilities" ? row.Id : null), row.CostCenter);
                    }
                }

                tried.Add($"{table}[id={key}]");
            }

            Finding(
                MappingDiagnosticCodes.LegalEntityUnmapped,
                DiagnosticSeverity.Error,
                tried.Count == 0
                    ? "The event names no facility, provider, tax id or legal entity to resolve its legal entity from."
                    : $"Missing mapping row {string.Join(" or ", tried)} in rule set {Rules!.Version}: the legal entity cannot be resolved.");
            return null;
        }

        private string? PayerClass(PayerId payer, string? claimFilingIndicator, string? where)
        {
            if (Rules!.Tables.FindPayerClass(payer.Value, claimFilingIndicator) is { } payerClass)
            {
                return payerClass;
            }

            Finding(MappingDiagnosticCodes.PayerUnmapped, DiagnosticSeverity.Error, $"Missing mapping row payers[payer={payer.Value}, claimFilingIndicator={claimFilingIndicator ?? "*"}] in rule set {Rules.Version}.", where);
            return null;
        }

        private ServiceCodeRow? ServiceCode(string? revenueCode, ChargeCode? procedure, string where)
        {
            if (revenueCode is not null && Rules!.Tables.RevenueCodes.TryGetValue(revenueCode, out var byRevenue))
            {
                return byRevenue;
            }

            if (procedure is not null && Rules!.Tables.ProcedureCodes.TryGetValue(procedure.Code, out var byProcedure))
            {
                return byProcedure;
            }

            var rows = new List<string>();
            if (revenueCode is not null)
            {
                rows.Add($"revenueCodes[code={revenueCode}]");
            }

            if (procedure is not null)
            {
                rows.Add($"procedureCodes[code={procedure.Code}]");
            }

            Finding(MappingDiagnosticCodes.ServiceCodeUnmapped, DiagnosticSeverity.Error, $"Missing mapping row {string.Join(" or ", rows)} in rule set {Rules!.Version}.", where);
            return null;
        }

        private string? Category(ClaimAdjustment adjustment, string where)
        {
            var group = GroupCode(adjustment.Group);
            if (Rules!.Tables.FindAdjustmentCategory(group, adjustment.ReasonCode) is { } category)
            {
                return category;
            }

            Finding(MappingDiagnosticCodes.AdjustmentReasonUnmapped, DiagnosticSeverity.Error, $"Missing mapping row adjustmentReasons[group={group}, reason={adjustment.ReasonCode}] in rule set {Rules.Version}.", where);
            return null;
        }

        private static string GroupCode(AdjustmentGroupCode group) => group switch
        {
            AdjustmentGroupCode.ContractualObligation => "CO",
            AdjustmentGroupCode.OtherAdjustment => "OA",
            AdjustmentGroupCode.PayerInitiatedReduction => "PI",
            AdjustmentGroupCode.PatientResponsibility => "PR",
            _ => "CR",
        };

        private static IEnumerable<(ClaimAdjustment Adjustment, ServicePayment? Service, string Where)> AllAdjustments(ClaimPayment claim)
        {
            for (var a = 0; a < claim.Adjustments.Count; a++)
            {
                yield return (claim.Adjustments[a], null, $"CAS[{a + 1}]");
            }

            for (var s = 0; s < claim.Services.Count; s++)
            {
                var service = claim.Services[s];
                for (var a = 0; a < service.Adjustments.Count; a++)
                {
                    yield return (service.Adjustments[a], service, $"SVC[{s + 1}]/CAS[{a + 1}]");
                }
            }
        }

        private void PostRemittance(RemittanceReceived r)
        {
            if (r.Payment.HandlingCode is PaymentHandlingCode.Prenotification || (r.Claims.IsEmpty && r.ProviderAdjustments.IsEmpty))
            {
                Finding(MappingDiagnosticCodes.RemittanceNotPostable, DiagnosticSeverity.Information, "The remittance carries no claim or provider adjustment to post (prenotification or payment only).");
                return;
            }

            var org = ResolveOrganization(("providers", r.PayeeNpi?.Value), ("taxIds", r.PayeeTaxId?.Value), ("legalEntities", r.LegalEntity?.Value));
            var keys = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < r.Claims.Count; i++)
            {
                PostClaimPayment(r, r.Claims[i], i, org, keys);
            }

            if (!r.ProviderAdjustments.IsEmpty)
            {
                PostProviderAdjustments(r, org);
            }
        }

        private void PostClaimPayment(RemittanceReceived r, ClaimPayment claim, int index, Organization? org, Dictionary<string, int> keys)
        {
            var where = $"CLP[{index + 1}]";
            var key = $"{_identity}|CLP|{claim.ClaimId.Value}|{claim.PayerClaimControlNumber?.Value}|{claim.Status.Value}";
            var occurrence = keys.TryGetValue(key, out var n) ? n + 1 : 1;
            keys[key] = occurrence;
            if (occurrence > 1)
            {
                key += "#" + occurrence.ToString(CultureInfo.InvariantCulture);
            }

            var payerClass = PayerClass(r.Payer, claim.ClaimFilingIndicator, where);
            var baseDims = new PostingDimensions
            {
                LegalEntity = org?.Entity.Id,
                Facility = org?.Facility,
                CostCenter = org?.CostCenter,
                Payer = r.Payer.Value,
                PayerClass = payerClass,
            };
            var refs = new PostingReferences { ClaimId = claim.ClaimId.Value, PayerClaimControlNumber = claim.PayerClaimControlNumber?.Value, TraceNumber = r.Payment.TraceNumber };
            var date = r.Payment.PaymentDate;

            if (claim.Status == ClaimStatusCode.PredeterminationPricingOnly)
            {
                Finding(MappingDiagnosticCodes.NoLedgerEffect, DiagnosticSeverity.Information, "The claim is priced for predetermination only (CLP02 = 25); it moves no money and posts nothing.", where);
                return;
            }

            if (claim.Status.IsReversal)
            {
                PostReversal(r, claim, org, baseDims, refs, key, where);
                return;
            }

            // Categorize every adjustment first: a denial posts nothing, whatever else the claim carries.
            var categorized = new List<(ClaimAdjustment Adjustment, ServicePayment? Service, string Where, string? Category)>();
            foreach (var (adjustment, service, adjWhere) in AllAdjustments(claim))
            {
                categorized.Add((adjustment, service, adjWhere, Category(adjustment, where + "/" + adjWhere)));
            }

            var isDenial = claim.Status.IsDenial || (claim.Paid.IsZero && categorized.Exists(c => c.Category == "denial"));
            if (isDenial)
            {
                Finding(MappingDiagnosticCodes.DenialNotPosted, DiagnosticSeverity.Information, "The claim is denied: nothing posts at remittance time; it goes to the denial work queue.", where);
                if (!claim.Paid.IsZero && org is not null)
                {
                    Finding(MappingDiagnosticCodes.DenialWithPayment, DiagnosticSeverity.Warning, "The denied claim carries a payment amount; its cash effect goes to suspense.", where);
                    var suspense = new Builder(this, org.Entity, claim.Currency);
                    suspense.Add(PatternNames.UnmatchedRemittance, claim.Paid, baseDims, refs, "CLP04 of a denied claim");
                    suspense.Complete(key, date, "835 denied claim payment to suspense");
                }

                return;
            }

            if (engine._options.RequireKnownClaim && history is not null && !history.IsKnownClaim(claim.ClaimId))
            {
                Finding(MappingDiagnosticCodes.ClaimUnknown, DiagnosticSeverity.Warning, "The claim is not known from a submitted claim or an earlier payment; its cash effect goes to suspense.", where);
                if (!claim.Paid.IsZero && org is not null)
                {
                    var suspense = new Builder(this, org.Entity, claim.Currency);
                    suspense.Add(PatternNames.UnmatchedRemittance, claim.Paid, baseDims, refs, "CLP04 of an unknown claim");
                    suspense.Complete(key, date, "835 claim payment to suspense");
                }

                return;
            }

            // The claim's service line dimension is the one its services share, if they share one.
            var serviceLines = new Dictionary<ServicePayment, ServiceCodeRow?>(ReferenceEqualityComparer.Instance);
            for (var s = 0; s < claim.Services.Count; s++)
            {
                var service = claim.Services[s];
                serviceLines[service] = ServiceCode(service.RevenueCode, service.Procedure, $"{where}/SVC[{s + 1}]");
            }

            var shared = serviceLines.Values.Select(v => v?.ServiceLine).Distinct(StringComparer.Ordinal).ToList();
            var claimDims = shared.Count == 1 && shared[0] is not null ? baseDims with { ServiceLine = shared[0] } : baseDims;

            if (org is null)
            {
                return;
            }

            var journal = new Builder(this, org.Entity, claim.Currency);
            journal.Add(PatternNames.ClaimPayment, claim.Paid, claimDims, refs, "CLP04");
            foreach (var (adjustment, service, _, category) in categorized)
            {
                if (category is null)
                {
                    continue;
                }

                var dims = service is not null && serviceLines[service] is { } row
                    ? claimDims with { ServiceLine = row.ServiceLine, CostCenter = row.CostCenter ?? claimDims.CostCenter }
                    : claimDims;
                var reason = GroupCode(adjustment.Group) + "-" + adjustment.ReasonCode;
                journal.Add(PatternNames.Adjustment(category), adjustment.Amount, dims with { AdjustmentCategory = category, AdjustmentReason = reason }, refs, reason);
            }

            if (journal.Complete(key, date, "835 claim payment") is { } draft)
            {
                history?.Record(new PostedClaimPayment(r.Payer, claim, draft));
            }
        }

        private void PostReversal(RemittanceReceived r, ClaimPayment reversal, Organization? org, PostingDimensions dims, PostingReferences refs, string key, string where)
        {
            if (org is null)
            {
                return;
            }

            var original = history?.TakeOriginal(r.Payer, reversal);
            if (original is not null && !Mirrors(original.Claim, reversal))
            {
                history!.Record(original);
                Finding(MappingDiagnosticCodes.ReversalMismatch, DiagnosticSeverity.Warning, "The reversal does not negate every amount of its original payment; its cash effect goes to suspense.", where);
                original = null;
            }
            else if (original is null)
            {
                Finding(MappingDiagnosticCodes.ReversalOriginalUnknown, DiagnosticSeverity.Warning, "The original payment of the reversal is unknown; its cash effect goes to suspense.", where);
            }

            var journal = new Builder(this, org.Entity, reversal.Currency);
            if (original is null)
            {
                journal.Add(PatternNames.UnmatchedRemittance, reversal.Paid, dims, refs, "CLP04 of an unmatched reversal");
                journal.Complete(key, r.Payment.PaymentDate, "835 unmatched reversal to suspense");
                return;
            }

            foreach (var line in original.Journal.Lines)
            {
                journal.AddMirror(line, refs with { ReversedJournalId = original.Journal.JournalId });
            }

            journal.Complete(key, r.Payment.PaymentDate, "835 reversal of a previous payment");
        }

        private static bool Mirrors(ClaimPayment original, ClaimPayment reversal)
        {
            if (original.TotalCharge != -reversal.TotalCharge || original.Paid != -reversal.Paid)
            {
                return false;
            }

            static List<string> Flatten(ClaimPayment claim, decimal sign) => AllAdjustments(claim)
                .Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Adjustment.Group}|{a.Adjustment.ReasonCode}|{a.Adjustment.Amount.Amount * sign}"))
                .Order(StringComparer.Ordinal)
                .ToList();

            return Flatten(original, 1m).SequenceEqual(Flatten(reversal, -1m), StringComparer.Ordinal);
        }

        private void PostProviderAdjustments(RemittanceReceived r, Organization? org)
        {
            var journal = org is null ? null : new Builder(this, org.Entity, r.Currency);
            for (var i = 0; i < r.ProviderAdjustments.Count; i++)
            {
                var plb = r.ProviderAdjustments[i];
                var where = $"PLB[{i + 1}]";
                if (!Rules!.Tables.ProviderAdjustments.TryGetValue(plb.ReasonCode, out var row))
                {
                    Finding(MappingDiagnosticCodes.ProviderAdjustmentUnmapped, DiagnosticSeverity.Error, $"Missing mapping row providerAdjustmentReasons[reason={plb.ReasonCode}] in rule set {Rules.Version}.", where);
                    continue;
                }

                var plbOrg = Rules.Tables.Providers.TryGetValue(plb.Provider.Value, out var providerRow)
                    ? new Organization(Rules.LegalEntities[providerRow.LegalEntity], providerRow.Facility, providerRow.CostCenter)
                    : org;
                if (plbOrg is null || journal is null)
                {
                    continue;
                }

                var reference = plb.Reference;
                var claimId = row.ClaimReference && reference is not null ? reference.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0] : null;
                var dims = new PostingDimensions
                {
                    LegalEntity = plbOrg.Entity.Id,
                    Facility = plbOrg.Facility,
                    CostCenter = plbOrg.CostCenter,
                    Payer = r.Payer.Value,
                    PayerClass = claimId is null ? Rules.Tables.FindPayerClass(r.Payer.Value, null) : RecoupedClaimPayerClass(r, claimId, where),
                    ProviderAdjustmentReason = plb.ReasonCode,
                };
                var refs = new PostingReferences { ClaimId = claimId, ProviderAdjustmentReference = reference, TraceNumber = r.Payment.TraceNumber };
                journal.Add(row.Pattern, plb.Amount, dims, refs, "PLB " + plb.ReasonCode, plbOrg.Entity);
            }

            journal?.Complete($"{_identity}|PLB", r.Payment.PaymentDate, "835 provider adjustments");
        }

        // The payer class of a claim a PLB recoups (PLB03-2): from the claim in this remittance or the history, else the payer's row for any indicator.
        private string? RecoupedClaimPayerClass(RemittanceReceived r, string claimId, string where)
        {
            var indicator = r.Claims.FirstOrDefault(c => c.ClaimId.Value == claimId)?.ClaimFilingIndicator
                ?? history?.LatestPayment(r.Payer, claimId)?.Claim.ClaimFilingIndicator;
            return PayerClass(r.Payer, indicator, where);
        }

        private void PostCharge(ChargeCaptured c)
        {
            if (c.Facility is { } facility)
            {
                history?.RecordAccountFacility(c.Account, facility);
            }

            var org = ResolveOrganization(("facilities", c.Facility?.Value), ("legalEntities", c.LegalEntity?.Value));
            if (org is null)
            {
                return;
            }

            if (org.Entity.RevenueSource != RevenueSource.Charges)
            {
                Finding(MappingDiagnosticCodes.NotRevenueSource, DiagnosticSeverity.Information, $"Legal entity {org.Entity.Id} books revenue from claims; the charge books nothing.");
                return;
            }

            var journal = new Builder(this, org.Entity, c.Currency);
            var refs = new PostingReferences { PatientAccount = c.Account.Value };
            for (var i = 0; i < c.Lines.Count; i++)
            {
                var line = c.Lines[i];
                if (ServiceCode(line.RevenueCode, line.Code, $"FT1[{i + 1}]") is not { } row)
                {
                    continue;
                }

                var dims = new PostingDimensions
                {
                    LegalEntity = org.Entity.Id,
                    Facility = org.Facility,
                    CostCenter = line.Department ?? row.CostCenter ?? org.CostCenter,
                    ServiceLine = row.ServiceLine,
                };
                journal.Add(PatternNames.Charge, line.SignedAmount, dims, refs, "charge " + line.Code, revenueAccount: row.RevenueAccount);
            }

            var date = c.OccurredAt is { } at ? DateOnly.FromDateTime(at.DateTime) : c.Lines.Max(l => l.ServiceDate);
            journal.Complete($"{_identity}|CHG|{c.Account.Value}", date, "Charges captured");
        }

        private void PostClaim(ClaimSubmitted claim)
        {
            history?.RecordClaim(claim.ClaimId);
            var org = ResolveOrganization(("providers", claim.BillingProvider.Value), ("taxIds", claim.BillingProviderTaxId?.Value), ("facilities", claim.ServiceFacility?.Value), ("legalEntities", claim.LegalEntity?.Value));
            var payerClass = PayerClass(claim.Payer, claim.ClaimFilingIndicator, "CLM");
            if (org is null)
            {
                return;
            }

            var dims = new PostingDimensions
            {
                LegalEntity = org.Entity.Id,
                Facility = claim.ServiceFacility?.Value ?? org.Facility,
                CostCenter = org.CostCenter,
                Payer = claim.Payer.Value,
                PayerClass = payerClass,
            };
            var refs = new PostingReferences { ClaimId = claim.ClaimId.Value, PatientAccount = claim.PatientAccount?.Value };
            var journal = new Builder(this, org.Entity, claim.Currency);
            if (org.Entity.RevenueSource == RevenueSource.Charges)
            {
                journal.Add(PatternNames.ClaimBilled, claim.TotalCharge, dims, refs, "CLM02");
            }
            else
            {
                for (var i = 0; i < claim.Lines.Count; i++)
                {
                    var line = claim.Lines[i];
                    if (ServiceCode(line.RevenueCode, line.Procedure, $"LX[{line.LineNumber}]") is { } row)
                    {
                        journal.Add(PatternNames.ClaimRevenue, line.Charge, dims with { ServiceLine = row.ServiceLine, CostCenter = row.CostCenter ?? dims.CostCenter }, refs, "claim line", revenueAccount: row.RevenueAccount);
                    }
                }
            }

            var date = claim.OccurredAt is { } at ? DateOnly.FromDateTime(at.DateTime) : claim.Lines.Select(l => l.ServiceDate).Max()!.Value;
            journal.Complete($"{_identity}|CLM|{claim.ClaimId.Value}", date, org.Entity.RevenueSource == RevenueSource.Charges ? "Claim final-billed" : "Claim revenue");
        }

        private void PostPatientPayment(PatientPaymentReceived p)
        {
            var org = ResolveOrganization(("legalEntities", p.LegalEntity?.Value), ("facilities", p.Location), ("facilities", history?.FacilityOf(p.Account)));
            if (org is null)
            {
                return;
            }

            var journal = new Builder(this, org.Entity, p.Amount.Currency);
            journal.Add(PatternNames.PatientPayment, p.Amount, new PostingDimensions { LegalEntity = org.Entity.Id, Facility = org.Facility, CostCenter = org.CostCenter }, new PostingReferences { PatientAccount = p.Account.Value, TraceNumber = p.SettlementBatchId }, "patient payment " + p.Method);
            journal.Complete($"{_identity}|PAY|{p.Account.Value}", p.PostingDate, "Patient payment");
        }

        private void PostRefund(RefundIssued refund)
        {
            var org = ResolveOrganization(("legalEntities", refund.LegalEntity?.Value), ("facilities", history?.FacilityOf(refund.Account)));
            if (org is null)
            {
                return;
            }

            var dims = new PostingDimensions
            {
                LegalEntity = org.Entity.Id,
                Payer = refund.Payer?.Value,
                PayerClass = refund.Payer is { } payer ? Rules!.Tables.FindPayerClass(payer.Value, null) : null,
            };
            var journal = new Builder(this, org.Entity, refund.Amount.Currency);
            journal.Add(PatternNames.Refund, refund.Amount, dims, new PostingReferences { PatientAccount = refund.Account.Value, ClaimId = refund.ClaimId?.Value }, "refund to " + refund.Recipient);
            journal.Complete($"{_identity}|RFD|{refund.RefundId}", refund.IssueDate, "Refund issued");
        }

        private void PostAccountAdjustment(AccountAdjusted adjustment)
        {
            var org = ResolveOrganization(("legalEntities", adjustment.LegalEntity?.Value), ("facilities", history?.FacilityOf(adjustment.Account)));
            if (org is null)
            {
                return;
            }

            var pattern = adjustment.Kind switch
            {
                AccountAdjustmentKind.WriteOff => PatternNames.AccountWriteOff,
                AccountAdjustmentKind.BadDebtTransfer => PatternNames.BadDebtTransfer,
                AccountAdjustmentKind.CharityCare => PatternNames.CharityCare,
                _ => PatternNames.AccountAdjustment,
            };
            var journal = new Builder(this, org.Entity, adjustment.Amount.Currency);
            journal.Add(pattern, adjustment.Amount, new PostingDimensions { LegalEntity = org.Entity.Id, Payer = adjustment.Payer?.Value }, new PostingReferences { PatientAccount = adjustment.Account.Value }, "adjustment " + adjustment.ReasonCode);
            journal.Complete($"{_identity}|ADJ|{adjustment.Account.Value}|{adjustment.ReasonCode}", adjustment.PostingDate, "Patient account adjustment");
        }

        // Collects the lines of one journal: each posting adds its debit line, then its credit line.
        private sealed class Builder(Run run, LegalEntityRules entity, CurrencyCode currency)
        {
            private readonly List<PostingLine> _lines = [];

            public void Add(string patternName, Money amount, PostingDimensions dims, PostingReferences refs, string memo, LegalEntityRules? lineEntity = null, string? revenueAccount = null)
            {
                if (amount.IsZero)
                {
                    return;
                }

                var pattern = run.Rules!.Tables.Patterns[patternName];
                var positive = amount.Abs();
                var (debit, credit) = amount.IsPositive ? (pattern.Debit, pattern.Credit) : (pattern.Credit, pattern.Debit);
                var target = lineEntity ?? entity;
                Line(JournalSide.Debit, debit, positive, dims, refs, memo, target, revenueAccount);
                Line(JournalSide.Credit, credit, positive, dims, refs, memo, target, revenueAccount);
            }

            public void AddMirror(PostingLine original, PostingReferences refs)
                => _lines.Add(original with
                {
                    LineNumber = _lines.Count + 1,
                    Side = original.Side == JournalSide.Debit ? JournalSide.Credit : JournalSide.Debit,
                    References = refs,
                    Memo = "reversal of " + original.Memo,
                });

            public JournalDraft? Complete(string idempotencyKey, DateOnly date, string description)
            {
                if (_lines.Count == 0)
                {
                    return null;
                }

                var draft = new JournalDraft
                {
                    JournalId = JournalIdOf(idempotencyKey, run.Rules!.Version),
                    IdempotencyKey = idempotencyKey,
                    AccountingDate = date,
                    LegalEntity = entity.Id,
                    Currency = currency,
                    RuleSetVersion = run.Rules.Version,
                    SourceEventId = run.EventId,
                    Source = run.Source,
                    CorrelationId = run.CorrelationId,
                    Description = description,
                    Lines = _lines.ToArray(),
                };
                run.Journals.Add(draft);
                return draft;
            }

            private void Line(JournalSide side, AccountRole role, Money amount, PostingDimensions dims, PostingReferences refs, string memo, LegalEntityRules target, string? revenueAccount)
            {
                var account = role == AccountRole.GrossRevenue && revenueAccount is not null
                    ? revenueAccount
                    : target.Accounts.TryGetValue(role.Value, out var mapped) ? mapped : null;
                _lines.Add(new PostingLine
                {
                    LineNumber = _lines.Count + 1,
                    Side = side,
                    Role = role,
                    Account = account,
                    Amount = amount,
                    Dimensions = dims,
                    References = refs,
                    Memo = memo,
                });
            }
        }
    }
}
