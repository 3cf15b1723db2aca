using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;
using HealthFinance.Hl7v2.Internal;

namespace HealthFinance.Hl7v2;

/// <summary>Maps the units of one input (messages and batch envelopes) to results, keeping batch counts across units.</summary>
internal sealed class MessageMapper
{
    private static readonly CanonicalEvent[] NoEvents = [];
    private static readonly Diagnostic[] NoDiagnostics = [];

    private readonly Hl7v2ParserOptions _options;
    private long _segments;
    private int _messages;
    private bool _inBatch;
    private bool _inFile;
    private long _batchMessages;
    private long _fileBatches;

    internal MessageMapper(Hl7v2ParserOptions options) => _options = options;

    /// <summary>Maps one unit; returns <see langword="null"/> for a batch envelope without findings (unless <paramref name="always"/>).</summary>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Parse APIs never throw for input; an unexpected failure becomes the HL7-0207 finding of its message.")]
    internal Hl7v2MessageResult? MapUnit(ReadOnlySpan<byte> unit, long offset, bool always = false)
    {
        var message = new MessageData(_options);
        var firstSegment = _segments;
        var reader = new Hl7v2Reader(unit, _options.Reader, offset, _segments, _messages);
        var fatal = false;
        try
        {
            while (reader.Read())
            {
                _segments++;
                Accept(ref reader, message);
            }
        }
        catch (Hl7v2ReaderException ex)
        {
            _segments++;
            message.Add(ex.ToDiagnostic());
            fatal = true;
        }
        catch (Exception ex) when (ex is CanonicalModelException or CanonicalFormatException)
        {
            message.Add(new Diagnostic(Hl7v2DiagnosticCodes.InvalidIdentifier, DiagnosticSeverity.Error, "A value is not usable in the canonical model: " + ex.Message, message.MshLocation));
            fatal = true;
        }
        catch (Exception)
        {
            message.Add(new Diagnostic(Hl7v2DiagnosticCodes.InternalError, DiagnosticSeverity.Error, "The message could not be read because of an internal error.", message.MshLocation, isRecoverable: false));
            fatal = true;
        }

        if (!message.HasMsh && message.Diagnostics.Count == 0 && !always)
        {
            return null;
        }

        IReadOnlyList<CanonicalEvent> events = NoEvents;
        if (message.HasMsh && !fatal && !message.HasErrors)
        {
            try
            {
                events = message.BuildEvents();
            }
            catch (Exception ex) when (ex is CanonicalModelException or CanonicalFormatException or CurrencyMismatchException)
            {
                message.Add(new Diagnostic(Hl7v2DiagnosticCodes.InvalidIdentifier, DiagnosticSeverity.Error, "A value is not usable in the canonical model: " + ex.Message, message.MshLocation));
                events = NoEvents;
            }
            catch (Exception)
            {
                message.Add(new Diagnostic(Hl7v2DiagnosticCodes.InternalError, DiagnosticSeverity.Error, "The message could not be mapped because of an internal error.", message.MshLocation, isRecoverable: false));
                events = NoEvents;
            }

            if (message.HasErrors)
            {
                events = NoEvents;
            }
        }

        var diagnostics = message.Diagnostics.Count == 0 ? NoDiagnostics : message.Diagnostics.ToArray();
        return new Hl7v2MessageResult
        {
            MessageIndex = message.HasMsh ? message.MessageIndex : -1,
            MessageType = message.MessageType,
            MessageControlId = message.ControlId,
            Version = message.Version,
            SegmentIndex = firstSegment,
            ByteOffset = offset,
            ByteLength = unit.Length,
            Events = events,
            Diagnostics = diagnostics,
            AckCode = AckCodeOf(diagnostics),
        };
    }

    private static Hl7v2AckCode AckCodeOf(Diagnostic[] diagnostics)
    {
        var code = Hl7v2AckCode.Accept;
        foreach (var d in diagnostics)
        {
            if (!d.IsRecoverable || d.Code is Hl7v2DiagnosticCodes.UnsupportedMessageType or Hl7v2DiagnosticCodes.UnsupportedVersion
                || (d.Code == Hl7v2DiagnosticCodes.RequiredFieldMissing && d.Location.SegmentId == "MSH"))
            {
                return Hl7v2AckCode.Reject;
            }

            if (d.IsError)
            {
                code = Hl7v2AckCode.Error;
            }
        }

        return code;
    }

