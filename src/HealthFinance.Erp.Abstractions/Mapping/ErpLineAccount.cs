namespace HealthFinance.Erp;

/// <summary>The ERP account combination of one journal line, as a ledger mapping resolves it.</summary>
/// <param name="Account">The natural account (mapping row for the role, else the line's account code).</param>
/// <param name="Segments">The segment values in the mapping's order (Oracle <c>SEGMENT1</c>..<c>SEGMENTn</c>).</param>
/// <param name="DisplayValue">The segments joined with the mapping's delimiter (Dynamics 365 account display value).</param>
public sealed record ErpLineAccount(string Account, IReadOnlyList<string> Segments, string DisplayValue);
