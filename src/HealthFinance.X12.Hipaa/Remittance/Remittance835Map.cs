using System.Globalization;
using System.Runtime.InteropServices;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;
using HealthFinance.X12.Hipaa.Internal;
using static HealthFinance.X12.Hipaa.Internal.SegmentTag;

namespace HealthFinance.X12.Hipaa.Remittance;

/// <summary>
/// Maps an 835 Health Care Claim Payment/Advice (005010X221A1; 004010X091A1 where readable) to one
/// <see cref="RemittanceReceived"/>, and checks the 835 balancing and code rules (service, claim and transaction
/// balance, patient responsibility, interest, CAS group codes, CLP02 codes, BPR payment rules).
/// </summary>
internal sealed class Remittance835Map : IHipaaTransactionMap
{
    private Remittance835Map()
    {
    }

    /// <summary>The shared instance (the map holds no state; each transaction set gets its own builder).</summary>
    public static Remittance835Map Instance { get; } = new();

    /// <inheritdoc/>
    public HipaaTransactionDefinition Definition => Remittance835Definition.Definition;

    /// <inheritdoc/>
    public void Map(HipaaTransaction transaction, HipaaMapContext context) => new Remittance835Builder(transaction, context).Run();
}

/// <summary>Walks one buffered 835 transaction set in order, collecting the remittance and checking its rules.</summary>
internal sealed class Remittance835Builder
{
    private readonly HipaaTransaction _tx;
    private readonly HipaaMapContext _ctx;
    private readonly CurrencyCode _currency;
    private readonly List<ClaimPayment> _claims = [];
    private readonly List<ProviderAdjustment> _providerAdjustments = [];
    private readonly List<ServicePayment> _services = [];
    private bool _is4010;

    private int _bprIndex = -1;
    private PaymentHandlingCode? _handling;
    private decimal? _paymentAmount;
    private CreditDebitIndicator? _creditDebit;
    private RemittancePaymentMethod? _method;
    private DateOnly? _paymentDate;
    private int _trnIndex = -1;
    private string? _trace;
    private string? _originator;
    private string? _originatorSupplemental;
    private string? _payerName;
    private string? _payerId;
    private string? _payerReferenceId;
    private int _payerIndex = -1;
    private string? _payeeName;
    private Npi? _payeeNpi;
    private TaxId? _payeeTaxId;

    private readonly ClaimDraft _claimDraft = new();
    private readonly List<ServiceDraft> _servicePool = [];
    private int _servicesUsed;
    private ClaimDraft? _claim;
    private ServiceDraft? _service;
    private decimal _paidSum;
    private bool _paidSumComplete = true;
    private decimal _providerAdjustmentSum;
    private bool _providerAdjustmentSumComplete = true;
    private decimal _interestSum;
    private decimal _l6Sum;
    private int _lastProviderAdjustmentIndex = -1;

    /// <summary>Creates a builder for one transaction set.</summary>
    /// <param name="transaction">The buffered transaction set with loops recognised.</param>
    /// <param name="context">The map context.</param>
    public Remittance835Builder(HipaaTransaction transaction, HipaaMapContext context)
    {
        _tx = transaction;
        _ctx = context;
        _currency = context.Currency;
    }

    /// <summary>Maps the transaction set.</summary>
    public void Run()
    {
        DetectVersion();
        var count = _tx.Count;
        for (var i = 0; i < count; i++)
        {
            var segment = _tx[i];
            var loop = _tx.GetLoop(segment.Loop).Definition;
            if (loop is not (Remittance835Definition.Claim or Remittance835Definition.Service))
            {
                FinishClaim();
            }

            switch (loop)
            {
                case Remittance835Definition.Header:
                    Header(segment);
                    break;
                case Remittance835Definition.Payer:
                    Payer(segment);
                    break;
                case Remittance835Definition.Payee:
                    Payee(segment);
                    break;
                case Remittance835Definition.Claim:
                    ClaimSegment(segment);
                    break;
                case Remittance835Definition.Service:
                    ServiceSegment(segment);
                    break;
                case Remittance835Definition.ProviderAdjustment:
                    ProviderAdjustmentSegment(segment);
                    break;
                default:
                    break;
            }
        }

        FinishClaim();
        CheckTransaction();
        Build();
    }

