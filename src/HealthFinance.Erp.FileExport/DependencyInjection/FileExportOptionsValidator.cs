using Microsoft.Extensions.Options;

namespace HealthFinance.Erp.FileExport;

/// <summary>Validates <see cref="FileExportOptions"/> with <see cref="FileExportOptions.Validate"/> when they are first read.</summary>
internal sealed class FileExportOptionsValidator : IValidateOptions<FileExportOptions>
{
    public ValidateOptionsResult Validate(string? name, FileExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => "Invalid FileExportOptions: " + e));
    }
}
