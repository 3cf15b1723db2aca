using Microsoft.Extensions.Options;

namespace HealthFinance.Erp;

/// <summary>Validates <see cref="ErpPosterOptions"/> with <see cref="ErpPosterOptions.Validate"/> when they are first read.</summary>
internal sealed class ErpPosterOptionsValidator : IValidateOptions<ErpPosterOptions>
{
    public ValidateOptionsResult Validate(string? name, ErpPosterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => "Invalid ErpPosterOptions: " + e));
    }
}
