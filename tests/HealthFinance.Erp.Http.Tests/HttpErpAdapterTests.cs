using System.Net;
using System.Text.Json;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using HealthFinance.Erp.Http.Tests.Support;

namespace HealthFinance.Erp.Http.Tests;

/// <summary>The JSON contract of the HTTP adapter against the fake ERP: request body and headers, acknowledgments, lookups, refusals.</summary>
public sealed class HttpErpAdapterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostAsync_OneJournal_SendsTheContractBody_WithTheKeyInHeaderAndBody()
    {
        await using var host = await HttpErpTestHost.StartAsync();
        var journal = HttpErpTestHost.Journal("k-body", 2);

        var ack = Assert.Single(await host.Adapter.PostAsync(HttpErpTestHost.Batch(journal), Ct));

        Assert.Equal(ErpAcknowledgmentStatus.Accepted, ack.Status);
        var request = Assert.Single(host.Erp.Requests);
        Assert.Equal("k-body", request.IdempotencyKeyHeader);
        Assert.StartsWith("Bearer at-", request.Authorization, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(request.Body!);
        Assert.StartsWith("B-", body.RootElement.GetProperty("batchId").GetString(), StringComparison.Ordinal);
        var sent = Assert.Single(body.RootElement.GetProperty("journals").EnumerateArray());
        Assert.Equal("k-body", sent.GetProperty("idempotencyKey").GetString());
        Assert.Equal("k-body", sent.GetProperty("sourceIdempotencyKey").GetString());
        Assert.Equal(1, sent.GetProperty("partNumber").GetInt32());
        Assert.Equal(1, sent.GetProperty("partCount").GetInt32());
        Assert.Equal("J-k-body", sent.GetProperty("journalId").GetString());
        Assert.Equal("2024-01-05", sent.GetProperty("accountingDate").GetString());
        Assert.Equal("E1", sent.GetProperty("legalEntity").GetString());
        var lines = sent.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(4, lines.Count);
        Assert.Equal([1, 2, 3, 4], lines.Select(l => l.GetProperty("lineNumber").GetInt32()));
        Assert.Equal("cash-clearing", lines[0].GetProperty("role").GetString());
        Assert.Equal(100.25m, lines[0].GetProperty("debit").GetDecimal());
        Assert.Equal(0m, lines[0].GetProperty("credit").GetDecimal());
        Assert.Equal(100.25m, lines[1].GetProperty("credit").GetDecimal());
        Assert.Equal("USD", lines[1].GetProperty("currency").GetString());
        Assert.Equal("C100", lines[0].GetProperty("dimensions").GetProperty("costCenter").GetString());
        Assert.Equal("PCN1", lines[0].GetProperty("references").GetProperty("claimId").GetString());
        Assert.Equal("CLP04", lines[0].GetProperty("memo").GetString());
    }

    [Fact]
    public async Task PostAsync_SeveralJournals_SendsTheBatchIdAsIdempotencyKey_AndOneAcknowledgmentEach()
    {
        await using var host = await HttpErpTestHost.StartAsync();
        var batch = HttpErpTestHost.Batch(HttpErpTestHost.Journal("k-1"), HttpErpTestHost.Journal("k-2"), HttpErpTestHost.Journal("k-3"));

        var acks = await host.Adapter.PostAsync(batch, Ct);

        Assert.Equal(["k-1", "k-2", "k-3"], acks.Select(a => a.IdempotencyKey));
        Assert.All(acks, a => Assert.True(a.IsAccepted));
        Assert.Equal(3, acks.Select(a => a.DocumentId).Distinct().Count());
        Assert.Equal(batch.BatchId, Assert.Single(host.Erp.Requests).IdempotencyKeyHeader);
        Assert.Equal(["k-1", "k-2", "k-3"], host.Erp.Ledger.Select(e => e.IdempotencyKey));
    }

    [Fact]
    public async Task PostAsync_JournalInAClosedPeriod_IsRejectedWithTheErpsCodeAndReason()
    {
        await using var host = await HttpErpTestHost.StartAsync();

        var acks = await host.Adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("k-old", 1, new DateOnly(2019, 6, 30)), HttpErpTestHost.Journal("k-new")), Ct);

        var rejected = acks.Single(a => a.IdempotencyKey == "k-old");
        Assert.Equal(ErpAcknowledgmentStatus.Rejected, rejected.Status);
        Assert.Equal("PERIOD_CLOSED", rejected.Code);
        Assert.Equal("The accounting period is closed.", rejected.Reason);
        Assert.True(acks.Single(a => a.IdempotencyKey == "k-new").IsAccepted);
    }

    [Fact]
    public async Task PostAsync_WithAMapping_SendsMappedAccounts_AndRejectsUnplacedJournalsWithoutSendingThem()
    {
        var mapping = new ErpLedgerMapping(
            "US Primary",
            [
                new ErpAccountMapping { Role = AccountRole.CashClearing, Account = "11010" },
                new ErpAccountMapping { Role = AccountRole.PayerAr, Account = "12000" },
            ],
            [
                new ErpSegmentDefinition { Name = "Company", Source = ErpSegmentSource.LegalEntity, Values = new Dictionary<string, string> { ["E1"] = "101" } },
                new ErpSegmentDefinition { Name = "Account", Source = ErpSegmentSource.Account },
            ]);
        await using var host = await HttpErpTestHost.StartAsync(o => o.Mapping = mapping);
        var placed = HttpErpTestHost.Journal("k-placed", 1);
        var unplaced = HttpErpTestHost.Journal("k-unplaced", 2); // its second pair is a contractual allowance, which the mapping does not place

        var acks = await host.Adapter.PostAsync(HttpErpTestHost.Batch(placed, unplaced), Ct);

        Assert.True(acks.Single(a => a.IdempotencyKey == "k-placed").IsAccepted);
        var rejected = acks.Single(a => a.IdempotencyKey == "k-unplaced");
        Assert.Equal(ErpAcknowledgmentStatus.Rejected, rejected.Status);
        Assert.Equal(ErpErrorCodes.AccountUnmapped, rejected.Code);
        var request = Assert.Single(host.Erp.Requests);
        Assert.Equal("k-placed", request.IdempotencyKeyHeader);
        using var body = JsonDocument.Parse(request.Body!);
        var journal = Assert.Single(body.RootElement.GetProperty("journals").EnumerateArray());
        Assert.Equal("US Primary", journal.GetProperty("ledger").GetString());
        var line = journal.GetProperty("lines")[0];
        Assert.Equal("11010", line.GetProperty("account").GetString());
        Assert.Equal("101-11010", line.GetProperty("accountDisplayValue").GetString());
        Assert.Equal(["Company=101", "Account=11010"], line.GetProperty("segments").EnumerateArray().Select(s => $"{s.GetProperty("name").GetString()}={s.GetProperty("value").GetString()}"));
    }

    [Fact]
    public async Task PostAsync_SplitPart_CarriesItsPartNumbers_AndLineNumbersOfTheOriginal()
    {
        await using var host = await HttpErpTestHost.StartAsync(o => o.MaxLinesPerJournal = 4);
        var poster = new ErpPoster(host.Adapter, new ErpPosterOptions { RetryDelay = _ => TimeSpan.Zero });

        var outcome = await poster.PostAsync(HttpErpTestHost.Journal("k-long", 4), Ct);

        Assert.Equal(ErpJournalStatus.Posted, outcome.Status);
        using var body = JsonDocument.Parse(Assert.Single(host.Erp.Requests).Body!);
        var parts = body.RootElement.GetProperty("journals").EnumerateArray().ToList();
        Assert.Equal(["k-long#1/2", "k-long#2/2"], parts.Select(p => p.GetProperty("idempotencyKey").GetString()));
        Assert.All(parts, p => Assert.Equal("k-long", p.GetProperty("sourceIdempotencyKey").GetString()));
        Assert.Equal([5, 6, 7, 8], parts[1].GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("lineNumber").GetInt32()));
    }

    [Fact]
    public async Task PostAsync_BatchAboveTheLimits_ThrowsArgumentException()
    {
        await using var host = await HttpErpTestHost.StartAsync(o =>
        {
            o.MaxJournalsPerBatch = 1;
            o.MaxLinesPerJournal = 2;
        });

        await Assert.ThrowsAsync<ArgumentException>(() => host.Adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("a"), HttpErpTestHost.Journal("b")), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => host.Adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("c", 2)), Ct));
        Assert.Empty(host.Erp.Requests);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(422)]
    [InlineData(501)]
    public async Task PostAsync_BusinessRefusal_IsPermanent_AndNeverRetried(int status)
    {
        await using var host = await HttpErpTestHost.StartAsync();
        host.Erp.EnqueuePostFault(ErpFault.Fail(status));

        var ex = await Assert.ThrowsAsync<HttpErpException>(() => host.Adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("k")), Ct));

        Assert.Equal(ErpErrorCodes.RequestRefused, ex.ErrorCode);
        Assert.False(ex.IsTransient);
        Assert.False(ex.IsAmbiguous);
        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
        Assert.Contains("UNAVAILABLE", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("try later", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, host.Erp.Posts);
        Assert.Empty(host.Erp.Ledger);
    }

    [Fact]
    public async Task PostAsync_SuccessWhoseBodyIsNotTheContract_IsAnAmbiguousFailure()
    {
        await using var host = await HttpErpTestHost.StartAsync();
        host.Erp.EnqueuePostFault(ErpFault.CommitThenGarbage);

        var ex = await Assert.ThrowsAsync<HttpErpException>(() => host.Adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("k")), Ct));

        Assert.Equal(ErpErrorCodes.OutcomeUnknown, ex.ErrorCode);
        Assert.True(ex.IsTransient);
        Assert.True(ex.IsAmbiguous);
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Single(host.Erp.Ledger);
    }

    [Fact]
    public async Task PostAsync_AnswerLeavingAJournalOut_ReturnsNoAcknowledgmentForIt()
    {
        await using var host = await HttpErpTestHost.StartAsync();
        host.Erp.EnqueuePostFault(ErpFault.CommitThenAnswerFirstOnly);

        var acks = await host.Adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("k-1"), HttpErpTestHost.Journal("k-2")), Ct);

        Assert.Equal("k-1", Assert.Single(acks).IdempotencyKey);
        Assert.Equal(2, host.Erp.Ledger.Count);
    }

    [Fact]
    public async Task LookupAsync_FindsAPostedKey_AndEscapesKeysWithSlashesAndHashes()
    {
        await using var host = await HttpErpTestHost.StartAsync();
        var acks = await host.Adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("claim/7#1/2 x")), Ct);

        var found = await host.Adapter.LookupAsync("claim/7#1/2 x", Ct);
        var missing = await host.Adapter.LookupAsync("claim/8", Ct);

        Assert.Equal(ErpLookupStatus.Found, found.Status);
        Assert.Equal(acks[0].DocumentId, found.DocumentId);
        Assert.Equal(ErpLookupStatus.NotFound, missing.Status);
    }

    [Fact]
    public async Task LookupAsync_WithoutALookupEndpoint_IsUnsupported_AndSendsNothing()
    {
        await using var host = await HttpErpTestHost.StartAsync(o => o.LookupEndpoint = null);

        Assert.False(host.Adapter.Capabilities.SupportsLookup);
        Assert.Equal(ErpLookupStatus.Unsupported, (await host.Adapter.LookupAsync("k", Ct)).Status);
        Assert.Empty(host.Erp.Requests);
    }

    [Fact]
    public async Task LookupAsync_BareNotFoundFromAWrongUrl_IsAnError_NeverNotFound()
    {
        await using var host = await HttpErpTestHost.StartAsync((o, erp) => o.LookupEndpoint = new Uri(erp.BaseAddress, "/no-such-route/").AbsoluteUri + HttpErpOptions.IdempotencyKeyPlaceholder);

        var ex = await Assert.ThrowsAsync<HttpErpException>(() => host.Adapter.LookupAsync("k", Ct));

        Assert.Equal(ErpErrorCodes.RequestRefused, ex.ErrorCode);
        Assert.False(ex.IsTransient);
        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Contains("LookupEndpoint", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Capabilities_ComeFromTheOptions()
    {
        await using var host = await HttpErpTestHost.StartAsync(o =>
        {
            o.Name = "netsuite-rest";
            o.MaxLinesPerJournal = 999;
            o.MaxJournalsPerBatch = 7;
            o.MaxRequestsPerSecond = 4;
            o.NativeIdempotency = true;
        });

        var adapter = host.Adapter;

        Assert.Equal("netsuite-rest", adapter.Name);
        Assert.Equal(999, adapter.Capabilities.MaxLinesPerJournal);
        Assert.Equal(7, adapter.Capabilities.MaxJournalsPerBatch);
        Assert.Equal(4, adapter.Capabilities.MaxRequestsPerSecond);
        Assert.True(adapter.Capabilities.NativeIdempotency);
        Assert.True(adapter.Capabilities.SupportsLookup);
    }
}
