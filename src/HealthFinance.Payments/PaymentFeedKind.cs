namespace HealthFinance.Payments;

/// <summary>The layouts of a payment settlement feed that <see cref="PaymentFeedReader"/> reads.</summary>
public enum PaymentFeedKind
{
    /// <summary>Not a payment feed (or, in <see cref="PaymentFeedOptions.Kind"/>, detect the layout from the first bytes).</summary>
    None = 0,

    /// <summary>RFC 4180 CSV with a header row naming the columns.</summary>
    Csv = 1,

    /// <summary>A JSON document <c>{"transactions":[{...}, ...]}</c>.</summary>
    Json = 2,

    /// <summary>Newline-delimited JSON: one transaction object per line.</summary>
    NdJson = 3,
}