    private void DetectVersion()
    {
        var identity = _ctx.Identity;
        var convention = identity.ImplementationConvention ?? string.Empty;
        var st = _tx[0];
        var element = st.HasElement(3) ? 3 : 0;
        if (convention.StartsWith("005010X221", StringComparison.Ordinal))
        {
            return;
        }

        if (convention.StartsWith("004010X091", StringComparison.Ordinal))
        {
            _is4010 = true;
            _ctx.Report(HipaaDiagnosticCodes.PartialVersionSupport, DiagnosticSeverity.Information,
                "004010X091A1 input is mapped under 4010 rules: CAS group CR and the 4010 CLP02 codes are accepted; 4010 balancing is checked with the 5010 formulas (interest is not added to CLP04).",
                st, element);
            return;
        }

        // ISA12 00401, or an ISA11 that is not a repetition separator (4010 puts the standards id U there), marks a 4010 interchange.
        var isaVersion = identity.InterchangeVersion ?? string.Empty;
        _is4010 = isaVersion.StartsWith("004", StringComparison.Ordinal)
            || (!isaVersion.StartsWith("005", StringComparison.Ordinal) && !_tx.Delimiters.HasRepetition);
        _ctx.Report(HipaaDiagnosticCodes.ImplementationConventionUnknown, DiagnosticSeverity.Warning,
            _is4010
                ? "The implementation convention is not a supported 835 guide; the interchange header (ISA11/ISA12) is 4010, so the transaction set is read under 004010X091A1 rules."
                : "The implementation convention is not a supported 835 guide; the transaction set is read under 005010X221A1 rules.",
            st, element);
    }

    private void Header(in HipaaSegment s)
    {
        switch (s.Tag)
        {
            case Bpr:
                _bprIndex = s.Index;
                _handling = Code(s, 1, HandlingCode);
                _paymentAmount = RequiredDecimal(s, 2);
                _creditDebit = Code(s, 3, CreditDebit);
                _method = Code(s, 4, Method);
                if (!s.HasElement(16))
                {
                    _ctx.ReportMissing(s, 16);
                }
                else if (s.TryGetDate(16, out var date))
                {
                    _paymentDate = date;
                }
                else
                {
                    _ctx.ReportInvalidDate(s, 16);
                }

                break;
            case Trn:
                _trnIndex = s.Index;
                _trace = s.GetString(2);
                if (_trace is null)
                {
                    _ctx.ReportMissing(s, 2);
                }

                _originator = s.GetString(3);
                _originatorSupplemental = s.GetString(4);
                break;
            case Cur:
                var currency = s.GetString(2);
                if (currency is not null && !string.Equals(currency, _currency.Value, StringComparison.Ordinal))
                {
                    _ctx.Report(HipaaDiagnosticCodes.CurrencyMismatch, DiagnosticSeverity.Warning,
                        CurrencyCode.IsValid(currency)
                            ? $"CUR02 names currency {currency}; amounts are mapped in {_currency.Value}."
                            : $"CUR02 is not an ISO 4217 currency code; amounts are mapped in {_currency.Value}.",
                        s, 2);
                }

                break;
            default:
                break;
        }
    }

    private void Payer(in HipaaSegment s)
    {
        if (s.Tag == N1)
        {
            _payerIndex = s.Index;
            _payerName = s.GetString(2);
            _payerId = s.GetString(4);
        }
        else if (s.Tag == Ref && s.ElementEquals(1, "2U"u8))
        {
            _payerReferenceId = s.GetString(2);
        }
    }

    private void Payee(in HipaaSegment s)
    {
        if (s.Tag == N1)
        {
            _payeeName = s.GetString(2);
            var qualifier = s.GetElement(3);
            var id = s.GetString(4);
            if (id is null)
            {
                return;
            }

            if (qualifier.SequenceEqual("XX"u8))
            {
                if (Npi.TryParse(id, out var npi))
                {
                    _payeeNpi = npi;
                }
                else
                {
                    _ctx.Report(HipaaDiagnosticCodes.InvalidIdentifier, DiagnosticSeverity.Warning,
                        "N104 (qualifier XX) is not a valid NPI (ten digits with a Luhn check digit); the payee NPI was left out.", s, 4);
                }
            }
            else if (qualifier.SequenceEqual("FI"u8))
            {
                SetPayeeTaxId(s, 4, id);
            }
        }
        else if (s.Tag == Ref && s.ElementEquals(1, "TJ"u8) && s.GetString(2) is { } tin && _payeeTaxId is null)
        {
            SetPayeeTaxId(s, 2, tin);
        }
    }

