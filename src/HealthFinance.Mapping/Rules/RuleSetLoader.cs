using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using HealthFinance.Canonical;
using HealthFinance.Canonical.Diagnostics;
using HealthFinance.Mapping.Internal;
using HealthFinance.Mapping.Posting;

namespace HealthFinance.Mapping.Rules;

/// <summary>One rule file to load: its name (for positions in findings) and its UTF-8 JSON text.</summary>
/// <param name="FileName">The file name findings refer to.</param>
/// <param name="Utf8Json">The JSON text as UTF-8.</param>
public sealed record RuleSource(string FileName, ReadOnlyMemory<byte> Utf8Json);

/// <summary>The outcome of loading rule files: the catalog of versions when every file is valid, and the findings.</summary>
public sealed class RuleSetLoadResult
{
    internal RuleSetLoadResult(RuleSetCatalog? catalog, IReadOnlyList<Diagnostic> diagnostics)
    {
        Catalog = catalog;
        Diagnostics = diagnostics;
    }

    /// <summary>The loaded versions, or <see langword="null"/> when a file has an error.</summary>
    public RuleSetCatalog? Catalog { get; }

    /// <summary>Every finding, each with the file, JSON path, line and byte offset.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Whether the files loaded without error.</summary>
    public bool Success => Catalog is not null;
}

/// <summary>
/// Loads rule files (JSON) into a <see cref="RuleSetCatalog"/>. Files naming the same <c>version</c> compose into
/// one rule set (tables concatenate; a row defined twice is an error); different versions must not overlap in time.
/// Every problem is reported with the file, JSON path, line and byte offset; nothing is defaulted.
/// </summary>
public static class RuleSetLoader
{
    /// <summary>The adjustment categories the engine treats specially.</summary>
    public static IReadOnlyList<string> WellKnownCategories { get; } = ["contractual", "denial", "patient-transfer", "secondary-transfer", "administrative"];

    /// <summary>The patterns every rule set must define: the engine posts each kind of event through one of them.</summary>
    public static IReadOnlyList<string> RequiredPatterns { get; } =
    [
        PatternNames.Charge, PatternNames.ClaimBilled, PatternNames.ClaimRevenue, PatternNames.ClaimPayment, PatternNames.UnmatchedRemittance,
        PatternNames.Deposit, PatternNames.PatientPayment, PatternNames.Refund, PatternNames.AccountAdjustment, PatternNames.AccountWriteOff,
        PatternNames.BadDebtTransfer, PatternNames.CharityCare,
    ];

    /// <summary>The dimension names a rule set may require.</summary>
    public static IReadOnlyList<string> DimensionNames { get; } = PostingDimensions.Names;

