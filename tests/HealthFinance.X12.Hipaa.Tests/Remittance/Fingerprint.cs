using System.Text;
using HealthFinance.Canonical.Serialization;

namespace HealthFinance.X12.Hipaa.Tests.Remittance;

/// <summary>A comparable text form of results: identity, outcome, canonical JSON of every event and every finding with its location.</summary>
internal static class Fingerprint
{
    public static string Of(IEnumerable<HipaaResult> results)
    {
        var sb = new StringBuilder();
        foreach (var r in results)
        {
            sb.Append(r.Identity).Append(' ').Append(r.Outcome).Append('\n');
            foreach (var e in r.Events)
            {
                sb.Append(CanonicalJson.Serialize(e)).Append('\n');
            }

            foreach (var d in r.Diagnostics)
            {
                sb.Append(d).Append(" @").Append(d.Location.SegmentPositionInTransaction).Append(' ').Append(d.Location.ComponentPosition).Append('\n');
            }
        }

        return sb.ToString();
    }
}