    private void Accept(ref Hl7v2Reader reader, MessageData message)
    {
        var id = reader.SegmentId;
        if (reader.IsHeaderSegment)
        {
            switch (id[0])
            {
                case (byte)'M':
                    _messages++;
                    if (_inBatch)
                    {
                        _batchMessages++;
                    }

                    message.ReadMsh(ref reader);
                    break;
                case (byte)'B':
                    if (_inFile)
                    {
                        _fileBatches++;
                    }

                    _inBatch = true;
                    _batchMessages = 0;
                    break;
                default:
                    _inFile = true;
                    _fileBatches = 0;
                    break;
            }

            return;
        }

        if (id[1] == (byte)'T' && id[2] == (byte)'S' && id[0] is (byte)'B' or (byte)'F')
        {
            var batch = id[0] == (byte)'B';
            var open = batch ? _inBatch : _inFile;
            if (!open)
            {
                message.Add(Hl7v2DiagnosticCodes.SegmentSequenceError, DiagnosticSeverity.Warning, batch ? "BTS without a BHS." : "FTS without an FHS.", ref reader, 0);
            }
            else if (Hl7v2Values.TryParseDecimal(reader.GetField(1), out var count) && count != (batch ? _batchMessages : _fileBatches))
            {
                message.Add(Hl7v2DiagnosticCodes.BatchCountMismatch, DiagnosticSeverity.Warning,
                    string.Create(CultureInfo.InvariantCulture, $"The trailer count differs from the {(batch ? "messages" : "batches")} read ({(batch ? _batchMessages : _fileBatches)})."), ref reader, 1);
            }

            if (batch)
            {
                _inBatch = false;
            }
            else
            {
                _inFile = false;
            }

            return;
        }

        if (!message.HasMsh)
        {
            message.Add(Hl7v2DiagnosticCodes.SegmentSequenceError, DiagnosticSeverity.Error, "The segment is outside a message (no MSH before it).", ref reader, 0);
            return;
        }

        message.Accept(ref reader);
    }
}

/// <summary>What one message holds for mapping, and its findings.</summary>
internal sealed class MessageData
{
    private readonly Hl7v2ParserOptions _options;
    private readonly List<Ft1Data> _ft1 = [];
    private readonly List<AccountCoverage> _coverages = [];
    private readonly List<string> _guarantors = [];
    private string? _account;
    private bool _sawPid;
    private SourceLocation? _pidLocation;
    private string? _encounter;
    private string? _facility;
    private string? _patientClass;
    private string? _patientType;
    private string? _financialClass;
    private string? _location;
    private string? _attending;
    private DateTimeOffset? _occurredAt;
    private long _mshSegmentIndex;

    internal MessageData(Hl7v2ParserOptions options) => _options = options;

    internal List<Diagnostic> Diagnostics { get; } = [];

    internal bool HasErrors { get; private set; }

    internal bool HasMsh { get; private set; }

    internal int MessageIndex { get; private set; }

    internal string? MessageType { get; private set; }

    internal string? ControlId { get; private set; }

    internal string? Version { get; private set; }

    internal SourceLocation MshLocation { get; private set; } = SourceLocation.None;

    internal void Add(Diagnostic diagnostic)
    {
        Diagnostics.Add(diagnostic);
        HasErrors |= diagnostic.IsError;
    }

    internal void Add(string code, DiagnosticSeverity severity, string text, ref Hl7v2Reader reader, int field, int component = 0, int repetition = 0) =>
        Add(new Diagnostic(code, severity, text, Location(ref reader, field, component, repetition)));

