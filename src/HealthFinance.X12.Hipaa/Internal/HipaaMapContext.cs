using System.Globalization;
using System.Text;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;

namespace HealthFinance.X12.Hipaa.Internal;

/// <summary>
/// What a map works with for one transaction set: the options, the envelope identity, the findings list and the
/// events list, plus helpers that locate findings (path, segment index, position in the transaction set, byte offset).
/// </summary>
internal sealed class HipaaMapContext
{
    private readonly List<Diagnostic> _diagnostics;
    private readonly List<CanonicalEvent> _events = [];

    /// <summary>Creates a context.</summary>
    /// <param name="options">The reader options.</param>
    /// <param name="transaction">The buffered transaction set.</param>
    /// <param name="definition">The loop table of the transaction set.</param>
    /// <param name="diagnostics">The findings list (envelope findings may already be in it).</param>
    /// <param name="codes">The code string cache of the reader, or <see langword="null"/> for a new one.</param>
    public HipaaMapContext(HipaaReaderOptions options, HipaaTransaction transaction, HipaaTransactionDefinition? definition, List<Diagnostic> diagnostics, HipaaCodeCache? codes = null)
    {
        Codes = codes ?? new HipaaCodeCache();
        Options = options;
        Transaction = transaction;
        Definition = definition;
        _diagnostics = diagnostics;
    }

    /// <summary>The strings of short coded values, shared over the whole input.</summary>
    public HipaaCodeCache Codes { get; }

    /// <summary>The reader options (currency, file name).</summary>
    public HipaaReaderOptions Options { get; }

    /// <summary>The currency amounts are mapped in.</summary>
    public CurrencyCode Currency => Options.Currency;

    /// <summary>The buffered transaction set.</summary>
    public HipaaTransaction Transaction { get; }

    /// <summary>The loop table, or <see langword="null"/> for a transaction set without a map.</summary>
    public HipaaTransactionDefinition? Definition { get; }

    /// <summary>The envelope identity.</summary>
    public HipaaTransactionIdentity Identity => Transaction.Identity;

    /// <summary>The findings so far.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    /// <summary>The events produced so far.</summary>
    public IReadOnlyList<CanonicalEvent> Events => _events;

    /// <summary>Adds a produced event.</summary>
    /// <param name="value">The event.</param>
    public void AddEvent(CanonicalEvent value) => _events.Add(value);

    /// <summary>Reports a finding located at a segment (and optionally an element and component) of the transaction set.</summary>
    /// <param name="code">A <see cref="HipaaDiagnosticCodes"/> code.</param>
    /// <param name="severity">The severity the code is documented with.</param>
    /// <param name="message">The message; never quote data values.</param>
    /// <param name="segment">The segment.</param>
    /// <param name="element">The 1-based element position, or 0 for the whole segment.</param>
    /// <param name="component">The 1-based component position, or 0.</param>
    /// <param name="isRecoverable">Whether no data was lost.</param>
    public void Report(string code, DiagnosticSeverity severity, string message, in HipaaSegment segment, int element = 0, int component = 0, bool isRecoverable = true)
        => ReportAt(code, severity, message, segment, PathOf(segment.Index, element, component), element, component, isRecoverable);

    /// <summary>Reports a finding located at a segment under a path the map names itself (e.g. <c>ST*0001/CLM[2]/CLM02</c>).</summary>
    /// <param name="code">The permanent code.</param>
    /// <param name="severity">The severity the code is documented with.</param>
    /// <param name="message">The message; never quote data values.</param>
    /// <param name="segment">The segment.</param>
    /// <param name="path">The readable path.</param>
    /// <param name="element">The 1-based element position, or 0 for the whole segment.</param>
    /// <param name="component">The 1-based component position, or 0.</param>
    /// <param name="isRecoverable">Whether no data was lost.</param>
    public void ReportAt(string code, DiagnosticSeverity severity, string message, in HipaaSegment segment, string path, int element = 0, int component = 0, bool isRecoverable = true)
    {
        var location = new SourceLocation
        {
            Path = path,
            SegmentIndex = segment.SegmentIndex,
            SegmentId = HipaaSegment.ToText(segment.Id),
            SegmentPositionInTransaction = segment.PositionInTransaction,
            ElementPosition = element > 0 ? element : null,
            ComponentPosition = component > 0 ? component : null,
            ByteOffset = element > 0 && element <= segment.ElementCount ? null : segment.ByteOffset,
        };
        if (element > 0 && element <= segment.ElementCount)
        {
            location = location with { ByteOffset = segment.ByteOffset + ElementStart(segment, element) };
        }

        _diagnostics.Add(new Diagnostic(code, severity, message, location, isRecoverable));
    }

    /// <summary>Reports a finding about a segment by its index in the transaction set.</summary>
    /// <param name="code">The code.</param>
    /// <param name="severity">The severity.</param>
    /// <param name="message">The message.</param>
    /// <param name="segmentIndexInTransaction">The 0-based index in the transaction set.</param>
    /// <param name="element">The 1-based element position, or 0.</param>
    /// <param name="isRecoverable">Whether no data was lost.</param>
    public void Report(string code, DiagnosticSeverity severity, string message, int segmentIndexInTransaction, int element = 0, bool isRecoverable = true)
    {
        var segment = Transaction[segmentIndexInTransaction];
        Report(code, severity, message, segment, element, 0, isRecoverable);
    }

