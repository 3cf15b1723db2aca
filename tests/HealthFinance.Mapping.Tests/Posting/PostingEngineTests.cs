using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;
using HealthFinance.Mapping.Posting;
using static HealthFinance.Mapping.Tests.TestRules;

namespace HealthFinance.Mapping.Tests.Posting;

public sealed class PostingEngineTests
{
    // DOMAIN 3.3: CLP*PCN1*1*500*300*50*12*ICN1 CAS*CO*45*150 CAS*PR*1*50 / CLP*PCN2*1*250*200**12*ICN2 CAS*CO*45*50 /
    // PLB*PRV1*20241231*L6*-5.25*WO:PCN9 ICN9 EFT0001*100; BPR02 405.25, TRN02 EFT0001.
    private static RemittanceReceived Golden() => Remit(
        "0001",
        405.25m,
        [
            Claim("PCN1", "1", 500m, 300m, 50m, "ICN1", Cas("CO", "45", 150m), Cas("PR", "1", 50m)),
            Claim("PCN2", "1", 250m, 200m, null, "ICN2", Cas("CO", "45", 50m)),
        ],
        [Plb("L6", -5.25m), Plb("WO", 100m, "PCN9 ICN9 EFT0001")],
        new DateOnly(2024, 12, 31),
        "EFT0001");

    [Fact]
    public void Post_GoldenRemittanceAndDeposit_ProducesExactlyTheDomainTable()
    {
        var remit = Engine.Post(Golden());
        var deposit = Engine.PostDeposit(new DepositMatch
        {
            DepositId = "BAI-20241231-7",
            LegalEntity = "E1",
            TraceNumber = "EFT0001",
            OriginatingCompanyId = "1999999999",
            Amount = Usd(405.25m),
            EffectiveDate = new DateOnly(2024, 12, 31),
        });

        Assert.Empty(remit.Diagnostics);
        Assert.Empty(deposit.Diagnostics);
        Assert.Null(deposit.Event);
        Assert.Equal("deposit:BAI-20241231-7", deposit.SourceId);
        Assert.Equal(("deposit:BAI-20241231-7", SourceFormat.Payment), (deposit.Journals[0].SourceEventId, deposit.Journals[0].Source.Format));
        var journals = remit.Journals.Concat(deposit.Journals).ToList();
        (string, string, decimal)[] expected =
        [
            ("cash-clearing", "payer-ar", 300.00m),
            ("contractual-allowance", "payer-ar", 150.00m),
            ("patient-ar", "payer-ar", 50.00m),
            ("cash-clearing", "payer-ar", 200.00m),
            ("contractual-allowance", "payer-ar", 50.00m),
            ("cash-clearing", "interest-income", 5.25m),
            ("payer-ar", "cash-clearing", 100.00m),
            ("cash", "cash-clearing", 405.25m),
        ];
        Assert.Equal(expected, Pairs(journals));

        var lines = journals.SelectMany(j => j.Lines).ToList();
        Assert.Equal(1260.50m, lines.Sum(l => l.Debit));
        Assert.Equal(1260.50m, lines.Sum(l => l.Credit));
        Assert.Equal(0m, Net(journals, AccountRole.CashClearing));

        // Claim and trace numbers are references, the payer a dimension; accounts come from E1's chart.
        var pcn1 = remit.Journals[0];
        Assert.All(pcn1.Lines.Where(l => l.Role == AccountRole.PayerAr), l =>
        {
            Assert.Equal("PCN1", l.References.ClaimId);
            Assert.Equal("P1", l.Dimensions.Payer);
            Assert.Equal("commercial", l.Dimensions.PayerClass);
            Assert.Equal("1200", l.Account);
        });
        Assert.Equal("EFT0001", pcn1.Lines[0].References.TraceNumber);
        Assert.Equal("CO-45", pcn1.Lines[2].Dimensions.AdjustmentReason);
        Assert.Equal("contractual", pcn1.Lines[2].Dimensions.AdjustmentCategory);
        var wo = remit.Journals[2].Lines.Single(l => l.Role == AccountRole.PayerAr);
        Assert.Equal("PCN9", wo.References.ClaimId);
        Assert.Equal("WO", wo.Dimensions.ProviderAdjustmentReason);
        Assert.All(journals, j => Assert.Equal("E1", j.LegalEntity));
        Assert.All(journals, j => Assert.Equal("test-2024.1", j.RuleSetVersion));
        Assert.All(journals, j => j.ToJournalEntry());
    }

