using System.Text;
using HealthFinance.Canonical;

namespace HealthFinance.Payments.Tests;

public sealed class PaymentFeedTotalsTests
{
    private const string Feed =
        "type,transaction_id,patient_account,amount,method,status,posting_date,currency,memo\n"
        + "payment,T1,A,10.00,card,settled,2024-01-01,USD,\n"
        + "payment,T2,A,2.50,ach,pending,2024-01-01,USD,\n"
        + "payment,T3,A,7.00,card,failed,2024-01-01,USD,\n"
        + "payment,T4,A,8.00,card,voided,2024-01-01,USD,\n"
        + "payment,T5,A,0,cash,settled,2024-01-01,USD,\n"
        + "payment,T6,A,4.00,card,settled,2024-01-01,EUR,\n"
        + "refund,R1,A,3.25,card,settled,2024-01-01,USD,\n"
        + "refund,R2,A,1.00,card,voided,2024-01-01,USD,\n"
        + "refund,R3,A,1.00,card,pending,2024-01-01,USD,\n"
        + "payment,T7,A,-1,card,settled,2024-01-01,USD,\n"
        + "payment,T8,A,5,card\n";

    [Fact]
    public void Compute_MixedFeed_CountsAndSums()
    {
        var totals = PaymentFeedTotals.Compute(Encoding.UTF8.GetBytes(Feed));

        Assert.Equal(11, totals.Records);
        Assert.Equal(6, totals.Payments);
        Assert.Equal(3, totals.Refunds);
        Assert.Equal(2, totals.Rejected);
        Assert.Equal(1, totals.Failed);
        Assert.Equal(2, totals.Voided);
        Assert.Equal(16.50m, totals.TotalPayments);
        Assert.Equal(4.25m, totals.TotalRefunds);
        Assert.Equal(["EUR", "USD"], totals.Currencies);
        Assert.Equal(
            "{\"format\":\"payment\",\"records\":11,\"payments\":6,\"refunds\":3,\"rejected\":2,\"failed\":1,\"voided\":2,\"totalPayments\":16.50,\"totalRefunds\":4.25,\"currencies\":[\"EUR\",\"USD\"]}",
            totals.ToJson());
    }

    [Fact]
    public async Task ComputeAsync_SameAsCompute()
    {
        var bytes = Encoding.UTF8.GetBytes(Feed);
        var totals = await PaymentFeedTotals.ComputeAsync(new ChunkedStream(bytes, 5), null, TestContext.Current.CancellationToken);

        Assert.Equal(PaymentFeedTotals.Compute(bytes).ToJson(), totals.ToJson());
    }

    [Fact]
    public async Task Calculator_FedWhileReading_SameAsCompute()
    {
        var bytes = Encoding.UTF8.GetBytes(Feed);
        var calculator = new PaymentFeedTotalsCalculator();
        await foreach (var record in PaymentFeedReader.ReadAsync(new MemoryStream(bytes), null, TestContext.Current.CancellationToken))
        {
            calculator.Add(record);
        }

        Assert.Equal(PaymentFeedTotals.Compute(bytes).ToJson(), calculator.ToTotals().ToJson());
    }

    [Fact]
    public void Compute_EmptyOrNotAFeed_Zero()
    {
        Assert.Equal(
            "{\"format\":\"payment\",\"records\":0,\"payments\":0,\"refunds\":0,\"rejected\":0,\"failed\":0,\"voided\":0,\"totalPayments\":0,\"totalRefunds\":0,\"currencies\":[]}",
            PaymentFeedTotals.Compute([]).ToJson());
        Assert.Equal(0, PaymentFeedTotals.Compute("ISA*00*"u8).Records);
    }

    [Fact]
    public async Task Misuse_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new PaymentFeedTotalsCalculator().Add(null!));
        Assert.Throws<ArgumentNullException>(() => new PaymentFeedTotals().WriteJson(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await PaymentFeedTotals.ComputeAsync(null!, null, TestContext.Current.CancellationToken));
        Assert.Equal(CurrencyCode.USD, PaymentFeedOptions.Default.DefaultCurrency);
    }
}
