using System.Buffers;
using System.Text;
using System.Text.Json;
using HealthFinance.Hl7v2.Internal;

namespace HealthFinance.Hl7v2;

/// <summary>
/// The control totals of an HL7 v2 input, computed in one pass: messages, message types, FT1 transactions and the sums
/// of FT1 amounts by transaction type. <see cref="WriteJson"/> writes the <c>healthfinance totals</c> JSON object, whose
/// field names are a public contract.
/// </summary>
/// <remarks>
/// An FT1 amount is FT1-11 (extended amount: the first subcomponent of its first component) or, when FT1-11 is empty,
/// FT1-10 quantity × FT1-12 unit amount (quantity 1 when FT1-10 is empty); an FT1 with neither counts as a transaction
/// with amount 0. Amounts are summed as sent (a negative credit stays negative) by FT1-6: CG into
/// <see cref="TotalCharges"/>, CD into <see cref="TotalCredits"/>, PY into <see cref="TotalPayments"/>, AJ into
/// <see cref="TotalAdjustments"/>; other types are counted in <see cref="Transactions"/> only.
/// </remarks>
public sealed class Hl7v2ControlTotals
{
    /// <summary>The number of messages (MSH segments).</summary>
    public long Messages { get; init; }

    /// <summary>The distinct message types (<c>MSH-9.1^MSH-9.2</c>, e.g. <c>DFT^P03</c>), sorted ordinally.</summary>
    public IReadOnlyList<string> MessageTypes { get; init; } = [];

    /// <summary>The number of FT1 segments.</summary>
    public long Transactions { get; init; }

    /// <summary>The sum of FT1 amounts of type CG (charge).</summary>
    public decimal TotalCharges { get; init; }

    /// <summary>The sum of FT1 amounts of type CD (credit).</summary>
    public decimal TotalCredits { get; init; }

    /// <summary>The sum of FT1 amounts of type PY (payment).</summary>
    public decimal TotalPayments { get; init; }

    /// <summary>The sum of FT1 amounts of type AJ (adjustment).</summary>
    public decimal TotalAdjustments { get; init; }

    /// <summary>Computes the totals of an input held in memory (messages, batches and MLLP framing are all accepted).</summary>
    /// <param name="data">The HL7 v2 bytes.</param>
    /// <returns>The totals.</returns>
    /// <exception cref="Hl7v2ReaderException">The input is structurally unreadable, or an FT1 amount is not a number (HL7-0102).</exception>
    public static Hl7v2ControlTotals Compute(ReadOnlySpan<byte> data)
    {
        var calculator = new Calculator();
        var reader = new Hl7v2Reader(data);
        while (reader.Read())
        {
            calculator.Accept(ref reader);
        }

        return calculator.Complete();
    }

    /// <summary>Computes the totals of a stream, message by message, with memory bounded by the largest message.</summary>
    /// <param name="stream">The HL7 v2 input.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The totals.</returns>
    /// <exception cref="Hl7v2ReaderException">The input is structurally unreadable, or an FT1 amount is not a number (HL7-0102).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    public static async ValueTask<Hl7v2ControlTotals> ComputeAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var calculator = new Calculator();
        using var units = new MessageUnitStream(stream);
        while (await units.MoveNextAsync(cancellationToken).ConfigureAwait(false))
        {
            calculator.AcceptUnit(units.Current.Span, units.CurrentOffset);
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
        w.WriteString("format", "hl7v2");
        w.WriteNumber("messages", Messages);
        w.WriteStartArray("messageTypes");
        foreach (var type in MessageTypes)
        {
            w.WriteStringValue(type);
        }

        w.WriteEndArray();
        w.WriteNumber("transactions", Transactions);
        w.WriteNumber("totalCharges", TotalCharges);
        w.WriteNumber("totalCredits", TotalCredits);
        w.WriteNumber("totalPayments", TotalPayments);
        w.WriteNumber("totalAdjustments", TotalAdjustments);
        w.WriteEndObject();
    }

    /// <summary>The totals as the <c>healthfinance totals</c> JSON text.</summary>
    /// <returns>One line of JSON.</returns>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        WriteJson(buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private sealed class Calculator
    {
        private readonly SortedSet<string> _types = new(StringComparer.Ordinal);
        private byte[] _lastType = [];
        private long _messages;
        private long _transactions;
        private decimal _charges;
        private decimal _credits;
        private decimal _payments;
        private decimal _adjustments;
        private long _segments;

        public void AcceptUnit(ReadOnlySpan<byte> unit, long offset)
        {
            var reader = new Hl7v2Reader(unit, default, offset, _segments, (int)Math.Min(_messages, int.MaxValue));
            while (reader.Read())
            {
                Accept(ref reader);
            }
        }

        public void Accept(ref Hl7v2Reader reader)
        {
            _segments++;
            var id = reader.SegmentId;
            if (reader.IsHeaderSegment)
            {
                if (id[0] == (byte)'M')
                {
                    _messages++;
                    AddType(ref reader);
                }

                return;
            }

            if (id[0] != (byte)'F' || id[1] != (byte)'T' || id[2] != (byte)'1')
            {
                return;
            }

            _transactions++;
            var status = Ft1Amount.Get(ref reader, out var amount, out _, out var field);
            if (status == Ft1AmountStatus.Invalid)
            {
                ThrowHelper.ThrowInvalidAmount(reader.SegmentIndex, field, reader.GetFieldByteOffset(field));
            }

            var type = reader.GetComponent(6, 1);
            if (type.Length != 2)
            {
                return;
            }

            switch ((type[0], type[1]))
            {
                case ((byte)'C', (byte)'G'):
                    _charges += amount;
                    break;
                case ((byte)'C', (byte)'D'):
                    _credits += amount;
                    break;
                case ((byte)'P', (byte)'Y'):
                    _payments += amount;
                    break;
                case ((byte)'A', (byte)'J'):
                    _adjustments += amount;
                    break;
            }
        }

        public Hl7v2ControlTotals Complete() => new()
        {
            Messages = _messages,
            MessageTypes = [.. _types],
            Transactions = _transactions,
            TotalCharges = _charges,
            TotalCredits = _credits,
            TotalPayments = _payments,
            TotalAdjustments = _adjustments,
        };

        private void AddType(ref Hl7v2Reader reader)
        {
            var code = reader.GetComponent(9, 1);
            var trigger = reader.GetComponent(9, 2);
            Span<byte> key = stackalloc byte[Math.Min(64, code.Length + trigger.Length + 1)];
            var length = Math.Min(code.Length, key.Length);
            code[..length].CopyTo(key);
            if (!trigger.IsEmpty && length < key.Length)
            {
                key[length++] = (byte)'^';
                var t = Math.Min(trigger.Length, key.Length - length);
                trigger[..t].CopyTo(key[length..]);
                length += t;
            }

            if (key[..length].SequenceEqual(_lastType))
            {
                return;
            }

            _lastType = key[..length].ToArray();
            var text = Encoding.UTF8.GetString(key[..length]);
            if (text.Length > 0)
            {
                _types.Add(text);
            }
        }
    }
}
