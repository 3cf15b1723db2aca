using HealthFinance.Cli;

return await HealthFinanceCommand.InvokeAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
