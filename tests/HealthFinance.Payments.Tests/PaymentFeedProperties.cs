using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Payments.Tests;

public sealed class PaymentFeedProperties
{
    private static readonly PaymentFeedKind[] Kinds = [PaymentFeedKind.None, PaymentFeedKind.Csv, PaymentFeedKind.Json, PaymentFeedKind.NdJson];

    // Bytes that matter to the three layouts, to mutate valid feeds with.
    private static readonly byte[] Structural = "\",\r\n{}[]:\\ 0.-e\tu\u0001"u8.ToArray();

    [Property(MaxTest = 300)]
    public bool Read_RandomBytes_NeverThrowsNorHangsAndChunkingChangesNothing(byte[] bytes, int seed)
    {
        bytes ??= [];
        foreach (var kind in Kinds)
        {
            CheckInvariants(bytes, new PaymentFeedOptions { Kind = kind, MaxRecordLength = 1024 }, seed);
        }

        return true;
    }

    [Property(MaxTest = 300)]
    public bool Read_MutatedValidFeeds_NeverThrowsNorHangsAndChunkingChangesNothing(int seed)
    {
        var random = new Random(seed);
        var transactions = FeedGenerator.Transactions(random, 1 + random.Next(6), CurrencyCode.USD);
        var layout = random.Next(3);
        var feed = layout switch
        {
            0 => FeedGenerator.Csv(random, transactions),
            1 => FeedGenerator.Json(random, transactions, lines: false),
            _ => FeedGenerator.Json(random, transactions, lines: true),
        };
        var mutated = Mutate(random, feed);
        foreach (var kind in Kinds)
        {
            CheckInvariants(mutated, new PaymentFeedOptions { Kind = kind, MaxRecordLength = PaymentFeedOptions.MinRecordLength + random.Next(2000) }, seed);
        }

        return true;
    }

    [Property(MaxTest = 200)]
    public bool WriteThenRead_GeneratedTransactions_SameEventsInEveryLayout(int seed, bool eur)
    {
        var random = new Random(seed);
        var currency = eur ? CurrencyCode.EUR : CurrencyCode.USD;
        var options = new PaymentFeedOptions { DefaultCurrency = currency };
        var transactions = FeedGenerator.Transactions(random, random.Next(12), currency);
        var expected = transactions.Select(t => t.Expected).ToList();

        var layouts = new[]
        {
            FeedGenerator.Csv(random, transactions),
            FeedGenerator.Json(random, transactions, lines: false),
            FeedGenerator.Json(random, transactions, lines: true),
        };
        var contentIds = new List<List<string>>();
        foreach (var feed in layouts)
        {
            var records = PaymentFeedReader.Read(feed, options).Where(r => r.IsTransaction).ToList();
            Assert.Equal(transactions.Count, records.Count);
            Assert.All(records, r => Assert.DoesNotContain(r.Diagnostics, d => d.Code != PaymentFeedDiagnosticCodes.RefundMovesNoMoney));
            var actual = records.Select(r => r.Events.SingleOrDefault()).ToList();
            var ids = new List<string>();
            for (var i = 0; i < expected.Count; i++)
            {
                if (expected[i] is null)
                {
                    Assert.Null(actual[i]);
                    continue;
                }

                var a = actual[i]!;
                Assert.IsType(expected[i]!.GetType(), a);
                Assert.Equal(records[i].Position, a.Source.Position);
                var normalized = (CanonicalEvent)a with { Source = a.Source with { Position = null } };
                if (expected[i]!.EventId == "pay-sha256:(content)")
                {
                    Assert.StartsWith("pay-sha256:", a.EventId);
                    ids.Add(a.EventId);
                    normalized = normalized with { EventId = expected[i]!.EventId };
                }

                Assert.Equal(expected[i], normalized);
            }

            contentIds.Add(ids);
        }

        // A payment without transaction id has the same content-derived id whatever the layout.
        Assert.Equal(contentIds[0], contentIds[1]);
        Assert.Equal(contentIds[0], contentIds[2]);
        return true;
    }