    internal void ReadMsh(ref Hl7v2Reader reader)
    {
        HasMsh = true;
        MessageIndex = reader.MessageIndex;
        _mshSegmentIndex = reader.SegmentIndex;
        MshLocation = Location(ref reader, 0, 0, 0);
        var d = reader.Delimiters;
        if (d.Subcomponent == 0)
        {
            Add(Hl7v2DiagnosticCodes.ShortEncodingCharacters, DiagnosticSeverity.Warning, "MSH-2 has fewer than 4 encoding characters.", ref reader, 2);
        }

        var code = Text(reader.GetComponent(9, 1), d);
        var trigger = Text(reader.GetComponent(9, 2), d);
        if (code is null)
        {
            Add(Hl7v2DiagnosticCodes.RequiredFieldMissing, DiagnosticSeverity.Error, "MSH-9 (message type) is empty.", ref reader, 9, 1);
        }
        else
        {
            MessageType = trigger is null ? code : code + "^" + trigger;
        }

        ControlId = Text(reader.GetField(10), d);
        if (ControlId is null)
        {
            Add(Hl7v2DiagnosticCodes.RequiredFieldMissing, DiagnosticSeverity.Error, "MSH-10 (message control id) is empty.", ref reader, 10);
        }

        Version = Text(reader.GetComponent(12, 1), d);
        if (Version is null)
        {
            Add(Hl7v2DiagnosticCodes.RequiredFieldMissing, DiagnosticSeverity.Error, "MSH-12 (version id) is empty.", ref reader, 12, 1);
        }
        else if (!IsSupportedVersion(Version))
        {
            Add(Hl7v2DiagnosticCodes.UnsupportedVersion, DiagnosticSeverity.Error, "MSH-12 is not an HL7 version from 2.3 to 2.8.", ref reader, 12, 1);
        }

        var ts = reader.GetComponent(7, 1);
        if (!ts.IsEmpty)
        {
            if (Hl7v2Values.TryParseTimestamp(ts, _options.DefaultOffset, out var at))
            {
                _occurredAt = at;
            }
            else
            {
                Add(Hl7v2DiagnosticCodes.InvalidDataType, DiagnosticSeverity.Warning, "MSH-7 is not a valid timestamp.", ref reader, 7, 1);
            }
        }

        if (code is not null && !IsMapped(code, trigger))
        {
            Add(Hl7v2DiagnosticCodes.UnsupportedMessageType, DiagnosticSeverity.Warning, "The message type is not one this package maps (DFT^P03/P11, BAR^P01/P05/P12, ADT^A04/A08).", ref reader, 9, 1);
        }
    }

    internal void Accept(ref Hl7v2Reader reader)
    {
        var d = reader.Delimiters;
        if (d.Escape != 0 && reader.SegmentSpan.Contains(d.Escape))
        {
            CheckEscapes(ref reader);
        }

        var id = reader.SegmentId;
        if (id.SequenceEqual("PID"u8))
        {
            _sawPid = true;
            _account = Text(reader.GetComponent(18, 1), d);
            _pidLocation = Location(ref reader, 18, 1, 0);
        }
        else if (id.SequenceEqual("PV1"u8))
        {
            _patientClass = Text(reader.GetComponent(2, 1), d);
            _location = Text(reader.GetComponent(3, 1), d);
            _facility = Text(reader.GetSubcomponent(3, 1, 4, 1), d);
            _attending = Text(reader.GetComponent(7, 1), d);
            _patientType = Text(reader.GetComponent(18, 1), d);
            _encounter = Text(reader.GetComponent(19, 1), d);
            _financialClass = Text(reader.GetComponent(20, 1), d);
        }
        else if (id.SequenceEqual("FT1"u8))
        {
            ReadFt1(ref reader);
        }
        else if (id.SequenceEqual("IN1"u8))
        {
            var sequence = Hl7v2Values.TryParseDecimal(reader.GetField(1), out var n) && n >= 1 && n <= int.MaxValue && n == decimal.Truncate(n)
                ? (int)n
                : _coverages.Count + 1;
            if (_coverages.Exists(c => c.Sequence == sequence))
            {
                sequence = _coverages.Max(c => c.Sequence) + 1;
            }

            var payer = Text(reader.GetComponent(3, 1), d);
            if (payer is not null && !PayerId.TryParse(payer, out _))
            {
                Add(Hl7v2DiagnosticCodes.InvalidIdentifier, DiagnosticSeverity.Error, "IN1-3 is not a usable payer identifier.", ref reader, 3, 1);
                return;
            }

            _coverages.Add(new AccountCoverage
            {
                Sequence = sequence,
                Plan = Text(reader.GetComponent(2, 1), d),
                Payer = payer is null ? null : new PayerId(payer),
                GroupNumber = Text(reader.GetComponent(8, 1), d),
                PlanType = Text(reader.GetComponent(15, 1), d),
                PolicyNumber = Text(reader.GetComponent(36, 1), d),
            });
        }
        else if (id.SequenceEqual("GT1"u8))
        {
            if (Text(reader.GetComponent(2, 1), d) is { } guarantor && !_guarantors.Contains(guarantor))
            {
                _guarantors.Add(guarantor);
            }
        }
    }

