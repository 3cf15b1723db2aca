using HealthFinance.Erp.Http;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Validates <see cref="HttpErpOptions"/> with <see cref="HttpErpOptions.Validate"/> when they are first read (or at start-up under a host).</summary>
internal sealed class HttpErpOptionsValidator : IValidateOptions<HttpErpOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpErpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => "Invalid HttpErpOptions: " + e));
    }
}
