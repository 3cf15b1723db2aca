using System.Collections.Frozen;
using System.Globalization;

namespace HealthFinance.X12.Validation;

/// <summary>The X12 data element types that syntax validation checks.</summary>
internal enum X12ElementType : byte
{
    /// <summary>Any value (not checked beyond length).</summary>
    Any,

    /// <summary>Alphanumeric string.</summary>
    AN,

    /// <summary>Identifier (code value).</summary>
    ID,

    /// <summary>Numeric with implied decimal (N0): optional minus sign, digits.</summary>
    N0,

    /// <summary>Decimal number (R): optional minus sign, digits, optional decimal point.</summary>
    R,

    /// <summary>Date: CCYYMMDD (or YYMMDD where the definition says length 6).</summary>
    DT,

    /// <summary>Time: HHMM, HHMMSS, HHMMSSd..d.</summary>
    TM,

    /// <summary>A composite element of components.</summary>
    Composite,
}

/// <summary>The definition of one element position of a segment.</summary>
internal readonly record struct X12ElementDefinition(X12ElementType Type, int MinLength, int MaxLength, bool Required, int MaxComponents);

/// <summary>A known segment: its element definitions and the last required position (0 when none is required).</summary>
internal sealed class X12SegmentDefinition
{
    /// <summary>Creates a definition.</summary>
    /// <param name="key">The identifier key (see <see cref="X12SegmentDictionary.Key"/>).</param>
    /// <param name="elements">The element definitions by position (index 0 is position 1).</param>
    public X12SegmentDefinition(int key, X12ElementDefinition[] elements)
    {
        Key = key;
        IdLength = key > 0xFFFF ? 3 : key > 0xFF ? 2 : 1;
        Elements = elements;
        for (var i = elements.Length; i > 0; i--)
        {
            if (elements[i - 1].Required)
            {
                LastRequired = i;
                break;
            }
        }
    }

    /// <summary>The identifier key.</summary>
    public int Key { get; }

    /// <summary>The length of the identifier (2 or 3): an identifier of this length with this key is this segment's.</summary>
    public int IdLength { get; }

    /// <summary>The element definitions by position (index 0 is position 1).</summary>
    public X12ElementDefinition[] Elements { get; }

    /// <summary>The last required position, 0 when none is required: positions after it are never reported missing.</summary>
    public int LastRequired { get; }
}