    [Fact]
    public void Post_GoldenRemittance_ArReliefPerClaimIsClp03_AndPatientTransferIsClp05()
    {
        var result = Engine.Post(Golden());

        Assert.Equal(-500m, Net(result.Journals, AccountRole.PayerAr, l => l.References.ClaimId == "PCN1"));
        Assert.Equal(-250m, Net(result.Journals, AccountRole.PayerAr, l => l.References.ClaimId == "PCN2"));
        Assert.Equal(50m, Net(result.Journals, AccountRole.PatientAr, l => l.References.ClaimId == "PCN1"));
        Assert.Equal(405.25m, Net(result.Journals, AccountRole.CashClearing));
    }

    [Fact]
    public void Post_ReversalThenCorrection_NetDeltaIsCashPlus50AndContractualMinus50()
    {
        var history = new ClaimPaymentHistory();
        var original = Engine.Post(Remit("0001", 300m, [Claim("PCN1", "1", 500m, 300m, 50m, "ICN1", Cas("CO", "45", 150m), Cas("PR", "1", 50m))]), history);
        var second = Engine.Post(
            Remit("0002", 50m,
            [
                Claim("PCN1", "22", -500m, -300m, -50m, "ICN1", Cas("CO", "45", -150m), Cas("PR", "1", -50m)),
                Claim("PCN1", "1", 500m, 350m, 50m, "ICN1", Cas("CO", "45", 100m), Cas("PR", "1", 50m)),
            ]),
            history);

        Assert.Empty(original.Diagnostics);
        Assert.Empty(second.Diagnostics);

        // The reversal is the exact mirror of the original: same roles, accounts, dimensions, amounts; sides swapped.
        var mirror = second.Journals[0];
        var orig = original.Journals[0];
        Assert.Equal(orig.Lines.Count, mirror.Lines.Count);
        for (var i = 0; i < orig.Lines.Count; i++)
        {
            Assert.Equal(orig.Lines[i].Role, mirror.Lines[i].Role);
            Assert.Equal(orig.Lines[i].Account, mirror.Lines[i].Account);
            Assert.Equal(orig.Lines[i].Amount, mirror.Lines[i].Amount);
            Assert.Equal(orig.Lines[i].Dimensions, mirror.Lines[i].Dimensions);
            Assert.NotEqual(orig.Lines[i].Side, mirror.Lines[i].Side);
            Assert.Equal(orig.JournalId, mirror.Lines[i].References.ReversedJournalId);
        }

        // Original + reversal = pre-posting state.
        var both = new[] { orig, mirror };
        foreach (var role in both.SelectMany(j => j.Lines).Select(l => l.Role).Distinct())
        {
            Assert.Equal(0m, Net(both, role));
        }

        var all = original.Journals.Concat(second.Journals).ToList();
        var delta = second.Journals; // reversal + correction
        Assert.Equal(50m, Net(delta, AccountRole.CashClearing));
        Assert.Equal(-50m, Net(delta, AccountRole.ContractualAllowance));
        Assert.Equal(0m, Net(delta, AccountRole.PatientAr));
        Assert.Equal(0m, Net(delta, AccountRole.PayerAr));
        Assert.Equal(350m, Net(all, AccountRole.CashClearing));
        Assert.Equal(100m, Net(all, AccountRole.ContractualAllowance));
    }

    [Fact]
    public void Post_ReversalWithoutOriginal_MovesCashEffectToSuspense_NotAr()
    {
        var result = Engine.Post(Remit("0003", -300m, [Claim("PCN7", "22", -500m, -300m, -50m, "ICN7", Cas("CO", "45", -150m), Cas("PR", "1", -50m))]), new ClaimPaymentHistory());

        Assert.Equal(MappingDiagnosticCodes.ReversalOriginalUnknown, Assert.Single(result.Diagnostics).Code);
        Assert.Equal([("suspense", "cash-clearing", 300m)], Pairs(result.Journals));
        Assert.Equal(-300m, Net(result.Journals, AccountRole.CashClearing));
    }

