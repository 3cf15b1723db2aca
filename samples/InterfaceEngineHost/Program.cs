// An interface-engine style host: HL7 v2 over MLLP in, an ACK (AA) or NAK (AE/AR with ERR positions) out for each
// message, valid messages handed to the sync pipeline before they are acknowledged. Run it from the repository root:
//   dotnet run --project samples/InterfaceEngineHost                # listens on 127.0.0.1:2575 until Ctrl+C
//   dotnet run --project samples/InterfaceEngineHost -- --self-test  # sends one good and one bad message, prints the ACKs
using System.Text;
using HealthFinance.Hl7v2;
using HealthFinance.Sync.DependencyInjection;
using InterfaceEngineHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var selfTest = args.Contains("--self-test");
var builder = Host.CreateApplicationBuilder();
builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
builder.Services.Configure<MllpListenerOptions>(o => o.Port = selfTest ? 0 : 2575);
builder.Services.AddSingleton<MllpListener>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<MllpListener>());

// Leave this out and the host only validates and acknowledges.
var journals = Directory.CreateTempSubdirectory("hf-mllp-").FullName;
builder.Services.AddHealthFinance(hf => hf
    .AddHl7v2()
    .UseRules("samples/rules/riverbend-core.json", "samples/rules/riverbend-reference.json")
    .UseInMemoryState()                                 // UseSqliteState or UsePostgresState in production
    .UseFileExport(o => o.OutputDirectory = journals));

using var host = builder.Build();
if (!selfTest)
{
    await host.RunAsync();
    return 0;
}

await host.StartAsync();
var endpoint = await host.Services.GetRequiredService<MllpListener>().Listening;

// The first charge message of the sample day, and the same message with an amount that is not a number.
var day = await File.ReadAllBytesAsync("samples/data/06-charges.hl7");
var first = Hl7v2Parser.Parse(day)[0];
var good = day.AsSpan((int)first.ByteOffset, first.ByteLength).ToArray();
var bad = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(good).Replace("|1450.00|1450.00|", "|14S0.00|1450.00|", StringComparison.Ordinal));

using var client = new System.Net.Sockets.TcpClient();
await client.ConnectAsync(endpoint);
await using var writer = new Hl7v2MllpWriter(client.GetStream(), leaveOpen: true);
await using var reader = new Hl7v2MllpReader(client.GetStream(), leaveOpen: true);
var codes = new List<string>();
foreach (var (name, message) in new[] { ("good", good), ("bad", bad) })
{
    await writer.WriteMessageAsync(message);
    var ack = Encoding.UTF8.GetString((await reader.ReadMessageAsync()).GetValueOrDefault().Span);
    Console.WriteLine($"{name} message, ACK:{Environment.NewLine}  {ack.TrimEnd('\r').Replace("\r", Environment.NewLine + "  ", StringComparison.Ordinal)}");
    codes.Add(ack.Split('\r')[1].Split('|')[1]); // MSA-1
}

await host.StopAsync();
var passed = codes is ["AA", "AE" or "AR"];
Console.WriteLine($"self-test {(passed ? "passed" : "failed")}: {string.Join(", ", codes)}");
return passed ? 0 : 1;