    /// <summary>Loads rule files from disk.</summary>
    /// <param name="paths">The files, in composition order.</param>
    /// <returns>The catalog and findings; an unreadable file is a finding, not an exception.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="paths"/> is <see langword="null"/>.</exception>
    public static RuleSetLoadResult LoadFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var sources = new List<RuleSource>();
        var diagnostics = new List<Diagnostic>();
        foreach (var path in paths)
        {
            try
            {
                sources.Add(new RuleSource(path, File.ReadAllBytes(path)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                diagnostics.Add(new Diagnostic(MappingDiagnosticCodes.RuleFileUnreadable, DiagnosticSeverity.Error, $"The rule file cannot be read: {ex.Message}", new SourceLocation { Path = path }, isRecoverable: false));
            }
        }

        var result = Load(sources);
        return diagnostics.Count == 0 ? result : new RuleSetLoadResult(null, [.. diagnostics, .. result.Diagnostics]);
    }

    /// <summary>Loads rule files from memory.</summary>
    /// <param name="sources">The files, in composition order.</param>
    /// <returns>The catalog and findings.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sources"/> is <see langword="null"/>.</exception>
    public static RuleSetLoadResult Load(IEnumerable<RuleSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var context = new LoadContext();
        var files = new List<(RuleSource Source, RuleFileModel Model, JsonPositionIndex Index)>();
        foreach (var source in sources)
        {
            ArgumentNullException.ThrowIfNull(source);
            var index = JsonPositionIndex.Build(source.Utf8Json.Span);
            try
            {
                var model = JsonSerializer.Deserialize(source.Utf8Json.Span, RuleFileJsonContext.Default.RuleFileModel);
                if (model is null)
                {
                    context.Add(MappingDiagnosticCodes.RuleFileMalformed, "The rule file holds JSON null instead of an object.", source.FileName, index, "$");
                    continue;
                }

                files.Add((source, model, index));
            }
            catch (JsonException ex)
            {
                var line = ex.LineNumber ?? 0;
                var inLine = ex.BytePositionInLine ?? 0;
                var message = ex.Message.Split(" Path:", 2)[0];
                context.Diagnostics.Add(new Diagnostic(
                    MappingDiagnosticCodes.RuleFileMalformed,
                    DiagnosticSeverity.Error,
                    string.Create(CultureInfo.InvariantCulture, $"{message} (line {line + 1}, byte {inLine} in line)"),
                    new SourceLocation { Path = $"{source.FileName}:{ex.Path ?? "$"}", LineNumber = (int)line + 1, ByteOffset = index.OffsetOf(line, inLine) },
                    isRecoverable: false));
            }
        }

        var versions = new List<RuleSet>();
        foreach (var group in files.GroupBy(f => f.Model.Version ?? string.Empty, StringComparer.Ordinal))
        {
            if (group.Key.Length == 0)
            {
                foreach (var f in group)
                {
                    context.Add(MappingDiagnosticCodes.RuleValueMissing, "The rule file does not name the rule set version it belongs to.", f.Source.FileName, f.Index, "$.version");
                }

                continue;
            }

            if (new RuleSetBuilder(group.Key, context).Build(group.Select(f => (f.Source.FileName, f.Model, f.Index)).ToList()) is { } set)
            {
                versions.Add(set);
            }
        }

        if (files.Count == 0 && context.Diagnostics.Count == 0)
        {
            context.Diagnostics.Add(new Diagnostic(MappingDiagnosticCodes.RuleValueMissing, DiagnosticSeverity.Error, "No rule file was given.", SourceLocation.None, isRecoverable: false));
        }

        versions.Sort((a, b) => a.EffectiveFrom.CompareTo(b.EffectiveFrom));
        for (var i = 1; i < versions.Count; i++)
        {
            var previous = versions[i - 1];
            if (previous.EffectiveTo is not { } end || end >= versions[i].EffectiveFrom)
            {
                context.Diagnostics.Add(new Diagnostic(
                    MappingDiagnosticCodes.RuleVersionsOverlap,
                    DiagnosticSeverity.Error,
                    $"Rule set versions '{previous.Version}' and '{versions[i].Version}' are both in force on {versions[i].EffectiveFrom:yyyy-MM-dd}.",
                    new SourceLocation { Path = $"{versions[i].Files[0]}:$.effectiveFrom" },
                    isRecoverable: false));
            }
        }

        return context.Diagnostics.Count == 0
            ? new RuleSetLoadResult(new RuleSetCatalog(versions), [])
            : new RuleSetLoadResult(null, context.Diagnostics);
    }

    internal sealed class LoadContext
    {
        public List<Diagnostic> Diagnostics { get; } = [];

        public void Add(string code, string message, string file, JsonPositionIndex index, string path)
        {
            var position = index.Find(path);
            Diagnostics.Add(new Diagnostic(
                code,
                DiagnosticSeverity.Error,
                position is { } p ? string.Create(CultureInfo.InvariantCulture, $"{message} (line {p.Line}, byte {p.LineByte} in line)") : message,
                new SourceLocation { Path = $"{file}:{path}", LineNumber = position?.Line, ByteOffset = position?.Offset },
                isRecoverable: false));
        }
    }

    private sealed class RuleSetBuilder(string version, LoadContext context)
    {
        private readonly Dictionary<string, (string File, LegalEntityRules Rules)> _entities = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _seen = new(StringComparer.Ordinal);
        private readonly Dictionary<string, OrganizationRow> _facilities = new(StringComparer.Ordinal);
        private readonly Dictionary<string, OrganizationRow> _providers = new(StringComparer.Ordinal);
        private readonly Dictionary<string, OrganizationRow> _taxIds = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _payers = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ServiceCodeRow> _revenueCodes = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ServiceCodeRow> _procedureCodes = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _categories = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ProviderAdjustmentRow> _providerAdjustments = new(StringComparer.Ordinal);
        private readonly Dictionary<string, PostingPattern> _patterns = new(StringComparer.Ordinal);
        private readonly List<ClosedPeriodRow> _closed = [];
        private readonly List<(string File, JsonPositionIndex Index, string Path, string Pattern)> _patternReferences = [];
        private readonly List<(string File, JsonPositionIndex Index, string Path, string LegalEntity)> _entityReferences = [];
        private int _errors;

        public RuleSet? Build(List<(string File, RuleFileModel Model, JsonPositionIndex Index)> files)
        {
            DateOnly? from = null;
            DateOnly? to = null;
            string? fromFile = null;
            string? toFile = null;
            foreach (var (file, model, index) in files)
            {
                if (model.EffectiveFrom is { } f)
                {
                    if (from is { } existing && existing != f)
                    {
                        Error(MappingDiagnosticCodes.RuleHeaderConflict, $"effectiveFrom differs from {fromFile} for version '{version}'.", file, index, "$.effectiveFrom");
                    }

                    from = f;
                    fromFile ??= file;
                }

                if (model.EffectiveTo is { } t)
                {
                    if (to is { } existing && existing != t)
                    {
                        Error(MappingDiagnosticCodes.RuleHeaderConflict, $"effectiveTo differs from {toFile} for version '{version}'.", file, index, "$.effectiveTo");
                    }

                    to = t;
                    toFile ??= file;
                }

                AddEntities(file, index, model.LegalEntities);
                AddOrganizations(file, index, "facilities", model.Facilities, _facilities);
                AddOrganizations(file, index, "providers", model.Providers, _providers);
                AddOrganizations(file, index, "taxIds", model.TaxIds, _taxIds);
                AddPayers(file, index, model.Payers);
                AddServiceCodes(file, index, "revenueCodes", model.RevenueCodes, _revenueCodes);
                AddServiceCodes(file, index, "procedureCodes", model.ProcedureCodes, _procedureCodes);
                AddAdjustmentReasons(file, index, model.AdjustmentReasons);
                AddProviderAdjustments(file, index, model.ProviderAdjustmentReasons);
                AddPatterns(file, index, model.Patterns);
                AddClosedPeriods(file, index, model.ClosedPeriods);
            }

            var (firstFile, _, firstIndex) = files[0];
            if (from is null)
            {
                Error(MappingDiagnosticCodes.RuleValueMissing, $"No file of version '{version}' gives effectiveFrom.", firstFile, firstIndex, "$.effectiveFrom");
            }
            else if (to is { } end && end < from)
            {
                Error(MappingDiagnosticCodes.RuleValueInvalid, "effectiveTo is before effectiveFrom.", toFile!, files.First(f => f.File == toFile).Index, "$.effectiveTo");
            }

            if (_entities.Count == 0)
            {
                Error(MappingDiagnosticCodes.RuleValueMissing, $"Version '{version}' defines no legal entity.", firstFile, firstIndex, "$.legalEntities");
            }

            foreach (var required in RequiredPatterns)
            {
                if (!_patterns.ContainsKey(required))
                {
                    Error(MappingDiagnosticCodes.RulePatternMissing, $"Version '{version}' does not define the pattern '{required}'.", firstFile, firstIndex, "$.patterns");
                }
            }

            foreach (var (file, index, path, pattern) in _patternReferences)
            {
                if (!_patterns.ContainsKey(pattern))
                {
                    Error(MappingDiagnosticCodes.RulePatternMissing, $"The pattern '{pattern}' is not defined in version '{version}'.", file, index, path);
                }
            }

            foreach (var (file, index, path, entity) in _entityReferences)
            {
                if (entity != "*" && !_entities.ContainsKey(entity))
                {
                    Error(MappingDiagnosticCodes.RuleValueInvalid, $"The legal entity '{entity}' is not defined in version '{version}'.", file, index, path);
                }
            }

            if (_errors > 0)
            {
                return null;
            }

            var tables = new RuleTables
            {
                Facilities = _facilities.ToFrozenDictionary(StringComparer.Ordinal),
                Providers = _providers.ToFrozenDictionary(StringComparer.Ordinal),
                TaxIds = _taxIds.ToFrozenDictionary(StringComparer.Ordinal),
                PayerClasses = _payers.ToFrozenDictionary(StringComparer.Ordinal),
                RevenueCodes = _revenueCodes.ToFrozenDictionary(StringComparer.Ordinal),
                ProcedureCodes = _procedureCodes.ToFrozenDictionary(StringComparer.Ordinal),
                AdjustmentCategories = _categories.ToFrozenDictionary(StringComparer.Ordinal),
                ProviderAdjustments = _providerAdjustments.ToFrozenDictionary(StringComparer.Ordinal),
                Patterns = _patterns.ToFrozenDictionary(StringComparer.Ordinal),
                ClosedPeriods = _closed,
            };
            return new RuleSet(version, from!.Value, to, files.Select(f => f.File).ToList(), _entities.Values.Select(e => e.Rules), tables);
        }

        private void Error(string code, string message, string file, JsonPositionIndex index, string path)
        {
            _errors++;
            context.Add(code, message, file, index, path);
        }

        private string? Required(string? value, string file, JsonPositionIndex index, string path, string what)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Error(MappingDiagnosticCodes.RuleValueMissing, $"{what} is required.", file, index, path);
                return null;
            }

            return value.Trim();
        }

