using System.Globalization;

namespace HealthFinance.Canonical;

/// <summary>
/// Thrown when a journal entry's debits and credits differ for one currency and legal entity.
/// </summary>
public sealed class UnbalancedJournalException : CanonicalModelException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public UnbalancedJournalException()
        : base(CanonicalErrorCodes.UnbalancedJournal, "The journal entry does not balance.", null)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Describes the imbalance.</param>
    public UnbalancedJournalException(string message)
        : base(CanonicalErrorCodes.UnbalancedJournal, message, null)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">Describes the imbalance.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public UnbalancedJournalException(string message, Exception? innerException)
        : base(CanonicalErrorCodes.UnbalancedJournal, message, null, innerException)
    {
    }

    /// <summary>Creates the exception for one unbalanced currency and legal entity group.</summary>
    /// <param name="currency">The currency whose lines do not balance.</param>
    /// <param name="legalEntity">The legal entity whose lines do not balance, or <see langword="null"/> for lines without one.</param>
    /// <param name="totalDebit">The sum of the group's debit lines.</param>
    /// <param name="totalCredit">The sum of the group's credit lines.</param>
    /// <param name="paramName">The member that received the lines.</param>
    public UnbalancedJournalException(CurrencyCode currency, LegalEntityId? legalEntity, decimal totalDebit, decimal totalCredit, string? paramName)
        : base(
            CanonicalErrorCodes.UnbalancedJournal,
            string.Create(
                CultureInfo.InvariantCulture,
                $"The journal entry does not balance for currency {currency} and legal entity {(legalEntity is { } le ? le.Value : "(none)")}: debits {totalDebit} != credits {totalCredit}."),
            paramName)
    {
        Currency = currency;
        LegalEntity = legalEntity;
        TotalDebit = totalDebit;
        TotalCredit = totalCredit;
    }

    /// <summary>The currency whose lines do not balance, when known.</summary>
    public CurrencyCode? Currency { get; }

    /// <summary>The legal entity whose lines do not balance, or <see langword="null"/> for lines without one.</summary>
    public LegalEntityId? LegalEntity { get; }

    /// <summary>The sum of the unbalanced group's debit lines.</summary>
    public decimal TotalDebit { get; }

    /// <summary>The sum of the unbalanced group's credit lines.</summary>
    public decimal TotalCredit { get; }
}
