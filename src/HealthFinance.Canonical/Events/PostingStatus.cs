using System.Text.Json.Serialization;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.Canonical.Events;

/// <summary>The ERP's verdict on a posted journal.</summary>
[JsonConverter(typeof(CanonicalEnumConverter<PostingStatus>))]
public enum PostingStatus
{
    /// <summary>Every line was accepted. JSON <c>accepted</c>.</summary>
    Accepted = 0,

    /// <summary>The journal was rejected; nothing was posted. JSON <c>rejected</c>.</summary>
    Rejected = 1,

    /// <summary>Some lines were accepted and others rejected. JSON <c>partiallyAccepted</c>.</summary>
    PartiallyAccepted = 2,
}
