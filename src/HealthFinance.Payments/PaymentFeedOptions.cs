using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;

namespace HealthFinance.Payments;

/// <summary>Options of <see cref="PaymentFeedReader"/>. Every member has a usable default; <see cref="Default"/> holds them all.</summary>
public sealed record PaymentFeedOptions
{
    /// <summary>The smallest accepted <see cref="MaxRecordLength"/>.</summary>
    public const int MinRecordLength = 1024;

    /// <summary>The default options.</summary>
    public static PaymentFeedOptions Default { get; } = new();

    /// <summary>The layout of the input, or <see cref="PaymentFeedKind.None"/> to detect it with <see cref="PaymentFeedReader.Detect"/>.</summary>
    /// <value>Defaults to <see cref="PaymentFeedKind.None"/> (detect).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="PaymentFeedKind"/>.</exception>
    public PaymentFeedKind Kind
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(Kind), value, "Undefined payment feed kind.");
    }

    /// <summary>The file name recorded in every event's <see cref="SourceReference.FileName"/>, when known.</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public string? FileName { get; init; }

    /// <summary>The currency of amounts whose record has no currency (column absent or empty).</summary>
    /// <value>Defaults to <see cref="CurrencyCode.USD"/>.</value>
    /// <exception cref="ArgumentException">The value is <c>default(CurrencyCode)</c>.</exception>
    public CurrencyCode DefaultCurrency
    {
        get;
        init => field = value.IsDefault ? throw new ArgumentException("A default currency is required; default(CurrencyCode) is not one.", nameof(DefaultCurrency)) : value;
    } = CurrencyCode.USD;

    /// <summary>The instant recorded in every event's <see cref="CanonicalEvent.ReceivedAt"/>, when the host knows it.</summary>
    /// <value>Defaults to <see langword="null"/>; pass <c>timeProvider.GetUtcNow()</c> to stamp the time of reading.</value>
    public DateTimeOffset? ReceivedAt { get; init; }

    /// <summary>
    /// The longest record, in bytes, that is read (a CSV record, a JSON transaction object or an NDJSON line). A longer
    /// record is reported as <see cref="PaymentFeedDiagnosticCodes.RecordTooLong"/> and skipped, so memory stays bounded
    /// whatever the input.
    /// </summary>
    /// <value>Defaults to 65,536.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than <see cref="MinRecordLength"/>.</exception>
    public int MaxRecordLength
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, MinRecordLength);
            field = value;
        }
    } = 64 * 1024;

    /// <summary>
    /// How many distinct record identities (transaction id and status; refund id; the content of a payment without
    /// transaction id) are remembered to report <see cref="PaymentFeedDiagnosticCodes.DuplicateTransaction"/>. Each costs
    /// about 55 bytes of memory (50,000 identities: 2.6 MB); records after the limit are not checked. 0 turns duplicate detection off.
    /// </summary>
    /// <value>Defaults to 1,000,000.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int DuplicateDetectionLimit
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    } = 1_000_000;
}