    internal IReadOnlyList<CanonicalEvent> BuildEvents()
    {
        var events = new List<CanonicalEvent>(2);
        var kind = MessageType switch
        {
            "DFT^P03" or "DFT^P11" => 1,
            "BAR^P01" or "BAR^P05" or "BAR^P12" or "ADT^A04" or "ADT^A08" => 2,
            _ => 0,
        };
        if (kind == 0)
        {
            return events;
        }

        if (_account is null)
        {
            Add(new Diagnostic(
                _sawPid ? Hl7v2DiagnosticCodes.RequiredFieldMissing : Hl7v2DiagnosticCodes.SegmentSequenceError,
                DiagnosticSeverity.Error,
                _sawPid ? "PID-18 (patient account number) is empty: the message has no account to post to." : "The message has no PID segment.",
                _pidLocation ?? MshLocation));
            return events;
        }

        var account = new PatientAccountNumber(_account);
        EncounterId? encounter = _encounter is null ? null : new EncounterId(_encounter);
        if (kind == 1)
        {
            if (_ft1.Count == 0)
            {
                Add(new Diagnostic(Hl7v2DiagnosticCodes.RequiredFieldMissing, DiagnosticSeverity.Error, "The DFT message has no FT1 segment.", MshLocation with { Path = "FT1" }));
                return events;
            }

            BuildFinancialEvents(events, account, encounter);
        }

        if (kind == 2 || _coverages.Count > 0 || _guarantors.Count > 0)
        {
            events.Add(new AccountContextUpdated
            {
                EventId = EventId("context"),
                Source = Source(null, _mshSegmentIndex),
                OccurredAt = _occurredAt,
                Account = account,
                Encounter = encounter,
                Facility = _facility is null ? null : new FacilityId(_facility),
                PatientClass = _patientClass,
                PatientType = _patientType ?? _ft1.Find(f => f.PatientType is not null)?.PatientType,
                FinancialClass = _financialClass,
                Location = _location ?? _ft1.Find(f => f.Location is not null)?.Location,
                AttendingProvider = _attending is null ? null : new ProviderId(_attending),
                Guarantors = _guarantors.ToArray(),
                Coverages = _coverages.Count > 0 ? _coverages.ToArray() : PlanCoverages(),
            });
        }

        return events;
    }

    private static bool IsMapped(string code, string? trigger) => (code, trigger) is
        ("DFT", "P03" or "P11") or ("BAR", "P01" or "P05" or "P12") or ("ADT", "A04" or "A08");

    private static bool IsSupportedVersion(string version) =>
        version.Length >= 3 && version[0] == '2' && version[1] == '.' && version[2] is >= '3' and <= '8'
        && (version.Length == 3 || (version[3] == '.' && version.Length > 4 && version.AsSpan(4).IndexOfAnyExceptInRange('0', '9') < 0));

    private static string? Text(ReadOnlySpan<byte> value, Hl7v2Delimiters delimiters)
    {
        value = value.Trim((byte)' ');
        if (value.IsEmpty || (value.Length == 2 && value[0] == (byte)'"' && value[1] == (byte)'"'))
        {
            return null;
        }

        var text = Hl7v2Escaping.GetString(value, delimiters).Trim();
        return text.Length == 0 ? null : text;
    }

    private static string SegmentIdString(ReadOnlySpan<byte> id) => id switch
    {
        _ when id.SequenceEqual("MSH"u8) => "MSH",
        _ when id.SequenceEqual("FT1"u8) => "FT1",
        _ when id.SequenceEqual("PID"u8) => "PID",
        _ when id.SequenceEqual("PV1"u8) => "PV1",
        _ => Encoding.ASCII.GetString(id),
    };

    private static SourceLocation Location(ref Hl7v2Reader reader, int field, int component, int repetition)
    {
        var id = SegmentIdString(reader.SegmentId);
        var hasField = field >= 1 && field <= reader.FieldCount;
        return new SourceLocation
        {
            Path = field == 0 ? id : component == 0
                ? string.Create(CultureInfo.InvariantCulture, $"{id}-{field}")
                : string.Create(CultureInfo.InvariantCulture, $"{id}-{field}.{component}"),
            SegmentIndex = reader.SegmentIndex,
            SegmentId = id,
            SegmentPositionInTransaction = reader.SegmentNumber > 0 ? reader.SegmentNumber : null,
            ElementPosition = field == 0 ? null : field,
            ComponentPosition = component == 0 ? null : component,
            RepetitionPosition = repetition == 0 ? null : repetition,
            ByteOffset = hasField ? reader.GetFieldByteOffset(field) : reader.SegmentByteOffset,
        };
    }

