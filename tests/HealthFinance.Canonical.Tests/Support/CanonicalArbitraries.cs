using FsCheck;
using FsCheck.Fluent;
using HealthFinance.Canonical.Events;
using HealthFinance.Canonical.Diagnostics;

namespace HealthFinance.Canonical.Tests.Support;

/// <summary>A ten-digit NPI string with a valid check digit.</summary>
public sealed record ValidNpiText(string Value);

/// <summary>A set of journal lines that balances per currency and legal entity.</summary>
public sealed record BalancedLines(EquatableArray<JournalLine> Lines);

/// <summary>FsCheck generators for the canonical model.</summary>
public static class CanonicalArbitraries
{
    private static readonly CurrencyCode[] Currencies = [CurrencyCode.USD, CurrencyCode.EUR, CurrencyCode.GBP, CurrencyCode.CAD];

    public static Gen<CurrencyCode> CurrencyGen => Gen.Elements(Currencies);

    /// <summary>Decimals with 0 to 4 fractional digits (trailing zeros included), sign either way.</summary>
    public static Gen<decimal> AmountGen =>
        from units in Gen.Choose(-100_000_000, 100_000_000)
        from scale in Gen.Choose(0, 4)
        select new decimal(Math.Abs(units), 0, 0, units < 0, (byte)scale);

    public static Gen<decimal> NonNegativeAmountGen => AmountGen.Select(Math.Abs);

    public static Gen<decimal> PositiveAmountGen => NonNegativeAmountGen.Where(a => a > 0m);

    public static Gen<Money> MoneyIn(CurrencyCode currency, Gen<decimal> amounts) => amounts.Select(a => new Money(a, currency));

    public static Gen<string> TokenGen =>
        from length in Gen.Choose(1, 12)
        from chars in Gen.ArrayOf(Gen.Elements("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-*:. ".ToCharArray()), length)
        let text = new string(chars).Trim()
        select text.Length == 0 ? "X" : text;

    public static Gen<string?> OptionalTokenGen => Gen.OneOf(Gen.Constant<string?>(null), TokenGen.Select(t => (string?)t));

    public static Gen<DateOnly> DateGen => Gen.Choose(0, 3650).Select(d => new DateOnly(2020, 1, 1).AddDays(d));