    [Property(MaxTest = 200)]
    public bool Read_RawBytesOfEveryRecord_ReplayToTheSameEvent(int seed)
    {
        var random = new Random(seed);
        var transactions = FeedGenerator.Transactions(random, 1 + random.Next(6), CurrencyCode.USD);
        foreach (var (feed, kind) in new[]
        {
            (FeedGenerator.Csv(random, transactions), PaymentFeedKind.Csv),
            (FeedGenerator.Json(random, transactions, lines: false), PaymentFeedKind.NdJson),
            (FeedGenerator.Json(random, transactions, lines: true), PaymentFeedKind.NdJson),
        })
        {
            foreach (var record in PaymentFeedReader.Read(feed).Where(r => r.Events.Count == 1))
            {
                var replay = Assert.Single(PaymentFeedReader.Read(record.RawBytes.Span, new PaymentFeedOptions { Kind = kind }), r => r.IsTransaction);
                var original = record.Events[0];
                var again = Assert.Single(replay.Events);
                Assert.Equal(original with { Source = again.Source }, again);
            }
        }

        return true;
    }

    [Property(MaxTest = 300)]
    public bool Read_CorruptedRecords_NoMessageQuotesAValue(int seed)
    {
        var random = new Random(seed);
        var account = "ACCT" + random.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var t = FeedGenerator.Transaction(random, 0, CurrencyCode.USD);
        var fields = new Dictionary<string, string>(t.Fields) { ["patient_account"] = account };
        string[] corruptions = ["-" + account, account + ".001", account + "x", "\"" + account, account + "\u0001", account + "\"x", new string('9', 300) + account];
        foreach (var column in FeedGenerator.Columns.OrderBy(_ => random.Next()).Take(1 + random.Next(5)))
        {
            fields[column] = corruptions[random.Next(corruptions.Length)];
        }

        var generated = new[] { t with { Fields = fields } };
        foreach (var feed in new[] { FeedGenerator.Csv(random, generated), FeedGenerator.Json(random, generated, lines: true), Corrupt(random, FeedGenerator.Json(random, generated, lines: false), account) })
        {
            foreach (var d in PaymentFeedReader.Read(feed).SelectMany(r => r.Diagnostics))
            {
                Assert.DoesNotContain(account, d.Message, StringComparison.Ordinal);
                Assert.DoesNotContain(account, d.Location.ToString(), StringComparison.Ordinal);
            }
        }

        return true;
    }

    /// <summary>The invariants every input keeps: no exception, an end, the same units whatever the chunking, consistent units.</summary>
    private static void CheckInvariants(byte[] data, PaymentFeedOptions options, int seed)
    {
        IReadOnlyList<PaymentFeedRecord>? once = null;
        List<PaymentFeedRecord>? chunked = null;
        var chunk = 1 + Math.Abs(seed % 97);
        var task = Task.Run(async () =>
        {
            once = PaymentFeedReader.Read(data, options);
            chunked = await TestFeeds.ReadChunkedAsync(data, chunk, options);
        });
        Assert.True(task.Wait(TimeSpan.FromSeconds(20)), "The reader did not finish.");

        Assert.Equal(once!.Select(TestFeeds.Describe), chunked!.Select(TestFeeds.Describe));
        var index = 0L;
        var offset = 0L;
        foreach (var r in once!)
        {
            Assert.InRange(r.ByteOffset, offset, Math.Max(data.Length, 0));
            offset = r.ByteOffset;
            Assert.True(r.LineNumber >= 1);
            Assert.InRange(r.Events.Count, 0, 1);
            if (r.HasErrors)
            {
                Assert.Empty(r.Events);
            }

            if (r.IsTransaction)
            {
                Assert.Equal(index++, r.RecordIndex);
            }
            else
            {
                Assert.Empty(r.Events);
            }

            Assert.True(r.RawBytes.Length <= data.Length + (r.Kind == PaymentFeedKind.Csv ? options.MaxRecordLength : 0));
        }
    }

    private static byte[] Mutate(Random random, byte[] feed)
    {
        var bytes = new List<byte>(feed);
        var edits = 1 + random.Next(6);
        for (var i = 0; i < edits && bytes.Count > 0; i++)
        {
            var at = random.Next(bytes.Count);
            var b = random.Next(4) == 0 ? (byte)random.Next(256) : Structural[random.Next(Structural.Length)];
            switch (random.Next(3))
            {
                case 0:
                    bytes.Insert(at, b);
                    break;
                case 1:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes[at] = b;
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>Breaks the JSON right after the account value, so that the syntax error sits next to it.</summary>
    private static byte[] Corrupt(Random random, byte[] json, string account)
    {
        var text = Encoding.UTF8.GetString(json);
        var at = text.IndexOf(account, StringComparison.Ordinal);
        return at < 0 ? json : Encoding.UTF8.GetBytes(text.Insert(at + account.Length + random.Next(2), "x"));
    }
}
