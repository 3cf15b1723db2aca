using System.Diagnostics.CodeAnalysis;
using HealthFinance.Canonical.Diagnostics;

namespace HealthFinance.Payments.Internal;

/// <summary>An input that is not a payment feed: one finding, nothing read.</summary>
internal sealed class NotAFeedParser(PaymentFeedOptions options, string message) : FeedParser(options, PaymentFeedKind.None, 0)
{
    private bool _done;

    public override bool IsCompleted => _done;

    public override bool TryReadNext(ReadOnlySpan<byte> window, bool isFinal, [NotNullWhen(true)] out PaymentFeedRecord? record)
    {
        record = null;
        if (_done)
        {
            return false;
        }

        _done = true;
        record = Unit("document", 1, 0, [], [new Diagnostic(
            PaymentFeedDiagnosticCodes.NotAPaymentFeed,
            DiagnosticSeverity.Error,
            message,
            new SourceLocation { LineNumber = 1, ByteOffset = 0 },
            isRecoverable: false)]);
        return true;
    }
}