    private void SetPayeeTaxId(in HipaaSegment s, int element, string value)
    {
        if (TaxId.TryParse(value, out var tin))
        {
            _payeeTaxId = tin;
        }
        else
        {
            _ctx.Report(HipaaDiagnosticCodes.InvalidIdentifier, DiagnosticSeverity.Warning,
                $"{HipaaMapContext.ElementName(s, element, 0)} is not a nine-digit tax identifier; the payee TIN was left out.", s, element);
        }
    }

    private void ClaimSegment(in HipaaSegment s)
    {
        switch (s.Tag)
        {
            case Clp:
                FinishClaim();
                StartClaim(s);
                break;
            case Cas when _claim is not null:
                Adjustments(s, _claim.Adjustments, ref _claim.ClaimAdjustmentSum, ref _claim.PatientResponsibilitySum);
                break;
            case Amt when _claim is not null && s.ElementEquals(1, "I"u8):
                if (OptionalDecimal(s, 2) is { } interest)
                {
                    _claim.Interest = (_claim.Interest ?? 0m) + interest;
                    _interestSum += interest;
                }

                break;
            default:
                break;
        }
    }

    private void StartClaim(in HipaaSegment s)
    {
        // One claim draft and a pool of service drafts serve the whole transaction set: the canonical objects are
        // copied out of them when the claim ends, so mapping allocates per object produced, not per draft.
        var claim = _claimDraft;
        claim.Reset(s.Index, _tx.GetLoop(s.Loop).Ordinal);
        _servicesUsed = 0;
        var id = s.GetString(1);
        if (id is null)
        {
            _ctx.ReportMissing(s, 1);
        }
        else if (PatientControlNumber.TryParse(id, out var pcn))
        {
            claim.ClaimId = pcn;
        }
        else
        {
            _ctx.Report(HipaaDiagnosticCodes.InvalidIdentifier, DiagnosticSeverity.Warning,
                "CLP01 is not a usable patient control number (too long or with control characters).", s, 1);
        }

        var status = _ctx.Codes.Get(s.GetElement(2));
        if (status is null)
        {
            _ctx.ReportMissing(s, 2);
        }
        else
        {
            claim.Status = ClaimStatusCode.Parse(status);
            if (!IsValidStatus(status))
            {
                _ctx.Report(HipaaDiagnosticCodes.InvalidClaimStatus, DiagnosticSeverity.Error,
                    _is4010
                        ? "CLP02 is not a claim status code of 004010X091A1."
                        : "CLP02 is not one of the 005010X221A1 claim status codes 1, 2, 3, 4, 19, 20, 21, 22, 23, 25.",
                    s, 2, 0, isRecoverable: false);
            }
        }

        claim.Charge = RequiredDecimal(s, 3);
        claim.Paid = RequiredDecimal(s, 4);
        claim.PatientResponsibility = OptionalDecimal(s, 5);
        claim.FilingIndicator = _ctx.Codes.Get(s.GetElement(6));
        var icn = s.GetString(7);
        if (icn is not null && PayerClaimControlNumber.TryParse(icn, out var payerClaim))
        {
            claim.PayerClaimControlNumber = payerClaim;
        }

        claim.FacilityTypeCode = _ctx.Codes.Get(s.GetElement(8));
        claim.FrequencyCode = _ctx.Codes.Get(s.GetElement(9));
        _claim = claim;
        _service = null;
    }

    private void ServiceSegment(in HipaaSegment s)
    {
        if (_claim is null)
        {
            return;
        }

        switch (s.Tag)
        {
            case Svc:
                StartService(s);
                break;
            case Cas when _service is not null:
                Adjustments(s, _service.Adjustments, ref _service.AdjustmentSum, ref _claim.PatientResponsibilitySum);
                _claim.ServiceAdjustmentSum += _service.PendingSum;
                _service.PendingSum = 0m;
                break;
            case Dtm when _service is not null && (s.ElementEquals(1, "472"u8) || s.ElementEquals(1, "150"u8)):
                if (s.TryGetDate(2, out var date))
                {
                    _service.ServiceDate ??= date;
                }
                else
                {
                    _ctx.ReportInvalidDate(s, 2);
                }

                break;
            case Ref when _service is not null && s.ElementEquals(1, "6R"u8):
                _service.LineItemControlNumber = s.GetString(2);
                break;
            case Amt when _service is not null && s.ElementEquals(1, "B6"u8):
                _service.Allowed = OptionalDecimal(s, 2);
                break;
            default:
                break;
        }
    }

