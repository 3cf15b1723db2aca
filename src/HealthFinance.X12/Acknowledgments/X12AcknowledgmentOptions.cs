namespace HealthFinance.X12.Acknowledgments;

/// <summary>Options for generating TA1 and 999 acknowledgments.</summary>
public sealed class X12AcknowledgmentOptions
{
    /// <summary>ISA13 of the acknowledgment interchange.</summary>
    /// <value>1.</value>
    public int InterchangeControlNumber { get; set; } = 1;

    /// <summary>GS06 of the acknowledgment's functional group (999 only).</summary>
    /// <value>1.</value>
    public int GroupControlNumber { get; set; } = 1;

    /// <summary>The delimiters to write with; <see langword="null"/> to answer with the delimiters of the acknowledged interchange.</summary>
    /// <value><see langword="null"/>.</value>
    public X12Delimiters? Delimiters { get; set; }

    /// <summary>The clock for ISA09/ISA10 and GS04/GS05.</summary>
    /// <value><see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Whether the 999 lists accepted transaction sets (AK2 + IK5*A) too, not only those in error.</summary>
    /// <value><see langword="true"/>.</value>
    public bool IncludeAcceptedTransactions { get; set; } = true;

    /// <summary>The line break written after each segment terminator (<c>""</c>, <c>"\n"</c> or <c>"\r\n"</c>).</summary>
    /// <value><c>"\n"</c>.</value>
    public string LineBreak { get; set; } = "\n";
}