    [Fact]
    public void Post_ReversalNotNegatingItsOriginal_GoesToSuspense_AndKeepsTheOriginal()
    {
        var history = new ClaimPaymentHistory();
        Engine.Post(Remit("0001", 300m, [Claim("PCN1", "1", 500m, 300m, 50m, "ICN1", Cas("CO", "45", 150m), Cas("PR", "1", 50m))]), history);

        var result = Engine.Post(Remit("0002", -290m, [Claim("PCN1", "22", -500m, -290m, -50m, "ICN1", Cas("CO", "45", -160m), Cas("PR", "1", -50m))]), history);

        Assert.Equal(MappingDiagnosticCodes.ReversalMismatch, Assert.Single(result.Diagnostics).Code);
        Assert.Equal([("suspense", "cash-clearing", 290m)], Pairs(result.Journals));
        Assert.Single(history.Payments);
    }

    /// <summary>
    /// The history finds a claim's payments by CLP01: known claims, the original a reversal could mirror (same payer,
    /// not a reversal, CLP07 equal when both have one), the most recent match taken, the latest payment of a claim.
    /// </summary>
    [Fact]
    public void History_FindsPaymentsByClaim_TakesTheMostRecentMatch_AndKeepsTheRest()
    {
        var history = new ClaimPaymentHistory();
        var p1 = new PayerId("P1");
        Engine.Post(Remit("0001", 300m, [Claim("PCN1", "1", 500m, 300m, 50m, "ICN1", Cas("CO", "45", 150m), Cas("PR", "1", 50m))]), history);
        Engine.Post(Remit("0002", 300m, [Claim("PCN2", "1", 500m, 300m, 50m, "ICN2", Cas("CO", "45", 150m), Cas("PR", "1", 50m))]), history);
        Engine.Post(Remit("0003", 300m, [Claim("PCN1", "1", 500m, 300m, 50m, "ICN1B", Cas("CO", "45", 150m), Cas("PR", "1", 50m))]), history);
        ClaimPayment Reversal(string? icn) => Claim("PCN1", "22", -500m, -300m, -50m, icn ?? "ICN1", Cas("CO", "45", -150m), Cas("PR", "1", -50m)) with { PayerClaimControlNumber = icn is null ? null : new PayerClaimControlNumber(icn) };

        Assert.Equal(3, history.Payments.Count);
        Assert.True(history.IsKnownClaim(new PatientControlNumber("PCN2")));
        Assert.False(history.IsKnownClaim(new PatientControlNumber("PCN9")));
        Assert.True(history.HasOriginal(p1, Reversal("ICN1B")));
        Assert.True(history.HasOriginal(p1, Reversal(null)));
        Assert.False(history.HasOriginal(p1, Reversal("ICN-OTHER")));
        Assert.False(history.HasOriginal(new PayerId("P2"), Reversal("ICN1")));
        Assert.Equal("ICN1B", history.LatestPayment(p1, "PCN1")!.Claim.PayerClaimControlNumber!.Value.Value);

        var reversed = Engine.Post(Remit("0004", -300m, [Reversal("ICN1B")]), history);

        Assert.Empty(reversed.Diagnostics);
        Assert.Equal(["PCN1", "PCN2"], history.Payments.Select(p => p.Claim.ClaimId.Value).Order(StringComparer.Ordinal));
        Assert.Equal("ICN1", history.LatestPayment(p1, "PCN1")!.Claim.PayerClaimControlNumber!.Value.Value);
        Engine.Post(Remit("0005", -300m, [Reversal("ICN1")]), history);
        Assert.False(history.IsKnownClaim(new PatientControlNumber("PCN1")));
        Assert.Null(history.LatestPayment(p1, "PCN1"));
    }

