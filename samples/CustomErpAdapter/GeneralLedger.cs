using System.Net;

namespace CustomErpAdapter;

/// <summary>
/// Stands in for the ERP: a general ledger that books documents carrying an external reference (our idempotency
/// key) and can find them again by it. In a real adapter this is the vendor's API behind a network call; the faults
/// it can be told to show are the ones a network and a server produce.
/// </summary>
public sealed class GeneralLedger
{
    private readonly Lock _gate = new();
    private readonly List<LedgerDocument> _documents = [];
    private readonly Dictionary<string, LedgerDocument> _byReference = new(StringComparer.Ordinal);
    private readonly Queue<LedgerFault> _faults = new();

    /// <summary>The most lines one document may hold.</summary>
    public int MaxLinesPerDocument { get; init; } = 500;

    /// <summary>Every document booked, in booking order.</summary>
    public IReadOnlyList<LedgerDocument> Documents
    {
        get
        {
            lock (_gate)
            {
                return [.. _documents];
            }
        }
    }

    /// <summary>Makes the next call fail as described (for tests).</summary>
    public void FailNextCall(LedgerFault fault)
    {
        lock (_gate)
        {
            _faults.Enqueue(fault);
        }
    }

    /// <summary>Finds the document booked under an external reference.</summary>
    public LedgerDocument? Find(string externalReference)
    {
        lock (_gate)
        {
            if (TakeFault() == LedgerFault.TimeoutAfterCommit)
            {
                throw new TimeoutException("The ledger did not answer in time.");
            }

            return _byReference.GetValueOrDefault(externalReference);
        }
    }

    /// <summary>Books documents in one call; each one is booked, or refused with a code, on its own.</summary>
    public IReadOnlyList<LedgerBooking> Book(IReadOnlyList<LedgerDocumentRequest> requests)
    {
        lock (_gate)
        {
            var fault = TakeFault();
            var bookings = requests.Select(BookOne).ToList();
            if (fault == LedgerFault.TimeoutAfterCommit)
            {
                // The documents are booked, but the answer never reaches the caller.
                throw new TimeoutException("The ledger did not answer in time.");
            }

            return bookings;
        }
    }

    private LedgerBooking BookOne(LedgerDocumentRequest request)
    {
        if (_byReference.TryGetValue(request.ExternalReference, out var existing))
        {
            return new LedgerBooking(request.ExternalReference, existing.Number, AlreadyBooked: true, null, null);
        }

        var unplaced = request.Lines.ToList().FindIndex(l => string.IsNullOrEmpty(l.Account));
        if (unplaced >= 0)
        {
            return Refused(request, "GL-110", $"Line {unplaced + 1} names no account.");
        }

        if (request.Lines.GroupBy(l => (l.Company, l.Currency)).Any(g => g.Sum(l => l.Debit) != g.Sum(l => l.Credit)))
        {
            return Refused(request, "GL-120", "The document does not balance per company and currency.");
        }

        if (request.Lines.Count > MaxLinesPerDocument)
        {
            return Refused(request, "GL-130", $"A document holds at most {MaxLinesPerDocument} lines.");
        }

        var document = new LedgerDocument($"GL-{_documents.Count + 1:000000}", request.ExternalReference, request.Date, request.Description, request.Lines);
        _documents.Add(document);
        _byReference.Add(document.ExternalReference, document);
        return new LedgerBooking(request.ExternalReference, document.Number, AlreadyBooked: false, null, null);
    }

    private static LedgerBooking Refused(LedgerDocumentRequest request, string code, string reason) =>
        new(request.ExternalReference, null, AlreadyBooked: false, code, reason);

    // Faults that happen before anything is booked are thrown here; TimeoutAfterCommit is returned to the caller.
    private LedgerFault? TakeFault()
    {
        if (!_faults.TryDequeue(out var fault))
        {
            return null;
        }

        return fault switch
        {
            LedgerFault.Unavailable => throw new HttpRequestException("503 Service Unavailable", null, HttpStatusCode.ServiceUnavailable),
            LedgerFault.Unauthorized => throw new HttpRequestException("401 Unauthorized: the API token was revoked.", null, HttpStatusCode.Unauthorized),
            _ => fault,
        };
    }
}

/// <summary>How the ledger's next call fails.</summary>
public enum LedgerFault
{
    /// <summary>Refused before anything is booked (503): try again later.</summary>
    Unavailable,

    /// <summary>Booked, then the answer is lost (timeout): the caller cannot tell whether it was booked.</summary>
    TimeoutAfterCommit,

    /// <summary>The credentials are refused (401): trying again does not help.</summary>
    Unauthorized,
}

/// <summary>A document to book.</summary>
public sealed record LedgerDocumentRequest(string ExternalReference, DateOnly Date, string? Description, IReadOnlyList<LedgerLine> Lines);

/// <summary>A booked document.</summary>
public sealed record LedgerDocument(string Number, string ExternalReference, DateOnly Date, string? Description, IReadOnlyList<LedgerLine> Lines);

/// <summary>One line of a document: an amount on one side of an account of a company.</summary>
public sealed record LedgerLine(string Company, string? Account, string Currency, decimal Debit, decimal Credit, string? Memo);

/// <summary>The ledger's answer for one document: its number, or the code and reason of its refusal.</summary>
public sealed record LedgerBooking(string ExternalReference, string? Number, bool AlreadyBooked, string? Code, string? Reason);
