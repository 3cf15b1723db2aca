using System.Net;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Events;
using HealthFinance.Erp;

namespace CustomErpAdapter;

/// <summary>
/// An <see cref="IErpAdapter"/> for <see cref="GeneralLedger"/>. It keeps the four promises of the contract:
/// one acknowledgment per journal matched by idempotency key; a key the ledger already holds is acknowledged as
/// accepted with its earlier document; whole-call failures become <see cref="ErpException"/> classified as
/// transient or permanent, and ambiguous when the ledger may have booked; and lookups find everything booked.
/// </summary>
/// <param name="ledger">The ledger (in a real adapter: the vendor's API client).</param>
/// <param name="accounts">The account of each role, for journal lines that carry no account code of their own.</param>
public sealed class GeneralLedgerAdapter(GeneralLedger ledger, IReadOnlyDictionary<AccountRole, string> accounts) : IErpAdapter
{
    /// <inheritdoc/>
    public string Name => "sample-general-ledger";

    // SupportsLookup: after an ambiguous failure ErpPoster looks the journal up before it posts it again.
    // NativeIdempotency: the ledger itself answers a second document with the same external reference with the
    // first one's number (AlreadyBooked). Declare it only when your ERP really does so.
    /// <inheritdoc/>
    public ErpCapabilities Capabilities { get; } = new()
    {
        SupportsLookup = true,
        NativeIdempotency = true,
        MaxLinesPerJournal = ledger.MaxLinesPerDocument,
        MaxJournalsPerBatch = 100,
    };

    /// <inheritdoc/>
    public Task<IReadOnlyList<ErpAcknowledgment>> PostAsync(ErpBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        cancellationToken.ThrowIfCancellationRequested();
        var requests = batch.Journals.Select(j => ToRequest(j.Entry)).ToList();
        var bookings = Call(() => ledger.Book(requests));
        IReadOnlyList<ErpAcknowledgment> acks = [.. bookings.Select(b => b.Number is { } number
            ? ErpAcknowledgment.Accepted(b.ExternalReference, number, isDuplicate: b.AlreadyBooked)
            : ErpAcknowledgment.Rejected(b.ExternalReference, b.Code!, b.Reason!))];
        return Task.FromResult(acks);
    }

    /// <inheritdoc/>
    public Task<ErpLookupResult> LookupAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var document = Call(() => ledger.Find(idempotencyKey));
        return Task.FromResult(document is null ? ErpLookupResult.NotFound : ErpLookupResult.Found(document.Number));
    }

    // The idempotency key travels as the document's external reference: that is what makes lookups possible.
    private LedgerDocumentRequest ToRequest(JournalEntry journal) => new(
        journal.IdempotencyKey,
        journal.EntryDate,
        journal.Description,
        [.. journal.Lines.Select(l => new LedgerLine(
            (l.Dimensions.LegalEntity ?? journal.LegalEntity)?.Value ?? "",
            l.AccountCode ?? accounts.GetValueOrDefault(l.Account),
            l.Amount.Currency.Value,
            l.Debit.Amount,
            l.Credit.Amount,
            l.Memo))]);

    // Classifies transport failures so that ErpPoster knows what to do next (see ErpPoster's table in the README
    // of HealthFinance.Erp.Abstractions): retry, look up first, or give up.
    private static T Call<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (TimeoutException e)
        {
            // The request was sent: the ledger may have booked it. Transient and ambiguous.
            throw new ErpException(ErpErrorCodes.OutcomeUnknown, "The ledger did not confirm the outcome.", isTransient: true, isAmbiguous: true, e);
        }
        catch (HttpRequestException e) when (e.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests)
        {
            // Refused before anything was booked. Transient, not ambiguous.
            throw new ErpException(ErpErrorCodes.Unavailable, "The ledger is unavailable.", isTransient: true, isAmbiguous: false, e);
        }
        catch (HttpRequestException e)
        {
            // Authentication, authorization, a malformed request: trying again fails again.
            throw new ErpException(ErpErrorCodes.RequestRefused, $"The ledger refused the request ({(int?)e.StatusCode}).", isTransient: false, isAmbiguous: false, e);
        }
    }
}
