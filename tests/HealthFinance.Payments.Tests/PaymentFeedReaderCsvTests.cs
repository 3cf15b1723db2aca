using System.Text;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Payments.Tests;

public sealed class PaymentFeedReaderCsvTests
{
    [Fact]
    public void Read_PaymentRow_MapsEveryField()
    {
        var options = new PaymentFeedOptions { FileName = "gw.csv", ReceivedAt = new DateTimeOffset(2024, 3, 6, 1, 2, 3, TimeSpan.Zero) };
        var record = Assert.Single(TestFeeds.Read(TestFeeds.Csv(TestFeeds.Payment), options));

        var p = Assert.IsType<PatientPaymentReceived>(Assert.Single(record.Events));
        Assert.Empty(record.Diagnostics);
        Assert.Equal("pay:T-1001:settled", p.EventId);
        Assert.Equal(new SourceReference { Format = SourceFormat.Payment, FileName = "gw.csv", MessageControlId = "T-1001", Position = "line 2" }, p.Source);
        Assert.Equal(options.ReceivedAt, p.ReceivedAt);
        Assert.Null(p.OccurredAt);
        Assert.Equal(new LegalEntityId("LE-1"), p.LegalEntity);
        Assert.Equal(new PatientAccountNumber("ACCT-1"), p.Account);
        Assert.Equal(new EncounterId("ENC-1"), p.Encounter);
        Assert.Equal(new InvoiceId("INV-1"), p.Invoice);
        Assert.Equal(TenderType.Card, p.Method);
        Assert.Equal(SettlementStatus.Settled, p.Settlement);
        Assert.Equal(new Money(125.50m, CurrencyCode.USD), p.Amount);
        Assert.Equal("125.50", p.Amount.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("FAC-1", p.Location);
        Assert.Equal(new DateOnly(2024, 3, 5), p.PostingDate);
        Assert.Equal("B-77", p.SettlementBatchId);
        Assert.Equal("T-1001", p.MerchantTransactionId);

        Assert.Equal(PaymentFeedKind.Csv, record.Kind);
        Assert.Equal(0, record.RecordIndex);
        Assert.Equal("line 2", record.Position);
        Assert.Equal(2, record.LineNumber);
        Assert.Equal(TestFeeds.Header.Length + 1, record.ByteOffset);
        Assert.Equal(PaymentTransactionType.Payment, record.TransactionType);
        Assert.Equal("T-1001", record.TransactionId);
        Assert.Equal(SettlementStatus.Settled, record.Status);
        Assert.Equal(new Money(125.50m, CurrencyCode.USD), record.Amount);
        Assert.True(record.IsTransaction);
        Assert.False(record.HasErrors);
    }

    [Fact]
    public void Read_RefundRow_MapsEveryField()
    {
        var r = TestFeeds.SingleEvent<RefundIssued>(Encoding.UTF8.GetString(TestFeeds.Csv(TestFeeds.Refund)));

        Assert.Equal("refund:R-2001", r.EventId);
        Assert.Equal("R-2001", r.RefundId);
        Assert.Equal("R-2001", r.Source.MessageControlId);
        Assert.Equal(new PatientAccountNumber("ACCT-1"), r.Account);
        Assert.Equal(RefundRecipient.Patient, r.Recipient);
        Assert.Null(r.Payer);
        Assert.Null(r.ClaimId);
        Assert.Equal(new Money(20.00m, CurrencyCode.USD), r.Amount);
        Assert.Equal(TenderType.Card, r.Method);
        Assert.Equal(new DateOnly(2024, 3, 6), r.IssueDate);
        Assert.Equal("overpayment", r.Reason);
        Assert.Equal("T-1001", r.OriginalPaymentReference);
        Assert.Equal(new LegalEntityId("LE-1"), r.LegalEntity);
    }

    [Theory]
    [InlineData("card", TenderType.Card)]
    [InlineData("ach", TenderType.Ach)]
    [InlineData("cash", TenderType.Cash)]
    [InlineData("check", TenderType.Check)]
    [InlineData("other", TenderType.Other)]
    [InlineData("CARD", TenderType.Card)]
    [InlineData(" Ach ", TenderType.Ach)]
    public void Read_Method_MapsToTenderType(string method, TenderType expected)
    {
        var p = TestFeeds.SingleEvent<PatientPaymentReceived>($"type,patient_account,amount,method,status,posting_date\npayment,A,1,{method},settled,2024-01-01\n");
        Assert.Equal(expected, p.Method);
    }

    [Theory]
    [InlineData("pending", SettlementStatus.Pending)]
    [InlineData("settled", SettlementStatus.Settled)]
    [InlineData("failed", SettlementStatus.Failed)]
    [InlineData("voided", SettlementStatus.Voided)]
    [InlineData("Settled", SettlementStatus.Settled)]
    public void Read_PaymentStatus_EveryStatusYieldsAPayment(string status, SettlementStatus expected)
    {
        var p = TestFeeds.SingleEvent<PatientPaymentReceived>($"type,transaction_id,patient_account,amount,method,status,posting_date\npayment,T1,A,1,card,{status},2024-01-01\n");
        Assert.Equal(expected, p.Settlement);
        Assert.Equal("pay:T1:" + status.ToLowerInvariant(), p.EventId);
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("settled")]
    public void Read_RefundPendingOrSettled_YieldsRefund(string status)
    {
        var r = TestFeeds.SingleEvent<RefundIssued>($"type,transaction_id,patient_account,amount,method,status,posting_date\nrefund,R1,A,1,ach,{status},2024-01-01\n");
        Assert.Equal("refund:R1", r.EventId);
    }

    [Theory]
    [InlineData("failed")]
    [InlineData("voided")]
    public void Read_RefundFailedOrVoided_NoEventAndInformation(string status)
    {
        var record = TestFeeds.Single($"type,transaction_id,patient_account,amount,method,status,posting_date\nrefund,R1,A,1,ach,{status},2024-01-01\n");

        Assert.Empty(record.Events);
        var d = Assert.Single(record.Diagnostics);
        Assert.Equal(PaymentFeedDiagnosticCodes.RefundMovesNoMoney, d.Code);
        Assert.Equal(DiagnosticSeverity.Information, d.Severity);
        Assert.Equal($"The refund is {status}; it moves no money and yields no event.", d.Message);
        Assert.False(record.HasErrors);
        Assert.Equal(PaymentTransactionType.Refund, record.TransactionType);
    }

    [Fact]
    public void Read_ColumnsInAnyOrderAnyCaseQuotedNames_SameEvent()
    {
        var canonical = TestFeeds.SingleEvent<PatientPaymentReceived>("type,transaction_id,patient_account,amount,method,status,posting_date,currency\npayment,T1,A,9.99,card,settled,2024-01-01,EUR\n");
        var shuffled = TestFeeds.SingleEvent<PatientPaymentReceived>("\"Posting_Date\", CURRENCY ,Status,METHOD,amount,Patient_Account,Transaction_ID,Type\n2024-01-01,EUR,settled,card,9.99,A,T1,payment\n");

        Assert.Equal(canonical, shuffled);
        Assert.Equal(CurrencyCode.EUR, shuffled.Amount.Currency);
    }

    [Theory]
    [InlineData("type,patient_account,amount,method,status,posting_date\npayment,A,1,card,settled,2024-01-01\n")]
    [InlineData("type,patient_account,amount,method,status,posting_date,currency\npayment,A,1,card,settled,2024-01-01,\n")]
    [InlineData("type,patient_account,amount,method,status,posting_date,currency\npayment,A,1,card,settled,2024-01-01,\"  \"\n")]
    public void Read_CurrencyAbsentOrEmpty_DefaultCurrency(string csv)
    {
        Assert.Equal(CurrencyCode.USD, TestFeeds.SingleEvent<PatientPaymentReceived>(csv).Amount.Currency);
        Assert.Equal(CurrencyCode.CAD, TestFeeds.SingleEvent<PatientPaymentReceived>(csv, new PaymentFeedOptions { DefaultCurrency = CurrencyCode.CAD }).Amount.Currency);
    }

    [Fact]
    public void Read_LowerCaseCurrency_UpperCased()
    {
        var p = TestFeeds.SingleEvent<PatientPaymentReceived>("type,patient_account,amount,method,status,posting_date,currency\npayment,A,1,card,settled,2024-01-01,gbp\n");
        Assert.Equal(CurrencyCode.GBP, p.Amount.Currency);
    }

    [Theory]
    [InlineData("1", "1")]
    [InlineData("1.5", "1.5")]
    [InlineData("1.50", "1.50")]
    [InlineData("0.01", "0.01")]
    [InlineData("007.10", "7.10")]
    [InlineData("12345678901234567890.99", "12345678901234567890.99")]
    [InlineData(" 42.00 ", "42.00")]
    public void Read_Amount_ExactDecimalWithScale(string text, string expected)
    {
        var p = TestFeeds.SingleEvent<PatientPaymentReceived>($"type,patient_account,amount,method,status,posting_date\npayment,A,\"{text}\",card,settled,2024-01-01\n");
        Assert.Equal(expected, p.Amount.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Read_PaymentWithoutTransactionId_ContentHashEventId()
    {
        const string csv = "type,patient_account,amount,method,status,posting_date\npayment,A,10,cash,settled,2024-01-01\n";
        var p = TestFeeds.SingleEvent<PatientPaymentReceived>(csv);

        Assert.StartsWith("pay-sha256:", p.EventId);
        Assert.Equal("pay-sha256:".Length + 32, p.EventId.Length);
        Assert.Null(p.MerchantTransactionId);
        Assert.Null(p.Source.MessageControlId);
        Assert.Equal(p.EventId, TestFeeds.SingleEvent<PatientPaymentReceived>(csv.Replace(",10,", ",10.00,")).EventId);
        Assert.NotEqual(p.EventId, TestFeeds.SingleEvent<PatientPaymentReceived>(csv.Replace(",10,", ",10.01,")).EventId);
        Assert.NotEqual(p.EventId, TestFeeds.SingleEvent<PatientPaymentReceived>(csv.Replace("settled", "pending")).EventId);

        // A field that does not apply to a payment is ignored, so it does not change the identity either.
        var withReason = "type,patient_account,amount,method,status,posting_date,reason\npayment,A,10,cash,settled,2024-01-01,note\n";
        Assert.Equal(p.EventId, TestFeeds.SingleEvent<PatientPaymentReceived>(withReason).EventId);
    }

    [Fact]
    public void Read_CrLfAndLfAndBom_SameEvents()
    {
        var lf = TestFeeds.Read(TestFeeds.CsvWithNewline("\n", TestFeeds.Payment, TestFeeds.Refund));
        var crlf = TestFeeds.Read(TestFeeds.CsvWithNewline("\r\n", TestFeeds.Payment, TestFeeds.Refund));
        var bom = TestFeeds.Read([0xEF, 0xBB, 0xBF, .. TestFeeds.CsvWithNewline("\r\n", TestFeeds.Payment, TestFeeds.Refund)]);

        Assert.Equal(lf.SelectMany(r => r.Events), crlf.SelectMany(r => r.Events));
        Assert.Equal(lf.SelectMany(r => r.Events), bom.SelectMany(r => r.Events));
        Assert.All(crlf.Concat(bom), r => Assert.Empty(r.Diagnostics));
        Assert.Equal([2, 3], bom.Select(r => r.LineNumber));
        Assert.Equal(3 + TestFeeds.Header.Length + 2, bom[0].ByteOffset);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Read_LastLineWithOrWithoutNewline_Read(string end)
    {
        var record = TestFeeds.Single(TestFeeds.Header + "\n" + TestFeeds.Payment + end);
        Assert.Single(record.Events);
        Assert.Empty(record.Diagnostics);
    }

    [Fact]
    public void Read_BlankAndWhitespaceLines_SkippedLineNumbersKept()
    {
        var text = "\n\r\n" + TestFeeds.Header + "\n\n  \t\n" + TestFeeds.Payment + "\r\n\r\n" + TestFeeds.Refund + "\n \n";
        var records = TestFeeds.Read(text);

        Assert.Equal([6, 8], records.Select(r => r.LineNumber));
        Assert.Equal([0L, 1L], records.Select(r => r.RecordIndex));
        Assert.All(records, r => Assert.Single(r.Events));
    }

    [Fact]
    public void Read_HeaderOnly_NoRecords()
    {
        Assert.Empty(TestFeeds.Read(TestFeeds.Header + "\n"));
        Assert.Empty(TestFeeds.Read(TestFeeds.Header));
    }

    [Fact]
    public void Read_QuotedFields_CommasQuotesAndEmptyValues()
    {
        const string csv = "type,transaction_id,patient_account,amount,method,status,posting_date,location,settlement_batch,invoice\n"
            + "\"payment\",\"T,1\",\"say \"\"A\"\"\",\"1,0\",card,settled,2024-01-01,\"\",\"B \"\"7\"\"\",\n";
        var record = TestFeeds.Single(csv);

        // "1,0" is one field, and not a decimal.
        Assert.Equal(PaymentFeedDiagnosticCodes.InvalidAmount, Assert.Single(record.Diagnostics).Code);
        var fixedCsv = csv.Replace("\"1,0\"", "\"1.0\"");
        var p = TestFeeds.SingleEvent<PatientPaymentReceived>(fixedCsv);
        Assert.Equal("T,1", p.MerchantTransactionId);
        Assert.Equal(new PatientAccountNumber("say \"A\""), p.Account);
        Assert.Equal("B \"7\"", p.SettlementBatchId);
        Assert.Null(p.Location);
        Assert.Null(p.Invoice);
    }

    [Fact]
    public void Read_QuotedFieldWithLineBreak_OneRecordSpanningLines()
    {
        var text = TestFeeds.Header + "\n"
            + "refund,R-1,,A,,,card,settled,5,USD,,2024-01-01,,,\"over\r\npaid\"\n"
            + TestFeeds.Payment + "\n";
        var records = TestFeeds.Read(text);

        Assert.Equal(2, records.Count);
        Assert.Equal([2, 4], records.Select(r => r.LineNumber));
        var d = Assert.Single(records[0].Diagnostics);
        Assert.Equal(PaymentFeedDiagnosticCodes.InvalidText, d.Code);
        Assert.Equal(new SourceLocation { Path = "reason", LineNumber = 2, ElementPosition = 15, ByteOffset = text.IndexOf("\"over", StringComparison.Ordinal) }, d.Location);
        Assert.Single(records[1].Events);
    }

    [Fact]
    public void Read_UnknownColumns_IgnoredWithOneInformationalUnit()
    {
        var text = "type,memo,patient_account,amount,method,status,posting_date,Memo\npayment,hello,A,1,card,settled,2024-01-01,x\npayment,bye,A,2,card,settled,2024-01-01,y\n";
        var records = TestFeeds.Read(text);

        Assert.Equal(3, records.Count);
        var header = records[0];
        Assert.False(header.IsTransaction);
        Assert.Equal(-1, header.RecordIndex);
        Assert.Equal("line 1", header.Position);
        Assert.Empty(header.Events);
        Assert.Equal(Encoding.UTF8.GetBytes(text.Split('\n')[0] + "\n"), header.RawBytes.ToArray());
        Assert.Collection(
            header.Diagnostics,
            d =>
            {
                Assert.Equal(PaymentFeedDiagnosticCodes.UnknownField, d.Code);
                Assert.Equal(DiagnosticSeverity.Information, d.Severity);
                Assert.Equal("The column 'memo' is not part of the payment feed format and is ignored.", d.Message);
                Assert.Equal(new SourceLocation { LineNumber = 1, ElementPosition = 2, ByteOffset = 5 }, d.Location);
            },
            d => Assert.Equal("The column 'Memo' is not part of the payment feed format and is ignored.", d.Message));
        Assert.All(records.Skip(1), r => Assert.Single(r.Events));
        Assert.All(records.Skip(1), r => Assert.Empty(r.Diagnostics));
    }

    [Fact]
    public void Read_RawBytes_HeaderLinePlusRecordLines()
    {
        var text = TestFeeds.Header + "\r\n" + TestFeeds.Payment + "\r\n" + "refund,R-1,,A,,,card,settled,5,USD,,2024-01-01,,,\"two\nlines\"\n";
        var records = TestFeeds.Read(text);

        Assert.Equal(TestFeeds.Header + "\r\n" + TestFeeds.Payment + "\r\n", Encoding.UTF8.GetString(records[0].RawBytes.Span));
        Assert.Equal(TestFeeds.Header + "\r\n" + "refund,R-1,,A,,,card,settled,5,USD,,2024-01-01,,,\"two\nlines\"\n", Encoding.UTF8.GetString(records[1].RawBytes.Span));
    }

    [Fact]
    public void Read_RawBytesReplayed_SameEventExceptPosition()
    {
        var text = TestFeeds.Header + "\n" + TestFeeds.Refund + "\n" + TestFeeds.Payment + "\n";
        foreach (var record in TestFeeds.Read(text, new PaymentFeedOptions { FileName = "f.csv" }))
        {
            var replayed = Assert.Single(PaymentFeedReader.Read(record.RawBytes.Span, new PaymentFeedOptions { FileName = "f.csv" }));
            var original = Assert.Single(record.Events);
            var again = Assert.Single(replayed.Events);
            Assert.Equal(original.EventId, again.EventId);
            Assert.Equal(original with { Source = again.Source }, again);
            Assert.Equal("line 2", again.Source.Position);
        }
    }

    [Fact]
    public void Read_DuplicateTransactions_WarnButStillYieldEvents()
    {
        var text = "type,transaction_id,patient_account,amount,method,status,posting_date\n"
            + "payment,T1,A,5,card,settled,2024-01-01\n"
            + "payment,T1,A,5,card,pending,2024-01-01\n"   // same id, another status: a new state, not a duplicate
            + "payment,T1,A,5,card,settled,2024-01-01\n"   // same identity, same content
            + "payment,T1,A,6,card,settled,2024-01-01\n"   // same identity, different content
            + "refund,R1,A,5,card,pending,2024-01-01\n"
            + "refund,R1,A,5,card,settled,2024-01-01\n"    // a refund's id is its identity, whatever its status
            + "payment,,A,5,cash,settled,2024-01-01\n"
            + "payment,,A,5,cash,settled,2024-01-01\n";    // no id: identical content
        var records = TestFeeds.Read(text);

        Assert.All(records, r => Assert.Single(r.Events));
        Assert.Equal(
            [
                "",
                "",
                "PAY-0302 warning: The record has the same transaction id and status as the record at line 2, with the same content. Both carry the same event id; downstream idempotency keeps one. transaction_id | Element: 2 | Line: 4 | Byte: 156.",
                "PAY-0302 warning: The record has the same transaction id and status as the record at line 2, with different content. Both carry the same event id; downstream idempotency keeps one. transaction_id | Element: 2 | Line: 5 | Byte: 195.",
                "",
                "PAY-0302 warning: The record has the same refund id as the record at line 6, with different content. Both carry the same event id; downstream idempotency keeps one. transaction_id | Element: 2 | Line: 7 | Byte: 271.",
                "",
                "PAY-0302 warning: The record has no transaction id and the same content as the record at line 8. Both carry the same event id; downstream idempotency keeps one. Line: 9 | Byte: 339.",
            ],
            records.Select(r => string.Join(" ; ", r.Diagnostics)));
        Assert.Equal("pay:T1:pending", records[1].Events[0].EventId);
        Assert.Equal(records[0].Events[0].EventId, records[2].Events[0].EventId);
        Assert.Equal(records[6].Events[0].EventId, records[7].Events[0].EventId);
    }

    [Fact]
    public void Read_DuplicateDetectionOff_NoWarnings()
    {
        var text = "type,transaction_id,patient_account,amount,method,status,posting_date\npayment,T1,A,5,card,settled,2024-01-01\npayment,T1,A,5,card,settled,2024-01-01\n";
        Assert.All(TestFeeds.Read(text, new PaymentFeedOptions { DuplicateDetectionLimit = 0 }), r => Assert.Empty(r.Diagnostics));
    }

    [Fact]
    public void Read_DuplicateDetectionLimit_IdentitiesBeyondItNotRemembered()
    {
        var text = "type,transaction_id,patient_account,amount,method,status,posting_date\n"
            + "payment,T1,A,5,card,settled,2024-01-01\npayment,T2,A,5,card,settled,2024-01-01\n"
            + "payment,T1,A,5,card,settled,2024-01-01\npayment,T2,A,5,card,settled,2024-01-01\n";
        var records = TestFeeds.Read(text, new PaymentFeedOptions { DuplicateDetectionLimit = 1 });

        Assert.Equal([0, 0, 1, 0], records.Select(r => r.Diagnostics.Count));
    }

    [Fact]
    public void Read_NotApplicableFields_IgnoredWithOneInformationalFinding()
    {
        var text = TestFeeds.Header + "\n"
            + "payment,T1,T0,A,,,card,settled,5,USD,,2024-01-01,,,why\n"
            + "refund,R1,T1,A,E1,I1,card,settled,5,USD,F1,2024-01-01,B1,,\n"
            + "refund,R2,T1,A,,I1,card,settled,5,USD,,2024-01-01,,,\n";
        var records = TestFeeds.Read(text);

        Assert.All(records, r => Assert.Single(r.Events));
        Assert.Equal(
            [
                "PAY-0210 info: The fields original_transaction_id and reason do not apply to a payment and are ignored. original_transaction_id | Element: 3 | Line: 2 | Byte: 178.",
                "PAY-0210 info: The fields encounter, invoice, location and settlement_batch do not apply to a refund and are ignored. encounter | Element: 5 | Line: 3 | Byte: 237.",
                "PAY-0210 info: The field invoice does not apply to a refund and is ignored. invoice | Element: 6 | Line: 4 | Byte: 297.",
            ],
            records.Select(r => string.Join(" ; ", r.Diagnostics)));
    }

    [Fact]
    public void Read_NotApplicableFieldWithAnUnusableValue_IgnoredNotChecked()
    {
        var text = TestFeeds.Header + "\n"
            + "refund,R1,T1,A,,\"I\tV\",card,settled,5,USD,,2024-01-01,,,\n"
            + "payment,T1,\"T\u0001\",A,,,card,settled,5,USD,,2024-01-01,,," + new string('r', 2000) + "\n";
        var records = TestFeeds.Read(text);

        Assert.All(records, r => Assert.Single(r.Events));
        Assert.All(records, r => Assert.Equal(PaymentFeedDiagnosticCodes.FieldNotApplicable, Assert.Single(r.Diagnostics).Code));
    }

    [Fact]
    public void Read_ValuesAreTrimmed()
    {
        var p = TestFeeds.SingleEvent<PatientPaymentReceived>("type,transaction_id,patient_account,amount,method,status,posting_date\n payment , T1 ,  A  , 1 , card , settled , 2024-01-01 \n");
        Assert.Equal("pay:T1:settled", p.EventId);
        Assert.Equal(new PatientAccountNumber("A"), p.Account);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(4096)]
    public async Task ReadAsync_AnyChunkSize_SameAsReadingAtOnce(int chunk)
    {
        var data = Encoding.UTF8.GetBytes("\uFEFF" + TestFeeds.Header + ",memo\r\n" + TestFeeds.Payment + ",x\r\n\r\n"
            + "refund,R-1,,A,,,card,settled,5,USD,,2024-01-01,,,\"a \"\"b\"\" c\",\"m\r\nn\"\r\n"
            + "payment,T2,,A,,,bad,settled,5,,,2024-01-01,,,,\n"
            + "payment,T3,,\"unterminated,\n"
            + TestFeeds.Payment + ",y");
        var expected = PaymentFeedReader.Read(data).Select(TestFeeds.Describe).ToList();

        var actual = (await TestFeeds.ReadChunkedAsync(data, chunk)).Select(TestFeeds.Describe).ToList();

        Assert.Equal(expected, actual);
        Assert.Equal(6, expected.Count);
    }
}
