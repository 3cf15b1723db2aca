using HealthFinance.TestUtilities;

namespace HealthFinance.X12.Tests.Reading;

public sealed class X12ReaderFuzzTests
{
    /// <summary>Reads to the end; only <see cref="X12ReaderException"/> may escape. Returns the segment count or -1.</summary>
    private static long ReadOrFail(byte[] data, X12ReaderOptions options = default)
    {
        try
        {
            var reader = new X12Reader(data, options);
            long segments = 0;
            while (reader.Read())
            {
                segments++;
                Assert.True(segments <= data.Length + 1, "the reader made no progress");
                for (var i = 1; i <= Math.Min(reader.ElementCount, 70); i++)
                {
                    _ = reader.GetElement(i);
                    _ = reader.GetComponent(i, 2);
                    _ = reader.TryGetDecimal(i, out _);
                    _ = reader.TryGetDate(i, out _);
                }

                foreach (var element in reader.EnumerateElements())
                {
                    _ = element.Length;
                }
            }

            Assert.Equal(data.Length, reader.BytesConsumed);
            return segments;
        }
        catch (X12ReaderException ex)
        {
            Assert.Matches("^X12-000[1-5]$", ex.ErrorCode);
            Assert.InRange(ex.BytePosition, 0, data.Length);
            return -1;
        }
    }

    internal static byte[] Mutate(byte[] source, Random random)
    {
        var list = source.ToList();
        for (var n = random.Next(1, 8); n > 0; n--)
        {
            var at = list.Count == 0 ? 0 : random.Next(list.Count);
            switch (random.Next(4))
            {
                case 0 when list.Count > 0:
                    list[at] = (byte)random.Next(256);
                    break;
                case 1 when list.Count > 0:
                    list.RemoveAt(at);
                    break;
                case 2:
                    list.Insert(at, (byte)random.Next(256));
                    break;
                default:
                    list.Insert(at, "*~\r\n:^|ISA\0"u8[random.Next(11)]);
                    break;
            }
        }

        return [.. list];
    }

    [Fact]
    public void Read_RandomBytes_OnlyReaderExceptionOrSuccess()
    {
        var random = new Random(20240101);
        for (var run = 0; run < 3000; run++)
        {
            var data = new byte[random.Next(0, 400)];
            random.NextBytes(data);
            if (run % 3 == 0)
            {
                // Give the random bytes a plausible start so that they get past the header.
                ReadAll.Ascii(X12ReaderTests.Isa).AsSpan(0, Math.Min(data.Length, 106)).CopyTo(data);
            }

            ReadOrFail(data);
            ReadOrFail(data, new X12ReaderOptions { MaxSegmentLength = 120, AllowTextBeforeIsa = false, SkipLineBreaksAfterTerminator = false });
        }
    }

    [Theory]
    [MemberData(nameof(X12ReaderChunkingTests.Fixtures), MemberType = typeof(X12ReaderChunkingTests))]
    public void Read_MutatedFixtures_OnlyReaderExceptionOrSuccessAndChunkingAgrees(string fixture)
    {
        var source = ReadAll.Ascii(fixture);
        var random = new Random(fixture.Length);
        for (var run = 0; run < 500; run++)
        {
            var data = Mutate(source, random);
            var count = ReadOrFail(data);
            var cut = random.Next(data.Length + 1);
            if (count >= 0)
            {
                Assert.Equal(ReadAll.OneShot(data), ReadAll.Chunked(data, [cut]));
            }
            else
            {
                Assert.Throws<X12ReaderException>(() => ReadAll.Chunked(data, [cut]));
            }
        }
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Read_MutatedCorpusFiles_OnlyReaderExceptionOrSuccess(string path)
    {
        var source = Corpus.ReadBytes(path);
        var random = new Random(source.Length);
        for (var run = 0; run < 40; run++)
        {
            ReadOrFail(Mutate(source, random));
        }
    }

    public static TheoryData<string> CorpusFiles => Corpus.Files("x12");
}
