using System.Globalization;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;
using HealthFinance.X12.Hipaa.Internal;
using static HealthFinance.X12.Hipaa.Internal.SegmentTag;
using static HealthFinance.X12.Hipaa.ClaimStatus.HipaaClaimStatusDiagnosticCodes;

namespace HealthFinance.X12.Hipaa.ClaimStatus;

/// <summary>
/// Maps one 277CA transaction set (005010X214) to one <see cref="ClaimStatusReported"/> per 2200D claim
/// status loop: TRN*2 (the 837 CLM01), STC (category, status, entity, date, action, amount) and REF*1K
/// (payer claim control number). The payer comes from 2100A NM1*PR. Patient names and ids are not carried.
/// The loops come from <see cref="ClaimStatusLoops"/> through the shared loop builder.
/// </summary>
/// <remarks>
/// When a claim carries several STC segments, the first one with action <c>U</c> (rejected) is used, so a
/// rejection is never hidden behind an earlier informational status; otherwise the first STC is used.
/// Service line statuses (2220D, after SVC) are not mapped.
/// </remarks>
internal sealed class ClaimStatus277Map : IHipaaTransactionMap
{
    private ClaimStatus277Map()
    {
    }

    /// <summary>The shared instance (each transaction set gets its own walk).</summary>
    public static ClaimStatus277Map Instance { get; } = new();

    /// <inheritdoc/>
    public HipaaTransactionDefinition Definition => ClaimStatusLoops.ClaimAcknowledgment;

    /// <inheritdoc/>
    public void Map(HipaaTransaction transaction, HipaaMapContext context)
    {
        var definition = Definition;
        string? payer = null;
        PendingStatus? claim = null;
        var ordinal = 0;
        for (var i = 1; i < transaction.Count; i++)
        {
            var s = transaction[i];
            ref var loop = ref transaction.GetLoop(s.Loop);
            var loopId = definition.Loops[loop.Definition].Id;
            switch (loopId)
            {
                case "2100A" when s.Tag == Nm1 && s.ElementEquals(1, "PR"u8):
                    payer = s.GetString(9);
                    break;
                case "2200D" when s.Tag == Trn && loop.FirstSegment == i:
                    Close(claim, context, payer);
                    claim = new PendingStatus(i, ++ordinal, Broken(transaction, s.Loop));
                    break;
                case "2200D" when claim is not null && s.Tag == Stc:
                    claim.Statuses.Add(i);
                    break;
                case "2200D" when claim is not null && s.Tag == Ref && s.ElementEquals(1, "1K"u8):
                    claim.PayerClaimControlNumber = s.GetString(2);
                    break;
                case "2200D" or "2220D":
                    break;
                default:
                    Close(claim, context, payer);
                    claim = null;
                    break;
            }
        }

        Close(claim, context, payer);
    }

    /// <summary>Whether the 2000D patient loop above a 2200D loop (or any HL above it) is unreliable or missing.</summary>
    private static bool Broken(HipaaTransaction transaction, int loop)
    {
        var parent = transaction.GetLoop(loop).Parent;
        return parent <= 0 || transaction.GetLoop(parent).Broken;
    }

    private static void Close(PendingStatus? claim, HipaaMapContext context, string? payer)
    {
        if (claim is null || claim.Built)
        {
            return;
        }

        claim.Built = true;
        if (claim.Broken)
        {
            // The HL finding itself (HIPAA-0107/0108/0109) was reported by the loop builder; this names the claim it costs.
            context.ReportAt(HierarchyBroken, DiagnosticSeverity.Error,
                "The 2200D claim status loop is not below a 2000D patient HL placed in the 2000A/2000B/2000C/2000D hierarchy; no status is produced.",
                context.Transaction[claim.Trn], string.Create(CultureInfo.InvariantCulture, $"{context.TransactionPath}/TRN[{claim.Ordinal}]"));
            return;
        }

        Build(claim, context, payer);
    }

