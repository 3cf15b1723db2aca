using System.Globalization;
using System.Text.Json;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Canonical.Events;
using HealthFinance.Erp.Internal;
using HealthFinance.Erp.Mapping;

namespace HealthFinance.Erp;

/// <summary>
/// How one ERP ledger names accounts: the natural account per canonical role (optionally per legal entity) and the
/// ordered segments of an account combination. Configuration, not code: load it from JSON with <see cref="Load"/>.
/// </summary>
/// <remarks>
/// <para>JSON shape (comments and trailing commas allowed; unknown properties are errors):</para>
/// <code>
/// {
///   "erp": "oracle-fusion",
///   "ledger": "US Primary Ledger",
///   "delimiter": "-",
///   "accounts": [
///     { "role": "cash-clearing", "account": "11010" },
///     { "role": "payer-ar", "legalEntity": "E2", "account": "12010" }
///   ],
///   "segments": [
///     { "name": "Company", "source": "legalEntity", "values": { "E1": "101", "E2": "102" } },
///     { "name": "CostCenter", "source": "costCenter", "default": "0000" },
///     { "name": "Account", "source": "account" },
///     { "name": "Future", "source": "constant", "value": "000" }
///   ]
/// }
/// </code>
/// <para>A line's account is the row for its role and legal entity, else the row for its role, else the line's own
/// <see cref="JournalLine.AccountCode"/>. Segment sources: <c>account</c>, <c>legalEntity</c>, <c>facility</c>,
/// <c>costCenter</c>, <c>serviceLine</c>, <c>payer</c>, <c>payerClass</c>, <c>adjustmentCategory</c>,
/// <c>adjustmentReason</c>, <c>providerAdjustmentReason</c>, <c>constant</c>. Claim ids, patient accounts and other
/// references are refused as segments (<see cref="ErpErrorCodes.MappingHighCardinalitySegment"/>). Without
/// <c>segments</c> the account is the only segment.</para>
/// </remarks>
public sealed class ErpLedgerMapping
{
    /// <summary>The delimiter used when a mapping names none.</summary>
    public const string DefaultDelimiter = "-";

    // Reference values that are one per claim, account or payment: never segments (DOMAIN.md §4.2).
    private static readonly string[] HighCardinalitySources =
    [
        "claimId", "claim", "patientControlNumber", "payerClaimControlNumber", "patientAccount", "account number", "accountNumber",
        "encounter", "traceNumber", "providerAdjustmentReference", "reversedJournalId", "journalId", "idempotencyKey", "eventId", "memo",
    ];

    private static readonly Dictionary<string, ErpSegmentSource> SourceNames = new(StringComparer.Ordinal)
    {
        ["account"] = ErpSegmentSource.Account,
        ["legalEntity"] = ErpSegmentSource.LegalEntity,
        ["facility"] = ErpSegmentSource.Facility,
        ["costCenter"] = ErpSegmentSource.CostCenter,
        ["serviceLine"] = ErpSegmentSource.ServiceLine,
        ["payer"] = ErpSegmentSource.Payer,
        ["payerClass"] = ErpSegmentSource.PayerClass,
        ["adjustmentCategory"] = ErpSegmentSource.AdjustmentCategory,
        ["adjustmentReason"] = ErpSegmentSource.AdjustmentReason,
        ["providerAdjustmentReason"] = ErpSegmentSource.ProviderAdjustmentReason,
        ["constant"] = ErpSegmentSource.Constant,
    };

    private readonly Dictionary<(AccountRole Role, LegalEntityId? LegalEntity), string> _accounts;

    /// <summary>Creates a mapping in code, checked like a loaded one.</summary>
    /// <param name="ledger">The ERP ledger (Oracle <c>LEDGER_NAME</c>, Dynamics 365 legal entity's ledger).</param>
    /// <param name="accounts">The account rows.</param>
    /// <param name="segments">The segments in order; empty for the account alone.</param>
    /// <param name="delimiter">Joins segments into the account display value.</param>
    /// <param name="erp">The ERP the mapping is written for (informational).</param>
    /// <exception cref="ArgumentNullException">A list is <see langword="null"/>.</exception>
    /// <exception cref="ErpMappingException">The mapping is invalid; every problem is listed with its path.</exception>
    public ErpLedgerMapping(string ledger, IEnumerable<ErpAccountMapping> accounts, IEnumerable<ErpSegmentDefinition> segments, string delimiter = DefaultDelimiter, string? erp = null)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(segments);
        var diagnostics = new List<Diagnostic>();
        var accountList = accounts.ToList();
        var segmentList = segments.ToList();
        Check(ledger, Indexed(accountList), Indexed(segmentList), segmentList.Count, delimiter, (code, message, path) => diagnostics.Add(Finding(code, message, new SourceLocation { Path = path })));
        if (diagnostics.Count > 0)
        {
            throw new ErpMappingException(diagnostics);
        }