    private static ChargeCode CodeOf(string code, string? system)
    {
        var set = system?.ToUpperInvariant() switch
        {
            "C4" or "CPT" or "CPT4" or "CPT-4" => ChargeCodeSet.Cpt,
            "HCPCS" or "HCPC" or "HC" => ChargeCodeSet.Hcpcs,
            "NDC" or "N4" => ChargeCodeSet.Ndc,
            "UB92" or "UB04" or "NUBC" or "RC" => ChargeCodeSet.RevenueCode,
            "I10P" or "ICD10PCS" => ChargeCodeSet.Icd10Pcs,
            null or "" => code.Length == 5 && char.IsAsciiDigit(code[0]) && char.IsAsciiDigit(code[1]) && char.IsAsciiDigit(code[2]) && char.IsAsciiDigit(code[3])
                && char.IsAsciiLetterOrDigit(code[4])
                    ? ChargeCodeSet.Cpt
                    : code.Length == 5 && char.IsAsciiLetterUpper(code[0]) && code.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0
                        ? ChargeCodeSet.Hcpcs
                        : ChargeCodeSet.Local,
            _ => ChargeCodeSet.Local,
        };
        return new ChargeCode { CodeSet = set, Code = code };
    }

    private void CheckEscapes(ref Hl7v2Reader reader)
    {
        var d = reader.Delimiters;
        for (var f = reader.IsHeaderSegment ? 3 : 1; f <= reader.FieldCount; f++)
        {
            var at = Hl7v2Escaping.FindInvalidEscape(reader.GetField(f), d);
            if (at >= 0)
            {
                var location = Location(ref reader, f, 0, 0);
                Add(new Diagnostic(
                    Hl7v2DiagnosticCodes.InvalidEscapeSequence,
                    DiagnosticSeverity.Warning,
                    "The field holds a malformed escape sequence; it is kept verbatim.",
                    location with { ByteOffset = location.ByteOffset + at }));
            }
        }
    }