        private bool Unique(string table, string key, string file, JsonPositionIndex index, string path)
        {
            if (_seen.TryGetValue(table + "\u001f" + key, out var first))
            {
                Error(MappingDiagnosticCodes.RuleDuplicate, $"{table} row '{key}' is already defined at {first}.", file, index, path);
                return false;
            }

            var position = index.Find(path);
            _seen[table + "\u001f" + key] = position is { } p ? string.Create(CultureInfo.InvariantCulture, $"{file} line {p.Line}") : file;
            return true;
        }

        private bool KnownRole(string? role, string file, JsonPositionIndex index, string path)
        {
            if (role is null || !PostingRoles.All.Contains(role))
            {
                Error(MappingDiagnosticCodes.RuleValueInvalid, $"'{role}' is not a canonical account role.", file, index, path);
                return false;
            }

            return true;
        }

        private void AddEntities(string file, JsonPositionIndex index, List<LegalEntityModel>? rows)
        {
            for (var i = 0; rows is not null && i < rows.Count; i++)
            {
                var path = JsonPositionIndex.Item("$.legalEntities", i);
                var row = rows[i];
                var id = Required(row.Id, file, index, path + ".id", "A legal entity id");
                var currencyText = Required(row.Currency, file, index, path + ".currency", "The legal entity currency");
                var sourceText = Required(row.RevenueSource, file, index, path + ".revenueSource", "The legal entity revenue source (charges or claims)");
                if (id is null || currencyText is null || sourceText is null || !Unique("legalEntities", id, file, index, path + ".id"))
                {
                    continue;
                }

                if (!CurrencyCode.TryParse(currencyText, out var currency))
                {
                    Error(MappingDiagnosticCodes.RuleValueInvalid, $"'{currencyText}' is not an ISO 4217 currency code.", file, index, path + ".currency");
                    continue;
                }

                RevenueSource source;
                switch (sourceText)
                {
                    case "charges": source = RevenueSource.Charges; break;
                    case "claims": source = RevenueSource.Claims; break;
                    default:
                        Error(MappingDiagnosticCodes.RuleValueInvalid, $"revenueSource '{sourceText}' is neither 'charges' nor 'claims'.", file, index, path + ".revenueSource");
                        continue;
                }

                var accounts = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (role, account) in row.Accounts ?? [])
                {
                    var accountPath = JsonPositionIndex.Property(path + ".accounts", role);
                    if (KnownRole(role, file, index, accountPath) && Required(account, file, index, accountPath, $"The account of role '{role}'") is { } code)
                    {
                        accounts[role] = code;
                    }
                }

                var dimensions = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
                foreach (var (role, names) in row.RequiredDimensions ?? [])
                {
                    var dimPath = JsonPositionIndex.Property(path + ".requiredDimensions", role);
                    if (role != "*" && !KnownRole(role, file, index, dimPath))
                    {
                        continue;
                    }

                    for (var n = 0; n < names.Count; n++)
                    {
                        if (!PostingDimensions.Names.Contains(names[n], StringComparer.Ordinal))
                        {
                            Error(MappingDiagnosticCodes.RuleValueInvalid, $"'{names[n]}' is not a dimension name ({string.Join(", ", PostingDimensions.Names)}).", file, index, JsonPositionIndex.Item(dimPath, n));
                        }
                    }

                    dimensions[role] = names.ToArray();
                }

                _entities[id] = (file, new LegalEntityRules(id, row.Name, currency, source, accounts, dimensions));
            }
        }

        private void AddOrganizations(string file, JsonPositionIndex index, string table, List<OrganizationModel>? rows, Dictionary<string, OrganizationRow> target)
        {
            for (var i = 0; rows is not null && i < rows.Count; i++)
            {
                var path = JsonPositionIndex.Item("$." + table, i);
                var id = Required(rows[i].Id, file, index, path + ".id", $"The {table} row id");
                var entity = Required(rows[i].LegalEntity, file, index, path + ".legalEntity", $"The {table} row legal entity");
                if (id is null || entity is null || !Unique(table, id, file, index, path + ".id"))
                {
                    continue;
                }

                _entityReferences.Add((file, index, path + ".legalEntity", entity));
                target[id] = new OrganizationRow(id, entity, rows[i].Facility?.Trim(), rows[i].CostCenter?.Trim());
            }
        }

        private void AddPayers(string file, JsonPositionIndex index, List<PayerModel>? rows)
        {
            for (var i = 0; rows is not null && i < rows.Count; i++)
            {
                var path = JsonPositionIndex.Item("$.payers", i);
                var payer = Required(rows[i].Payer, file, index, path + ".payer", "The payer id (or *)");
                var indicator = Required(rows[i].ClaimFilingIndicator, file, index, path + ".claimFilingIndicator", "The claim filing indicator (or *)");
                var payerClass = Required(rows[i].PayerClass, file, index, path + ".payerClass", "The payer class");
                if (payer is null || indicator is null || payerClass is null)
                {
                    continue;
                }

                var key = payer + "|" + indicator;
                if (Unique("payers", $"payer={payer}, claimFilingIndicator={indicator}", file, index, path))
                {
                    _payers[key] = payerClass;
                }
            }
        }

        private void AddServiceCodes(string file, JsonPositionIndex index, string table, List<ServiceCodeModel>? rows, Dictionary<string, ServiceCodeRow> target)
        {
            for (var i = 0; rows is not null && i < rows.Count; i++)
            {
                var path = JsonPositionIndex.Item("$." + table, i);
                var code = Required(rows[i].Code, file, index, path + ".code", $"The {table} code");
                var serviceLine = Required(rows[i].ServiceLine, file, index, path + ".serviceLine", $"The {table} service line");
                if (code is null || serviceLine is null || !Unique(table, code, file, index, path + ".code"))
                {
                    continue;
                }

                target[code] = new ServiceCodeRow(code, serviceLine, rows[i].CostCenter?.Trim(), rows[i].RevenueAccount?.Trim());
            }
        }

        private void AddAdjustmentReasons(string file, JsonPositionIndex index, List<AdjustmentReasonModel>? rows)
        {
            for (var i = 0; rows is not null && i < rows.Count; i++)
            {
                var path = JsonPositionIndex.Item("$.adjustmentReasons", i);
                var group = Required(rows[i].Group, file, index, path + ".group", "The CAS group code");
                var reason = Required(rows[i].Reason, file, index, path + ".reason", "The CARC (or *)");
                var category = Required(rows[i].Category, file, index, path + ".category", "The adjustment category");
                if (group is null || reason is null || category is null)
                {
                    continue;
                }

                if (group is not ("CO" or "OA" or "PI" or "PR" or "CR"))
                {
                    Error(MappingDiagnosticCodes.RuleValueInvalid, $"'{group}' is not a CAS group code (CO, OA, PI, PR, CR).", file, index, path + ".group");
                    continue;
                }

                if (Unique("adjustmentReasons", $"group={group}, reason={reason}", file, index, path))
                {
                    _categories[group + "|" + reason] = category;
                    _patternReferences.Add((file, index, path + ".category", PatternNames.Adjustment(category)));
                }
            }
        }

        private void AddProviderAdjustments(string file, JsonPositionIndex index, List<ProviderAdjustmentModel>? rows)
        {
            for (var i = 0; rows is not null && i < rows.Count; i++)
            {
                var path = JsonPositionIndex.Item("$.providerAdjustmentReasons", i);
                var reason = Required(rows[i].Reason, file, index, path + ".reason", "The PLB reason code");
                var pattern = Required(rows[i].Pattern, file, index, path + ".pattern", "The PLB posting pattern");
                if (reason is null || pattern is null || !Unique("providerAdjustmentReasons", reason, file, index, path + ".reason"))
                {
                    continue;
                }

                _providerAdjustments[reason] = new ProviderAdjustmentRow(reason, pattern, rows[i].ClaimReference);
                _patternReferences.Add((file, index, path + ".pattern", pattern));
            }
        }

        private void AddPatterns(string file, JsonPositionIndex index, Dictionary<string, PatternModel>? patterns)
        {
            foreach (var (name, pattern) in patterns ?? [])
            {
                var path = JsonPositionIndex.Property("$.patterns", name);
                var debit = Required(pattern.Debit, file, index, path + ".debit", $"The debit role of pattern '{name}'");
                var credit = Required(pattern.Credit, file, index, path + ".credit", $"The credit role of pattern '{name}'");
                if (debit is null || credit is null)
                {
                    continue;
                }

                var ok = KnownRole(debit, file, index, path + ".debit") & KnownRole(credit, file, index, path + ".credit");
                if (ok && Unique("patterns", name, file, index, path))
                {
                    _patterns[name] = new PostingPattern(new AccountRole(debit), new AccountRole(credit));
                }
            }
        }

        private void AddClosedPeriods(string file, JsonPositionIndex index, List<ClosedPeriodModel>? rows)
        {
            for (var i = 0; rows is not null && i < rows.Count; i++)
            {
                var path = JsonPositionIndex.Item("$.closedPeriods", i);
                var entity = Required(rows[i].LegalEntity, file, index, path + ".legalEntity", "The closed period's legal entity (or *)");
                if (rows[i].From is not { } from)
                {
                    Error(MappingDiagnosticCodes.RuleValueMissing, "The closed period's first date (from) is required.", file, index, path);
                    continue;
                }

                if (rows[i].To is not { } to)
                {
                    Error(MappingDiagnosticCodes.RuleValueMissing, "The closed period's last date (to) is required.", file, index, path);
                    continue;
                }

                if (entity is null)
                {
                    continue;
                }

                if (to < from)
                {
                    Error(MappingDiagnosticCodes.RuleValueInvalid, "The closed period ends before it starts.", file, index, path + ".to");
                    continue;
                }

                _entityReferences.Add((file, index, path + ".legalEntity", entity));
                _closed.Add(new ClosedPeriodRow(entity, from, to));
            }
        }
    }
}

