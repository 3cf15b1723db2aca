using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Payments.Tests;

public sealed class PaymentFeedOptionsTests
{
    [Fact]
    public void Default_DocumentedValues()
    {
        var o = PaymentFeedOptions.Default;

        Assert.Equal(PaymentFeedKind.None, o.Kind);
        Assert.Null(o.FileName);
        Assert.Equal(CurrencyCode.USD, o.DefaultCurrency);
        Assert.Null(o.ReceivedAt);
        Assert.Equal(65_536, o.MaxRecordLength);
        Assert.Equal(1_000_000, o.DuplicateDetectionLimit);
        Assert.Equal(new PaymentFeedOptions(), o);
    }

    [Fact]
    public void InvalidValues_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PaymentFeedOptions { Kind = (PaymentFeedKind)9 });
        Assert.Throws<ArgumentException>(() => new PaymentFeedOptions { DefaultCurrency = default });
        Assert.Throws<ArgumentOutOfRangeException>(() => new PaymentFeedOptions { MaxRecordLength = PaymentFeedOptions.MinRecordLength - 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new PaymentFeedOptions { DuplicateDetectionLimit = -1 });
        Assert.Equal(PaymentFeedOptions.MinRecordLength, new PaymentFeedOptions { MaxRecordLength = PaymentFeedOptions.MinRecordLength }.MaxRecordLength);
    }

    [Fact]
    public void ReadAsync_NullStream_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => PaymentFeedReader.ReadAsync(null!, null, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ReadAsync_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        var data = TestFeeds.Csv(Enumerable.Repeat(TestFeeds.Payment, 10).ToArray());
        var read = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var record in PaymentFeedReader.ReadAsync(new ChunkedStream(data, 64), null, cts.Token))
            {
                read++;
                await cts.CancelAsync();
            }
        });
        Assert.Equal(1, read);
    }

    [Fact]
    public async Task ReadAsync_StreamNotDisposed()
    {
        var stream = new MemoryStream(TestFeeds.Csv(TestFeeds.Payment));
        await foreach (var _ in PaymentFeedReader.ReadAsync(stream, null, TestContext.Current.CancellationToken))
        {
        }

        Assert.True(stream.CanRead);
    }

    [Fact]
    public void Kind_Forced_OverridesDetection()
    {
        // A CSV header without patient_account is not detected, but read when the layout is stated (and then reported).
        const string csv = "type,amount,method,status,posting_date\npayment,1,card,settled,2024-01-01\n";
        Assert.Equal(PaymentFeedDiagnosticCodes.NotAPaymentFeed, Assert.Single(Assert.Single(TestFeeds.Read(csv)).Diagnostics).Code);
        Assert.Equal(PaymentFeedDiagnosticCodes.MissingColumn, Assert.Single(Assert.Single(TestFeeds.Read(csv, new PaymentFeedOptions { Kind = PaymentFeedKind.Csv })).Diagnostics).Code);
    }

    [Fact]
    public void FileNameAndReceivedAt_OnEveryEvent()
    {
        var at = new DateTimeOffset(2025, 3, 13, 23, 0, 0, TimeSpan.FromHours(-5));
        var records = TestFeeds.Read(TestFeeds.Csv(TestFeeds.Payment, TestFeeds.Refund), new PaymentFeedOptions { FileName = "gw-0313.csv", ReceivedAt = at });

        Assert.All(records.SelectMany(r => r.Events), e =>
        {
            Assert.Equal("gw-0313.csv", e.Source.FileName);
            Assert.Equal(SourceFormat.Payment, e.Source.Format);
            Assert.Equal(at, e.ReceivedAt);
        });
        Assert.IsType<RefundIssued>(records[1].Events[0]);
    }
}
