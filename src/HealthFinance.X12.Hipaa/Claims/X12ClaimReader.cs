using System.Text;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;
using HealthFinance.X12.Acknowledgments;
using HealthFinance.X12.Hipaa.ClaimStatus;
using HealthFinance.X12.Validation;

namespace HealthFinance.X12.Hipaa.Claims;

/// <summary>
/// Reads the claim side of the revenue cycle into canonical events: 837P/837I/837D claims
/// (<see cref="ClaimSubmitted"/>, one per CLM), 277CA claim acknowledgments (<see cref="ClaimStatusReported"/>,
/// one per 2200D claim) and 999/997/TA1 acknowledgments (<see cref="AcknowledgmentReceived"/>, read by
/// <see cref="X12AcknowledgmentReader"/>). Other transaction sets (e.g. 835) are skipped.
/// </summary>
/// <remarks>
/// The input is validated first (envelope and syntax, <see cref="X12Validator"/>); those findings are returned
/// with the map findings (<see cref="HipaaClaimDiagnosticCodes"/>, <see cref="HipaaClaimStatusDiagnosticCodes"/>).
/// One transaction set is buffered at a time. Never throws for bad input.
/// </remarks>
public static class X12ClaimReader
{
    /// <summary>Reads every 837, 277CA and 999/997/TA1 in <paramref name="data"/>.</summary>
    /// <param name="data">X12 bytes: one or more interchanges.</param>
    /// <param name="fileName">The source file name to record on each event, when known.</param>
    /// <returns>The events, findings and claim count.</returns>
    public static X12ClaimReadResult Read(ReadOnlySpan<byte> data, string? fileName = null)
    {
        var validation = X12Validator.Validate(data);
        var sink = new MapSink();
        var diagnostics = new List<Diagnostic>(validation.Diagnostics);
        var acknowledgments = false;
        var interchange = string.Empty;
        var group = string.Empty;
        var version = string.Empty;
        List<SegmentRecord>? segments = null;
        var reader = new X12Reader(data);
        try
        {
            while (reader.Read())
            {
                var id = reader.SegmentId;
                if (id.SequenceEqual("ISA"u8))
                {
                    interchange = Text(reader.GetElement(13));
                }
                else if (id.SequenceEqual("GS"u8))
                {
                    group = Text(reader.GetElement(6));
                    version = Text(reader.GetElement(8));
                }
                else if (id.SequenceEqual("TA1"u8))
                {
                    acknowledgments = true;
                }
                else if (id.SequenceEqual("ST"u8))
                {
                    if (segments is not null)
                    {
                        Dispatch(new TransactionUnit(interchange, group, version, segments, fileName), sink, ref acknowledgments);
                    }

                    segments = [SegmentRecord.From(ref reader, 1)];
                }
                else if (segments is not null)
                {
                    segments.Add(SegmentRecord.From(ref reader, segments.Count + 1));
                    if (id.SequenceEqual("SE"u8))
                    {
                        Dispatch(new TransactionUnit(interchange, group, version, segments, fileName), sink, ref acknowledgments);
                        segments = null;
                    }
                }
            }
        }
        catch (X12ReaderException)
        {
            // Already reported by the validation pass; what was read before the failure is kept.
        }

        if (segments is not null)
        {
            Dispatch(new TransactionUnit(interchange, group, version, segments, fileName), sink, ref acknowledgments);
        }

        var events = new List<CanonicalEvent>(sink.Events);
        diagnostics.AddRange(sink.Diagnostics);
        if (acknowledgments)
        {
            var ack = X12AcknowledgmentReader.Read(data, fileName);
            events.AddRange(ack.Acknowledgments);
            diagnostics.AddRange(ack.Diagnostics.Where(d => d.Code is X12AcknowledgmentReader.UnknownStatusCode or X12AcknowledgmentReader.IncompleteAcknowledgment));
        }

        return new X12ClaimReadResult(events, diagnostics, sink.ClaimCount, sink.Unsupported);
    }

    private static void Dispatch(TransactionUnit tx, MapSink sink, ref bool acknowledgments)
    {
        switch (tx.TransactionSetId)
        {
            case "837":
                Claim837Map.Map(tx, sink);
                break;
            case "277":
                ClaimStatus277Map.Map(tx, sink);
                break;
            case "999" or "997":
                acknowledgments = true;
                break;
            default:
                break;
        }
    }

    private static string Text(ReadOnlySpan<byte> value) => Encoding.Latin1.GetString(value).Trim();
}

/// <summary>The outcome of <see cref="X12ClaimReader.Read"/>.</summary>
public sealed class X12ClaimReadResult
{
    internal X12ClaimReadResult(IReadOnlyList<CanonicalEvent> events, IReadOnlyList<Diagnostic> diagnostics, int claimCount, bool hasUnsupported)
    {
        Events = events;
        Diagnostics = diagnostics;
        ClaimCount = claimCount;
        HasUnsupportedTransactions = hasUnsupported;
    }

    /// <summary>The events read, in input order per kind: claims and claim statuses first, then acknowledgments.</summary>
    public IReadOnlyList<CanonicalEvent> Events { get; }

    /// <summary>The claims produced (<see cref="ClaimSubmitted"/>).</summary>
    public IEnumerable<ClaimSubmitted> Claims => Events.OfType<ClaimSubmitted>();

    /// <summary>The claim statuses produced (<see cref="ClaimStatusReported"/>).</summary>
    public IEnumerable<ClaimStatusReported> ClaimStatuses => Events.OfType<ClaimStatusReported>();

    /// <summary>The acknowledgments produced (<see cref="AcknowledgmentReceived"/>).</summary>
    public IEnumerable<AcknowledgmentReceived> Acknowledgments => Events.OfType<AcknowledgmentReceived>();

    /// <summary>Envelope, syntax and map findings, in that order.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>The claims seen, produced or not: CLM segments (837) plus 2200D loops (277CA).</summary>
    public int ClaimCount { get; }

    /// <summary><see langword="true"/> when a transaction set was skipped because its guide or version is not supported (HIPAA-0411, HIPAA-0412, HIPAA-0506).</summary>
    public bool HasUnsupportedTransactions { get; }

    /// <summary><see langword="true"/> when no finding is an error.</summary>
    public bool IsValid => !Diagnostics.Any(d => d.IsError);
}