/// <summary>The names of the posting patterns the engine uses.</summary>
public static class PatternNames
{
    /// <summary><c>charge</c>: a charge line (unbilled AR / gross revenue).</summary>
    public const string Charge = "charge";

    /// <summary><c>claim-billed</c>: a claim final-billed when charges book revenue (payer AR / unbilled AR).</summary>
    public const string ClaimBilled = "claim-billed";

    /// <summary><c>claim-revenue</c>: a claim line when claims book revenue (payer AR / gross revenue).</summary>
    public const string ClaimRevenue = "claim-revenue";

    /// <summary><c>claim-payment</c>: a payer payment CLP04 (cash-clearing / payer AR).</summary>
    public const string ClaimPayment = "claim-payment";

    /// <summary><c>unmatched-remittance</c>: a cash effect that cannot be placed (cash-clearing / suspense).</summary>
    public const string UnmatchedRemittance = "unmatched-remittance";

    /// <summary><c>deposit</c>: a deposit matched to a remittance (cash / cash-clearing).</summary>
    public const string Deposit = "deposit";

    /// <summary><c>patient-payment</c>: a patient payment (cash-clearing / patient AR).</summary>
    public const string PatientPayment = "patient-payment";

    /// <summary><c>refund</c>: a refund issued (refunds payable / cash).</summary>
    public const string Refund = "refund";

    /// <summary><c>account-adjustment</c>: a patient account adjustment.</summary>
    public const string AccountAdjustment = "account-adjustment";

    /// <summary><c>account-write-off</c>: a patient account write-off.</summary>
    public const string AccountWriteOff = "account-write-off";

    /// <summary><c>bad-debt-transfer</c>: a patient balance transferred to bad debt.</summary>
    public const string BadDebtTransfer = "bad-debt-transfer";

    /// <summary><c>charity-care</c>: a charity care adjustment.</summary>
    public const string CharityCare = "charity-care";

    /// <summary>The pattern of an adjustment category: <c>adjustment:</c> + category (e.g. <c>adjustment:contractual</c>).</summary>
    /// <param name="category">The adjustment category.</param>
    /// <returns>The pattern name.</returns>
    public static string Adjustment(string category) => "adjustment:" + category;
}