    private void ReadFt1(ref Hl7v2Reader reader)
    {
        var d = reader.Delimiters;
        var ordinal = _ft1.Count + 1;
        var ft1 = new Ft1Data { Ordinal = ordinal, SegmentIndex = reader.SegmentIndex };
        if (!_sawPid)
        {
            Add(Hl7v2DiagnosticCodes.SegmentSequenceError, DiagnosticSeverity.Error, "FT1 before PID.", ref reader, 0);
        }

        ft1.TransactionId = Text(reader.GetComponent(2, 1), d);
        var type = Text(reader.GetComponent(6, 1), d);
        if (type is null)
        {
            Add(Hl7v2DiagnosticCodes.RequiredFieldMissing, DiagnosticSeverity.Error, "FT1-6 (transaction type) is empty.", ref reader, 6, 1);
        }
        else if (type is not ("CG" or "CD" or "PY" or "AJ" or "CO"))
        {
            Add(Hl7v2DiagnosticCodes.TableValueNotFound, DiagnosticSeverity.Error, "FT1-6 is not CG, CD, PY, AJ or CO (table 0017).", ref reader, 6, 1);
        }

        ft1.Type = type;
        var date = reader.GetComponent(4, 1);
        if (date.IsEmpty)
        {
            Add(Hl7v2DiagnosticCodes.RequiredFieldMissing, DiagnosticSeverity.Error, "FT1-4 (transaction date) is empty.", ref reader, 4, 1);
        }
        else if (!Hl7v2Values.TryParseDate(date, out var serviceDate))
        {
            Add(Hl7v2DiagnosticCodes.InvalidDataType, DiagnosticSeverity.Error, "FT1-4 is not a valid date.", ref reader, 4, 1);
        }
        else
        {
            ft1.ServiceDate = serviceDate;
        }

        var posting = reader.GetComponent(5, 1);
        if (!posting.IsEmpty)
        {
            if (Hl7v2Values.TryParseDate(posting, out var postingDate))
            {
                ft1.PostingDate = postingDate;
            }
            else
            {
                Add(Hl7v2DiagnosticCodes.InvalidDataType, DiagnosticSeverity.Warning, "FT1-5 (posting date) is not a valid date; FT1-4 is used.", ref reader, 5, 1);
            }
        }

        ft1.TransactionCode = Text(reader.GetComponent(7, 1), d);
        ft1.TransactionText = Text(reader.GetComponent(7, 2), d);
        ft1.TransactionSystem = Text(reader.GetComponent(7, 3), d);
        var quantity = reader.GetComponent(10, 1);
        if (!quantity.IsEmpty && Hl7v2Values.TryParseDecimal(quantity, out var q))
        {
            ft1.Quantity = q;
        }

        switch (Ft1Amount.Get(ref reader, out var amount, out var currency, out var field))
        {
            case Ft1AmountStatus.Invalid:
                Add(Hl7v2DiagnosticCodes.InvalidDataType, DiagnosticSeverity.Error, "The FT1 amount or quantity is not a number.", ref reader, field, field == 10 ? 0 : 1);
                break;
            case Ft1AmountStatus.Missing:
                Add(Hl7v2DiagnosticCodes.RequiredFieldMissing, DiagnosticSeverity.Error, "FT1-11 (extended amount) and FT1-12 (unit amount) are both empty.", ref reader, 11, 1);
                break;
            default:
                ft1.Amount = amount;
                if (!currency.IsEmpty)
                {
                    var text = Encoding.ASCII.GetString(currency.Trim((byte)' '));
                    if (CurrencyCode.TryParse(text, out var code))
                    {
                        ft1.Currency = code;
                    }
                    else
                    {
                        Add(Hl7v2DiagnosticCodes.InvalidDataType, DiagnosticSeverity.Error, "The amount's denomination is not an ISO 4217 currency code.", ref reader, field, 1);
                    }
                }

                break;
        }

        ft1.Department = Text(reader.GetComponent(13, 1), d);
        ft1.InsurancePlan = Text(reader.GetComponent(14, 1), d);
        ft1.Location = Text(reader.GetComponent(16, 1), d);
        ft1.PatientType = Text(reader.GetComponent(18, 1), d);
        ft1.ProcedureCode = Text(reader.GetComponent(25, 1), d);
        ft1.ProcedureSystem = Text(reader.GetComponent(25, 3), d);
        var modifiers = reader.GetRepetitionCount(26);
        for (var r = 1; r <= modifiers; r++)
        {
            if (Text(reader.GetComponent(26, r, 1), d) is { } modifier)
            {
                (ft1.Modifiers ??= []).Add(modifier);
            }
        }

        if (type is "CG" or "CD" && ft1.ProcedureCode is null && ft1.TransactionCode is null)
        {
            Add(Hl7v2DiagnosticCodes.RequiredFieldMissing, DiagnosticSeverity.Error, "FT1-7 (transaction code) and FT1-25 (procedure code) are both empty.", ref reader, 7, 1);
        }

        _ft1.Add(ft1);
    }

