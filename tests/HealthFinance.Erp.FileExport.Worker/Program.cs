using System.Globalization;
using HealthFinance.Erp;
using HealthFinance.Erp.FileExport;
using HealthFinance.Erp.FileExport.Worker;

// healthfinance-erp-export-worker FORMAT FOLDER COUNT BATCH [MAPPING]
// Posts journals w0..w{COUNT-1}, BATCH per call, looking each up before its first submission so that a restart
// after a kill resumes without writing anything twice. Prints "ready" once started and "done" at the end.
var format = Enum.Parse<FileExportFormat>(args[0]);
var count = int.Parse(args[2], CultureInfo.InvariantCulture);
var batch = int.Parse(args[3], CultureInfo.InvariantCulture);
using var adapter = new FileExportAdapter(new FileExportOptions
{
    Format = format,
    OutputDirectory = args[1],
    MappingPath = args.Length > 4 ? args[4] : null,
    MaxJournalsPerBatch = batch,
    LockTimeout = TimeSpan.FromSeconds(30),
});
var poster = new ErpPoster(adapter, new ErpPosterOptions { LookupBeforeFirstAttempt = true, RetryDelay = _ => TimeSpan.FromMilliseconds(10) });
Console.Out.WriteLine("ready");
Console.Out.Flush();
for (var start = 0; start < count; start += batch)
{
    var journals = Enumerable.Range(start, Math.Min(batch, count - start)).Select(WorkerJournals.Make).ToList();
    var report = await poster.PostAsync(journals).ConfigureAwait(false);
    if (!report.AllPosted)
    {
        Console.Error.WriteLine(string.Join("; ", report.Journals.Select(j => $"{j.Journal.IdempotencyKey}: {j.Status} {(j.Parts.Count > 0 ? j.Parts[0].Code + " " + j.Parts[0].Reason : j.Code)}")));
        return 1;
    }
}

Console.Out.WriteLine("done");
return 0;