    private void StartService(in HipaaSegment s)
    {
        if (_servicesUsed == _servicePool.Count)
        {
            _servicePool.Add(new ServiceDraft());
        }

        var service = _servicePool[_servicesUsed++];
        service.Reset(s.Index, _tx.GetLoop(s.Loop).Ordinal);
        // SVC01: qualifier, code, up to four modifiers (components 3–6), split in one pass.
        var composite = s.GetFirstRepetition(1);
        var qualifier = ReadOnlySpan<byte>.Empty;
        var component = 0;
        foreach (var range in composite.Split(s.ComponentSeparator))
        {
            component++;
            if (component == 1)
            {
                qualifier = composite[range];
            }
            else if (component == 2)
            {
                service.Procedure = _ctx.Codes.ChargeCodeOf(qualifier, composite[range]);
            }
            else if (component <= 6)
            {
                if (_ctx.Codes.Get(composite[range]) is { } modifier)
                {
                    service.Modifiers.Add(modifier);
                }
            }
            else
            {
                break;
            }
        }

        service.Charge = RequiredDecimal(s, 2);
        service.Paid = RequiredDecimal(s, 3);
        service.RevenueCode = _ctx.Codes.Get(s.GetElement(4));
        service.Units = OptionalDecimal(s, 5);
        _claim!.Services.Add(service);
        _service = service;
    }

    private void Adjustments(in HipaaSegment s, List<ClaimAdjustment> target, ref decimal sum, ref decimal patientResponsibility)
    {
        var group = GroupCode(s);
        if (s.ElementCount > 19)
        {
            _ctx.Report(HipaaDiagnosticCodes.TooManyElements, DiagnosticSeverity.Error,
                "CAS holds more than six reason/amount/quantity triplets; the elements after CAS19 were not mapped.", s, 20, 0, isRecoverable: false);
        }

        // Triplet t holds CAS(2+3t) to CAS(4+3t); only those that start within the segment can have a value.
        var triplets = Math.Min(6, (s.ElementCount + 1) / 3);
        for (var t = 0; t < triplets; t++)
        {
            var reasonPosition = 2 + 3 * t;
            var amountPosition = reasonPosition + 1;
            var quantityPosition = reasonPosition + 2;
            if (!s.HasElement(reasonPosition) && !s.HasElement(amountPosition) && !s.HasElement(quantityPosition))
            {
                continue;
            }

            var reason = _ctx.Codes.Get(s.GetElement(reasonPosition));
            if (reason is null)
            {
                _ctx.ReportMissing(s, reasonPosition);
            }

            var amount = RequiredDecimal(s, amountPosition);
            var quantity = OptionalDecimal(s, quantityPosition);
            if (amount is not { } value)
            {
                continue;
            }

            sum += value;
            if (_service is not null && ReferenceEquals(target, _service.Adjustments))
            {
                _service.PendingSum += value;
            }

            if (group == AdjustmentGroupCode.PatientResponsibility)
            {
                patientResponsibility += value;
            }

            if (group is { } g && reason is not null)
            {
                target.Add(new ClaimAdjustment { Group = g, ReasonCode = reason, Amount = new Money(value, _currency), Quantity = quantity });
            }
        }
    }

