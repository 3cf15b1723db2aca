using HealthFinance.Cli;

using var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 1 << 16) { AutoFlush = false };
var console = new HealthFinance.Cli.Commands.CliConsole(stdout, Console.Error, Console.OpenStandardInput, Console.OpenStandardOutput);
var code = await HealthFinanceCommand.InvokeAsync(args, console).ConfigureAwait(false);
await stdout.FlushAsync().ConfigureAwait(false);
return code;
