using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace HealthFinance.Hl7v2.Benchmarks;

/// <summary>
/// One 2 KB DFT^P03 v2.5.1 message of 11 segments (<c>dft-p03-2k.hl7</c>, the same file the npm peer reads):
/// reading every field, component and subcomponent, and mapping the message to canonical events.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(MessagesPerSecond))]
public class Hl7v2Benchmarks
{
    /// <summary>Adds operations (messages) per second to the summary.</summary>
    private sealed class MessagesPerSecond : ManualConfig
    {
        public MessagesPerSecond() => AddColumn(StatisticColumn.OperationsPerSecond);
    }

    private byte[] _message = [];

    [GlobalSetup]
    public void Setup() => _message = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "dft-p03-2k.hl7"));

    /// <summary>Reads all segments and every field, repetition, component and subcomponent span.</summary>
    [Benchmark(Baseline = true)]
    public int ReadAllFields()
    {
        var total = 0;
        var reader = new Hl7v2Reader(_message);
        while (reader.Read())
        {
            for (var f = 1; f <= reader.FieldCount; f++)
            {
                var reps = reader.GetRepetitionCount(f);
                for (var r = 1; r <= reps; r++)
                {
                    var rep = reader.GetRepetition(f, r);
                    total += rep.Length;
                    if (reader.IsHeaderSegment && f <= 2)
                    {
                        continue;
                    }

                    foreach (var component in new PieceEnumerator(rep, reader.Delimiters.Component))
                    {
                        foreach (var sub in new PieceEnumerator(component, reader.Delimiters.Subcomponent))
                        {
                            total += sub.Length + 1;
                        }
                    }
                }
            }
        }

        return total;
    }

    /// <summary>Maps the message to canonical events (ChargeCaptured + AccountContextUpdated).</summary>
    [Benchmark]
    public int DftToCanonical() => Hl7v2Parser.ParseMessage(_message).Events.Count;

    /// <summary>Computes the control totals of the message.</summary>
    [Benchmark]
    public decimal ControlTotals() => Hl7v2ControlTotals.Compute(_message).TotalCharges;
}

/// <summary>Splits a span at a separator without allocating (0 = one piece).</summary>
internal ref struct PieceEnumerator
{
    private readonly byte _separator;
    private ReadOnlySpan<byte> _rest;
    private bool _done;

    public PieceEnumerator(ReadOnlySpan<byte> value, byte separator)
    {
        _rest = value;
        _separator = separator;
        _done = false;
        Current = default;
    }

    public ReadOnlySpan<byte> Current { get; private set; }

    public readonly PieceEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_done)
        {
            return false;
        }

        var i = _separator == 0 ? -1 : _rest.IndexOf(_separator);
        if (i < 0)
        {
            Current = _rest;
            _done = true;
            return true;
        }

        Current = _rest[..i];
        _rest = _rest[(i + 1)..];
        return true;
    }
}