    private AdjustmentGroupCode? GroupCode(in HipaaSegment s)
    {
        var value = s.GetElement(1);
        AdjustmentGroupCode? group = value switch
        {
            _ when value.SequenceEqual("CO"u8) => AdjustmentGroupCode.ContractualObligation,
            _ when value.SequenceEqual("OA"u8) => AdjustmentGroupCode.OtherAdjustment,
            _ when value.SequenceEqual("PI"u8) => AdjustmentGroupCode.PayerInitiatedReduction,
            _ when value.SequenceEqual("PR"u8) => AdjustmentGroupCode.PatientResponsibility,
            _ when value.SequenceEqual("CR"u8) && _is4010 => AdjustmentGroupCode.CorrectionOrReversal,
            _ => null,
        };
        if (group is null)
        {
            if (value.IsEmpty)
            {
                _ctx.ReportMissing(s, 1);
            }
            else
            {
                _ctx.Report(HipaaDiagnosticCodes.InvalidAdjustmentGroup, DiagnosticSeverity.Error,
                    value.SequenceEqual("CR"u8)
                        ? "CAS01 is CR, a 4010-only group code; 005010X221A1 allows CO, OA, PI and PR (reversals repeat the original groups with negated amounts)."
                        : "CAS01 is not one of the group codes CO, OA, PI, PR.",
                    s, 1, 0, isRecoverable: false);
            }
        }

        return group;
    }

    private void ProviderAdjustmentSegment(in HipaaSegment s)
    {
        if (s.Tag != Plb)
        {
            return;
        }

        _lastProviderAdjustmentIndex = s.Index;
        ProviderId? provider = null;
        var providerText = s.GetString(1);
        if (providerText is null)
        {
            _ctx.ReportMissing(s, 1);
        }
        else if (ProviderId.TryParse(providerText, out var p))
        {
            provider = p;
        }

        DateOnly? fiscal = null;
        if (!s.HasElement(2))
        {
            _ctx.ReportMissing(s, 2);
        }
        else if (s.TryGetDate(2, out var d))
        {
            fiscal = d;
        }
        else
        {
            _ctx.ReportInvalidDate(s, 2);
        }

        if (s.ElementCount > 14)
        {
            _ctx.Report(HipaaDiagnosticCodes.TooManyElements, DiagnosticSeverity.Error,
                "PLB holds more than six adjustment pairs; the elements after PLB14 were not mapped.", s, 15, 0, isRecoverable: false);
        }

        for (var k = 0; k < 6; k++)
        {
            var idPosition = 3 + 2 * k;
            var amountPosition = idPosition + 1;
            if (!s.HasElement(idPosition) && !s.HasElement(amountPosition))
            {
                continue;
            }

            var reason = _ctx.Codes.Get(s.GetComponent(idPosition, 1));
            if (reason is null)
            {
                _ctx.ReportMissing(s, idPosition, 1);
            }

            var amount = RequiredDecimal(s, amountPosition);
            if (amount is not { } value)
            {
                _providerAdjustmentSumComplete = false;
                continue;
            }

            _providerAdjustmentSum += value;
            if (reason == "L6")
            {
                _l6Sum += value;
            }

            if (provider is { } prov && reason is not null)
            {
                _providerAdjustments.Add(new ProviderAdjustment
                {
                    Provider = prov,
                    FiscalPeriodDate = fiscal,
                    ReasonCode = reason,
                    Reference = HipaaSegment.ToText(s.GetComponent(idPosition, 2)),
                    Amount = new Money(value, _currency),
                });
            }
        }
    }

