namespace HealthFinance.Erp;

/// <summary>
/// Posts balanced journals to one ERP. Implement it for your ERP and prove it with the conformance kit
/// (<c>HealthFinance.Erp.Testing</c>); drive it with <see cref="ErpPoster"/>, which splits, batches, paces and
/// recovers from failures so that a journal never posts twice.
/// </summary>
/// <remarks>
/// <para>The contract an adapter keeps:</para>
/// <list type="bullet">
/// <item>Return exactly one <see cref="ErpAcknowledgment"/> per journal of the batch, matched by idempotency key.</item>
/// <item>Posting a key the ERP already holds posts nothing new and acknowledges it as accepted with the earlier document id (when the adapter can tell).</item>
/// <item>Throw <see cref="ErpException"/> when the call fails as a whole: transient or not, and ambiguous when the ERP may have committed before the failure (a timeout after sending).</item>
/// <item>When <see cref="ErpCapabilities.SupportsLookup"/> is set, <see cref="LookupAsync"/> finds every posting the ERP committed, including one whose call failed ambiguously.</item>
/// </list>
/// </remarks>
public interface IErpAdapter
{
    /// <summary>A short name for logs and metrics, e.g. <c>oracle-fusion-fbdi</c>.</summary>
    string Name { get; }

    /// <summary>What the adapter accepts (line and batch limits, rate) and offers (lookup, native idempotency).</summary>
    ErpCapabilities Capabilities { get; }

    /// <summary>Posts a batch of journals.</summary>
    /// <param name="batch">The journals; at most <see cref="ErpCapabilities.MaxJournalsPerBatch"/>, each with at most <see cref="ErpCapabilities.MaxLinesPerJournal"/> lines.</param>
    /// <param name="cancellationToken">Cancels the call; whether the ERP committed is then unknown.</param>
    /// <returns>One acknowledgment per journal of the batch.</returns>
    /// <exception cref="ErpException">The call failed as a whole; see <see cref="ErpException.IsTransient"/> and <see cref="ErpException.IsAmbiguous"/>.</exception>
    /// <exception cref="ArgumentException">The batch exceeds the adapter's capabilities.</exception>
    Task<IReadOnlyList<ErpAcknowledgment>> PostAsync(ErpBatch batch, CancellationToken cancellationToken);

    /// <summary>Looks a posting up by our idempotency key; used after an ambiguous failure, before any resubmission.</summary>
    /// <param name="idempotencyKey">The key of the journal (or part) posted.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Found with the document id, not found, or unsupported.</returns>
    /// <exception cref="ErpException">The lookup failed; see <see cref="ErpException.IsTransient"/>.</exception>
    Task<ErpLookupResult> LookupAsync(string idempotencyKey, CancellationToken cancellationToken);
}
