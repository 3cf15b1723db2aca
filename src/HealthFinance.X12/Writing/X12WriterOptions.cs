namespace HealthFinance.X12;

/// <summary>Options of <see cref="X12Writer"/>. <c>default(X12WriterOptions)</c> equals <c>new X12WriterOptions()</c>.</summary>
public readonly record struct X12WriterOptions
{
    private readonly string? _lineBreak;

    /// <summary>Creates options with the defaults.</summary>
    public X12WriterOptions()
    {
    }

    /// <summary>The line break written after each segment terminator: <c>""</c>, <c>"\n"</c>, <c>"\r\n"</c> or <c>"\r"</c>.</summary>
    /// <value>Defaults to <c>""</c> (none).</value>
    /// <exception cref="ArgumentException">The value is not one of the allowed line breaks.</exception>
    public string LineBreak
    {
        get => _lineBreak ?? "";
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value is not ("" or "\n" or "\r\n" or "\r"))
            {
                throw new ArgumentException("The line break must be \"\", \"\\n\", \"\\r\\n\" or \"\\r\".", nameof(value));
            }

            _lineBreak = value.Length == 0 ? null : value;
        }
    }
}