    /// <summary>
    /// <see cref="ClaimPaymentHistory.PaymentsOf"/> lists a payer's payments of a claim oldest first;
    /// <see cref="ClaimPaymentHistory.ForgetClaimsAndPayments"/> empties the payments and the submitted claims.
    /// </summary>
    [Fact]
    public void History_PaymentsOf_ListsAPayersPaymentsOfAClaim_ForgetClaimsAndPayments_EmptiesBoth()
    {
        var history = new ClaimPaymentHistory();
        var p1 = new PayerId("P1");
        var pcn1 = new PatientControlNumber("PCN1");
        history.RecordClaim(new PatientControlNumber("PCN7"));
        Engine.Post(Remit("0001", 300m, [Claim("PCN1", "1", 500m, 300m, 50m, "ICN1", Cas("CO", "45", 150m), Cas("PR", "1", 50m))]), history);
        Engine.Post(Remit("0002", 300m, [Claim("PCN1", "1", 500m, 300m, 50m, "ICN1B", Cas("CO", "45", 150m), Cas("PR", "1", 50m))]), history);

        Assert.Equal(["ICN1", "ICN1B"], history.PaymentsOf(p1, pcn1).Select(p => p.Claim.PayerClaimControlNumber!.Value.Value));
        Assert.Empty(history.PaymentsOf(new PayerId("P2"), pcn1));
        Assert.Empty(history.PaymentsOf(p1, new PatientControlNumber("PCN9")));

        Assert.True(history.IsKnownClaim(new PatientControlNumber("PCN7")));

        history.ForgetClaimsAndPayments();

        Assert.Empty(history.Payments);
        Assert.Empty(history.PaymentsOf(p1, pcn1));
        Assert.False(history.IsKnownClaim(new PatientControlNumber("PCN7")));
        Assert.False(history.IsKnownClaim(pcn1));
        Assert.False(history.HasOriginal(p1, Claim("PCN1", "22", -500m, -300m, -50m, "ICN1", Cas("CO", "45", -150m), Cas("PR", "1", -50m))));
    }

    [Fact]
    public void Post_ForwardBalanceVector_SettlementClearingNetsToZeroAcrossRemits()
    {
        // R2: claims 80, WO 200, FB -120 -> BPR02 0 (H/NON). R3: claims 500, FB +120 -> BPR02 380.
        var r2 = Engine.Post(Remit("0002", 0m, [Claim("PCN2", "1", 100m, 80m, null, "ICN2", Cas("CO", "45", 20m))], [Plb("WO", 200m, "PCN1 ICN1 EFT1"), Plb("FB", -120m, "FCN77")]));
        var r3 = Engine.Post(Remit("0003", 380m, [Claim("PCN3", "1", 600m, 500m, null, "ICN3", Cas("CO", "45", 100m))], [Plb("FB", 120m, "FCN77")]));

        Assert.Contains(("cash-clearing", "payer-settlement-clearing", 120m), Pairs(r2.Journals));
        Assert.Contains(("payer-settlement-clearing", "cash-clearing", 120m), Pairs(r3.Journals));
        Assert.Equal(-120m, Net(r2.Journals, AccountRole.PayerSettlementClearing));
        Assert.Equal(0m, Net(r2.Journals.Concat(r3.Journals), AccountRole.PayerSettlementClearing));
        Assert.Equal(0m, Net(r2.Journals, AccountRole.CashClearing));
        Assert.Equal(380m, Net(r3.Journals, AccountRole.CashClearing));
    }

