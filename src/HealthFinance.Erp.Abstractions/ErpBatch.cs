using System.Security.Cryptography;
using System.Text;

namespace HealthFinance.Erp;

/// <summary>The journals of one <see cref="IErpAdapter.PostAsync"/> call, each with a distinct idempotency key.</summary>
public sealed class ErpBatch
{
    /// <summary>Creates a batch.</summary>
    /// <param name="journals">The journals, in posting order.</param>
    /// <exception cref="ArgumentNullException"><paramref name="journals"/> or one of its items is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The batch is empty or two journals share an idempotency key.</exception>
    public ErpBatch(IEnumerable<ErpJournal> journals)
    {
        ArgumentNullException.ThrowIfNull(journals);
        var list = new List<ErpJournal>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var journal in journals)
        {
            ArgumentNullException.ThrowIfNull(journal, nameof(journals));
            if (!keys.Add(journal.IdempotencyKey))
            {
                throw new ArgumentException("Two journals of a batch share an idempotency key.", nameof(journals));
            }

            list.Add(journal);
        }

        if (list.Count == 0)
        {
            throw new ArgumentException("A batch holds at least one journal.", nameof(journals));
        }

        Journals = list.AsReadOnly();
        BatchId = IdOf(list);
    }

    /// <summary>A deterministic id of the batch: <c>B-</c> and 24 hexadecimal digits of a SHA-256 over the journals' keys in order. The same journals give the same id.</summary>
    public string BatchId { get; }

    /// <summary>The journals, in posting order.</summary>
    public IReadOnlyList<ErpJournal> Journals { get; }

    /// <summary>How many lines the batch holds.</summary>
    public int LineCount => Journals.Sum(j => j.Entry.Lines.Count);

    private static string IdOf(List<ErpJournal> journals)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var journal in journals)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(journal.IdempotencyKey));
            hash.AppendData([0]);
        }

        return "B-" + Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 12));
    }
}