    private void BuildFinancialEvents(List<CanonicalEvent> events, PatientAccountNumber account, EncounterId? encounter)
    {
        List<ChargeLine>? lines = null;
        CurrencyCode? lineCurrency = null;
        foreach (var ft1 in _ft1)
        {
            var currency = ft1.Currency ?? _options.DefaultCurrency;
            var magnitude = Math.Abs(ft1.Amount);
            switch (ft1.Type)
            {
                case "CG" or "CD":
                    if (lineCurrency is { } c && c != currency)
                    {
                        Add(new Diagnostic(Hl7v2DiagnosticCodes.MixedCurrencies, DiagnosticSeverity.Error, "The charge lines use more than one currency.", Ft1Location(ft1, 11)));
                        return;
                    }

                    lineCurrency = currency;
                    (lines ??= []).Add(new ChargeLine
                    {
                        LineId = ft1.TransactionId,
                        TransactionType = ft1.Type == "CD" || ft1.Amount < 0 ? ChargeTransactionType.Credit : ChargeTransactionType.Charge,
                        Code = ft1.ProcedureCode is { } procedure ? CodeOf(procedure, ft1.ProcedureSystem) : CodeOf(ft1.TransactionCode!, ft1.TransactionSystem),
                        Modifiers = ft1.Modifiers?.ToArray() ?? [],
                        Units = Math.Abs(ft1.Quantity ?? 1m),
                        Amount = new Money(magnitude, currency),
                        ServiceDate = ft1.ServiceDate,
                        Department = ft1.Department,
                    });
                    break;
                case "PY" or "CO":
                    if (magnitude == 0)
                    {
                        Add(new Diagnostic(Hl7v2DiagnosticCodes.ZeroAmount, DiagnosticSeverity.Warning, "The payment amount is zero; no event is produced.", Ft1Location(ft1, 11)));
                        break;
                    }

                    events.Add(new PatientPaymentReceived
                    {
                        EventId = EventId(Ft1Key(ft1)),
                        Source = Source(Ft1Key(ft1), ft1.SegmentIndex),
                        OccurredAt = _occurredAt,
                        Account = account,
                        Encounter = encounter,
                        Amount = new Money(magnitude, currency),
                        Method = TenderType.Other,
                        Settlement = SettlementStatus.Settled,
                        MerchantTransactionId = ft1.TransactionId,
                        Location = ft1.Location,
                        PostingDate = ft1.PostingDate ?? ft1.ServiceDate,
                    });
                    break;
                case "AJ":
                    if (ft1.Amount == 0)
                    {
                        Add(new Diagnostic(Hl7v2DiagnosticCodes.ZeroAmount, DiagnosticSeverity.Warning, "The adjustment amount is zero; no event is produced.", Ft1Location(ft1, 11)));
                        break;
                    }

                    events.Add(new AccountAdjusted
                    {
                        EventId = EventId(Ft1Key(ft1)),
                        Source = Source(Ft1Key(ft1), ft1.SegmentIndex),
                        OccurredAt = _occurredAt,
                        Account = account,
                        Encounter = encounter,
                        Kind = AccountAdjustmentKind.Adjustment,
                        ReasonCode = ft1.TransactionCode ?? "AJ",
                        Reason = ft1.TransactionText,
                        Amount = new Money(ft1.Amount, currency),
                        PostingDate = ft1.PostingDate ?? ft1.ServiceDate,
                    });
                    break;
            }
        }

        if (lines is not null)
        {
            events.Insert(0, new ChargeCaptured
            {
                EventId = EventId("charge"),
                Source = Source(null, _mshSegmentIndex),
                OccurredAt = _occurredAt,
                Account = account,
                Encounter = encounter,
                Facility = _facility is null ? null : new FacilityId(_facility),
                Lines = lines.ToArray(),
            });
        }
    }

    private static string Ft1Key(Ft1Data ft1) => string.Create(CultureInfo.InvariantCulture, $"FT1[{ft1.Ordinal}]");

    private static SourceLocation Ft1Location(Ft1Data ft1, int field) => new()
    {
        Path = string.Create(CultureInfo.InvariantCulture, $"FT1-{field}"),
        SegmentIndex = ft1.SegmentIndex,
        SegmentId = "FT1",
        ElementPosition = field,
    };

    private AccountCoverage[] PlanCoverages()
    {
        var plans = new List<AccountCoverage>();
        foreach (var ft1 in _ft1)
        {
            if (ft1.InsurancePlan is { } plan && !plans.Exists(p => p.Plan == plan))
            {
                plans.Add(new AccountCoverage { Sequence = plans.Count + 1, Plan = plan });
            }
        }

        return [.. plans];
    }

    private string EventId(string suffix) => string.Concat("hl7v2:", ControlId, ":", suffix);

    private SourceReference Source(string? position, long segmentIndex) => new()
    {
        Format = SourceFormat.Hl7v2,
        MessageControlId = ControlId,
        Position = position,
        SegmentIndex = segmentIndex,
        FileName = _options.FileName,
    };

    private sealed class Ft1Data
    {
        public int Ordinal { get; init; }

        public long SegmentIndex { get; init; }

        public string? TransactionId { get; set; }

        public string? Type { get; set; }

        public DateOnly ServiceDate { get; set; }

        public DateOnly? PostingDate { get; set; }

        public string? TransactionCode { get; set; }

        public string? TransactionText { get; set; }

        public string? TransactionSystem { get; set; }

        public decimal? Quantity { get; set; }

        public decimal Amount { get; set; }

        public CurrencyCode? Currency { get; set; }

        public string? Department { get; set; }

        public string? InsurancePlan { get; set; }

        public string? Location { get; set; }

        public string? PatientType { get; set; }

        public string? ProcedureCode { get; set; }

        public string? ProcedureSystem { get; set; }

        public List<string>? Modifiers { get; set; }
    }
}
