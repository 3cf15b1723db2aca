using HealthFinance.Canonical.Events;

namespace HealthFinance.Payments;

/// <summary>
/// Accumulates <see cref="PaymentFeedTotals"/> from records as they are read, so a pipeline that already iterates
/// <see cref="PaymentFeedReader.ReadAsync"/> gets the totals without a second pass.
/// </summary>
public sealed class PaymentFeedTotalsCalculator
{
    private readonly SortedSet<string> _currencies = new(StringComparer.Ordinal);
    private long _records;
    private long _payments;
    private long _refunds;
    private long _rejected;
    private long _failed;
    private long _voided;
    private decimal _totalPayments;
    private decimal _totalRefunds;

    /// <summary>Counts one unit; units that are not transactions (<see cref="PaymentFeedRecord.IsTransaction"/> false) count nothing.</summary>
    /// <param name="record">A unit read by <see cref="PaymentFeedReader"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is <see langword="null"/>.</exception>
    public void Add(PaymentFeedRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!record.IsTransaction)
        {
            return;
        }

        _records++;
        if (record.HasErrors || record.TransactionType is not { } type || record.Status is not { } status || record.Amount is not { } amount)
        {
            _rejected++;
            return;
        }

        var isPayment = type == PaymentTransactionType.Payment;
        if (isPayment)
        {
            _payments++;
        }
        else
        {
            _refunds++;
        }

        _currencies.Add(amount.Currency.Value);
        switch (status)
        {
            case SettlementStatus.Failed:
                _failed++;
                break;
            case SettlementStatus.Voided:
                _voided++;
                break;
            case SettlementStatus.Pending or SettlementStatus.Settled when isPayment:
                _totalPayments += amount.Amount;
                break;
            default:
                _totalRefunds += amount.Amount;
                break;
        }
    }

    /// <summary>The totals of the units added so far.</summary>
    /// <returns>A snapshot of the totals.</returns>
    public PaymentFeedTotals ToTotals() => new()
    {
        Records = _records,
        Payments = _payments,
        Refunds = _refunds,
        Rejected = _rejected,
        Failed = _failed,
        Voided = _voided,
        TotalPayments = _totalPayments,
        TotalRefunds = _totalRefunds,
        Currencies = [.. _currencies],
    };
}
