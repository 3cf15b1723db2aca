using System.Buffers;
using System.Text.Json;

namespace HealthFinance.X12.Hipaa.Totals;

/// <summary>
/// Control totals of an X12 input (835 remittances, 837 claims), computed in one streaming pass over the
/// segments, independently of the canonical maps. These are the figures of <c>healthfinance totals</c>;
/// the JSON field names are a public contract.
/// </summary>
public sealed class X12ControlTotals
{
    /// <summary>The distinct transaction set identifiers (ST01), in order of first appearance.</summary>
    public IReadOnlyList<string> TransactionSets { get; init; } = [];

    /// <summary>The number of interchanges (ISA).</summary>
    public long Interchanges { get; init; }

    /// <summary>The number of functional groups (GS).</summary>
    public long Groups { get; init; }

    /// <summary>The number of transaction sets (ST).</summary>
    public long Transactions { get; init; }

    /// <summary>CLP (835) plus CLM (837) segments.</summary>
    public long Claims { get; init; }

    /// <summary>SVC (835) plus SV1/SV2/SV3 (837) segments.</summary>
    public long ServiceLines { get; init; }

    /// <summary>Σ CLP03 (835) plus Σ CLM02 (837).</summary>
    public decimal TotalBilled { get; init; }

    /// <summary>Σ CLP04.</summary>
    public decimal TotalPaid { get; init; }

    /// <summary>Σ CLP05.</summary>
    public decimal TotalPatientResponsibility { get; init; }

    /// <summary>Σ CAS amounts at claim level (after a claim segment, before its first service line).</summary>
    public decimal ClaimAdjustments { get; init; }

    /// <summary>Σ CAS amounts at service level (after a service line segment).</summary>
    public decimal ServiceAdjustments { get; init; }

    /// <summary>Σ PLB amounts (PLB04, 06, 08, 10, 12, 14).</summary>
    public decimal ProviderAdjustments { get; init; }

    /// <summary>Σ BPR02.</summary>
    public decimal PaymentAmount { get; init; }

    /// <summary>
    /// For inputs holding 835s: every 835 transaction satisfies BPR02 = Σ CLP04 − Σ PLB, and every claim satisfies
    /// CLP03 − CLP04 = Σ its CAS (claim and service level). <see langword="null"/> when the input holds no 835.
    /// </summary>
    public bool? Balanced { get; init; }

    /// <summary>Computes the totals of an input held in memory.</summary>
    /// <param name="data">The X12 bytes.</param>
    /// <returns>The totals.</returns>
    /// <exception cref="X12ReaderException">The input is structurally unreadable.</exception>
    public static X12ControlTotals Compute(ReadOnlySpan<byte> data)
    {
        var calculator = new X12ControlTotalsCalculator();
        var reader = new X12Reader(data);
        while (reader.Read())
        {
            calculator.Accept(ref reader);
        }

        return calculator.Complete();
    }

    /// <summary>Computes the totals of a stream, segment by segment, with memory bounded by the largest segment.</summary>
    /// <param name="stream">The X12 input.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The totals.</returns>
    /// <exception cref="X12ReaderException">The input is structurally unreadable.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    public static async ValueTask<X12ControlTotals> ComputeAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var calculator = new X12ControlTotalsCalculator();
        var reader = new X12StreamReader(stream, leaveOpen: true);
        await using (reader.ConfigureAwait(false))
        {
            await reader.ReadAllAsync(calculator.Accept, cancellationToken).ConfigureAwait(false);
        }

        return calculator.Complete();
    }

    /// <summary>Writes the totals as the <c>healthfinance totals</c> JSON object (field names are a public contract).</summary>
    /// <param name="output">Where the UTF-8 JSON goes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> is <see langword="null"/>.</exception>
    public void WriteJson(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        w.WriteString("format", "x12");
        w.WriteStartArray("transactionSets");
        foreach (var set in TransactionSets)
        {
            w.WriteStringValue(set);
        }

        w.WriteEndArray();
        w.WriteNumber("interchanges", Interchanges);
        w.WriteNumber("groups", Groups);
        w.WriteNumber("transactions", Transactions);
        w.WriteNumber("claims", Claims);
        w.WriteNumber("serviceLines", ServiceLines);
        w.WriteNumber("totalBilled", TotalBilled);
        w.WriteNumber("totalPaid", TotalPaid);
        w.WriteNumber("totalPatientResponsibility", TotalPatientResponsibility);
        w.WriteNumber("claimAdjustments", ClaimAdjustments);
        w.WriteNumber("serviceAdjustments", ServiceAdjustments);
        w.WriteNumber("providerAdjustments", ProviderAdjustments);
        w.WriteNumber("paymentAmount", PaymentAmount);
        if (Balanced is { } balanced)
        {
            w.WriteBoolean("balanced", balanced);
        }

        w.WriteEndObject();
    }

    /// <summary>The totals as the <c>healthfinance totals</c> JSON text.</summary>
    /// <returns>One line of JSON.</returns>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        WriteJson(buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