    [Theory]
    [InlineData("4", 0, "CO", "16")]
    [InlineData("1", 0, "CO", "29")]
    public void Post_Denial_PostsNothing_AndSaysWhy(string status, decimal paid, string group, string reason)
    {
        var result = Engine.Post(Remit("0004", 0m, [Claim("PCN4", status, 400m, paid, null, "ICN4", Cas(group, reason, 400m))]));

        Assert.Empty(result.Journals);
        Assert.Equal(MappingDiagnosticCodes.DenialNotPosted, Assert.Single(result.Diagnostics).Code);
        Assert.Equal(DiagnosticSeverity.Information, result.Diagnostics[0].Severity);
        Assert.Contains("CLP[1]", result.Diagnostics[0].Location.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Post_PredeterminationPricing_PostsNothing()
    {
        var result = Engine.Post(Remit("0013", 0m, [Claim("PCN4", "25", 400m, 0m, null, "ICN4", Cas("CO", "45", 400m))]));

        Assert.Empty(result.Journals);
        Assert.Equal(MappingDiagnosticCodes.NoLedgerEffect, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Post_DenialCarryingAPayment_SendsTheCashToSuspense()
    {
        var result = Engine.Post(Remit("0004", 10m, [Claim("PCN4", "4", 400m, 10m, null, "ICN4", Cas("CO", "16", 390m))]));

        Assert.Equal([MappingDiagnosticCodes.DenialNotPosted, MappingDiagnosticCodes.DenialWithPayment], result.Diagnostics.Select(d => d.Code));
        Assert.Equal([("cash-clearing", "suspense", 10m)], Pairs(result.Journals));
    }

    [Theory]
    [InlineData("L6", -5.25, "cash-clearing", "interest-income")]
    [InlineData("L6", 5.25, "interest-income", "cash-clearing")]
    [InlineData("72", -40, "cash-clearing", "refunds-payable")]
    [InlineData("B2", -15, "cash-clearing", "refunds-payable")]
    [InlineData("IR", 12, "withholding-receivable", "cash-clearing")]
    [InlineData("E3", 12, "withholding-receivable", "cash-clearing")]
    [InlineData("50", 25, "penalty-expense", "cash-clearing")]
    [InlineData("AP", -1000, "cash-clearing", "third-party-settlement")]
    [InlineData("AP", 1000, "third-party-settlement", "cash-clearing")]
    [InlineData("CS", 7, "suspense", "cash-clearing")]
    public void Post_ProviderAdjustment_PostsPerReasonAndSign(string reason, decimal amount, string debit, string credit)
    {
        var result = Engine.Post(Remit("0005", 100m - amount, [Claim("PCN5", "1", 100m, 100m, null, "ICN5")], [Plb(reason, amount)]));

        Assert.Empty(result.Diagnostics);
        Assert.Equal((debit, credit, Math.Abs(amount)), Pairs(result.Journals).Last());
        Assert.Equal(100m - amount, Net(result.Journals, AccountRole.CashClearing));
    }

    [Fact]
    public void Post_AuthorizedReturnPairedWithRecoupment_NetsCashToZero()
    {
        var result = Engine.Post(Remit("0006", 0m, [], [Plb("72", -60m, "RFD-1"), Plb("WO", 60m, "PCN3 ICN3 EFT9")]));

        Assert.Equal(0m, Net(result.Journals, AccountRole.CashClearing));
        Assert.Equal(60m, Net(result.Journals, AccountRole.PayerAr, l => l.References.ClaimId == "PCN3"));
    }

    [Fact]
    public void Post_Recoupment_TakesThePayerClassOfTheRecoupedClaim_OrNamesTheMissingPayerRow()
    {
        var medicare = Claim("PCN3", "1", 100m, 100m, null, "ICN3") with { ClaimFilingIndicator = "MB" };
        var inRemit = Engine.Post(Remit("0011", 60m, [medicare], [Plb("WO", 40m, "PCN3 ICN3 EFT0011")]) with { Payer = new PayerId("P2") });
        var unknown = Engine.Post(Remit("0012", 60m, [medicare], [Plb("WO", 40m, "PCN4 ICN4 EFT0012")]) with { Payer = new PayerId("P2") });

        Assert.Empty(inRemit.Diagnostics);
        Assert.Equal("medicare", inRemit.Journals[1].Lines.Single(l => l.Role == AccountRole.PayerAr).Dimensions.PayerClass);
        Assert.Equal("POST-0103 Missing mapping row payers[payer=P2, claimFilingIndicator=*] in rule set test-2024.1.", unknown.Diagnostics.Select(d => d.Code + " " + d.Message).Single());
    }

    [Fact]
    public void Post_UnmappedReferenceData_NamesEachMissingRow()
    {
        var remit = Remit("0007", 95m, [Claim("PCN1", "1", 100m, 95m, null, "ICN1", Cas("CO", "999", 5m)) with { ClaimFilingIndicator = "ZZ" }], [Plb("J1", 0.01m)]) with { Payer = new PayerId("P9") };

        var result = Engine.Post(remit);

        Assert.True(result.HasErrors);
        Assert.Equal(
            [
                "POST-0103 Missing mapping row payers[payer=P9, claimFilingIndicator=ZZ] in rule set test-2024.1.",
                "POST-0105 Missing mapping row adjustmentReasons[group=CO, reason=999] in rule set test-2024.1.",
                "POST-0106 Missing mapping row providerAdjustmentReasons[reason=J1] in rule set test-2024.1.",
            ],
            result.Diagnostics.Select(d => d.Code + " " + d.Message));
    }

    [Fact]
    public void Post_ChargeAtUnknownFacility_NamesTheMissingFacilityRow()
    {
        var charge = Charge("F9", ("99213", null, 150m));

        var result = Engine.Post(charge);

        var finding = Assert.Single(result.Diagnostics);
        Assert.Equal(MappingDiagnosticCodes.LegalEntityUnmapped, finding.Code);
        Assert.Contains("facilities[id=F9]", finding.Message, StringComparison.Ordinal);
        Assert.Empty(result.Journals);
    }

    [Fact]
    public void Post_Charge_BooksUnbilledArAndGrossRevenueWithServiceLineAndRevenueAccount()
    {
        var result = Engine.Post(Charge("F1", ("99213", null, 150m), ("71046", null, 80m), ("99999", "0450", 300m)));

        Assert.Empty(result.Diagnostics);
        Assert.Equal(
            [("unbilled-ar", "gross-revenue", 150m), ("unbilled-ar", "gross-revenue", 80m), ("unbilled-ar", "gross-revenue", 300m)],
            Pairs(result.Journals));
        var revenue = result.Journals[0].Lines.Where(l => l.Role == AccountRole.GrossRevenue).ToList();
        Assert.Equal(["clinic", "imaging", "emergency"], revenue.Select(l => l.Dimensions.ServiceLine));
        Assert.Equal(["4000", "4020", "4000"], revenue.Select(l => l.Account));
        Assert.Equal(["CC10", "CC10", "CC45"], revenue.Select(l => l.Dimensions.CostCenter));
        Assert.Equal("A-77", revenue[0].References.PatientAccount);
    }

    [Fact]
    public void Post_ClaimWhenChargesBookRevenue_MovesUnbilledToPayerAr()
    {
        var result = Engine.Post(Submitted(new DateOnly(2024, 6, 1)));

        Assert.Empty(result.Diagnostics);
        Assert.Equal([("payer-ar", "unbilled-ar", 230m)], Pairs(result.Journals));
    }

    [Fact]
    public void Post_ClaimWhenClaimsBookRevenue_BooksGrossRevenuePerLine_AndNamesTheUnmappedCode()
    {
        var result = Engine.Post(Submitted(new DateOnly(2025, 3, 1)));

        Assert.Equal("test-2025.1", result.RuleSetVersion);
        Assert.Equal(
            ["POST-0104 Missing mapping row procedureCodes[code=71046] in rule set test-2025.1."],
            result.Diagnostics.Select(d => d.Code + " " + d.Message));
        Assert.Equal([("payer-ar", "gross-revenue", 150m)], Pairs(result.Journals));
        Assert.Equal("commercial-2025", result.Journals[0].Lines[0].Dimensions.PayerClass);
        Assert.Equal("1201", result.Journals[0].Lines[0].Account);
    }

    [Fact]
    public void Post_ChargeWhenClaimsBookRevenue_BooksNothing()
    {
        var charge = Charge("F1", ("99213", null, 150m)) with { OccurredAt = new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero), LegalEntity = new LegalEntityId("E1"), Facility = null };

        var result = Engine.Post(charge);

        Assert.Empty(result.Journals);
        Assert.Equal(MappingDiagnosticCodes.NotRevenueSource, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Post_DateOutsideEveryVersion_ReportsNoRuleSet()
    {
        var result = Engine.Post(Remit("0008", 100m, [Claim("PCN1", "1", 100m, 100m, null, "ICN1")], date: new DateOnly(2023, 12, 31)));

        Assert.Equal(MappingDiagnosticCodes.NoRuleSetInForce, Assert.Single(result.Diagnostics).Code);
        Assert.Null(result.RuleSetVersion);
        Assert.Empty(result.Journals);
    }

    [Fact]
    public void Post_SameRemittanceTwice_GivesEqualJournalsAndIds_AndAnotherVersionGivesOtherIds()
    {
        var first = Engine.Post(Golden());
        var second = Engine.Post(Golden());
        var later = Engine.Post(Golden() with { Payment = Golden().Payment with { PaymentDate = new DateOnly(2025, 1, 2) } });

        Assert.Equal(first.Journals, second.Journals);
        Assert.Equal(first.Journals.Select(j => j.JournalId), second.Journals.Select(j => j.JournalId));
        Assert.Equal(first.Journals[0].IdempotencyKey, later.Journals[0].IdempotencyKey);
        Assert.NotEqual(first.Journals[0].JournalId, later.Journals[0].JournalId);
        Assert.Equal(PostingEngine.JournalIdOf(first.Journals[0].IdempotencyKey, "test-2024.1"), first.Journals[0].JournalId);
        Assert.Equal(first.Journals.Count, first.Journals.Select(j => j.IdempotencyKey).Distinct().Count());
    }

    [Fact]
    public void Post_PatientPaymentRefundAndAdjustments_UseTheirPatterns()
    {
        var source = new SourceReference { Format = SourceFormat.Hl7v2, MessageControlId = "MSG1" };
        var entity = new LegalEntityId("E1");
        var account = new PatientAccountNumber("A-77");
        var date = new DateOnly(2024, 6, 3);
        var payment = Engine.Post(new PatientPaymentReceived { EventId = "p", Source = source, LegalEntity = entity, Account = account, Amount = Usd(40m), Method = TenderType.Card, Settlement = SettlementStatus.Settled, PostingDate = date });
        var refund = Engine.Post(new RefundIssued { EventId = "r", Source = source, LegalEntity = entity, RefundId = "RF1", Account = account, Recipient = RefundRecipient.Patient, Amount = Usd(15m), Method = TenderType.Check, IssueDate = date });
        var charity = Engine.Post(new AccountAdjusted { EventId = "c", Source = source, LegalEntity = entity, Account = account, Kind = AccountAdjustmentKind.CharityCare, ReasonCode = "CH1", Amount = Usd(100m), PostingDate = date });
        var badDebt = Engine.Post(new AccountAdjusted { EventId = "b", Source = source, LegalEntity = entity, Account = account, Kind = AccountAdjustmentKind.BadDebtTransfer, ReasonCode = "BD", Amount = Usd(-20m), PostingDate = date });
        var voided = Engine.Post(new PatientPaymentReceived { EventId = "v", Source = source, LegalEntity = entity, Account = account, Amount = Usd(40m), Method = TenderType.Card, Settlement = SettlementStatus.Voided, PostingDate = date });

        Assert.Equal([("cash-clearing", "patient-ar", 40m)], Pairs(payment.Journals));
        Assert.Equal([("refunds-payable", "cash", 15m)], Pairs(refund.Journals));
        Assert.Equal([("charity-adjustment", "patient-ar", 100m)], Pairs(charity.Journals));
        Assert.Equal([("patient-ar", "bad-debt", 20m)], Pairs(badDebt.Journals));
        Assert.Empty(voided.Journals);
        Assert.Equal(MappingDiagnosticCodes.NoLedgerEffect, Assert.Single(voided.Diagnostics).Code);
    }

    [Fact]
    public void Post_PaymentWithoutEntity_ResolvesThroughTheFacilityOfItsAccount_OrNamesWhatIsMissing()
    {
        var source = new SourceReference { Format = SourceFormat.Hl7v2, MessageControlId = "MSG2", Position = "FT1[2]" };
        var payment = new PatientPaymentReceived { EventId = "p2", Source = source, Account = new PatientAccountNumber("A-77"), Amount = Usd(25m), Method = TenderType.Cash, Settlement = SettlementStatus.Settled, PostingDate = new DateOnly(2024, 6, 2) };
        var history = new ClaimPaymentHistory();

        var before = Engine.Post(payment, history);
        Engine.Post(Charge("F1", ("99213", null, 150m)), history);
        var after = Engine.Post(payment, history);

        Assert.Equal("POST-0102 The event names no facility, provider, tax id or legal entity to resolve its legal entity from.", before.Diagnostics.Select(d => d.Code + " " + d.Message).Single());
        Assert.Empty(after.Diagnostics);
        Assert.Equal("F1", history.FacilityOf(new PatientAccountNumber("A-77")));
        Assert.Equal(("E1", "F1", "CC10"), (after.Journals[0].LegalEntity, after.Journals[0].Lines[0].Dimensions.Facility, after.Journals[0].Lines[0].Dimensions.CostCenter));
    }

    [Fact]
    public void Post_StatusEvent_HasNoLedgerEffect()
    {
        var status = new ClaimStatusReported
        {
            EventId = "s",
            Source = new SourceReference { Format = SourceFormat.X12, TransactionSetControlNumber = "0009" },
            ClaimId = new PatientControlNumber("PCN1"),
            CategoryCode = "A2",
            StatusCode = "20",
            Action = ClaimStatusAction.Accepted,
        };

        var result = Engine.Post(status);

        Assert.Empty(result.Journals);
        Assert.Equal(MappingDiagnosticCodes.NoLedgerEffect, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Post_RequireKnownClaim_SendsPaymentsForUnknownClaimsToSuspense()
    {
        var engine = new PostingEngine(Catalog, new PostingEngineOptions { RequireKnownClaim = true });
        var history = new ClaimPaymentHistory();
        history.RecordClaim(new PatientControlNumber("PCN1"));

        var result = engine.Post(Remit("0010", 400m, [Claim("PCN1", "1", 100m, 100m, null, "ICN1"), Claim("PCN8", "1", 300m, 300m, null, "ICN8")]), history);

        Assert.Equal(MappingDiagnosticCodes.ClaimUnknown, Assert.Single(result.Diagnostics).Code);
        Assert.Equal([("cash-clearing", "payer-ar", 100m), ("cash-clearing", "suspense", 300m)], Pairs(result.Journals));
    }

    internal static ChargeCaptured Charge(string facility, params (string Procedure, string? RevenueCode, decimal Amount)[] lines) => new()
    {
        EventId = "dft-1",
        Source = new SourceReference { Format = SourceFormat.Hl7v2, MessageControlId = "MSG-1" },
        Account = new PatientAccountNumber("A-77"),
        Facility = new FacilityId(facility),
        Lines = lines.Select(l => new ChargeLine
        {
            Code = new ChargeCode { CodeSet = ChargeCodeSet.Cpt, Code = l.Procedure },
            RevenueCode = l.RevenueCode,
            Units = 1m,
            Amount = Usd(l.Amount),
            ServiceDate = new DateOnly(2024, 6, 1),
        }).ToArray(),
    };

    private static ClaimSubmitted Submitted(DateOnly date) => new()
    {
        EventId = "837-1",
        Source = new SourceReference { Format = SourceFormat.X12, InterchangeControlNumber = "7", GroupControlNumber = "7", TransactionSetControlNumber = "0001" },
        ClaimId = new PatientControlNumber("PCN1"),
        ClaimType = ClaimType.Professional,
        TotalCharge = Usd(230m),
        Payer = new PayerId("P1"),
        BillingProvider = new Npi("1234567893"),
        ClaimFilingIndicator = "12",
        Lines =
        [
            new ClaimLine { LineNumber = 1, Procedure = new ChargeCode { CodeSet = ChargeCodeSet.Cpt, Code = "99213" }, Units = 1m, Charge = Usd(150m), ServiceDate = date },
            new ClaimLine { LineNumber = 2, Procedure = new ChargeCode { CodeSet = ChargeCodeSet.Cpt, Code = "71046" }, Units = 1m, Charge = Usd(80m), ServiceDate = date },
        ],
    };
}