    private void FinishClaim()
    {
        var claim = _claim;
        if (claim is null)
        {
            return;
        }

        _claim = null;
        _service = null;
        var services = _services;
        services.Clear();
        foreach (var service in claim.Services)
        {
            if (service.Charge is { } charge && service.Paid is { } paid)
            {
                var expected = charge - service.AdjustmentSum;
                if (expected != paid)
                {
                    _ctx.Report(HipaaDiagnosticCodes.ServiceLineUnbalanced, DiagnosticSeverity.Error,
                        $"Service line {service.Ordinal} does not balance: SVC02 {F(charge)} − Σ service CAS {F(service.AdjustmentSum)} = {F(expected)} expected as SVC03, found {F(paid)}.",
                        service.Index, 3, isRecoverable: false);
                }

                services.Add(new ServicePayment
                {
                    Procedure = service.Procedure,
                    Modifiers = Freeze(service.Modifiers),
                    RevenueCode = service.RevenueCode,
                    Charge = new Money(charge, _currency),
                    Paid = new Money(paid, _currency),
                    Allowed = service.Allowed is { } allowed ? new Money(allowed, _currency) : null,
                    Units = service.Units,
                    ServiceDate = service.ServiceDate,
                    LineItemControlNumber = service.LineItemControlNumber,
                    Adjustments = Freeze(service.Adjustments),
                });
            }
        }

        if (claim.Paid is { } claimPaid)
        {
            _paidSum += claimPaid;
        }
        else
        {
            _paidSumComplete = false;
        }

        if (claim.Charge is { } claimCharge && claim.Paid is { } found)
        {
            var expected = claimCharge - claim.ClaimAdjustmentSum - claim.ServiceAdjustmentSum;
            if (expected != found)
            {
                _ctx.Report(HipaaDiagnosticCodes.ClaimUnbalanced, DiagnosticSeverity.Error,
                    $"Claim {claim.Ordinal} does not balance: CLP03 {F(claimCharge)} − Σ claim CAS {F(claim.ClaimAdjustmentSum)} − Σ service CAS {F(claim.ServiceAdjustmentSum)} = {F(expected)} expected as CLP04, found {F(found)}.",
                    claim.Index, 4, isRecoverable: false);
            }
        }

        var isReversal = claim.Status is { IsReversal: true };
        if (!isReversal && (claim.PatientResponsibility ?? 0m) != claim.PatientResponsibilitySum)
        {
            _ctx.Report(HipaaDiagnosticCodes.PatientResponsibilityMismatch, DiagnosticSeverity.Warning,
                $"Claim {claim.Ordinal}: CLP05 {F(claim.PatientResponsibility ?? 0m)} differs from Σ PR adjustments {F(claim.PatientResponsibilitySum)}.",
                claim.Index, 5);
        }

        if (isReversal && (claim.Charge > 0m || claim.Paid > 0m))
        {
            _ctx.Report(HipaaDiagnosticCodes.ReversalNotNegated, DiagnosticSeverity.Warning,
                $"Claim {claim.Ordinal} is a reversal (CLP02 22) but CLP03 or CLP04 is positive; a reversal negates the original amounts.",
                claim.Index, claim.Charge > 0m ? 3 : 4);
        }

        if (claim.Status is { IsDenial: true } && claim.Paid is { } deniedPaid && deniedPaid != 0m)
        {
            _ctx.Report(HipaaDiagnosticCodes.DenialWithPayment, DiagnosticSeverity.Warning,
                $"Claim {claim.Ordinal} is denied (CLP02 4) but CLP04 is {F(deniedPaid)}.", claim.Index, 4);
        }

        if (claim.ClaimId is not { } claimId || claim.Status is not { } status || claim.Charge is not { } total || claim.Paid is not { } paidAmount)
        {
            return;
        }

        _claims.Add(new ClaimPayment
        {
            ClaimId = claimId,
            Status = status,
            TotalCharge = new Money(total, _currency),
            Paid = new Money(paidAmount, _currency),
            PatientResponsibility = claim.PatientResponsibility is { } pr ? new Money(pr, _currency) : null,
            PayerClaimControlNumber = claim.PayerClaimControlNumber,
            ClaimFilingIndicator = claim.FilingIndicator,
            FacilityTypeCode = claim.FacilityTypeCode,
            ClaimFrequencyCode = claim.FrequencyCode,
            Interest = claim.Interest is { } interest ? new Money(interest, _currency) : null,
            Adjustments = Freeze(claim.Adjustments),
            Services = Freeze(services),
        });
    }

