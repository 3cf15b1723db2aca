using System.Text;

namespace HealthFinance.X12.Hipaa.Totals;

/// <summary>
/// The incremental form of <see cref="X12ControlTotals"/>: feed every segment with
/// <see cref="Accept(ref X12Reader)"/>, then call <see cref="Complete"/>. State is a handful of sums,
/// so memory does not grow with the input.
/// </summary>
public sealed class X12ControlTotalsCalculator
{
    private static readonly int[] CasAmountPositions = [3, 6, 9, 12, 15, 18];
    private static readonly int[] PlbAmountPositions = [4, 6, 8, 10, 12, 14];

    private readonly List<string> _sets = [];
    private long _interchanges;
    private long _groups;
    private long _transactions;
    private long _claims;
    private long _serviceLines;
    private decimal _billed;
    private decimal _paid;
    private decimal _patient;
    private decimal _claimAdjustments;
    private decimal _serviceAdjustments;
    private decimal _providerAdjustments;
    private decimal _payment;
    private bool _any835;
    private bool _balanced = true;

    // Per transaction set / claim state.
    private Kind _kind;
    private bool _inService;
    private bool _inClaim;
    private decimal _txBpr;
    private decimal _txPaid;
    private decimal _txPlb;
    private decimal _claimCharge;
    private decimal _claimPaid;
    private decimal _claimCas;
    private bool _claimValid;

    private enum Kind
    {
        Other,
        Remittance,
        Claim,
    }

    /// <summary>Adds the segment the reader is positioned on.</summary>
    /// <param name="reader">A reader positioned on a segment.</param>
    public void Accept(ref X12Reader reader)
    {
        var id = reader.SegmentId;
        switch (id.Length)
        {
            case 2:
                AcceptTwo(ref reader, id);
                break;
            case 3:
                AcceptThree(ref reader, id);
                break;
            default:
                break;
        }
    }

    /// <summary>Closes the open transaction set and returns the totals.</summary>
    /// <returns>The totals.</returns>
    public X12ControlTotals Complete()
    {
        CloseTransaction();
        return new X12ControlTotals
        {
            TransactionSets = [.. _sets],
            Interchanges = _interchanges,
            Groups = _groups,
            Transactions = _transactions,
            Claims = _claims,
            ServiceLines = _serviceLines,
            TotalBilled = _billed,
            TotalPaid = _paid,
            TotalPatientResponsibility = _patient,
            ClaimAdjustments = _claimAdjustments,
            ServiceAdjustments = _serviceAdjustments,
            ProviderAdjustments = _providerAdjustments,
            PaymentAmount = _payment,
            Balanced = _any835 ? _balanced : null,
        };
    }

    private void AcceptTwo(ref X12Reader reader, ReadOnlySpan<byte> id)
    {
        if (id.SequenceEqual("ST"u8))
        {
            CloseTransaction();
            _transactions++;
            var set = reader.GetElement(1);
            _kind = set.SequenceEqual("835"u8) ? Kind.Remittance : set.SequenceEqual("837"u8) ? Kind.Claim : Kind.Other;
            _any835 |= _kind == Kind.Remittance;
            var text = Encoding.ASCII.GetString(set);
            if (!_sets.Contains(text))
            {
                _sets.Add(text);
            }
        }
        else if (id.SequenceEqual("SE"u8))
        {
            CloseTransaction();
        }
        else if (id.SequenceEqual("GS"u8))
        {
            _groups++;
        }
    }

    private void AcceptThree(ref X12Reader reader, ReadOnlySpan<byte> id)
    {
        if (id.SequenceEqual("ISA"u8))
        {
            CloseTransaction();
            _interchanges++;
            return;
        }

        if (_kind == Kind.Remittance)
        {
            AcceptRemittance(ref reader, id);
        }
        else if (_kind == Kind.Claim)
        {
            AcceptClaim(ref reader, id);
        }
    }

    private void AcceptRemittance(ref X12Reader reader, ReadOnlySpan<byte> id)
    {
        if (id.SequenceEqual("CLP"u8))
        {
            CloseClaim();
            _claims++;
            _inClaim = true;
            _inService = false;
            _claimValid = reader.TryGetDecimal(3, out _claimCharge) & reader.TryGetDecimal(4, out _claimPaid);
            _claimCas = 0m;
            _billed += _claimCharge;
            _paid += _claimPaid;
            _txPaid += _claimPaid;
            if (reader.TryGetDecimal(5, out var patient))
            {
                _patient += patient;
            }
        }
        else if (id.SequenceEqual("SVC"u8))
        {
            _serviceLines++;
            _inService = true;
        }
        else if (id.SequenceEqual("CAS"u8))
        {
            var sum = SumAt(ref reader, CasAmountPositions);
            AddAdjustment(sum);
            _claimCas += sum;
        }
        else if (id.SequenceEqual("PLB"u8))
        {
            var sum = SumAt(ref reader, PlbAmountPositions);
            _providerAdjustments += sum;
            _txPlb += sum;
        }
        else if (id.SequenceEqual("BPR"u8))
        {
            if (reader.TryGetDecimal(2, out var amount))
            {
                _payment += amount;
                _txBpr += amount;
            }
            else
            {
                _balanced = false;
            }
        }
    }

    private void AcceptClaim(ref X12Reader reader, ReadOnlySpan<byte> id)
    {
        if (id.SequenceEqual("CLM"u8))
        {
            _claims++;
            _inClaim = true;
            _inService = false;
            if (reader.TryGetDecimal(2, out var charge))
            {
                _billed += charge;
            }
        }
        else if (id.SequenceEqual("SV1"u8) || id.SequenceEqual("SV2"u8) || id.SequenceEqual("SV3"u8))
        {
            _serviceLines++;
            _inService = true;
        }
        else if (id.SequenceEqual("CAS"u8) && _inClaim)
        {
            AddAdjustment(SumAt(ref reader, CasAmountPositions));
        }
    }

    private void AddAdjustment(decimal sum)
    {
        if (_inService)
        {
            _serviceAdjustments += sum;
        }
        else
        {
            _claimAdjustments += sum;
        }
    }

    private void CloseClaim()
    {
        if (_kind == Kind.Remittance && _inClaim && (!_claimValid || _claimCharge - _claimPaid != _claimCas))
        {
            _balanced = false;
        }

        _inClaim = false;
        _inService = false;
    }

    private void CloseTransaction()
    {
        CloseClaim();
        if (_kind == Kind.Remittance && _txBpr != _txPaid - _txPlb)
        {
            _balanced = false;
        }

        _kind = Kind.Other;
        _txBpr = _txPaid = _txPlb = 0m;
    }

    private static decimal SumAt(ref X12Reader reader, int[] positions)
    {
        var sum = 0m;
        foreach (var p in positions)
        {
            if (reader.TryGetDecimal(p, out var amount))
            {
                sum += amount;
            }
        }

        return sum;
    }
}
