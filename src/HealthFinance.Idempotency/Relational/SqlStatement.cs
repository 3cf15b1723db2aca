using System.Data;

namespace HealthFinance.Idempotency.Relational;

/// <summary>A parameter of a statement: its name and how it is bound.</summary>
/// <param name="Name">The name, as written after <c>@</c> in the template.</param>
/// <param name="Type">The database type.</param>
internal readonly record struct SqlParameterSpec(string Name, DbType Type)
{
    public static SqlParameterSpec Text(string name) => new(name, DbType.String);

    public static SqlParameterSpec Int32(string name) => new(name, DbType.Int32);

    public static SqlParameterSpec Int64(string name) => new(name, DbType.Int64);

    public static SqlParameterSpec Binary(string name) => new(name, DbType.Binary);
}

/// <summary>A rendered statement with its parameters in binding order; prepared once per session.</summary>
internal sealed class SqlStatement
{
    public SqlStatement(int id, string text, SqlParameterSpec[] parameters)
    {
        Id = id;
        Text = text;
        Parameters = parameters;
    }

    /// <summary>The statement's slot in each session's command cache.</summary>
    public int Id { get; }

    /// <summary>The rendered text.</summary>
    public string Text { get; }

    /// <summary>The parameters, in the order values are bound.</summary>
    public SqlParameterSpec[] Parameters { get; }
}

/// <summary>Every statement of one store instance, rendered with its dialect when the store is created.</summary>
internal sealed class StatementCatalog
{
    private readonly List<SqlStatement> _statements = [];

    public StatementCatalog(SqlDialect dialect) => Dialect = dialect;

    public SqlDialect Dialect { get; }

    public int Count => _statements.Count;

    /// <summary>The spec of an amount parameter in this dialect.</summary>
    public SqlParameterSpec Amount(string name) => new(name, Dialect.AmountDbType);

    /// <summary>Renders and registers a statement, checking that its parameters are exactly those the template uses.</summary>
    /// <param name="template">The template (see <see cref="SqlDialect.Render"/>).</param>
    /// <param name="parameters">The parameters in binding order.</param>
    /// <returns>The statement.</returns>
    /// <exception cref="InvalidOperationException">The declared parameters differ from those the template uses.</exception>
    public SqlStatement Add(string template, params SqlParameterSpec[] parameters)
    {
        var used = SqlDialect.ParameterNamesOf(template);
        var declared = parameters.Select(p => p.Name).ToList();
        if (used.Count != declared.Count || used.Except(declared, StringComparer.Ordinal).Any())
        {
            throw new InvalidOperationException($"Statement parameters [{string.Join(", ", declared)}] differ from those its text uses [{string.Join(", ", used)}].");
        }

        var statement = new SqlStatement(_statements.Count, Dialect.Render(template), parameters);
        _statements.Add(statement);
        return statement;
    }
}