    private void CheckTransaction()
    {
        if (_bprIndex < 0 || _paymentAmount is not { } payment)
        {
            return;
        }

        if (_paidSumComplete && _providerAdjustmentSumComplete)
        {
            var expected = _paidSum - _providerAdjustmentSum;
            if (expected != payment)
            {
                _ctx.Report(HipaaDiagnosticCodes.TransactionUnbalanced, DiagnosticSeverity.Error,
                    $"The transaction does not balance: Σ CLP04 {F(_paidSum)} − Σ PLB {F(_providerAdjustmentSum)} = {F(expected)} expected as BPR02, found {F(payment)}.",
                    _bprIndex, 2, isRecoverable: false);
            }
        }

        if (payment < 0m)
        {
            _ctx.Report(HipaaDiagnosticCodes.NegativePayment, DiagnosticSeverity.Error,
                $"BPR02 is negative ({F(payment)}); a negative remittance is not posted automatically.", _bprIndex, 2, isRecoverable: false);
        }

        if (payment == 0m && !(_handling == PaymentHandlingCode.NotificationOnly && _method == RemittancePaymentMethod.NonPayment) && _handling != PaymentHandlingCode.Prenotification)
        {
            _ctx.Report(HipaaDiagnosticCodes.PaymentHandlingInconsistent, DiagnosticSeverity.Error,
                "BPR02 is zero: the payment rules require BPR01 H with BPR04 NON, or BPR01 P.", _bprIndex, 1, isRecoverable: false);
        }
        else if (_handling == PaymentHandlingCode.NotificationOnly && (payment != 0m || _method != RemittancePaymentMethod.NonPayment))
        {
            _ctx.Report(HipaaDiagnosticCodes.PaymentHandlingInconsistent, DiagnosticSeverity.Error,
                payment != 0m
                    ? $"BPR01 is H (notification only) but BPR02 is {F(payment)}; a notification carries no payment."
                    : "BPR01 is H (notification only) but BPR04 is not NON.",
                _bprIndex, payment != 0m ? 2 : 4, isRecoverable: false);
        }

        if (_l6Sum != 0m && _interestSum != -_l6Sum)
        {
            _ctx.Report(HipaaDiagnosticCodes.InterestMismatch, DiagnosticSeverity.Warning,
                $"Σ AMT*I claim interest {F(_interestSum)} differs from the net PLB L6 interest {F(-_l6Sum)} (L6 amounts negated).",
                _lastProviderAdjustmentIndex, 0);
        }
    }

    private void Build()
    {
        var payerId = _payerId ?? _payerReferenceId ?? _originator;
        if (_payerIndex >= 0 && payerId is null)
        {
            _ctx.Report(HipaaDiagnosticCodes.RequiredElementMissing, DiagnosticSeverity.Error,
                "The payer has no identifier: none of 1000A N104, 1000A REF*2U or TRN03 is present.", _payerIndex, 4, isRecoverable: false);
        }

        if (_handling is not { } handling || _paymentAmount is not { } amount || _creditDebit is not { } creditDebit
            || _method is not { } method || _paymentDate is not { } date || _trace is null || payerId is null
            || !PayerId.TryParse(payerId, out var payer))
        {
            // The required parts were reported where they are missing or invalid; no remittance can be formed.
            return;
        }

        var identity = _ctx.Identity;
        _ctx.AddEvent(new RemittanceReceived
        {
            EventId = $"x12-835:{identity.InterchangeControlNumber}:{identity.GroupControlNumber}:{identity.TransactionSetControlNumber}:{_trace}",
            Source = _ctx.CreateSource(),
            Payment = new RemittancePayment
            {
                HandlingCode = handling,
                Amount = new Money(amount, _currency),
                CreditDebit = creditDebit,
                Method = method,
                PaymentDate = date,
                TraceNumber = _trace,
                OriginatingCompanyId = _originator,
                OriginatingCompanySupplementalCode = _originatorSupplemental,
            },
            Payer = payer,
            PayerName = _payerName,
            PayeeNpi = _payeeNpi,
            PayeeTaxId = _payeeTaxId,
            PayeeName = _payeeName,
            Claims = Freeze(_claims),
            ProviderAdjustments = Freeze(_providerAdjustments),
        });
    }

    private bool IsValidStatus(string status) => status switch
    {
        "1" or "2" or "3" or "4" or "19" or "20" or "21" or "22" or "23" or "25" => true,
        "5" or "10" or "13" or "15" or "16" or "17" or "27" => _is4010,
        _ => false,
    };

    private static PaymentHandlingCode? HandlingCode(ReadOnlySpan<byte> v) => v.Length != 1 ? null : v[0] switch
    {
        (byte)'C' => PaymentHandlingCode.PaymentAccompaniesRemittance,
        (byte)'D' => PaymentHandlingCode.PaymentOnly,
        (byte)'H' => PaymentHandlingCode.NotificationOnly,
        (byte)'I' => PaymentHandlingCode.RemittanceOnly,
        (byte)'P' => PaymentHandlingCode.Prenotification,
        (byte)'U' => PaymentHandlingCode.SplitPaymentAndRemittance,
        (byte)'X' => PaymentHandlingCode.HandlingPartyOption,
        _ => null,
    };

    private static CreditDebitIndicator? CreditDebit(ReadOnlySpan<byte> v) =>
        v.SequenceEqual("C"u8) ? CreditDebitIndicator.Credit : v.SequenceEqual("D"u8) ? CreditDebitIndicator.Debit : null;