    private static void Build(PendingStatus claim, HipaaMapContext context, string? payer)
    {
        var tx = context.Transaction;
        var trn = tx[claim.Trn];
        var path = string.Create(CultureInfo.InvariantCulture, $"{context.TransactionPath}/TRN[{claim.Ordinal}]");
        if (!trn.ElementEquals(1, "2"u8) || !PatientControlNumber.TryParse(trn.GetString(2), out var claimId))
        {
            context.ReportAt(ClaimIdMissing, DiagnosticSeverity.Error,
                "The 2200D claim status loop has no TRN*2 with the patient control number (TRN02); no status is produced.", trn, path, 2);
            return;
        }

        var chosen = -1;
        foreach (var index in claim.Statuses)
        {
            if (tx[index].ElementEquals(3, "U"u8))
            {
                chosen = index;
                break;
            }
        }

        if (chosen < 0 && claim.Statuses.Count > 0)
        {
            chosen = claim.Statuses[0];
        }

        if (chosen < 0)
        {
            context.ReportAt(StatusMissing, DiagnosticSeverity.Error,
                "The 2200D claim status loop has no STC; no status is produced.", trn, path);
            return;
        }

        var stc = tx[chosen];
        var stcPath = path + "/STC";
        var category = stc.GetString(1, 1);
        var status = stc.GetString(1, 2);
        if (category is null || status is null)
        {
            context.ReportAt(StatusMissing, DiagnosticSeverity.Error,
                "STC01 has no claim status category (STC01-1) or status code (STC01-2); no status is produced.", stc, stcPath, 1, category is null ? 1 : 2);
            return;
        }

        var action = stc.GetElement(3) switch
        {
            [(byte)'W', (byte)'Q'] => ClaimStatusAction.Accepted,
            [(byte)'U'] => ClaimStatusAction.Rejected,
            _ => ClaimStatusAction.Unspecified,
        };
        if (action == ClaimStatusAction.Unspecified)
        {
            context.ReportAt(UnknownAction, DiagnosticSeverity.Warning,
                "STC03 is neither WQ (accepted) nor U (rejected); the status is produced with an unspecified action.", stc, stcPath, 3);
        }
        else if (action == ClaimStatusAction.Accepted && category is "A3" or "A6" or "A7" or "A8")
        {
            context.ReportAt(InconsistentAction, DiagnosticSeverity.Warning,
                $"The status category {category} is a rejection but STC03 is WQ (accepted); the status counts as a rejection.", stc, stcPath, 3);
        }

        Money? charge = null;
        if (stc.HasElement(4))
        {
            if (stc.TryGetDecimal(4, out var amount) && amount >= 0)
            {
                charge = new Money(amount, context.Currency);
            }
            else
            {
                context.ReportAt(InvalidChargeAmount, DiagnosticSeverity.Warning,
                    "STC04 (total claim charge) is not a non-negative number; the status is produced without it.", stc, stcPath, 4);
            }
        }

        var identity = context.Identity;
        try
        {
            context.AddEvent(new ClaimStatusReported
            {
                EventId = string.Create(CultureInfo.InvariantCulture, $"x12-277:{identity.InterchangeControlNumber}:{identity.GroupControlNumber}:{identity.TransactionSetControlNumber}:{claim.Ordinal}"),
                Source = context.CreateSource(trn, path),
                ClaimId = claimId,
                PayerClaimControlNumber = PayerClaimControlNumber.TryParse(claim.PayerClaimControlNumber, out var pccn) ? pccn : null,
                Payer = PayerId.TryParse(payer, out var payerId) ? payerId : null,
                CategoryCode = category,
                StatusCode = status,
                EntityIdentifierCode = stc.GetString(1, 3),
                Action = action,
                StatusDate = stc.GetElement(2).Length == 8 && stc.TryGetDate(2, out var date) ? date : null,
                TotalCharge = charge,
            });
        }
        catch (ArgumentException)
        {
            context.ReportAt(StatusMissing, DiagnosticSeverity.Error,
                "A claim status value cannot be represented canonically (too long or holding control characters); no status is produced.", stc, stcPath);
        }
    }

    private sealed class PendingStatus(int trn, int ordinal, bool broken)
    {
        public int Trn { get; } = trn;

        public int Ordinal { get; } = ordinal;

        public bool Broken { get; } = broken;

        public bool Built { get; set; }

        public List<int> Statuses { get; } = [];

        public string? PayerClaimControlNumber { get; set; }
    }
}
