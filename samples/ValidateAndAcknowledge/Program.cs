// Validate an X12 file as an interface engine would: stream it, report every finding with its
// position and permanent code, answer with a 999 (or a TA1), then read that acknowledgment back
// the way the original sender would.
using HealthFinance.X12.Acknowledgments;
using HealthFinance.X12.Validation;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: ValidateAndAcknowledge FILE");
    return 2;
}

var options = new X12ValidatorOptions { DiagnosticReported = d => Console.WriteLine(d) };
X12ValidationResult result;
await using (var file = File.OpenRead(args[0]))
{
    result = await X12Validator.ValidateAsync(file, options);
}

Console.WriteLine($"{(result.IsValid ? "valid" : "invalid")}: {result.ErrorCount} errors in {result.SegmentCount} segments");
if (result.Interchanges.Count == 0)
{
    return 1;
}

var interchange = result.Interchanges[0];
var ack = interchange.Groups.Count > 0
    ? X12AcknowledgmentGenerator.Create999(interchange)
    : X12AcknowledgmentGenerator.CreateTa1(interchange);
var ackPath = Path.ChangeExtension(args[0], interchange.Groups.Count > 0 ? ".999" : ".ta1");
await File.WriteAllBytesAsync(ackPath, ack);
Console.WriteLine($"acknowledgment written to {ackPath}");

foreach (var received in X12AcknowledgmentReader.Read(ack).Acknowledgments)
{
    Console.WriteLine($"{received.Kind} acknowledgment of {received.AcknowledgedControlNumber}: {received.Status}, {received.Transactions.Count} transaction set(s)");
}

return result.IsValid ? 0 : 1;
