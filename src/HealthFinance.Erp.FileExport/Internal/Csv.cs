using System.Text;

namespace HealthFinance.Erp.FileExport.Internal;

/// <summary>RFC 4180 CSV: CRLF line ends; a field is quoted when it holds a comma, a quote, CR or LF, with quotes doubled.</summary>
internal sealed class Csv
{
    private readonly StringBuilder _text = new();

    public void Row(IEnumerable<string?> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                _text.Append(',');
            }

            first = false;
            Field(field ?? string.Empty);
        }

        _text.Append("\r\n");
    }

    public byte[] ToUtf8() => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(_text.ToString());

    private void Field(string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            _text.Append(value);
            return;
        }

        _text.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