/// <summary>
/// Compact definitions of the segments whose element syntax is checked (envelope, acknowledgment and
/// the common remittance/claim segments). Lengths follow 005010; where 004010 allows less, the 5010
/// bound is used so that older files are not rejected for lengths their version permits.
/// </summary>
internal static class X12SegmentDictionary
{
    // Definition grammar, one token per element position, separated by spaces:
    //   TYPE min/max (M|O)   e.g. "AN1/38M", "R1/18O", "DT8/8M"
    //   C<n>(M|O)            composite with at most n components
    //   *                    any value, not checked
    private static readonly FrozenDictionary<string, X12ElementDefinition[]> Definitions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["GS"] = "ID2/2M AN2/15M AN2/15M DT8/8M TM4/8M N01/9M ID1/2M AN1/12M",
        ["GE"] = "N01/6M N01/9M",
        ["ST"] = "ID3/3M AN4/9M AN1/35O",
        ["SE"] = "N01/10M AN4/9M",
        ["IEA"] = "N01/5M N09/9M",
        ["TA1"] = "N09/9M DT6/6M TM4/4M ID1/1M ID3/3M",
        ["AK1"] = "ID2/2M N01/9M AN1/12O",
        ["AK2"] = "ID3/3M AN4/9M AN1/35O",
        ["IK3"] = "ID2/3M N01/10M AN1/4O ID1/3O",
        ["IK4"] = "C3M N01/4O ID1/3M AN1/99O",
        ["IK5"] = "ID1/1M ID1/3O ID1/3O ID1/3O ID1/3O ID1/3O",
        ["AK9"] = "ID1/1M N01/6M N01/6M N01/6M ID1/3O ID1/3O ID1/3O ID1/3O ID1/3O",
        ["BPR"] = "ID1/2M R1/18M ID1/1M ID3/3M ID1/10O ID2/2O AN3/12O ID1/3O AN1/35O AN10/10O AN9/9O ID2/2O AN3/12O ID1/3O AN1/35O DT8/8O ID1/2O ID2/2O AN3/12O ID1/3O AN1/35O",
        ["TRN"] = "ID1/2M AN1/50M AN10/10O AN1/50O",
        ["CLP"] = "AN1/38M ID1/2M R1/18M R1/18M R1/18O ID1/2O AN1/50O ID1/2O ID1/1O ID1/2O AN1/30O R1/15O R1/9O ID1/1O",
        ["CAS"] = "ID1/2M ID1/5M R1/18M R1/15O ID1/5O R1/18O R1/15O ID1/5O R1/18O R1/15O ID1/5O R1/18O R1/15O ID1/5O R1/18O R1/15O ID1/5O R1/18O R1/15O",
        ["SVC"] = "C8M R1/18M R1/18O AN1/48O R1/15O C8O R1/15O",
        ["PLB"] = "AN1/50M DT8/8M C2M R1/18M C2O R1/18O C2O R1/18O C2O R1/18O C2O R1/18O C2O R1/18O",
        ["AMT"] = "ID1/3M R1/18M ID1/1O",
        ["DTM"] = "ID3/3M DT8/8O TM4/8O ID2/2O ID2/3O AN1/35O",
        ["HL"] = "AN1/12M AN1/12O AN1/2M ID1/1O",
        ["LX"] = "N01/6M",
        ["CLM"] = "AN1/38M R1/18M * * C3M * * * * * * * * * * * * * * *",
        ["SV1"] = "C8M R1/18O ID2/2O R1/15O * * C4O * ID1/1O * * * * * * * * * * * *",
        ["SV2"] = "AN1/48M C8O R1/18O ID2/2O R1/15O R1/10O R1/18O ID1/1O ID1/1O ID1/1O",
        ["QTY"] = "ID2/2M R1/15O C3O *",
    }.ToFrozenDictionary(kv => kv.Key, kv => Parse(kv.Value), StringComparer.Ordinal);

    private static readonly FrozenDictionary<int, X12ElementDefinition[]> ByKey =
        Definitions.ToFrozenDictionary(kv => Key(System.Text.Encoding.ASCII.GetBytes(kv.Key)), kv => kv.Value);

    // Open addressing over a power-of-two table (at most a quarter full); an empty slot holds null.
    private const int TableBits = 7;
    private static readonly X12SegmentDefinition?[] Table = BuildTable();

    /// <summary>
    /// A segment identifier packed into an integer (one byte per character, first character lowest):
    /// cheap to compare and to hash. Identifiers longer than three bytes map to -1.
    /// </summary>
    /// <param name="segmentId">The identifier bytes.</param>
    /// <returns>The key.</returns>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static int Key(ReadOnlySpan<byte> segmentId) => segmentId.Length switch
    {
        2 => segmentId[0] | (segmentId[1] << 8),
        3 => segmentId[0] | (segmentId[1] << 8) | (segmentId[2] << 16),
        1 => segmentId[0],
        _ => -1,
    };

    /// <summary>Looks up a segment definition by its identifier key (see <see cref="Key"/>).</summary>
    /// <param name="key">The identifier key.</param>
    /// <param name="definition">The element definitions, when known.</param>
    /// <returns><see langword="true"/> when the segment is defined.</returns>
    public static bool TryGet(int key, out X12ElementDefinition[] definition) => ByKey.TryGetValue(key, out definition!);

    /// <summary>Looks up a segment definition by its identifier key (see <see cref="Key"/>) in the open-addressing table.</summary>
    /// <param name="key">The identifier key.</param>
    /// <returns>The definition, or <see langword="null"/> when the segment is not defined.</returns>
    public static X12SegmentDefinition? Find(int key)
    {
        var table = Table;
        var slot = Slot(key);
        while (true)
        {
            var entry = table[slot];
            if (entry is null || entry.Key == key)
            {
                return entry;
            }

            slot = (slot + 1) & (table.Length - 1);
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int Slot(int key) => (int)(((uint)key * 0x9E3779B1u) >> (32 - TableBits));

    private static X12SegmentDefinition?[] BuildTable()
    {
        var table = new X12SegmentDefinition?[1 << TableBits];
        foreach (var (key, elements) in ByKey)
        {
            var slot = Slot(key);
            while (table[slot] is not null)
            {
                slot = (slot + 1) & (table.Length - 1);
            }

            table[slot] = new X12SegmentDefinition(key, elements);
        }

        return table;
    }

    private static X12ElementDefinition[] Parse(string spec)
    {
        var tokens = spec.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var result = new X12ElementDefinition[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            var t = tokens[i];
            if (t == "*")
            {
                result[i] = new X12ElementDefinition(X12ElementType.Any, 0, int.MaxValue, false, int.MaxValue);
                continue;
            }

            var required = t[^1] == 'M';
            var body = t[..^1];
            if (body[0] == 'C')
            {
                result[i] = new X12ElementDefinition(X12ElementType.Composite, 0, int.MaxValue, required, int.Parse(body[1..], CultureInfo.InvariantCulture));
                continue;
            }

            var typeLength = body[0] == 'R' ? 1 : 2;
            var type = Enum.Parse<X12ElementType>(body[..typeLength]);
            var range = body[typeLength..].Split('/');
            result[i] = new X12ElementDefinition(
                type,
                int.Parse(range[0], CultureInfo.InvariantCulture),
                int.Parse(range[1], CultureInfo.InvariantCulture),
                required,
                1);
        }

        return result;
    }
}
