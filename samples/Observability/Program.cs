// The sync pipeline's metrics and traces on the console, through the OpenTelemetry SDK. The pipeline publishes a
// Meter and an ActivitySource named "HealthFinance" (SyncTelemetry.Name); subscribing to that name is all an
// OpenTelemetry setup needs, whatever the exporter (swap AddConsoleExporter for OTLP, Prometheus, ...).
// Run it from the repository root: dotnet run --project samples/Observability [-- files or folders]
using HealthFinance.Sync;
using HealthFinance.Sync.DependencyInjection;
using HealthFinance.Sync.Inputs;
using HealthFinance.Sync.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

var inputs = args.Length > 0 ? args : ["samples/data"];
var journals = Directory.CreateTempSubdirectory("hf-observability-").FullName;
var resource = ResourceBuilder.CreateDefault().AddService("riverbend-sync");

// Build the providers before the pipeline runs, so that no activity or measurement is missed. The tracer
// provider prints each activity as it ends: healthfinance.unit per input unit (format, unit, input, event count,
// correlation ids) and healthfinance.erp.post per delivery, linked to the units whose journals it carries.
using var tracing = Sdk.CreateTracerProviderBuilder()
    .SetResourceBuilder(resource)
    .AddSource(SyncTelemetry.Name)
    .AddConsoleExporter()
    .Build();

// Metrics are exported periodically (every 60 s by default) and when the provider is disposed, here at the end of
// the program. The durations are in seconds: the SDK's default histogram buckets (0, 5, 10, 25, ... 10000) suit
// milliseconds, so a view gives them buckets that tell a 20 ms delivery from a 2 s one.
double[] seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
using var metrics = Sdk.CreateMeterProviderBuilder()
    .SetResourceBuilder(resource)
    .AddMeter(SyncTelemetry.Name)
    .AddView("healthfinance.posting.latency", new ExplicitBucketHistogramConfiguration { Boundaries = seconds })
    .AddView("healthfinance.erp.call.duration", new ExplicitBucketHistogramConfiguration { Boundaries = seconds })
    .AddConsoleExporter()
    .Build();

var services = new ServiceCollection();
services.AddHealthFinance(hf => hf
    .UseRules("samples/rules/riverbend-core.json", "samples/rules/riverbend-reference.json")
    .UseInMemoryState()
    .UseFileExport(o => o.OutputDirectory = journals));   // JSON lines

Console.WriteLine("traces:");
await using (var provider = services.BuildServiceProvider())
{
    var report = await provider.GetRequiredService<SyncPipeline>().RunAsync(SyncInput.FromPaths(inputs));
    Console.WriteLine($"run: {report.Received} received, {report.Posted} posted ({report.Journals} journals), {report.Quarantined} quarantined, "
        + $"{report.NothingToPost} with nothing to post, {report.DeliveredJournals} delivered to {journals}");
}

// Disposing the meter provider (the last `using` above) exports the run's counters (healthfinance.events.*,
// healthfinance.journals.posted) and histograms (posting latency, ERP call duration, reconciliation variance).
Console.WriteLine("metrics:");
