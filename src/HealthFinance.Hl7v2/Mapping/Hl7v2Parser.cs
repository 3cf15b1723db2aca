using System.Runtime.CompilerServices;
using HealthFinance.Hl7v2.Internal;

namespace HealthFinance.Hl7v2;

/// <summary>
/// Reads HL7 v2 input (single messages, several messages in a row, FHS/BHS batches, MLLP-framed streams) and maps each
/// message to canonical finance events: DFT^P03/P11 to <see cref="HealthFinance.Canonical.Events.ChargeCaptured"/>,
/// <see cref="HealthFinance.Canonical.Events.PatientPaymentReceived"/> and
/// <see cref="HealthFinance.Canonical.Events.AccountAdjusted"/>; BAR^P01/P05/P12 and ADT^A04/A08 (and the IN1/GT1 of a DFT)
/// to <see cref="HealthFinance.Canonical.Events.AccountContextUpdated"/>.
/// </summary>
/// <remarks>
/// Never throws for bad input: every problem is a positioned <see cref="HealthFinance.Canonical.Diagnostics.Diagnostic"/>
/// (codes in <see cref="Hl7v2DiagnosticCodes"/>), and a message with an error yields no events. An unreadable message does
/// not stop the input: reading resumes at the next MSH, FHS or BHS line. Versions 2.3 to 2.8 are accepted; Z-segments
/// and other segments are kept in the source and ignored for mapping.
/// </remarks>
public static class Hl7v2Parser
{
    /// <summary>Reads a stream message by message, with memory bounded by the largest message.</summary>
    /// <param name="stream">The HL7 v2 input.</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="Hl7v2ParserOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One result per message, plus one per non-message unit with a finding.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    public static IAsyncEnumerable<Hl7v2MessageResult> ReadAsync(Stream stream, Hl7v2ParserOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadCoreAsync(stream, options ?? Hl7v2ParserOptions.Default, cancellationToken);
    }

    /// <summary>Parses an input held in memory.</summary>
    /// <param name="data">The HL7 v2 bytes.</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="Hl7v2ParserOptions.Default"/>.</param>
    /// <returns>One result per message, plus one per non-message unit with a finding.</returns>
    public static IReadOnlyList<Hl7v2MessageResult> Parse(ReadOnlySpan<byte> data, Hl7v2ParserOptions? options = null)
    {
        var mapper = new MessageMapper(options ?? Hl7v2ParserOptions.Default);
        var results = new List<Hl7v2MessageResult>();
        var pos = MessageUnits.SkipGap(data);
        while (pos < data.Length)
        {
            var length = MessageUnits.FindUnitLength(data[pos..], isFinalBlock: true);
            if (mapper.MapUnit(data.Slice(pos, length), pos) is { } result)
            {
                results.Add(result);
            }

            pos += length;
            pos += MessageUnits.SkipGap(data[pos..]);
        }

        return results;
    }

    /// <summary>Parses one message (the first of <paramref name="message"/> when it holds several).</summary>
    /// <param name="message">The message bytes.</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="Hl7v2ParserOptions.Default"/>.</param>
    /// <returns>The result of the first unit; for empty input a result with the HL7-0001 finding.</returns>
    public static Hl7v2MessageResult ParseMessage(ReadOnlySpan<byte> message, Hl7v2ParserOptions? options = null)
    {
        var mapper = new MessageMapper(options ?? Hl7v2ParserOptions.Default);
        var pos = MessageUnits.SkipGap(message);
        var length = pos < message.Length ? MessageUnits.FindUnitLength(message[pos..], isFinalBlock: true) : 0;
        return mapper.MapUnit(message.Slice(pos, length), pos, always: true)!;
    }

    private static async IAsyncEnumerable<Hl7v2MessageResult> ReadCoreAsync(Stream stream, Hl7v2ParserOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var mapper = new MessageMapper(options);
        using var units = new MessageUnitStream(stream);
        while (await units.MoveNextAsync(cancellationToken).ConfigureAwait(false))
        {
            var result = mapper.MapUnit(units.Current.Span, units.CurrentOffset);
            if (result is not null)
            {
                yield return result;
            }
        }
    }
}
