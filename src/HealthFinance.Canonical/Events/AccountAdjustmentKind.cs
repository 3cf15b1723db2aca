using System.Text.Json.Serialization;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.Canonical.Events;

/// <summary>The kind of a manual or system adjustment to a patient account.</summary>
[JsonConverter(typeof(CanonicalEnumConverter<AccountAdjustmentKind>))]
public enum AccountAdjustmentKind
{
    /// <summary>A general balance adjustment. JSON <c>adjustment</c>.</summary>
    Adjustment = 0,

    /// <summary>A write-off (e.g. denial or small balance). JSON <c>writeOff</c>.</summary>
    WriteOff = 1,

    /// <summary>A transfer of the balance to bad debt / a collection agency. JSON <c>badDebtTransfer</c>.</summary>
    BadDebtTransfer = 2,

    /// <summary>A charity care (financial assistance) adjustment. JSON <c>charityCare</c>.</summary>
    CharityCare = 3,
}
