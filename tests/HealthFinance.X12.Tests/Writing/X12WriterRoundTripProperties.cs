using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HealthFinance.X12.Tests.Reading;

namespace HealthFinance.X12.Tests.Writing;

public sealed class X12WriterRoundTripProperties
{
    // Valid delimiter candidates: ASCII, not letters, digits or space.
    private static readonly byte[] Candidates = [.. Enumerable.Range(0, 128).Select(i => (byte)i).Where(b => b != ' ' && !char.IsAsciiLetterOrDigit((char)b))];

    private static X12Delimiters PickDelimiters(int seed)
    {
        var random = new Random(seed);
        var pool = Candidates.Where(b => b is not ((byte)'\r' or (byte)'\n')).ToList();
        var element = pool[random.Next(pool.Count)];
        var rest = Candidates.Where(b => b != element).ToList();
        var component = rest[random.Next(rest.Count)];
        rest.Remove(component);
        var segment = rest[random.Next(rest.Count)];
        rest.Remove(segment);
        var repetition = random.Next(4) == 0 ? (byte)0 : rest[random.Next(rest.Count)];
        return new X12Delimiters(element, component, repetition, segment);
    }

    private static string Clean(string? value, X12Delimiters d)
    {
        var sb = new StringBuilder();
        foreach (var c in value ?? "")
        {
            // Content needs no escaping: no delimiters (components/repetitions are not generated here), and no CR/LF
            // that would collide with line-break handling.
            if (c != d.Element && c != d.Segment && c != d.Component && c != d.Repetition && c is not ('\r' or '\n'))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    [Property(MaxTest = 300)]
    public bool WriteThenRead_AnyDelimitersAndContent_SameSegments(int seed, string?[][] segments, bool lineBreaks)
    {
        var d = PickDelimiters(seed);
        var lineBreak = lineBreaks && d.Segment is not ((byte)'\r' or (byte)'\n') ? "\r\n" : "";
        var buffer = new ArrayBufferWriter<byte>();
        var expected = new List<string[]>();
        using (var writer = new X12Writer(buffer, d, new X12WriterOptions { LineBreak = lineBreak }))
        {
            X12WriterTests.WriteIsa(writer);
            for (var i = 0; i < (segments ?? []).Length; i++)
            {
                var id = "S" + (i % 100);
                var elements = (segments![i] ?? []).Select(e => Clean(e, d)).ToArray();
                writer.WriteSegment(Encoding.ASCII.GetBytes(id), elements);
                expected.Add([id, .. elements]);
            }
        }

        var read = ReadAll.OneShot(buffer.WrittenSpan);
        if (read.Count != expected.Count + 1 || read[0].Delimiters != d)
        {
            return false;
        }

        for (var i = 0; i < expected.Count; i++)
        {
            var elements = string.Concat(expected[i].Skip(1).Select(e => "[" + e + "]"));
            var actual = read[i + 1];
            if (actual.Id != expected[i][0] || Encoding.Latin1.GetBytes(actual.Elements).AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(elements)) is false)
            {
                return false;
            }
        }

        return true;
    }
}
