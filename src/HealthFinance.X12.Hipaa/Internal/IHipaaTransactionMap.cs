namespace HealthFinance.X12.Hipaa.Internal;

/// <summary>
/// Maps one buffered transaction set to canonical events. The engine buffers ST…SE, builds the loops from
/// <see cref="Definition"/> (reporting structure findings), then calls <see cref="Map"/> once per transaction set.
/// </summary>
internal interface IHipaaTransactionMap
{
    /// <summary>The loop table the engine builds loops from before <see cref="Map"/> runs.</summary>
    HipaaTransactionDefinition Definition { get; }

    /// <summary>Maps the transaction set: add events with <see cref="HipaaMapContext.AddEvent"/>, findings with <c>HipaaMapContext.Report</c>.</summary>
    /// <param name="transaction">The buffered transaction set with loops recognised.</param>
    /// <param name="context">The options, identity, findings and events of this transaction set.</param>
    void Map(HipaaTransaction transaction, HipaaMapContext context);
}

/// <summary>Finds the map of a transaction set by ST01.</summary>
internal static partial class HipaaMapRegistry
{
    /// <summary>Returns the map for a transaction set id, or <see langword="null"/> when it is not mapped.</summary>
    /// <param name="transactionSetId">ST01, e.g. <c>835</c>.</param>
    /// <returns>The map.</returns>
    public static IHipaaTransactionMap? Find(ReadOnlySpan<byte> transactionSetId)
    {
        if (transactionSetId.SequenceEqual("835"u8))
        {
            return Remittance.Remittance835Map.Instance;
        }

        IHipaaTransactionMap? map = null;
        FindOther(transactionSetId, ref map);
        return map;
    }

    /// <summary>Finds maps declared in other files of the package (837P/837I/277CA/999): implement this partial method once.</summary>
    /// <param name="transactionSetId">ST01.</param>
    /// <param name="map">Set to the map when the transaction set is handled.</param>
    static partial void FindOther(ReadOnlySpan<byte> transactionSetId, ref IHipaaTransactionMap? map);
}
