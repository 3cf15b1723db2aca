namespace HealthFinance.Erp.Testing;

/// <summary>A failure <see cref="InMemoryErpAdapter"/> can be told to show on its next post.</summary>
public enum ErpFaultKind
{
    /// <summary>Throws a transient, unambiguous <see cref="ErpException"/> (<see cref="ErpErrorCodes.Unavailable"/>); nothing is committed.</summary>
    Transient = 0,

    /// <summary>Commits the batch, then throws an ambiguous <see cref="ErpException"/> (<see cref="ErpErrorCodes.OutcomeUnknown"/>): the answer was lost.</summary>
    AmbiguousAfterCommit = 1,

    /// <summary>Throws an ambiguous <see cref="ErpException"/> without committing: the request timed out before the ERP acted.</summary>
    AmbiguousBeforeCommit = 2,

    /// <summary>Throws a permanent <see cref="ErpException"/> (<see cref="ErpErrorCodes.RequestRefused"/>).</summary>
    Permanent = 3,
}
