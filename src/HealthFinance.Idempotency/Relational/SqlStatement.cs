using System.Data;
using System.Globalization;
using System.Text;

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

    /// <summary>
    /// The rows of a multi-row <c>VALUES</c> list: <paramref name="rows"/> rows of the given columns, each a parameter
    /// named after its column and row (<c>@key_value_0</c>, <c>@key_value_1</c>, …), for a template passed to
    /// <see cref="Add"/>. The text is made only of the column names and row numbers, never of values.
    /// </summary>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The columns of a row, in order.</param>
    /// <returns>The list (<c>(@a_0, @b_0), (@a_1, @b_1)</c>) and its parameters in binding order, row by row.</returns>
    public static (string Values, SqlParameterSpec[] Parameters) Rows(int rows, params SqlParameterSpec[] columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        var text = new StringBuilder(rows * columns.Length * 16);
        var parameters = new SqlParameterSpec[rows * columns.Length];
        for (var row = 0; row < rows; row++)
        {
            text.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < columns.Length; column++)
            {
                var name = columns[column].Name + "_" + row.ToString(CultureInfo.InvariantCulture);
                parameters[(row * columns.Length) + column] = columns[column] with { Name = name };
                text.Append(column == 0 ? "@" : ", @").Append(name);
            }

            text.Append(')');
        }

        return (text.ToString(), parameters);
    }

    /// <summary>
    /// A list of <paramref name="count"/> parameters of one column (<c>@key_value_0, @key_value_1, …</c>), e.g. for
    /// <c>IN (…)</c>, for a template passed to <see cref="Add"/>. The text is made only of the name and numbers.
    /// </summary>
    /// <param name="count">The number of parameters.</param>
    /// <param name="column">The column.</param>
    /// <returns>The list and its parameters in binding order.</returns>
    public static (string Markers, SqlParameterSpec[] Parameters) List(int count, SqlParameterSpec column)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var text = new StringBuilder(count * 16);
        var parameters = new SqlParameterSpec[count];
        for (var i = 0; i < count; i++)
        {
            parameters[i] = column with { Name = column.Name + "_" + i.ToString(CultureInfo.InvariantCulture) };
            text.Append(i == 0 ? "@" : ", @").Append(parameters[i].Name);
        }

        return (text.ToString(), parameters);
    }
}