    public static Gen<DateTimeOffset?> InstantGen =>
        Gen.OneOf(
            Gen.Constant<DateTimeOffset?>(null),
            from minutes in Gen.Choose(0, 5_000_000)
            from offset in Gen.Elements(-300, 0, 60, 330)
            select (DateTimeOffset?)new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.FromMinutes(offset)).AddMinutes(minutes));

    public static Gen<T?> Optional<T>(Gen<T> gen)
        where T : struct => Gen.OneOf(Gen.Constant<T?>(null), gen.Select(v => (T?)v));

    public static Gen<EquatableArray<T>> ListGen<T>(Gen<T> gen, int max) =>
        from count in Gen.Choose(0, max)
        from items in Gen.ArrayOf(gen, count)
        select (EquatableArray<T>)items;

    public static Gen<EquatableArray<T>> NonEmptyListGen<T>(Gen<T> gen, int max) =>
        from count in Gen.Choose(1, max)
        from items in Gen.ArrayOf(gen, count)
        select (EquatableArray<T>)items;

    public static Gen<TEnum> EnumGen<TEnum>()
        where TEnum : struct, Enum => Gen.Elements(Enum.GetValues<TEnum>());

    public static Gen<string> NpiTextGen =>
        from digits in Gen.ArrayOf(Gen.Choose(0, 9), 9)
        let nine = string.Concat(digits)
        select nine + Npi.ComputeCheckDigit(nine).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static Gen<SourceReference> SourceGen =>
        from format in EnumGen<SourceFormat>()
        from isa in OptionalTokenGen
        from gs in OptionalTokenGen
        from st in OptionalTokenGen
        from msg in OptionalTokenGen
        from pos in OptionalTokenGen
        from seg in Optional(Gen.Choose(0, 100_000).Select(i => (long)i))
        from file in OptionalTokenGen
        select new SourceReference
        {
            Format = format,
            InterchangeControlNumber = isa,
            GroupControlNumber = gs,
            TransactionSetControlNumber = st,
            MessageControlId = msg,
            Position = pos,
            SegmentIndex = seg,
            FileName = file,
        };

    public static Gen<ChargeCode> ChargeCodeGen =>
        from set in EnumGen<ChargeCodeSet>()
        from code in TokenGen
        select new ChargeCode { CodeSet = set, Code = code };

    public static Gen<EquatableArray<string>> ModifiersGen => ListGen(TokenGen, 4);

    public static Gen<ClaimAdjustment> AdjustmentGen(CurrencyCode c) =>
        from g in EnumGen<AdjustmentGroupCode>()
        from reason in TokenGen
        from amount in MoneyIn(c, AmountGen)
        from qty in Optional(NonNegativeAmountGen)
        select new ClaimAdjustment { Group = g, ReasonCode = reason, Amount = amount, Quantity = qty };

    public static Gen<ServicePayment> ServiceGen(CurrencyCode c) =>
        from proc in Gen.OneOf(Gen.Constant<ChargeCode?>(null), ChargeCodeGen.Select(x => (ChargeCode?)x))
        from mods in ModifiersGen
        from rev in OptionalTokenGen
        from charge in MoneyIn(c, AmountGen)
        from paid in MoneyIn(c, AmountGen)
        from allowed in Optional(MoneyIn(c, AmountGen))
        from units in Optional(AmountGen)
        from date in Optional(DateGen)
        from lic in OptionalTokenGen
        from adjustments in ListGen(AdjustmentGen(c), 3)
        select new ServicePayment
        {
            Procedure = proc,
            Modifiers = mods,
            RevenueCode = rev,
            Charge = charge,
            Paid = paid,
            Allowed = allowed,
            Units = units,
            ServiceDate = date,
            LineItemControlNumber = lic,
            Adjustments = adjustments,
        };

    public static Gen<ClaimPayment> ClaimPaymentGen(CurrencyCode c) =>
        from id in TokenGen
        from status in Gen.OneOf(Gen.Elements("1", "2", "3", "4", "19", "20", "21", "22", "23", "25"), TokenGen)
        from charge in MoneyIn(c, AmountGen)
        from paid in MoneyIn(c, AmountGen)
        from pr in Optional(MoneyIn(c, AmountGen))
        from icn in OptionalTokenGen
        from filing in OptionalTokenGen
        from facility in OptionalTokenGen
        from freq in OptionalTokenGen
        from interest in Optional(MoneyIn(c, AmountGen))
        from adjustments in ListGen(AdjustmentGen(c), 3)
        from services in ListGen(ServiceGen(c), 3)
        select new ClaimPayment
        {
            ClaimId = new PatientControlNumber(id),
            Status = new ClaimStatusCode(status),
            TotalCharge = charge,
            Paid = paid,
            PatientResponsibility = pr,
            PayerClaimControlNumber = icn is null ? null : new PayerClaimControlNumber(icn),
            ClaimFilingIndicator = filing,
            FacilityTypeCode = facility,
            ClaimFrequencyCode = freq,
            Interest = interest,
            Adjustments = adjustments,
            Services = services,
        };

    public static Gen<T> WithEnvelope<T>(Gen<T> body)
        where T : CanonicalEvent =>
        from b in body
        from id in TokenGen
        from source in SourceGen
        from corr in OptionalTokenGen
        from occurred in InstantGen
        from received in InstantGen
        from le in OptionalTokenGen
        select b with
        {
            EventId = id,
            Source = source,
            CorrelationId = corr is null ? null : new CorrelationId(corr),
            OccurredAt = occurred,
            ReceivedAt = received,
            LegalEntity = le is null ? null : new LegalEntityId(le),
        };

    private static readonly SourceReference PlaceholderSource = new() { Format = SourceFormat.Manual };

    public static Gen<RemittanceReceived> RemittanceGen => WithEnvelope(
        from c in CurrencyGen
        from handling in EnumGen<PaymentHandlingCode>()
        from amount in MoneyIn(c, AmountGen)
        from cd in EnumGen<CreditDebitIndicator>()
        from method in EnumGen<RemittancePaymentMethod>()
        from date in DateGen
        from trace in TokenGen
        from company in OptionalTokenGen
        from supplemental in OptionalTokenGen
        from payer in TokenGen
        from payerName in OptionalTokenGen
        from npi in Gen.OneOf(Gen.Constant<string?>(null), NpiTextGen.Select(n => (string?)n))
        from claims in ListGen(ClaimPaymentGen(c), 4)
        from plb in ListGen(
            from prov in TokenGen
            from fiscal in Optional(DateGen)
            from reason in TokenGen
            from reference in OptionalTokenGen
            from plbAmount in MoneyIn(c, AmountGen)
            select new ProviderAdjustment { Provider = new ProviderId(prov), FiscalPeriodDate = fiscal, ReasonCode = reason, Reference = reference, Amount = plbAmount },
            3)
        select new RemittanceReceived
        {
            EventId = "placeholder",
            Source = PlaceholderSource,
            Payment = new RemittancePayment
            {
                HandlingCode = handling,
                Amount = amount,
                CreditDebit = cd,
                Method = method,
                PaymentDate = date,
                TraceNumber = trace,
                OriginatingCompanyId = company,
                OriginatingCompanySupplementalCode = supplemental,
            },
            Payer = new PayerId(payer),
            PayerName = payerName,
            PayeeNpi = npi is null ? null : new Npi(npi),
            PayeeTaxId = new TaxId("123456789"),
            Claims = claims,
            ProviderAdjustments = plb,
        });

    public static Gen<ChargeCaptured> ChargeGen => WithEnvelope(
        from c in CurrencyGen
        from account in TokenGen
        from encounter in OptionalTokenGen
        from facility in OptionalTokenGen
        from lines in NonEmptyListGen(
            from lineId in OptionalTokenGen
            from type in EnumGen<ChargeTransactionType>()
            from code in ChargeCodeGen
            from mods in ModifiersGen
            from rev in OptionalTokenGen
            from units in NonNegativeAmountGen
            from amount in MoneyIn(c, NonNegativeAmountGen)
            from date in DateGen
            from dept in OptionalTokenGen
            select new ChargeLine { LineId = lineId, TransactionType = type, Code = code, Modifiers = mods, RevenueCode = rev, Units = units, Amount = amount, ServiceDate = date, Department = dept },
            4)
        select new ChargeCaptured
        {
            EventId = "placeholder",
            Source = PlaceholderSource,
            Account = new PatientAccountNumber(account),
            Encounter = encounter is null ? null : new EncounterId(encounter),
            Facility = facility is null ? null : new FacilityId(facility),
            Lines = lines,
        });

    public static Gen<ClaimSubmitted> ClaimGen => WithEnvelope(
        from c in CurrencyGen
        from id in TokenGen
        from type in EnumGen<ClaimType>()
        from total in MoneyIn(c, NonNegativeAmountGen)
        from payer in TokenGen
        from npi in NpiTextGen
        from subscriber in OptionalTokenGen
        from filing in OptionalTokenGen
        from facilityCode in OptionalTokenGen
        from freq in OptionalTokenGen
        from lines in NonEmptyListGen(
            from n in Gen.Choose(1, 999)
            from proc in ChargeCodeGen
            from mods in ModifiersGen
            from rev in OptionalTokenGen
            from units in NonNegativeAmountGen
            from charge in MoneyIn(c, NonNegativeAmountGen)
            from date in Optional(DateGen)
            from lic in OptionalTokenGen
            select new ClaimLine { LineNumber = n, Procedure = proc, Modifiers = mods, RevenueCode = rev, Units = units, Charge = charge, ServiceDate = date, LineItemControlNumber = lic },
            4)
        select new ClaimSubmitted
        {
            EventId = "placeholder",
            Source = PlaceholderSource,
            ClaimId = new PatientControlNumber(id),
            ClaimType = type,
            TotalCharge = total,
            Payer = new PayerId(payer),
            BillingProvider = new Npi(npi),
            BillingProviderTaxId = new TaxId("12-3456789"),
            SubscriberReference = subscriber,
            ClaimFilingIndicator = filing,
            FacilityCode = facilityCode,
            ClaimFrequencyCode = freq,
            Lines = lines,
        });

    public static Gen<ClaimStatusReported> ClaimStatusGen => WithEnvelope(
        from id in TokenGen
        from icn in OptionalTokenGen
        from category in Gen.Elements("A1", "A2", "A3", "A6", "A7", "A8", "P1", "F1")
        from status in TokenGen
        from entity in OptionalTokenGen
        from action in EnumGen<ClaimStatusAction>()
        from date in Optional(DateGen)
        from c in CurrencyGen
        from total in Optional(MoneyIn(c, AmountGen))
        select new ClaimStatusReported
        {
            EventId = "placeholder",
            Source = PlaceholderSource,
            ClaimId = new PatientControlNumber(id),
            PayerClaimControlNumber = icn is null ? null : new PayerClaimControlNumber(icn),
            CategoryCode = category,
            StatusCode = status,
            EntityIdentifierCode = entity,
            Action = action,
            StatusDate = date,
            TotalCharge = total,
        });

    public static Gen<PatientPaymentReceived> PatientPaymentGen => WithEnvelope(
        from account in TokenGen
        from c in CurrencyGen
        from amount in MoneyIn(c, PositiveAmountGen)
        from method in EnumGen<TenderType>()
        from settlement in EnumGen<SettlementStatus>()
        from merchant in OptionalTokenGen
        from batch in OptionalTokenGen
        from location in OptionalTokenGen
        from date in DateGen
        select new PatientPaymentReceived
        {
            EventId = "placeholder",
            Source = PlaceholderSource,
            Account = new PatientAccountNumber(account),
            Invoice = new InvoiceId("INV-1"),
            Amount = amount,
            Method = method,
            Settlement = settlement,
            MerchantTransactionId = merchant,
            SettlementBatchId = batch,
            Location = location,
            PostingDate = date,
        });

    public static Gen<RefundIssued> RefundGen => WithEnvelope(
        from refundId in TokenGen
        from account in TokenGen
        from recipient in EnumGen<RefundRecipient>()
        from c in CurrencyGen
        from amount in MoneyIn(c, PositiveAmountGen)
        from method in EnumGen<TenderType>()
        from date in DateGen
        from reason in OptionalTokenGen
        select new RefundIssued
        {
            EventId = "placeholder",
            Source = PlaceholderSource,
            RefundId = refundId,
            Account = new PatientAccountNumber(account),
            Recipient = recipient,
            Payer = recipient == RefundRecipient.Payer ? new PayerId("P1") : null,
            Amount = amount,
            Method = method,
            IssueDate = date,
            Reason = reason,
        });

    public static Gen<AccountAdjusted> AccountAdjustmentGen => WithEnvelope(
        from account in TokenGen
        from kind in EnumGen<AccountAdjustmentKind>()
        from reasonCode in TokenGen
        from reason in OptionalTokenGen
        from c in CurrencyGen
        from amount in MoneyIn(c, AmountGen.Where(a => a != 0m))
        from date in DateGen
        select new AccountAdjusted
        {
            EventId = "placeholder",
            Source = PlaceholderSource,
            Account = new PatientAccountNumber(account),
            Kind = kind,
            ReasonCode = reasonCode,
            Reason = reason,
            Amount = amount,
            PostingDate = date,
        });

    public static Gen<AccountContextUpdated> AccountContextGen => WithEnvelope(
        from account in TokenGen
        from encounter in OptionalTokenGen
        from patientClass in OptionalTokenGen
        from location in OptionalTokenGen
        from provider in OptionalTokenGen
        from guarantors in Gen.ArrayOf(TokenGen, 2)
        from count in Gen.Choose(0, 3)
        from plan in OptionalTokenGen
        from payer in OptionalTokenGen
        from policy in OptionalTokenGen
        select new AccountContextUpdated
        {
            EventId = "placeholder",
            Source = PlaceholderSource,
            Account = new PatientAccountNumber(account),
            Encounter = encounter is null ? null : new EncounterId(encounter),
            PatientClass = patientClass,
            Location = location,
            AttendingProvider = provider is null ? null : new ProviderId(provider),
            Guarantors = guarantors,
            Coverages = Enumerable.Range(1, count)
                .Select(i => new AccountCoverage { Sequence = i, Plan = plan, Payer = payer is null ? null : new PayerId(payer), PolicyNumber = policy })
                .ToEquatableArray(),
        });

    public static Gen<JournalDimensions> DimensionsGen =>
        from le in Gen.Elements<string?>(null, "E1", "E2")
        from facility in OptionalTokenGen
        from cc in OptionalTokenGen
        from sl in OptionalTokenGen
        from payer in OptionalTokenGen
        from payerClass in OptionalTokenGen
        from category in Gen.Elements<string?>(null, "contractual", "denial")
        from reason in Gen.Elements<string?>(null, "CO-45", "PR-1")
        from plb in Gen.Elements<string?>(null, "L6", "WO")
        select new JournalDimensions
        {
            LegalEntity = le is null ? null : new LegalEntityId(le),
            Facility = facility is null ? null : new FacilityId(facility),
            CostCenter = cc,
            ServiceLine = sl,
            Payer = payer is null ? null : new PayerId(payer),
            PayerClass = payerClass,
            AdjustmentCategory = category,
            AdjustmentReason = reason,
            ProviderAdjustmentReason = plb,
        };

    public static Gen<JournalLineReferences?> ReferencesGen =>
        Gen.OneOf(
            Gen.Constant<JournalLineReferences?>(null),
            from claim in OptionalTokenGen
            from icn in OptionalTokenGen
            from account in OptionalTokenGen
            from trace in OptionalTokenGen
            from plbRef in OptionalTokenGen
            from reversed in OptionalTokenGen
            select (JournalLineReferences?)new JournalLineReferences
            {
                ClaimId = claim is null ? null : new PatientControlNumber(claim),
                PayerClaimControlNumber = icn is null ? null : new PayerClaimControlNumber(icn),
                PatientAccount = account is null ? null : new PatientAccountNumber(account),
                TraceNumber = trace,
                ProviderAdjustmentReference = plbRef,
                ReversedJournalId = reversed,
            });

    /// <summary>Balanced lines: each generated pair is one debit and one credit of the same amount, currency and legal entity, then shuffled.</summary>
    public static Gen<BalancedLines> BalancedLinesGen =>
        from pairs in Gen.NonEmptyListOf(
            from c in CurrencyGen
            from amount in PositiveAmountGen
            from split in Gen.Choose(1, 3)
            from dims in DimensionsGen
            from debitRole in Gen.Elements(AccountRole.CashClearing, AccountRole.PatientAr, AccountRole.ContractualAllowance)
            from creditRole in Gen.Elements(AccountRole.PayerAr, AccountRole.InterestIncome)
            from refs in ReferencesGen
            select SplitPair(new Money(amount, c), split, dims, debitRole, creditRole).Select(l => l with { References = refs }).ToArray())
        from shuffled in Gen.Shuffle(pairs.SelectMany(p => p))
        select new BalancedLines(shuffled);

    private static JournalLine[] SplitPair(Money amount, int split, JournalDimensions dims, AccountRole debitRole, AccountRole creditRole)
    {
        // One debit balanced by `split` credits whose amounts add up exactly to the debit.
        var lines = new List<JournalLine> { JournalLine.DebitOf(debitRole, amount, dims) };
        var remaining = amount;
        for (var i = 1; i < split; i++)
        {
            var part = new Money(decimal.Round(remaining.Amount / 2m, 4, MidpointRounding.ToZero), amount.Currency);
            if (!part.IsPositive || part == remaining)
            {
                break;
            }

            lines.Add(JournalLine.CreditOf(creditRole, part, dims));
            remaining -= part;
        }

        lines.Add(JournalLine.CreditOf(creditRole, remaining, dims));
        return [.. lines];
    }

    public static Gen<JournalEntry> JournalGen => WithEnvelope(
        from balanced in BalancedLinesGen
        from key in TokenGen
        from date in DateGen
        from ids in ListGen(TokenGen, 3)
        from version in OptionalTokenGen
        from description in OptionalTokenGen
        select new JournalEntry
        {
            EventId = "placeholder",
            Source = PlaceholderSource,
            IdempotencyKey = key,
            EntryDate = date,
            SourceEventIds = ids,
            RuleSetVersion = version,
            Description = description,
            Lines = balanced.Lines,
        });

    public static Gen<PostingAcknowledged> PostingAckGen => WithEnvelope(
        from key in TokenGen
        from doc in OptionalTokenGen
        from status in EnumGen<PostingStatus>()
        from messages in ListGen(
            from severity in EnumGen<DiagnosticSeverity>()
            from code in OptionalTokenGen
            from text in TokenGen
            from line in Optional(Gen.Choose(0, 50))
            select new PostingMessage { Severity = severity, Code = code, Text = text, LineIndex = line },
            3)
        select new PostingAcknowledged
        {
            EventId = "placeholder",
            Source = PlaceholderSource,
            IdempotencyKey = key,
            ErpDocumentId = doc,
            Status = status,
            Messages = messages,
        });

    public static Gen<AcknowledgmentReceived> AcknowledgmentGen => WithEnvelope(
        from kind in EnumGen<AcknowledgmentKind>()
        from status in EnumGen<AcknowledgmentStatus>()
        from control in TokenGen
        from functional in OptionalTokenGen
        from version in OptionalTokenGen
        from note in OptionalTokenGen
        from codes in ListGen(TokenGen, 3)
        from counts in Optional(Gen.Choose(0, 20))
        from transactions in ListGen(
            from id in TokenGen
            from number in TokenGen
            from reference in OptionalTokenGen
            from tstatus in EnumGen<AcknowledgmentStatus>()
            from tcodes in ListGen(TokenGen, 5)
            from segments in ListGen(
                from segmentId in TokenGen
                from position in Gen.Choose(1, 500)
                from loop in OptionalTokenGen
                from code in OptionalTokenGen
                from elements in ListGen(
                    from element in Gen.Choose(1, 30)
                    from component in Optional(Gen.Choose(1, 9))
                    from repetition in Optional(Gen.Choose(1, 9))
                    from reference2 in OptionalTokenGen
                    from ecode in TokenGen
                    select new AcknowledgedElementError { ElementPosition = element, ComponentPosition = component, RepetitionPosition = repetition, ElementReference = reference2, Code = ecode },
                    3)
                select new AcknowledgedSegmentError { SegmentId = segmentId, PositionInTransaction = position, LoopId = loop, Code = code, ElementErrors = elements },
                3)
            select new AcknowledgedTransaction { TransactionSetId = id, ControlNumber = number, ImplementationReference = reference, Status = tstatus, ErrorCodes = tcodes, SegmentErrors = segments },
            3)
        select new AcknowledgmentReceived
        {
            EventId = "placeholder",
            Source = PlaceholderSource,
            Kind = kind,
            Status = status,
            AcknowledgedControlNumber = control,
            AcknowledgedFunctionalCode = functional,
            AcknowledgedVersion = version,
            NoteCode = note,
            ErrorCodes = codes,
            TransactionSetsIncluded = counts,
            TransactionSetsReceived = counts,
            TransactionSetsAccepted = counts,
            Transactions = transactions,
        });

    public static Arbitrary<Money> MoneyArb() => Arb.From(CurrencyGen.SelectMany(c => MoneyIn(c, AmountGen)));

    public static Arbitrary<CurrencyCode> CurrencyArb() => Arb.From(CurrencyGen);

    public static Arbitrary<ValidNpiText> ValidNpi() => Arb.From(NpiTextGen.Select(n => new ValidNpiText(n)));

    public static Arbitrary<BalancedLines> Balanced() => Arb.From(BalancedLinesGen);

    public static Arbitrary<RemittanceReceived> Remittance() => Arb.From(RemittanceGen);

    public static Arbitrary<ChargeCaptured> Charge() => Arb.From(ChargeGen);

    public static Arbitrary<ClaimSubmitted> Claim() => Arb.From(ClaimGen);

    public static Arbitrary<ClaimStatusReported> ClaimStatus() => Arb.From(ClaimStatusGen);

    public static Arbitrary<PatientPaymentReceived> PatientPayment() => Arb.From(PatientPaymentGen);

    public static Arbitrary<RefundIssued> Refund() => Arb.From(RefundGen);

    public static Arbitrary<AccountAdjusted> AccountAdjustment() => Arb.From(AccountAdjustmentGen);

    public static Arbitrary<AccountContextUpdated> AccountContext() => Arb.From(AccountContextGen);

    public static Arbitrary<JournalEntry> Journal() => Arb.From(JournalGen);

    public static Arbitrary<PostingAcknowledged> PostingAck() => Arb.From(PostingAckGen);

    public static Arbitrary<AcknowledgmentReceived> Acknowledgment() => Arb.From(AcknowledgmentGen);
}
