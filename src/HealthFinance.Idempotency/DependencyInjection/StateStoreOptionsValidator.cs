using Microsoft.Extensions.Options;

namespace HealthFinance.Idempotency.DependencyInjection;

/// <summary>Validates state store options with <see cref="StateStoreOptions.Validate"/> when they are first read.</summary>
/// <typeparam name="TOptions">The options type.</typeparam>
internal sealed class StateStoreOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : StateStoreOptions
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Select(e => $"Invalid {typeof(TOptions).Name}: {e}"));
    }
}