        Erp = string.IsNullOrWhiteSpace(erp) ? null : erp.Trim();
        Ledger = ledger.Trim();
        Delimiter = delimiter;
        Accounts = accountList.AsReadOnly();
        Segments = segmentList.Count > 0 ? segmentList.AsReadOnly() : [new ErpSegmentDefinition { Name = "Account", Source = ErpSegmentSource.Account }];
        _accounts = accountList.ToDictionary(a => (a.Role, a.LegalEntity), a => a.Account);
    }

    /// <summary>The ERP the mapping is written for, when it says (informational).</summary>
    public string? Erp { get; }

    /// <summary>The ERP ledger the journals post to.</summary>
    public string Ledger { get; }

    /// <summary>Joins segments into the account display value (Dynamics 365 uses the ledger dimension format's delimiter).</summary>
    public string Delimiter { get; }

    /// <summary>The account rows.</summary>
    public IReadOnlyList<ErpAccountMapping> Accounts { get; }

    /// <summary>The segments in order; a single <see cref="ErpSegmentSource.Account"/> segment when the mapping lists none.</summary>
    public IReadOnlyList<ErpSegmentDefinition> Segments { get; }

    /// <summary>Loads a mapping from UTF-8 JSON.</summary>
    /// <param name="utf8Json">The JSON text.</param>
    /// <param name="fileName">The file name findings refer to.</param>
    /// <returns>The mapping and every finding, each with the file, JSON path, line and byte offset.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="fileName"/> is <see langword="null"/>.</exception>
    public static ErpLedgerMappingLoadResult Load(ReadOnlySpan<byte> utf8Json, string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var index = JsonPositionIndex.Build(utf8Json);
        var diagnostics = new List<Diagnostic>();
        void Add(string code, string message, string path)
        {
            var position = index.Find(path);
            diagnostics.Add(Finding(
                code,
                position is { } p ? string.Create(CultureInfo.InvariantCulture, $"{message} (line {p.Line}, byte {p.LineByte} in line)") : message,
                new SourceLocation { Path = $"{fileName}:{path}", LineNumber = position?.Line, ByteOffset = position?.Offset }));
        }

        LedgerMappingModel? model;
        try
        {
            model = JsonSerializer.Deserialize(utf8Json, LedgerMappingJsonContext.Default.LedgerMappingModel);
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber ?? 0;
            var inLine = ex.BytePositionInLine ?? 0;
            var message = ex.Message.Split(" Path:", 2)[0];
            diagnostics.Add(Finding(
                ErpErrorCodes.MappingMalformed,
                string.Create(CultureInfo.InvariantCulture, $"{message} (line {line + 1}, byte {inLine} in line)"),
                new SourceLocation { Path = $"{fileName}:{ex.Path ?? "$"}", LineNumber = (int)line + 1, ByteOffset = index.OffsetOf(line, inLine) }));
            return new ErpLedgerMappingLoadResult(null, diagnostics);
        }

        if (model is null)
        {
            Add(ErpErrorCodes.MappingMalformed, "The mapping file holds JSON null instead of an object.", "$");
            return new ErpLedgerMappingLoadResult(null, diagnostics);
        }

        var accounts = ReadAccounts(model, Add);
        var segments = ReadSegments(model, Add);
        Check(model.Ledger, accounts, segments, model.Segments?.Count ?? 0, model.Delimiter ?? DefaultDelimiter, Add);
        return diagnostics.Count == 0
            ? new ErpLedgerMappingLoadResult(new ErpLedgerMapping(model.Ledger!, accounts.Select(a => a.Row), segments.Select(s => s.Row), model.Delimiter ?? DefaultDelimiter, model.Erp), [])
            : new ErpLedgerMappingLoadResult(null, diagnostics);
    }

    /// <summary>Loads a mapping file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The mapping and every finding; an unreadable file is a finding (<see cref="ErpErrorCodes.MappingUnreadable"/>), not an exception.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    public static ErpLedgerMappingLoadResult LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new ErpLedgerMappingLoadResult(null, [Finding(ErpErrorCodes.MappingUnreadable, $"The mapping file cannot be read: {ex.Message}", new SourceLocation { Path = path })]);
        }

        return Load(bytes, path);
    }

    /// <summary>The natural account of a line: the row for its role and legal entity, else the row for its role, else its own account code.</summary>
    /// <param name="line">The line.</param>
    /// <param name="legalEntity">The legal entity of the line (its own, else its journal's).</param>
    /// <returns>The account.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="line"/> is <see langword="null"/>.</exception>
    /// <exception cref="ErpException">Nothing maps the role (<see cref="ErpErrorCodes.AccountUnmapped"/>, permanent).</exception>
    public string ResolveAccount(JournalLine line, LegalEntityId? legalEntity)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (legalEntity is not null && _accounts.TryGetValue((line.Account, legalEntity), out var specific))
        {
            return specific;
        }

        if (_accounts.TryGetValue((line.Account, null), out var general))
        {
            return general;
        }

        return line.AccountCode ?? throw new ErpException(
            ErpErrorCodes.AccountUnmapped,
            $"Role '{line.Account}' has no account in the mapping of ledger '{Ledger}'{(legalEntity is { } e ? $" for legal entity '{e}'" : string.Empty)}, and the line carries no account code.",
            isTransient: false);
    }

    /// <summary>Resolves the account combination of a line of a journal.</summary>
    /// <param name="journal">The journal the line belongs to (its legal entity is the line's fallback).</param>
    /// <param name="line">The line.</param>
    /// <returns>The account, the segment values in order and the display value.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ErpException">The role has no account, or a segment has no value for the line (<see cref="ErpErrorCodes.AccountUnmapped"/>, <see cref="ErpErrorCodes.SegmentValueMissing"/>, <see cref="ErpErrorCodes.SegmentValueUnmapped"/>, <see cref="ErpErrorCodes.SegmentValueHasDelimiter"/>; permanent).</exception>
    public ErpLineAccount Resolve(JournalEntry journal, JournalLine line)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(line);
        var legalEntity = line.Dimensions.LegalEntity ?? journal.LegalEntity;
        var account = ResolveAccount(line, legalEntity);
        var values = new string[Segments.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var segment = Segments[i];
            var raw = segment.Source switch
            {
                ErpSegmentSource.Account => account,
                ErpSegmentSource.LegalEntity => legalEntity?.Value,
                ErpSegmentSource.Facility => line.Dimensions.Facility?.Value,
                ErpSegmentSource.CostCenter => line.Dimensions.CostCenter,
                ErpSegmentSource.ServiceLine => line.Dimensions.ServiceLine,
                ErpSegmentSource.Payer => line.Dimensions.Payer?.Value,
                ErpSegmentSource.PayerClass => line.Dimensions.PayerClass,
                ErpSegmentSource.AdjustmentCategory => line.Dimensions.AdjustmentCategory,
                ErpSegmentSource.AdjustmentReason => line.Dimensions.AdjustmentReason,
                ErpSegmentSource.ProviderAdjustmentReason => line.Dimensions.ProviderAdjustmentReason,
                _ => segment.Value,
            };
            var value = Translate(segment, raw, line);
            if (value.Contains(Delimiter, StringComparison.Ordinal))
            {
                throw new ErpException(ErpErrorCodes.SegmentValueHasDelimiter, $"Segment '{segment.Name}' value '{value}' contains the display-value delimiter '{Delimiter}'.", isTransient: false);
            }

            values[i] = value;
        }

        return new ErpLineAccount(account, values, string.Join(Delimiter, values));
    }

    private static string Translate(ErpSegmentDefinition segment, string? raw, JournalLine line)
    {
        if (raw is null)
        {
            return segment.Default ?? throw new ErpException(
                ErpErrorCodes.SegmentValueMissing,
                $"Segment '{segment.Name}' takes the {SourceName(segment.Source)} of the line, which a '{line.Account}' line does not have, and the segment has no default.",
                isTransient: false);
        }

        if (segment.Values is null || segment.Source == ErpSegmentSource.Constant)
        {
            return raw;
        }

        return segment.Values.TryGetValue(raw, out var mapped)
            ? mapped
            : segment.Default ?? throw new ErpException(
                ErpErrorCodes.SegmentValueUnmapped,
                $"Segment '{segment.Name}' maps no {SourceName(segment.Source)} '{raw}', and the segment has no default.",
                isTransient: false);
    }

    private static string SourceName(ErpSegmentSource source) => SourceNames.First(p => p.Value == source).Key;

    private static Diagnostic Finding(string code, string message, SourceLocation location)
        => new(code, DiagnosticSeverity.Error, message, location, isRecoverable: false);

    private static List<(int Index, ErpAccountMapping Row)> Indexed(List<ErpAccountMapping> rows) => rows.Select((r, i) => (i, r)).ToList();

    private static List<(int Index, ErpSegmentDefinition Row)> Indexed(List<ErpSegmentDefinition> rows) => rows.Select((r, i) => (i, r)).ToList();

    private static List<(int Index, ErpAccountMapping Row)> ReadAccounts(LedgerMappingModel model, Action<string, string, string> add)
    {
        var rows = new List<(int Index, ErpAccountMapping Row)>();
        for (var i = 0; i < (model.Accounts?.Count ?? 0); i++)
        {
            var path = JsonPositionIndex.Item("$.accounts", i);
            var row = model.Accounts![i];
            if (row is null)
            {
                add(ErpErrorCodes.MappingMalformed, "An account row is JSON null instead of an object.", path);
                continue;
            }

            var ok = true;
            AccountRole role = default;
            if (string.IsNullOrWhiteSpace(row.Role))
            {
                add(ErpErrorCodes.MappingValueMissing, "The account row names no role.", path + ".role");
                ok = false;
            }
            else if (!AccountRole.TryParse(row.Role, out role))
            {
                add(ErpErrorCodes.MappingValueInvalid, "The role is not a usable account role (at most 256 characters, no control characters).", path + ".role");
                ok = false;
            }

            LegalEntityId? entity = null;
            if (row.LegalEntity is not null)
            {
                if (LegalEntityId.TryParse(row.LegalEntity, out var parsed))
                {
                    entity = parsed;
                }
                else
                {
                    add(ErpErrorCodes.MappingValueInvalid, "The legal entity is not a usable identifier.", path + ".legalEntity");
                    ok = false;
                }
            }

            if (string.IsNullOrWhiteSpace(row.Account))
            {
                add(ErpErrorCodes.MappingValueMissing, "The account row names no account.", path + ".account");
                ok = false;
            }

            if (ok)
            {
                rows.Add((i, new ErpAccountMapping { Role = role, LegalEntity = entity, Account = row.Account! }));
            }
        }

        return rows;
    }

    private static List<(int Index, ErpSegmentDefinition Row)> ReadSegments(LedgerMappingModel model, Action<string, string, string> add)
    {
        var segments = new List<(int Index, ErpSegmentDefinition Row)>();
        for (var i = 0; i < (model.Segments?.Count ?? 0); i++)
        {
            var path = JsonPositionIndex.Item("$.segments", i);
            var segment = model.Segments![i];
            if (segment is null)
            {
                add(ErpErrorCodes.MappingMalformed, "A segment is JSON null instead of an object.", path);
                continue;
            }

            var ok = true;
            if (string.IsNullOrWhiteSpace(segment.Name))
            {
                add(ErpErrorCodes.MappingValueMissing, "The segment has no name.", path + ".name");
                ok = false;
            }

            var source = ErpSegmentSource.Constant;
            if (string.IsNullOrWhiteSpace(segment.Source))
            {
                add(ErpErrorCodes.MappingValueMissing, "The segment names no source.", path + ".source");
                ok = false;
            }
            else if (HighCardinalitySources.Contains(segment.Source.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                add(ErpErrorCodes.MappingHighCardinalitySegment, $"'{segment.Source.Trim()}' has a value per claim, account or payment and cannot be a general-ledger segment; it travels as a line reference.", path + ".source");
                ok = false;
            }
            else if (!SourceNames.TryGetValue(segment.Source.Trim(), out source))
            {
                add(ErpErrorCodes.MappingValueInvalid, $"Unknown segment source '{segment.Source.Trim()}'; expected one of {string.Join(", ", SourceNames.Keys)}.", path + ".source");
                ok = false;
            }

            Dictionary<string, string>? values = null;
            if (segment.Values is not null)
            {
                values = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (key, value) in segment.Values)
                {
                    if (string.IsNullOrWhiteSpace(key) || string.IsNullOrWhiteSpace(value))
                    {
                        add(ErpErrorCodes.MappingValueMissing, "A value map row has an empty key or value.", JsonPositionIndex.Property(path + ".values", key));
                        ok = false;
                        continue;
                    }

                    values[key] = value;
                }
            }

            if (ok)
            {
                segments.Add((i, new ErpSegmentDefinition { Name = segment.Name!, Source = source, Value = segment.Value, Values = values, Default = segment.Default }));
            }
        }

        return segments;
    }

    // The checks shared by loaded and coded mappings; paths are JSON paths of the mapping file.
    private static void Check(string? ledger, List<(int Index, ErpAccountMapping Row)> accounts, List<(int Index, ErpSegmentDefinition Row)> segments, int segmentsDeclared, string delimiter, Action<string, string, string> add)
    {
        if (string.IsNullOrWhiteSpace(ledger))
        {
            add(ErpErrorCodes.MappingValueMissing, "The mapping names no ledger.", "$.ledger");
        }

        if (string.IsNullOrEmpty(delimiter))
        {
            add(ErpErrorCodes.MappingValueInvalid, "The delimiter must not be empty.", "$.delimiter");
        }

        var seenAccounts = new Dictionary<(AccountRole, LegalEntityId?), int>();
        foreach (var (i, row) in accounts)
        {
            ArgumentNullException.ThrowIfNull(row, nameof(accounts));
            if (!seenAccounts.TryAdd((row.Role, row.LegalEntity), i))
            {
                add(ErpErrorCodes.MappingDuplicate, string.Create(CultureInfo.InvariantCulture, $"Role '{row.Role}'{(row.LegalEntity is { } e ? $" for legal entity '{e}'" : string.Empty)} is already mapped by accounts[{seenAccounts[(row.Role, row.LegalEntity)]}]."), JsonPositionIndex.Item("$.accounts", i) + ".role");
            }
        }

        var seenNames = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (i, segment) in segments)
        {
            ArgumentNullException.ThrowIfNull(segment, nameof(segments));
            var path = JsonPositionIndex.Item("$.segments", i);
            if (!seenNames.TryAdd(segment.Name, i))
            {
                add(ErpErrorCodes.MappingDuplicate, string.Create(CultureInfo.InvariantCulture, $"Segment '{segment.Name}' is already defined by segments[{seenNames[segment.Name]}]."), path + ".name");
            }

            if (segment.Source == ErpSegmentSource.Constant)
            {
                if (string.IsNullOrWhiteSpace(segment.Value))
                {
                    add(ErpErrorCodes.MappingValueMissing, $"Constant segment '{segment.Name}' has no value.", path + ".value");
                }

                if (segment.Values is not null)
                {
                    add(ErpErrorCodes.MappingValueInvalid, $"Constant segment '{segment.Name}' cannot have a value map.", path + ".values");
                }
            }
            else if (segment.Value is not null)
            {
                add(ErpErrorCodes.MappingValueInvalid, $"Segment '{segment.Name}' takes its value from the line; only a constant segment has a value.", path + ".value");
            }

            if (segment.Default is { } d && string.IsNullOrWhiteSpace(d))
            {
                add(ErpErrorCodes.MappingValueInvalid, $"Segment '{segment.Name}' has an empty default.", path + ".default");
            }

            if (!string.IsNullOrEmpty(delimiter))
            {
                foreach (var (value, where) in FixedValues(segment, path))
                {
                    if (value.Contains(delimiter, StringComparison.Ordinal))
                    {
                        add(ErpErrorCodes.SegmentValueHasDelimiter, $"Segment '{segment.Name}' value '{value}' contains the delimiter '{delimiter}'.", where);
                    }
                }
            }
        }

        // Only when every declared segment could be read: an unreadable one may be the account segment.
        if (segments.Count > 0 && segments.Count == segmentsDeclared && !segments.Any(s => s.Row.Source == ErpSegmentSource.Account))
        {
            add(ErpErrorCodes.MappingValueMissing, "No segment takes the account (source 'account').", "$.segments");
        }
    }

    private static IEnumerable<(string Value, string Path)> FixedValues(ErpSegmentDefinition segment, string path)
    {
        if (segment.Value is { } v)
        {
            yield return (v, path + ".value");
        }

        if (segment.Default is { } d)
        {
            yield return (d, path + ".default");
        }

        foreach (var (key, value) in segment.Values ?? new Dictionary<string, string>())
        {
            yield return (value, JsonPositionIndex.Property(path + ".values", key));
        }
    }
}
