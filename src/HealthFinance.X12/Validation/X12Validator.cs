using System.Buffers;
using System.Globalization;
using System.Text;
using HealthFinance.Canonical.Diagnostics;

namespace HealthFinance.X12.Validation;

/// <summary>
/// Streaming envelope and syntax validation of X12 input: ISA/IEA, GS/GE and ST/SE pairing, control
/// numbers, segment and group counts, segment identifier form, invalid characters, and element length,
/// type and presence for the segments it knows. Each finding is a <see cref="Diagnostic"/> with a
/// permanent code (<see cref="X12DiagnosticCodes"/>) mapped to the TA1/999 code a receiver reports.
/// </summary>
/// <remarks>
/// Feed segments one at a time with <see cref="ValidateSegment(ref X12Reader)"/> (memory stays bounded by
/// the envelope structure, never the input), then call <see cref="Complete"/>; or use the static
/// <see cref="Validate(ReadOnlySpan{byte}, X12ValidatorOptions?)"/> and
/// <see cref="ValidateAsync(Stream, X12ValidatorOptions?, CancellationToken)"/>, which never throw for bad input.
/// </remarks>
public sealed class X12Validator
{
    private static readonly int[] IsaWidths = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1];
    private static readonly string[] IsaNoteCodes = ["010", "011", "012", "013", "005", "006", "007", "008", "014", "015", "024", "017", "018", "019", "020", "027"];

    private static readonly int KeyIsa = X12SegmentDictionary.Key("ISA"u8);
    private static readonly int KeyIea = X12SegmentDictionary.Key("IEA"u8);
    private static readonly int KeyGs = X12SegmentDictionary.Key("GS"u8);
    private static readonly int KeyGe = X12SegmentDictionary.Key("GE"u8);
    private static readonly int KeySt = X12SegmentDictionary.Key("ST"u8);
    private static readonly int KeySe = X12SegmentDictionary.Key("SE"u8);
    private static readonly int KeyTa1 = X12SegmentDictionary.Key("TA1"u8);

    private readonly X12ValidatorOptions _options;
    private readonly List<Diagnostic> _diagnostics = [];
    private readonly List<X12InterchangeReport> _interchanges = [];
    private readonly HashSet<string> _interchangeControlNumbers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _groupControlNumbers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _transactionControlNumbers = new(StringComparer.Ordinal);
    private readonly List<X12ElementError> _elementErrors = [];

    private X12InterchangeReport? _interchange;
    private X12GroupReport? _group;
    private X12TransactionReport? _transaction;
    private SearchValues<byte>? _invalidBytes;
    private SearchValues<byte>? _specialBytes;
    private bool _segmentHasSeparators = true;
    private X12Delimiters _invalidBytesFor;
    private long _errorCount;
    private long _warningCount;
    private long _suppressed;
    private long _segmentCount;
    private long _bytesRead;
    private bool _completed;

    /// <summary>Creates a validator.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    public X12Validator(X12ValidatorOptions? options = null) => _options = options ?? new X12ValidatorOptions();

    /// <summary>Validates a whole input held in memory. Never throws for bad input.</summary>
    /// <param name="data">The X12 bytes.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <returns>The findings and the envelope structure.</returns>
    public static X12ValidationResult Validate(ReadOnlySpan<byte> data, X12ValidatorOptions? options = null)
    {
        var validator = new X12Validator(options);
        var reader = new X12Reader(data, validator._options.ReaderOptions);
        try
        {
            while (reader.Read())
            {
                validator.ValidateSegment(ref reader);
            }

            validator._bytesRead = reader.BytesConsumed;
        }
        catch (X12ReaderException ex)
        {
            validator.ReportReaderFailure(ex);
            validator._bytesRead = ex.BytePosition;
        }

        return validator.Complete();
    }

    /// <summary>Validates an input stream segment by segment, with memory bounded by the largest segment. Never throws for bad input.</summary>
    /// <param name="stream">The X12 input.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The findings and the envelope structure.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    /// <exception cref="OperationCanceledException">The read was cancelled.</exception>
    public static async ValueTask<X12ValidationResult> ValidateAsync(Stream stream, X12ValidatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var validator = new X12Validator(options);
        var counting = new ByteCountingStream(stream);
        var reader = new X12StreamReader(counting, validator._options.ReaderOptions, leaveOpen: true);
        await using (reader.ConfigureAwait(false))
        {
            try
            {
                await reader.ReadAllAsync(validator.ValidateSegment, cancellationToken).ConfigureAwait(false);
            }
            catch (X12ReaderException ex)
            {
                validator.ReportReaderFailure(ex);
            }
        }

        validator._bytesRead = counting.BytesRead;
        return validator.Complete();
    }

    /// <summary>The number of error findings so far.</summary>
    public long ErrorCount => _errorCount;

    /// <summary>Validates the segment the reader is positioned on.</summary>
    /// <param name="reader">A reader positioned on a segment.</param>
    /// <exception cref="InvalidOperationException"><see cref="Complete"/> was already called.</exception>
    public void ValidateSegment(ref X12Reader reader)
    {
        if (_completed)
        {
            throw new InvalidOperationException("The validator has completed; create a new one for more input.");
        }

        _segmentCount++;
        var key = X12SegmentDictionary.Key(reader.SegmentId);
        if (key == KeyIsa)
        {
            OnIsa(ref reader);
            return;
        }

        if (_interchange is null)
        {
            Report(X12DiagnosticCodes.SegmentOutsideInterchange, DiagnosticSeverity.Error,
                key == KeyIea ? "IEA without a matching ISA." : "Segment outside any interchange (ISA … IEA).", Loc(ref reader));
            return;
        }

        if (_transaction is not null)
        {
            _transaction.SegmentCount++;
            CheckCharacters(ref reader);
            if (key == KeySe)
            {
                OnSe(ref reader);
            }
            else if (key == KeySt || key == KeyGe || key == KeyIea || key == KeyGs)
            {
                // The transaction set ended without SE: close it, then treat the segment at its own level.
                _transaction.SegmentCount--;
                CloseTransactionWithoutTrailer(ref reader);
                ValidateEnvelopeSegment(ref reader, key);
            }
            else
            {
                ValidateTransactionSegment(ref reader, key);
            }

            return;
        }

        CheckCharacters(ref reader);
        ValidateEnvelopeSegment(ref reader, key);
    }

    /// <summary>Records a structural reader failure (the input cannot be read further) as a finding.</summary>
    /// <param name="exception">The reader's exception.</param>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is <see langword="null"/>.</exception>
    public void ReportReaderFailure(X12ReaderException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var d = exception.ToDiagnostic();
        Record(d);
        _interchange?.AddNoteCode("023");
    }

    /// <summary>Closes any envelope left open at the end of input and returns the result. Idempotent.</summary>
    /// <returns>The findings and the envelope structure.</returns>
    public X12ValidationResult Complete()
    {
        if (!_completed)
        {
            _completed = true;
            var end = new SourceLocation { SegmentIndex = _segmentCount, Path = "end of input" };
            if (_transaction is not null)
            {
                Report(X12DiagnosticCodes.SeMissing, DiagnosticSeverity.Error, $"Transaction set {_transaction.ControlNumber} has no SE trailer.", end);
                _transaction.AddErrorCode("2");
                _transaction = null;
            }

            if (_group is not null)
            {
                Report(X12DiagnosticCodes.GeMissing, DiagnosticSeverity.Error, $"Functional group {_group.ControlNumber} has no GE trailer.", end);
                _group.AddErrorCode("3");
                _group = null;
            }

            if (_interchange is not null)
            {
                Report(X12DiagnosticCodes.IeaMissing, DiagnosticSeverity.Error, $"Interchange {_interchange.ControlNumber} has no IEA trailer (input ended early).", end);
                _interchange.AddNoteCode("023");
                _interchange = null;
            }
        }

        return new X12ValidationResult(_diagnostics, _interchanges, _errorCount, _warningCount, _suppressed, _segmentCount, _bytesRead);
    }

    private void ValidateEnvelopeSegment(ref X12Reader reader, int key)
    {
        if (key == KeyIea)
        {
            OnIea(ref reader);
        }
        else if (key == KeyGs)
        {
            OnGs(ref reader);
        }
        else if (key == KeyGe)
        {
            OnGe(ref reader);
        }
        else if (key == KeySt)
        {
            OnSt(ref reader);
        }
        else if (key == KeyTa1 && _group is null)
        {
            // An inbound TA1 sits between ISA and GS.
            CheckEnvelopeElements(ref reader);
        }
        else if (_group is null)
        {
            Report(X12DiagnosticCodes.SegmentOutsideGroup, DiagnosticSeverity.Error, "Segment inside the interchange but outside any functional group (GS … GE).", Loc(ref reader));
            _interchange!.AddNoteCode("024");
        }
        else
        {
            Report(X12DiagnosticCodes.SegmentOutsideTransaction, DiagnosticSeverity.Error, "Segment inside the functional group but outside any transaction set (ST … SE).", Loc(ref reader));
            _interchange!.AddNoteCode("024");
        }
    }

    private void OnIsa(ref X12Reader reader)
    {
        if (_interchange is not null)
        {
            if (_transaction is not null)
            {
                CloseTransactionWithoutTrailer(ref reader);
            }

            if (_group is not null)
            {
                Report(X12DiagnosticCodes.GeMissing, DiagnosticSeverity.Error, $"Functional group {_group.ControlNumber} has no GE trailer.", Loc(ref reader));
                _group.AddErrorCode("3");
                _group = null;
            }

            Report(X12DiagnosticCodes.IeaMissing, DiagnosticSeverity.Error, $"Interchange {_interchange.ControlNumber} has no IEA trailer before the next ISA.", Loc(ref reader));
            _interchange.AddNoteCode("023");
        }

        var ic = new X12InterchangeReport(reader.SegmentIndex, reader.Delimiters);
        _interchange = ic;
        _interchanges.Add(ic);
        _groupControlNumbers.Clear();

        ic.SenderQualifier = Text(reader.GetElement(5));
        ic.SenderId = Text(reader.GetElement(6)).TrimEnd();
        ic.ReceiverQualifier = Text(reader.GetElement(7));
        ic.ReceiverId = Text(reader.GetElement(8)).TrimEnd();
        ic.Date = Text(reader.GetElement(9));
        ic.Time = Text(reader.GetElement(10));
        ic.Version = Text(reader.GetElement(12));
        ic.ControlNumber = Text(reader.GetElement(13));
        ic.UsageIndicator = Text(reader.GetElement(15));

        CheckCharacters(ref reader);

        if (reader.SegmentSpan.Length != 105 || reader.ElementCount != 16)
        {
            Report(X12DiagnosticCodes.IsaNotFixedLength, DiagnosticSeverity.Error,
                string.Create(CultureInfo.InvariantCulture, $"ISA is not the fixed 106-byte layout (found {reader.SegmentSpan.Length + 1} bytes, {reader.ElementCount} elements)."),
                Loc(ref reader));
            ic.AddNoteCode("024");
        }

        for (var i = 1; i <= 16; i++)
        {
            var value = reader.GetElement(i);
            var problem = IsaElementProblem(i, value);
            if (problem is not null)
            {
                Report(X12DiagnosticCodes.IsaElementInvalid, DiagnosticSeverity.Error, problem, Loc(ref reader, i));
                ic.AddNoteCode(IsaNoteCodes[i - 1]);
            }
        }

        if (ic.ControlNumber.Length > 0 && !_interchangeControlNumbers.Add(ic.ControlNumber))
        {
            // A warning, not an envelope error: duplicate detection across deliveries belongs to the
            // idempotency layer, and repeating a control number inside one file is legal syntax.
            Report(X12DiagnosticCodes.DuplicateInterchangeControlNumber, DiagnosticSeverity.Warning, $"Interchange control number {ic.ControlNumber} was already used in this input.", Loc(ref reader, 13));
        }
    }

    private static string? IsaElementProblem(int position, ReadOnlySpan<byte> value)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"ISA{position:00}");
        if (value.Length != IsaWidths[position - 1])
        {
            // Tolerated by the reader; reported here so that the sender fixes it.
            return string.Create(CultureInfo.InvariantCulture, $"{name} must be exactly {IsaWidths[position - 1]} characters (found {value.Length}).");
        }

        switch (position)
        {
            case 9 when !IsValidDate(value):
                return "ISA09 is not a valid YYMMDD date.";
            case 10 when !IsValidTime(value):
                return "ISA10 is not a valid HHMM time.";
            case 12 when !IsAllDigits(value):
                return "ISA12 (interchange control version number) must be 5 digits.";
            case 13 when !IsAllDigits(value):
                return "ISA13 (interchange control number) must be 9 digits.";
            case 14 when value[0] is not ((byte)'0' or (byte)'1'):
                return "ISA14 (acknowledgment requested) must be 0 or 1.";
            case 15 when value[0] is not ((byte)'P' or (byte)'T' or (byte)'I'):
                return "ISA15 (usage indicator) must be P, T or I.";
            default:
                return null;
        }
    }

    private void OnIea(ref X12Reader reader)
    {
        var ic = _interchange!;
        if (_group is not null)
        {
            Report(X12DiagnosticCodes.GeMissing, DiagnosticSeverity.Error, $"Functional group {_group.ControlNumber} has no GE trailer.", Loc(ref reader));
            _group.AddErrorCode("3");
            _group = null;
        }

        CheckEnvelopeElements(ref reader);
        ic.HasTrailer = true;
        var count = reader.GetElement(1);
        if (!reader.TryGetInt32(1, out var declared) || declared != ic.Groups.Count)
        {
            Report(X12DiagnosticCodes.GroupCountMismatch, DiagnosticSeverity.Error,
                string.Create(CultureInfo.InvariantCulture, $"IEA01 declares {Text(count)} functional groups; the interchange has {ic.Groups.Count}."),
                Loc(ref reader, 1));
            ic.AddNoteCode("021");
        }

        if (!reader.GetElement(2).SequenceEqual(Encoding.ASCII.GetBytes(ic.ControlNumber)))
        {
            Report(X12DiagnosticCodes.InterchangeControlNumberMismatch, DiagnosticSeverity.Error,
                $"IEA02 ({Text(reader.GetElement(2))}) does not match ISA13 ({ic.ControlNumber}).", Loc(ref reader, 2));
            ic.AddNoteCode("001");
        }

        _interchange = null;
    }

    private void OnGs(ref X12Reader reader)
    {
        var ic = _interchange!;
        if (_group is not null)
        {
            Report(X12DiagnosticCodes.GeMissing, DiagnosticSeverity.Error, $"Functional group {_group.ControlNumber} has no GE trailer before the next GS.", Loc(ref reader));
            _group.AddErrorCode("3");
        }

        var g = new X12GroupReport(reader.SegmentIndex)
        {
            FunctionalIdentifierCode = Text(reader.GetElement(1)),
            SenderCode = Text(reader.GetElement(2)),
            ReceiverCode = Text(reader.GetElement(3)),
            ControlNumber = Text(reader.GetElement(6)),
            Version = Text(reader.GetElement(8)),
        };
        _group = g;
        ic.AddGroup(g);
        _transactionControlNumbers.Clear();

        if (CheckEnvelopeElements(ref reader))
        {
            ic.AddNoteCode("024");
        }

        var gs06 = reader.GetElement(6);
        if (gs06.IsEmpty || gs06.Length > 9 || !IsAllDigits(gs06))
        {
            Report(X12DiagnosticCodes.GroupControlNumberInvalid, DiagnosticSeverity.Error, "GS06 (group control number) must be 1 to 9 digits.", Loc(ref reader, 6));
            g.AddErrorCode("6");
        }
        else if (!_groupControlNumbers.Add(g.ControlNumber))
        {
            Report(X12DiagnosticCodes.DuplicateGroupControlNumber, DiagnosticSeverity.Error, $"Group control number {g.ControlNumber} repeats within the interchange.", Loc(ref reader, 6));
            g.AddErrorCode("19");
        }
    }

    private void OnGe(ref X12Reader reader)
    {
        var g = _group;
        if (g is null)
        {
            Report(X12DiagnosticCodes.SegmentOutsideGroup, DiagnosticSeverity.Error, "GE without a matching GS.", Loc(ref reader));
            _interchange!.AddNoteCode("024");
            return;
        }

        if (CheckEnvelopeElements(ref reader))
        {
            _interchange!.AddNoteCode("024");
        }

        g.HasTrailer = true;
        if (!reader.TryGetInt32(1, out var declared) || declared != g.Transactions.Count)
        {
            Report(X12DiagnosticCodes.TransactionCountMismatch, DiagnosticSeverity.Error,
                string.Create(CultureInfo.InvariantCulture, $"GE01 declares {Text(reader.GetElement(1))} transaction sets; the group has {g.Transactions.Count}."),
                Loc(ref reader, 1));
            g.AddErrorCode("5");
        }

        if (!TextEquals(reader.GetElement(2), g.ControlNumber))
        {
            Report(X12DiagnosticCodes.GroupControlNumberMismatch, DiagnosticSeverity.Error,
                $"GE02 ({Text(reader.GetElement(2))}) does not match GS06 ({g.ControlNumber}).", Loc(ref reader, 2));
            g.AddErrorCode("4");
        }

        _group = null;
    }

    private void OnSt(ref X12Reader reader)
    {
        if (_group is null)
        {
            Report(X12DiagnosticCodes.TransactionOutsideGroup, DiagnosticSeverity.Error, "ST outside any functional group (GS … GE).", Loc(ref reader));
            _interchange!.AddNoteCode("024");
            return;
        }

        var t = new X12TransactionReport(reader.SegmentIndex)
        {
            TransactionSetId = Text(reader.GetElement(1)),
            ControlNumber = Text(reader.GetElement(2)),
            ImplementationReference = Text(reader.GetElement(3)),
            SegmentCount = 1,
        };
        _transaction = t;
        _group.AddTransaction(t);

        var st01 = reader.GetElement(1);
        if (st01.Length != 3 || !IsAllDigits(st01))
        {
            Report(X12DiagnosticCodes.TransactionSetIdInvalid, DiagnosticSeverity.Error, "ST01 (transaction set identifier) must be 3 digits.", Loc(ref reader, 1));
            t.AddErrorCode("6");
        }

        var st02 = reader.GetElement(2);
        if (st02.Length is < 4 or > 9)
        {
            Report(X12DiagnosticCodes.TransactionControlNumberInvalid, DiagnosticSeverity.Error, "ST02 (transaction set control number) must be 4 to 9 characters.", Loc(ref reader, 2));
            t.AddErrorCode("7");
        }
        else if (!_transactionControlNumbers.Add(t.ControlNumber))
        {
            Report(X12DiagnosticCodes.DuplicateTransactionControlNumber, DiagnosticSeverity.Error, $"Transaction set control number {t.ControlNumber} repeats within the group.", Loc(ref reader, 2));
            t.AddErrorCode("23");
        }

        if (t.ImplementationReference.Length > 0 && _group.Version.Length > 0 && !string.Equals(t.ImplementationReference, _group.Version, StringComparison.Ordinal))
        {
            Report(X12DiagnosticCodes.ImplementationReferenceMismatch, DiagnosticSeverity.Warning,
                $"ST03 ({t.ImplementationReference}) differs from GS08 ({_group.Version}).", Loc(ref reader, 3));
        }

        CheckSegmentSyntax(ref reader, t, 1);
    }

    private void OnSe(ref X12Reader reader)
    {
        var t = _transaction!;
        CheckSegmentSyntax(ref reader, t, t.SegmentCount);
        t.HasTrailer = true;
        if (!reader.TryGetInt32(1, out var declared) || declared != t.SegmentCount)
        {
            Report(X12DiagnosticCodes.SegmentCountMismatch, DiagnosticSeverity.Error,
                string.Create(CultureInfo.InvariantCulture, $"SE01 declares {Text(reader.GetElement(1))} segments; transaction set {t.ControlNumber} has {t.SegmentCount}."),
                Loc(ref reader, 1));
            t.AddErrorCode("4");
        }

        if (!TextEquals(reader.GetElement(2), t.ControlNumber))
        {
            Report(X12DiagnosticCodes.TransactionControlNumberMismatch, DiagnosticSeverity.Error,
                $"SE02 ({Text(reader.GetElement(2))}) does not match ST02 ({t.ControlNumber}).", Loc(ref reader, 2));
            t.AddErrorCode("3");
        }

        _transaction = null;
    }

    private void CloseTransactionWithoutTrailer(ref X12Reader reader)
    {
        var t = _transaction!;
        Report(X12DiagnosticCodes.SeMissing, DiagnosticSeverity.Error, $"Transaction set {t.ControlNumber} has no SE trailer.", Loc(ref reader));
        t.AddErrorCode("2");
        _transaction = null;
    }

    private void ValidateTransactionSegment(ref X12Reader reader, int key)
    {
        var t = _transaction!;
        var id = reader.SegmentId;
        if (!IsValidSegmentId(id))
        {
            Report(X12DiagnosticCodes.SegmentIdInvalid, DiagnosticSeverity.Error,
                "Segment identifier must be 2 or 3 upper-case letters or digits, starting with a letter.", Loc(ref reader));
            t.AddSegmentError(new X12SegmentError(SafeId(id), t.SegmentCount, "1", []), _options.MaxSegmentErrorsPerTransaction);
            return;
        }

        CheckSegmentSyntax(ref reader, t, t.SegmentCount, key);
    }

    /// <summary>Checks element syntax of a segment inside a transaction set and records IK3/IK4 detail.</summary>
    private void CheckSegmentSyntax(ref X12Reader reader, X12TransactionReport t, int position)
        => CheckSegmentSyntax(ref reader, t, position, X12SegmentDictionary.Key(reader.SegmentId));

    private void CheckSegmentSyntax(ref X12Reader reader, X12TransactionReport t, int position, int key)
    {
        if (!_options.CheckElementSyntax || !X12SegmentDictionary.TryGet(key, out var defs))
        {
            if (_pendingCharacterError is { } pos)
            {
                t.AddSegmentError(new X12SegmentError(SafeId(reader.SegmentId), position, "8", [new X12ElementError(pos, null, null, "6")]), _options.MaxSegmentErrorsPerTransaction);
            }

            _pendingCharacterError = null;
            return;
        }

        _elementErrors.Clear();
        if (_pendingCharacterError is { } p)
        {
            _elementErrors.Add(new X12ElementError(p, null, null, "6"));
        }

        _pendingCharacterError = null;
        CheckElements(ref reader, defs, _elementErrors);
        if (_elementErrors.Count > 0)
        {
            t.AddSegmentError(new X12SegmentError(SafeId(reader.SegmentId), position, "8", [.. _elementErrors]), _options.MaxSegmentErrorsPerTransaction);
        }
    }

    /// <summary>Checks element syntax of an envelope segment (GS, GE, IEA, TA1); returns true when errors were found.</summary>
    private bool CheckEnvelopeElements(ref X12Reader reader)
    {
        _pendingCharacterError = null;
        if (!_options.CheckElementSyntax || !X12SegmentDictionary.TryGet(X12SegmentDictionary.Key(reader.SegmentId), out var defs))
        {
            return false;
        }

        _elementErrors.Clear();
        CheckElements(ref reader, defs, _elementErrors);
        return _elementErrors.Count > 0;
    }

    private void CheckElements(ref X12Reader reader, X12ElementDefinition[] defs, List<X12ElementError> errors)
    {
        var delimiters = reader.Delimiters;
        var hasSeparators = _segmentHasSeparators;
        var enumerator = reader.EnumerateElements();
        var i = 0;
        while (enumerator.MoveNext())
        {
            i++;
            var value = enumerator.Current;
            if (i > defs.Length)
            {
                if (!value.IsEmpty)
                {
                    Report(X12DiagnosticCodes.TooManyElements, DiagnosticSeverity.Error,
                        string.Create(CultureInfo.InvariantCulture, $"{SafeId(reader.SegmentId)} allows at most {defs.Length} elements."), Loc(ref reader, i));
                    errors.Add(new X12ElementError(i, null, null, "3"));
                    return;
                }

                continue;
            }

            var def = defs[i - 1];
            if (value.IsEmpty)
            {
                if (def.Required)
                {
                    Report(X12DiagnosticCodes.RequiredElementMissing, DiagnosticSeverity.Error,
                        string.Create(CultureInfo.InvariantCulture, $"{SafeId(reader.SegmentId)}{i:00} is required."), Loc(ref reader, i));
                    errors.Add(new X12ElementError(i, null, null, "1"));
                }

                continue;
            }

            if (def.Type == X12ElementType.Any)
            {
                continue;
            }

            if (hasSeparators)
            {
                if (delimiters.HasRepetition && value.IndexOf(delimiters.Repetition) >= 0)
                {
                    Report(X12DiagnosticCodes.TooManyRepetitions, DiagnosticSeverity.Error,
                        string.Create(CultureInfo.InvariantCulture, $"{SafeId(reader.SegmentId)}{i:00} does not repeat."), Loc(ref reader, i));
                    errors.Add(new X12ElementError(i, null, null, "12"));
                    continue;
                }

                if (def.Type == X12ElementType.Composite)
                {
                    var components = value.Count(delimiters.Component) + 1;
                    if (components > def.MaxComponents)
                    {
                        Report(X12DiagnosticCodes.TooManyComponents, DiagnosticSeverity.Error,
                            string.Create(CultureInfo.InvariantCulture, $"{SafeId(reader.SegmentId)}{i:00} allows at most {def.MaxComponents} components."), Loc(ref reader, i));
                        errors.Add(new X12ElementError(i, null, null, "13"));
                    }

                    continue;
                }

                if (value.IndexOf(delimiters.Component) >= 0)
                {
                    Report(X12DiagnosticCodes.TooManyComponents, DiagnosticSeverity.Error,
                        string.Create(CultureInfo.InvariantCulture, $"{SafeId(reader.SegmentId)}{i:00} is a simple element and has no components."), Loc(ref reader, i));
                    errors.Add(new X12ElementError(i, null, null, "13"));
                    continue;
                }
            }
            else if (def.Type == X12ElementType.Composite)
            {
                continue;
            }

            var fault = CheckValue(def, value);
            if (fault != ValueFault.None)
            {
                ReportFault(ref reader, def, fault, i, errors);
            }
        }

        for (i++; i <= defs.Length; i++)
        {
            if (defs[i - 1].Required)
            {
                Report(X12DiagnosticCodes.RequiredElementMissing, DiagnosticSeverity.Error,
                    string.Create(CultureInfo.InvariantCulture, $"{SafeId(reader.SegmentId)}{i:00} is required."), Loc(ref reader, i));
                errors.Add(new X12ElementError(i, null, null, "1"));
            }
        }
    }

    private enum ValueFault : byte
    {
        None,
        NotDecimal,
        NotWholeNumber,
        NotNumber,
        BadDate,
        BadTime,
        TooShort,
        TooLong,
    }

    private void ReportFault(ref X12Reader reader, X12ElementDefinition def, ValueFault fault, int position, List<X12ElementError> errors)
    {
        var (code, ik4, message) = fault switch
        {
            ValueFault.NotDecimal => (X12DiagnosticCodes.InvalidNumeric, "6", "is not a decimal number."),
            ValueFault.NotWholeNumber => (X12DiagnosticCodes.InvalidNumeric, "6", "is not a whole number."),
            ValueFault.NotNumber => (X12DiagnosticCodes.InvalidNumeric, "6", "is not a number."),
            ValueFault.BadDate => (X12DiagnosticCodes.InvalidDate, "8", "is not a valid date."),
            ValueFault.BadTime => (X12DiagnosticCodes.InvalidTime, "9", "is not a valid time."),
            ValueFault.TooShort => (X12DiagnosticCodes.ElementTooShort, "4", string.Create(CultureInfo.InvariantCulture, $"is shorter than its minimum length {def.MinLength}.")),
            _ => (X12DiagnosticCodes.ElementTooLong, "5", string.Create(CultureInfo.InvariantCulture, $"is longer than its maximum length {def.MaxLength}.")),
        };
        Report(code, DiagnosticSeverity.Error,
            string.Create(CultureInfo.InvariantCulture, $"{SafeId(reader.SegmentId)}{position:00} {message}"), Loc(ref reader, position));
        errors.Add(new X12ElementError(position, null, null, ik4));
    }

    private static ValueFault CheckValue(X12ElementDefinition def, ReadOnlySpan<byte> value)
    {
        var length = value.Length;
        switch (def.Type)
        {
            case X12ElementType.N0:
            case X12ElementType.R:
                {
                    var digits = 0;
                    var dot = false;
                    for (var k = 0; k < value.Length; k++)
                    {
                        var b = value[k];
                        if ((uint)(b - '0') <= 9)
                        {
                            digits++;
                        }
                        else if (b == (byte)'-' && k == 0 && value.Length > 1)
                        {
                            continue;
                        }
                        else if (b == (byte)'.' && def.Type == X12ElementType.R && !dot)
                        {
                            dot = true;
                        }
                        else
                        {
                            return def.Type == X12ElementType.R ? ValueFault.NotDecimal : ValueFault.NotWholeNumber;
                        }
                    }

                    if (digits == 0)
                    {
                        return ValueFault.NotNumber;
                    }

                    length = digits;
                    break;
                }

            case X12ElementType.DT:
                if (!IsValidDate(value))
                {
                    return ValueFault.BadDate;
                }

                break;

            case X12ElementType.TM:
                if (!IsValidTime(value))
                {
                    return ValueFault.BadTime;
                }

                break;

            default:
                break;
        }

        return length < def.MinLength ? ValueFault.TooShort : length > def.MaxLength ? ValueFault.TooLong : ValueFault.None;
    }

    private int? _pendingCharacterError;

    /// <summary>
    /// One scan per segment for every byte that needs a closer look: control characters (findings) and the
    /// component and repetition separators (which only composite or repeating elements may hold). Segments
    /// without any (most of them) skip the per-element separator checks.
    /// </summary>
    private void CheckCharacters(ref X12Reader reader)
    {
        var delimiters = reader.Delimiters;
        if (_specialBytes is null || _invalidBytesFor != delimiters)
        {
            _invalidBytes = BuildInvalidBytes(delimiters);
            _specialBytes = BuildSpecialBytes(delimiters);
            _invalidBytesFor = delimiters;
        }

        var span = reader.SegmentSpan;
        var first = span.IndexOfAny(_specialBytes);
        _segmentHasSeparators = first >= 0;
        if (first < 0)
        {
            return;
        }

        var at = span[first..].IndexOfAny(_invalidBytes!);
        if (at < 0)
        {
            return;
        }

        at += first;
        var element = span[..at].Count(delimiters.Element);
        var location = Loc(ref reader, element) with { ByteOffset = reader.SegmentByteOffset + at };
        Report(X12DiagnosticCodes.InvalidCharacter, DiagnosticSeverity.Error,
            string.Create(CultureInfo.InvariantCulture, $"Control character 0x{span[at]:X2} is not allowed in data."), location);
        if (_transaction is null)
        {
            _interchange?.AddNoteCode("024");
        }
        else
        {
            _pendingCharacterError = Math.Max(element, 1);
        }
    }

    private static SearchValues<byte> BuildSpecialBytes(X12Delimiters d)
    {
        var bytes = new List<byte>(35);
        for (var b = 0; b < 0x20; b++)
        {
            bytes.Add((byte)b);
        }

        bytes.Add(0x7F);
        bytes.Remove(d.Element);
        bytes.Remove(d.Segment);
        if (!bytes.Contains(d.Component))
        {
            bytes.Add(d.Component);
        }

        if (d.HasRepetition && !bytes.Contains(d.Repetition))
        {
            bytes.Add(d.Repetition);
        }

        return SearchValues.Create([.. bytes]);
    }

    private static SearchValues<byte> BuildInvalidBytes(X12Delimiters d)
    {
        var bytes = new List<byte>(33);
        for (var b = 0; b < 0x20; b++)
        {
            bytes.Add((byte)b);
        }

        bytes.Add(0x7F);
        bytes.Remove(d.Element);
        bytes.Remove(d.Component);
        bytes.Remove(d.Segment);
        if (d.HasRepetition)
        {
            bytes.Remove(d.Repetition);
        }

        return SearchValues.Create([.. bytes]);
    }

    private void Report(string code, DiagnosticSeverity severity, string message, SourceLocation location)
        => Record(new Diagnostic(code, severity, message, location, isRecoverable: severity != DiagnosticSeverity.Error));

    private void Record(Diagnostic diagnostic)
    {
        if (diagnostic.Severity == DiagnosticSeverity.Error)
        {
            _errorCount++;
        }
        else if (diagnostic.Severity == DiagnosticSeverity.Warning)
        {
            _warningCount++;
        }

        _options.DiagnosticReported?.Invoke(diagnostic);
        if (_diagnostics.Count < _options.MaxRetainedDiagnostics)
        {
            _diagnostics.Add(diagnostic);
        }
        else
        {
            _suppressed++;
        }
    }

    private SourceLocation Loc(ref X12Reader reader, int elementPosition = 0)
    {
        var id = SafeId(reader.SegmentId);
        string path;
        if (_transaction is not null)
        {
            path = elementPosition > 0
                ? string.Create(CultureInfo.InvariantCulture, $"ST*{_transaction.ControlNumber}/{id}[{_transaction.SegmentCount}]/{id}{elementPosition:00}")
                : string.Create(CultureInfo.InvariantCulture, $"ST*{_transaction.ControlNumber}/{id}[{_transaction.SegmentCount}]");
        }
        else
        {
            path = elementPosition > 0 ? string.Create(CultureInfo.InvariantCulture, $"{id}{elementPosition:00}") : id;
        }

        return new SourceLocation
        {
            Path = path,
            SegmentIndex = reader.SegmentIndex,
            SegmentId = id,
            SegmentPositionInTransaction = _transaction?.SegmentCount,
            ElementPosition = elementPosition > 0 ? elementPosition : null,
            ByteOffset = elementPosition > 0 && elementPosition <= reader.ElementCount
                ? reader.GetElementByteOffset(elementPosition)
                : reader.SegmentByteOffset,
        };
    }

    private static bool IsValidSegmentId(ReadOnlySpan<byte> id)
    {
        if (id.Length is < 2 or > 3 || id[0] is < (byte)'A' or > (byte)'Z')
        {
            return false;
        }

        for (var i = 1; i < id.Length; i++)
        {
            if (id[i] is not ((>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')))
            {
                return false;
            }
        }

        return true;
    }

    private static string SafeId(ReadOnlySpan<byte> id)
    {
        if (id.Length is 0 or > 3)
        {
            return id.Length == 0 ? "(empty)" : "(invalid)";
        }

        Span<char> chars = stackalloc char[3];
        for (var i = 0; i < id.Length; i++)
        {
            var b = id[i];
            chars[i] = b is >= 0x21 and < 0x7F ? (char)b : '?';
        }

        return new string(chars[..id.Length]);
    }

    private static bool IsAllDigits(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        foreach (var b in value)
        {
            if ((uint)(b - '0') > 9)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidDate(ReadOnlySpan<byte> value) => IsAllDigits(value) && IsValidDateDigits(value);

    /// <summary>Date rules for a value already known to be all digits: CCYYMMDD or YYMMDD with a real month and day.</summary>
    private static bool IsValidDateDigits(ReadOnlySpan<byte> value)
    {
        if (value.Length is not (6 or 8))
        {
            return false;
        }

        var offset = value.Length - 4;
        var year = value.Length == 8 ? Number(value[..4]) : 2000 + Number(value[..2]);
        var month = Number(value.Slice(offset, 2));
        var day = Number(value.Slice(offset + 2, 2));
        return month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(Math.Max(year, 1), month);
    }

    private static bool IsValidTime(ReadOnlySpan<byte> value) => IsAllDigits(value) && IsValidTimeDigits(value);

    /// <summary>Time rules for a value already known to be all digits: HHMM[SS[d..d]] with a real hour, minute and second.</summary>
    private static bool IsValidTimeDigits(ReadOnlySpan<byte> value)
    {
        if (value.Length is < 4 or > 8 || value.Length == 5)
        {
            return false;
        }

        var hour = Number(value[..2]);
        var minute = Number(value.Slice(2, 2));
        var second = value.Length >= 6 ? Number(value.Slice(4, 2)) : 0;
        return hour <= 23 && minute <= 59 && second <= 59;
    }

    private static int Number(ReadOnlySpan<byte> digits)
    {
        var n = 0;
        foreach (var b in digits)
        {
            n = (n * 10) + (b - '0');
        }

        return n;
    }

    private static string Text(ReadOnlySpan<byte> value) => Encoding.Latin1.GetString(value);

    private static bool TextEquals(ReadOnlySpan<byte> value, string text)
    {
        if (value.Length != text.Length)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != text[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Counts the bytes a stream hands out, so the result can report how much was read.</summary>
    private sealed class ByteCountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int n)
        {
            BytesRead += n;
            return n;
        }
    }
}
