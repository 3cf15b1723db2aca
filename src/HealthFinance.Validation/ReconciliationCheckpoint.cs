using System.Globalization;
using System.Text;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;
using HealthFinance.Mapping;
using HealthFinance.Mapping.Posting;

namespace HealthFinance.Validation;

/// <summary>Why billed, remitted and posted amounts differ.</summary>
public enum VarianceCause
{
    /// <summary>No variance.</summary>
    None = 0,

    /// <summary>The claim was denied: nothing posts at remittance time.</summary>
    Denied = 1,

    /// <summary>The remittance arrived before its claim: no submitted claim is known yet.</summary>
    Parked = 2,

    /// <summary>The remittance (or the claim) was quarantined: nothing of it posted.</summary>
    Quarantined = 3,

    /// <summary>The cash was posted to suspense: its original or its claim is not known.</summary>
    Unmatched = 4,

    /// <summary>The claim was billed but no remittance has paid or adjusted it yet.</summary>
    Open = 5,

    /// <summary>The payer's claim charge (CLP03) differs from the billed charge (CLM02).</summary>
    ChargeDiffers = 6,
}

/// <summary>One claim: billed (837 CLM02), remitted (Σ CLP04), posted (cash applied through the claim's journals).</summary>
/// <param name="ClaimId">The patient control number (CLP01/CLM01).</param>
/// <param name="Billed">The billed charge, or <see langword="null"/> when no claim was seen.</param>
/// <param name="Charged">The payer's claim charge (CLP03 of the latest final adjudication), or <see langword="null"/> when not remitted.</param>
/// <param name="Remitted">Σ CLP04 over every remittance of the claim (reversals negative).</param>
/// <param name="Posted">The net cash-clearing amount of the claim's posted journals.</param>
/// <param name="Suspense">The part of <paramref name="Posted"/> that went to suspense instead of AR.</param>
/// <param name="Variance">Remitted − (Posted − Suspense): cash remitted but not applied to the claim.</param>
/// <param name="Cause">Why the amounts differ.</param>
public sealed record ClaimReconciliation(string ClaimId, decimal? Billed, decimal? Charged, decimal Remitted, decimal Posted, decimal Suspense, decimal Variance, VarianceCause Cause);

/// <summary>One remittance: BPR02 against the net cash-clearing of its posted journals.</summary>
/// <param name="EventId">The remittance event id.</param>
/// <param name="TraceNumber">TRN02.</param>
/// <param name="PaymentDate">BPR16.</param>
/// <param name="Remitted">BPR02.</param>
/// <param name="Posted">The net cash-clearing amount of the posted journals.</param>
/// <param name="Variance">Remitted − Posted.</param>
/// <param name="Cause">Why they differ.</param>
public sealed record RemittanceReconciliation(string EventId, string TraceNumber, DateOnly PaymentDate, decimal Remitted, decimal Posted, decimal Variance, VarianceCause Cause);

/// <summary>One day: billed, remitted and posted cash by date.</summary>
/// <param name="Date">The date (claim date, BPR16, journal accounting date).</param>
/// <param name="Billed">Σ CLM02 of the claims of the day.</param>
/// <param name="Remitted">Σ BPR02 of the remittances paid that day.</param>
/// <param name="Posted">The net cash-clearing of the remittance journals posted for that day.</param>
public sealed record DayReconciliation(DateOnly Date, decimal Billed, decimal Remitted, decimal Posted);

/// <summary>A reconciliation report: per claim, per remittance and per day, with a finding for each variance.</summary>
public sealed class ReconciliationReport
{
    internal ReconciliationReport(IReadOnlyList<ClaimReconciliation> claims, IReadOnlyList<RemittanceReconciliation> remittances, IReadOnlyList<DayReconciliation> days, IReadOnlyList<Diagnostic> findings)
    {
        Claims = claims;
        Remittances = remittances;
        Days = days;
        Findings = findings;
    }

    /// <summary>The claims, by claim id.</summary>
    public IReadOnlyList<ClaimReconciliation> Claims { get; }

    /// <summary>The remittances, in the order they were added.</summary>
    public IReadOnlyList<RemittanceReconciliation> Remittances { get; }

    /// <summary>The days, ascending.</summary>
    public IReadOnlyList<DayReconciliation> Days { get; }

