using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace HealthFinance.Sync.Telemetry;

/// <summary>
/// The pipeline's metrics and traces: a <see cref="Meter"/> and an <see cref="ActivitySource"/> named
/// <see cref="Name"/>. Subscribe with OpenTelemetry (<c>AddMeter("HealthFinance")</c>,
/// <c>AddSource("HealthFinance")</c>) or a <see cref="MeterListener"/>.
/// </summary>
/// <remarks>
/// <para>Instruments (units in braces): <c>healthfinance.events.received</c>, <c>.posted</c>, <c>.duplicates</c>,
/// <c>.quarantined</c>, <c>.parked</c>, <c>.dead_lettered</c> ({event}, tagged with <c>healthfinance.format</c> and
/// <c>healthfinance.event_type</c>); <c>healthfinance.journals.posted</c> ({journal});
/// <c>healthfinance.posting.latency</c> (s, from the unit's arrival to the ERP's acknowledgment);
/// <c>healthfinance.erp.call.duration</c> (s, tagged with <c>healthfinance.erp.adapter</c> and
/// <c>healthfinance.erp.outcome</c>: <c>posted</c>, <c>partial</c>, <c>error</c>); <c>healthfinance.reconciliation.variance</c>
/// (amounts in the remittance's currency, tagged <c>healthfinance.currency</c>, per remittance). Histograms carry bucket
/// advice fitted to their units.</para>
/// <para>Activities: <c>healthfinance.unit</c> per input unit (tags: format, label, input name, event count, and
/// <c>healthfinance.correlation_id</c> of each event that carries one) and <c>healthfinance.erp.post</c> per delivery,
/// linked to the unit activities whose journals it carries, so a trace leads from a raw message to its ERP
/// acknowledgment. No tag carries a patient name, an identifier of a person, or a clinical field.</para>
/// </remarks>
public sealed class SyncTelemetry : IDisposable
{
    /// <summary>The name of the meter and the activity source.</summary>
    public const string Name = "HealthFinance";

    /// <summary>The activity source of the pipeline.</summary>
    public static readonly ActivitySource ActivitySource = new(Name, typeof(SyncTelemetry).Assembly.GetName().Version?.ToString());

    private readonly Meter _meter;
    private readonly bool _ownsMeter;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>, or on a meter of its own when none is given.</summary>
    /// <param name="meterFactory">The host's meter factory (<c>services.AddMetrics()</c>), or <see langword="null"/>.</param>
    public SyncTelemetry(IMeterFactory? meterFactory = null)
    {
        if (meterFactory is null)
        {
            _meter = new Meter(Name);
            _ownsMeter = true;
        }
        else
        {
            _meter = meterFactory.Create(new MeterOptions(Name));
        }

        Received = _meter.CreateCounter<long>("healthfinance.events.received", "{event}", "Events taken from the inputs.");
        Posted = _meter.CreateCounter<long>("healthfinance.events.posted", "{event}", "Events whose journals were accepted for posting.");
        Duplicates = _meter.CreateCounter<long>("healthfinance.events.duplicates", "{event}", "Events skipped as duplicates.");
        Quarantined = _meter.CreateCounter<long>("healthfinance.events.quarantined", "{event}", "Events or units refused by parsing, validation or the posting rules.");
        Parked = _meter.CreateCounter<long>("healthfinance.events.parked", "{item}", "Items parked until an event they need arrives.");
        DeadLettered = _meter.CreateCounter<long>("healthfinance.events.dead_lettered", "{item}", "Items moved to the dead-letter store.");
        JournalsPosted = _meter.CreateCounter<long>("healthfinance.journals.posted", "{journal}", "Journals the ERP acknowledged.");
        var seconds = new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] };
        PostingLatency = _meter.CreateHistogram("healthfinance.posting.latency", "s", "From an input unit's arrival to the ERP acknowledgment of its journals.", tags: null, advice: seconds);
        ErpCallDuration = _meter.CreateHistogram("healthfinance.erp.call.duration", "s", "Duration of one delivery to the ERP adapter.", tags: null, advice: seconds);
        ReconciliationVariance = _meter.CreateHistogram(
            "healthfinance.reconciliation.variance",
            "{currency_unit}",
            "Remitted minus applied cash per remittance, in the remittance's currency (tag healthfinance.currency).",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [-10_000, -1_000, -100, -10, -1, -0.01, 0, 0.01, 1, 10, 100, 1_000, 10_000] });
    }

    /// <summary>Events taken from the inputs.</summary>
    public Counter<long> Received { get; }

    /// <summary>Events posted.</summary>
    public Counter<long> Posted { get; }

    /// <summary>Duplicates skipped.</summary>
    public Counter<long> Duplicates { get; }

    /// <summary>Events or units quarantined.</summary>
    public Counter<long> Quarantined { get; }

    /// <summary>Items parked.</summary>
    public Counter<long> Parked { get; }

    /// <summary>Items dead-lettered.</summary>
    public Counter<long> DeadLettered { get; }

    /// <summary>Journals acknowledged by the ERP.</summary>
    public Counter<long> JournalsPosted { get; }

    /// <summary>Posting latency.</summary>
    public Histogram<double> PostingLatency { get; }

    /// <summary>ERP call duration.</summary>
    public Histogram<double> ErpCallDuration { get; }

    /// <summary>Reconciliation variance per remittance.</summary>
    public Histogram<double> ReconciliationVariance { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