    private static RemittancePaymentMethod? Method(ReadOnlySpan<byte> v) =>
        v.SequenceEqual("ACH"u8) ? RemittancePaymentMethod.Ach
        : v.SequenceEqual("CHK"u8) ? RemittancePaymentMethod.Check
        : v.SequenceEqual("NON"u8) ? RemittancePaymentMethod.NonPayment
        : v.SequenceEqual("FWT"u8) ? RemittancePaymentMethod.FedWire
        : v.SequenceEqual("BOP"u8) ? RemittancePaymentMethod.BusinessOwnedPayment
        : null;

    private delegate T? CodeParser<T>(ReadOnlySpan<byte> value)
        where T : struct;

    private T? Code<T>(in HipaaSegment s, int position, CodeParser<T> parse)
        where T : struct
    {
        var value = s.GetElement(position);
        if (value.IsEmpty)
        {
            _ctx.ReportMissing(s, position);
            return null;
        }

        var parsed = parse(value);
        if (parsed is null)
        {
            _ctx.Report(HipaaDiagnosticCodes.InvalidCode, DiagnosticSeverity.Error,
                $"{HipaaMapContext.ElementName(s, position, 0)} is not a code of its code list.", s, position, 0, isRecoverable: false);
        }

        return parsed;
    }

    private decimal? RequiredDecimal(in HipaaSegment s, int position)
    {
        if (!s.HasElement(position))
        {
            _ctx.ReportMissing(s, position);
            return null;
        }

        return OptionalDecimal(s, position);
    }

    private decimal? OptionalDecimal(in HipaaSegment s, int position)
    {
        if (!s.HasElement(position))
        {
            return null;
        }

        if (s.TryGetDecimal(position, out var value))
        {
            return value;
        }

        _ctx.ReportInvalidNumber(s, position);
        return null;
    }

    private static string F(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>One exact-size copy of a draft list (none for an empty one), without the intermediate array of a spread.</summary>
    private static EquatableArray<T> Freeze<T>(List<T> items) => EquatableArray.Create<T>(CollectionsMarshal.AsSpan(items));

    private sealed class ClaimDraft
    {
        public int Index;
        public int Ordinal;
        public PatientControlNumber? ClaimId;
        public ClaimStatusCode? Status;
        public decimal? Charge;
        public decimal? Paid;
        public decimal? PatientResponsibility;
        public string? FilingIndicator;
        public PayerClaimControlNumber? PayerClaimControlNumber;
        public string? FacilityTypeCode;
        public string? FrequencyCode;
        public decimal? Interest;
        public decimal ClaimAdjustmentSum;
        public decimal ServiceAdjustmentSum;
        public decimal PatientResponsibilitySum;
        public readonly List<ClaimAdjustment> Adjustments = [];
        public readonly List<ServiceDraft> Services = [];

        public void Reset(int index, int ordinal)
        {
            Index = index;
            Ordinal = ordinal;
            ClaimId = null;
            Status = null;
            Charge = Paid = PatientResponsibility = Interest = null;
            FilingIndicator = FacilityTypeCode = FrequencyCode = null;
            PayerClaimControlNumber = null;
            ClaimAdjustmentSum = ServiceAdjustmentSum = PatientResponsibilitySum = 0m;
            Adjustments.Clear();
            Services.Clear();
        }
    }

    private sealed class ServiceDraft
    {
        public int Index;
        public int Ordinal;
        public ChargeCode? Procedure;
        public readonly List<string> Modifiers = [];
        public decimal? Charge;
        public decimal? Paid;
        public string? RevenueCode;
        public decimal? Units;
        public DateOnly? ServiceDate;
        public string? LineItemControlNumber;
        public decimal? Allowed;
        public decimal AdjustmentSum;
        public decimal PendingSum;
        public readonly List<ClaimAdjustment> Adjustments = [];

        public void Reset(int index, int ordinal)
        {
            Index = index;
            Ordinal = ordinal;
            Procedure = null;
            Modifiers.Clear();
            Charge = Paid = Units = Allowed = null;
            RevenueCode = LineItemControlNumber = null;
            ServiceDate = null;
            AdjustmentSum = PendingSum = 0m;
            Adjustments.Clear();
        }
    }
}