    /// <summary>One VAL-0201 warning per claim or remittance with a cause other than <see cref="VarianceCause.None"/>.</summary>
    public IReadOnlyList<Diagnostic> Findings { get; }

    /// <summary>Writes the report as plain text tables.</summary>
    /// <param name="writer">The destination.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is <see langword="null"/>.</exception>
    public void WriteText(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var sb = new StringBuilder();
        sb.AppendLine("claim\tbilled\tcharged\tremitted\tposted\tsuspense\tvariance\tcause");
        foreach (var c in Claims)
        {
            sb.AppendLine(Invariant($"{c.ClaimId}\t{c.Billed}\t{c.Charged}\t{c.Remitted}\t{c.Posted}\t{c.Suspense}\t{c.Variance}\t{c.Cause}"));
        }

        sb.AppendLine().AppendLine("remittance\ttrace\tdate\tremitted\tposted\tvariance\tcause");
        foreach (var r in Remittances)
        {
            sb.AppendLine(Invariant($"{r.EventId}\t{r.TraceNumber}\t{r.PaymentDate:yyyy-MM-dd}\t{r.Remitted}\t{r.Posted}\t{r.Variance}\t{r.Cause}"));
        }

        sb.AppendLine().AppendLine("day\tbilled\tremitted\tposted");
        foreach (var d in Days)
        {
            sb.AppendLine(Invariant($"{d.Date:yyyy-MM-dd}\t{d.Billed}\t{d.Remitted}\t{d.Posted}"));
        }

        writer.Write(sb.ToString());
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// A reconciliation checkpoint: collects posting decisions (claims, remittances and what posted of them) and compares
/// billed (837) vs remitted (835) vs posted (journals) per claim, per remittance and per day, naming the cause of each
/// variance (denied, parked, quarantined, unmatched, open). Not thread-safe.
/// </summary>
public sealed class ReconciliationCheckpoint
{
    private readonly List<PostingDecision> _decisions = [];

    /// <summary>Adds the decision on one event.</summary>
    /// <param name="decision">The decision.</param>
    /// <exception cref="ArgumentNullException"><paramref name="decision"/> is <see langword="null"/>.</exception>
    public void Add(PostingDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        _decisions.Add(decision);
    }

    /// <summary>Builds the report from the decisions added so far.</summary>
    /// <returns>The report.</returns>
    public ReconciliationReport Report()
    {
        var claims = new SortedDictionary<string, ClaimState>(StringComparer.Ordinal);
        var remittances = new List<RemittanceReconciliation>();
        var days = new SortedDictionary<DateOnly, decimal[]>();
        ClaimState Claim(string id) => claims.TryGetValue(id, out var s) ? s : claims[id] = new ClaimState();
        decimal[] Day(DateOnly date) => days.TryGetValue(date, out var d) ? d : days[date] = new decimal[3];

        foreach (var decision in _decisions)
        {
            switch (decision.Event)
            {
                case ClaimSubmitted claim:
                    var state = Claim(claim.ClaimId.Value);
                    state.Billed = claim.TotalCharge.Amount;
                    state.BilledQuarantined = decision.Outcome == PostingOutcome.Quarantine;
                    var claimDate = claim.OccurredAt is { } at ? DateOnly.FromDateTime(at.DateTime) : claim.Lines.Select(l => l.ServiceDate).Max();
                    if (claimDate is { } day)
                    {
                        Day(day)[0] += claim.TotalCharge.Amount;
                    }

                    break;
                case RemittanceReceived remit:
                    AddRemittance(remit, decision, Claim, Day, remittances);
                    break;
            }
        }

        var findings = new List<Diagnostic>();
        var claimRows = new List<ClaimReconciliation>();
        foreach (var (id, s) in claims)
        {
            var variance = s.Remitted - (s.Posted - s.Suspense);
            var cause = s.Quarantined || s.BilledQuarantined ? VarianceCause.Quarantined
                : s.Suspense != 0m ? VarianceCause.Unmatched
                : s.Denied ? VarianceCause.Denied
                : !s.Remittances ? VarianceCause.Open
                : s.Billed is null ? VarianceCause.Parked
                : s.Charged is { } charged && charged != s.Billed ? VarianceCause.ChargeDiffers
                : variance != 0m ? VarianceCause.Unmatched
                : VarianceCause.None;
            claimRows.Add(new ClaimReconciliation(id, s.Billed, s.Charged, s.Remitted, s.Posted, s.Suspense, variance, cause));
            if (cause != VarianceCause.None)
            {
                findings.Add(Variance($"claim[{id}]", string.Create(CultureInfo.InvariantCulture, $"Claim billed {s.Billed?.ToString(CultureInfo.InvariantCulture) ?? "-"}, remitted {s.Remitted}, posted {s.Posted - s.Suspense} to AR: {cause}.")));
            }
        }

        foreach (var r in remittances.Where(r => r.Cause != VarianceCause.None))
        {
            findings.Add(Variance($"remittance[{r.EventId}]", string.Create(CultureInfo.InvariantCulture, $"Remittance {r.TraceNumber} BPR02 {r.Remitted}, posted {r.Posted}: {r.Cause}.")));
        }

        return new ReconciliationReport(
            claimRows,
            remittances,
            days.Select(d => new DayReconciliation(d.Key, d.Value[0], d.Value[1], d.Value[2])).ToList(),
            findings);
    }

    private static void AddRemittance(RemittanceReceived remit, PostingDecision decision, Func<string, ClaimState> claim, Func<DateOnly, decimal[]> day, List<RemittanceReconciliation> remittances)
    {
        var quarantined = decision.Outcome == PostingOutcome.Quarantine;
        for (var i = 0; i < remit.Claims.Count; i++)
        {
            var payment = remit.Claims[i];
            var state = claim(payment.ClaimId.Value);
            state.Remittances = true;
            state.Remitted += payment.Paid.Amount;
            state.Quarantined |= quarantined;
            var marker = $"CLP[{i + 1}]";
            state.Denied |= payment.Status.IsDenial || decision.Findings.Any(f => f.Code == MappingDiagnosticCodes.DenialNotPosted && (f.Location.Path ?? string.Empty).EndsWith(marker, StringComparison.Ordinal));
            if (!payment.Status.IsReversal && !payment.Status.IsDenial)
            {
                state.Charged = payment.TotalCharge.Amount;
            }
        }

        var posted = 0m;
        foreach (var journal in decision.Drafts)
        {
            var cash = journal.Lines.Where(l => l.Role == AccountRole.CashClearing).Sum(l => l.Debit - l.Credit);
            posted += cash;
            day(journal.AccountingDate)[2] += cash;
            foreach (var line in journal.Lines.Where(l => l.References.ClaimId is not null && l.References.ProviderAdjustmentReference is null))
            {
                var state = claim(line.References.ClaimId!);
                if (line.Role == AccountRole.CashClearing)
                {
                    state.Posted += line.Debit - line.Credit;
                }
                else if (line.Role == AccountRole.Suspense)
                {
                    state.Suspense += line.Credit - line.Debit;
                }
            }
        }

        day(remit.Payment.PaymentDate)[1] += remit.Payment.Amount.Amount;
        var variance = remit.Payment.Amount.Amount - posted;
        var cause = quarantined ? VarianceCause.Quarantined
            : decision.Drafts.Any(j => j.Lines.Any(l => l.Role == AccountRole.Suspense)) ? VarianceCause.Unmatched
            : variance != 0m ? VarianceCause.Unmatched
            : VarianceCause.None;
        remittances.Add(new RemittanceReconciliation(remit.EventId, remit.Payment.TraceNumber, remit.Payment.PaymentDate, remit.Payment.Amount.Amount, posted, variance, cause));
    }

    private static Diagnostic Variance(string path, string message)
        => new(ValidationDiagnosticCodes.ReconciliationVariance, DiagnosticSeverity.Warning, message, new SourceLocation { Path = path });

    private sealed class ClaimState
    {
        public decimal? Billed { get; set; }

        public bool BilledQuarantined { get; set; }

        public decimal? Charged { get; set; }

        public bool Remittances { get; set; }

        public decimal Remitted { get; set; }

        public decimal Posted { get; set; }

        public decimal Suspense { get; set; }

        public bool Denied { get; set; }

        public bool Quarantined { get; set; }
    }
}