    /// <summary>Reports an error that a required element is missing.</summary>
    /// <param name="segment">The segment.</param>
    /// <param name="element">The 1-based element position.</param>
    /// <param name="component">The 1-based component position, or 0.</param>
    public void ReportMissing(in HipaaSegment segment, int element, int component = 0) =>
        Report(HipaaDiagnosticCodes.RequiredElementMissing, DiagnosticSeverity.Error,
            $"Required element {ElementName(segment, element, component)} is missing.", segment, element, component, isRecoverable: false);

    /// <summary>Reports an error that an element is not a valid X12 number.</summary>
    /// <param name="segment">The segment.</param>
    /// <param name="element">The 1-based element position.</param>
    public void ReportInvalidNumber(in HipaaSegment segment, int element) =>
        Report(HipaaDiagnosticCodes.InvalidNumber, DiagnosticSeverity.Error,
            $"Element {ElementName(segment, element, 0)} is not a valid X12 decimal number.", segment, element, 0, isRecoverable: false);

    /// <summary>Reports an error that an element is not a valid date.</summary>
    /// <param name="segment">The segment.</param>
    /// <param name="element">The 1-based element position.</param>
    public void ReportInvalidDate(in HipaaSegment segment, int element) =>
        Report(HipaaDiagnosticCodes.InvalidDate, DiagnosticSeverity.Error,
            $"Element {ElementName(segment, element, 0)} is not a valid CCYYMMDD date.", segment, element, 0, isRecoverable: false);

    /// <summary>Builds the readable path of a segment: <c>ST*0001/2100[3]/CLP04</c> (loops with their 1-based occurrence in the transaction set).</summary>
    /// <param name="segmentIndexInTransaction">The 0-based index in the transaction set.</param>
    /// <param name="element">The 1-based element position, or 0.</param>
    /// <param name="component">The 1-based component position, or 0.</param>
    /// <returns>The path.</returns>
    public string PathOf(int segmentIndexInTransaction, int element = 0, int component = 0)
    {
        var sb = new StringBuilder();
        sb.Append("ST*").Append(Identity.TransactionSetControlNumber ?? "?");
        if (Definition is not null && segmentIndexInTransaction < Transaction.Count)
        {
            var chain = new List<int>();
            for (var loop = Transaction[segmentIndexInTransaction].Loop; loop > 0 && loop < Transaction.LoopCount; loop = Transaction.GetLoop(loop).Parent)
            {
                chain.Add(loop);
            }

            for (var i = chain.Count - 1; i >= 0; i--)
            {
                ref var instance = ref Transaction.GetLoop(chain[i]);
                var def = Definition.Loops[instance.Definition];
                if (def.InPath)
                {
                    sb.Append('/').Append(def.Id).Append('[').Append(instance.Ordinal.ToString(CultureInfo.InvariantCulture)).Append(']');
                }
            }
        }

        if (segmentIndexInTransaction < Transaction.Count)
        {
            sb.Append('/').Append(ElementName(Transaction[segmentIndexInTransaction], element, component));
        }

        return sb.ToString();
    }

    /// <summary>Builds the source reference of an event produced from this transaction set.</summary>
    /// <returns>The reference (ISA13, GS06, ST02, position, segment index of ST, file name).</returns>
    public SourceReference CreateSource() => new()
    {
        Format = SourceFormat.X12,
        InterchangeControlNumber = Identity.InterchangeControlNumber,
        GroupControlNumber = Identity.GroupControlNumber,
        TransactionSetControlNumber = Identity.TransactionSetControlNumber,
        Position = "ST*" + (Identity.TransactionSetControlNumber ?? "?"),
        SegmentIndex = Identity.SegmentIndex >= 0 ? Identity.SegmentIndex : null,
        FileName = Options.FileName,
    };

    /// <summary>Builds the source reference of an event produced from one part of this transaction set (a claim, a claim status).</summary>
    /// <param name="segment">The segment the event starts at.</param>
    /// <param name="position">The readable position, e.g. <c>ST*0001/CLM[2]</c>.</param>
    /// <returns>The reference.</returns>
    public SourceReference CreateSource(in HipaaSegment segment, string position) => CreateSource() with
    {
        Position = position,
        SegmentIndex = segment.SegmentIndex,
    };

    /// <summary>The readable prefix of every path in this transaction set: <c>ST*</c> and ST02.</summary>
    public string TransactionPath => "ST*" + (Identity.TransactionSetControlNumber ?? "?");

    /// <summary>Names an element reference, e.g. <c>CLP04</c>, <c>SVC01-2</c> or <c>BPR</c> for the whole segment.</summary>
    /// <param name="segment">The segment.</param>
    /// <param name="element">The 1-based element position, or 0.</param>
    /// <param name="component">The 1-based component position, or 0.</param>
    /// <returns>The reference.</returns>
    public static string ElementName(in HipaaSegment segment, int element, int component)
    {
        var id = HipaaSegment.ToText(segment.Id) ?? "?";
        if (element <= 0)
        {
            return id;
        }

        var name = id + element.ToString("00", CultureInfo.InvariantCulture);
        return component > 0 ? name + "-" + component.ToString(CultureInfo.InvariantCulture) : name;
    }

    private static int ElementStart(in HipaaSegment segment, int element)
    {
        // The element's offset inside the segment: identifier, then one separator before each element.
        var offset = segment.Id.Length + 1;
        for (var p = 1; p < element; p++)
        {
            offset += segment.GetElement(p).Length + 1;
        }

        return offset;
    }
}
