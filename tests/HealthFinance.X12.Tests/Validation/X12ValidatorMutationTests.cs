using HealthFinance.TestUtilities;
using HealthFinance.X12.Validation;

namespace HealthFinance.X12.Tests.Validation;

/// <summary>
/// Bad input is normal input: seeded random mutations (flip, delete, insert bytes) of real files and of
/// hand-made fixtures always end in a result — findings when broken — never an exception or a hang.
/// </summary>
public sealed class X12ValidatorMutationTests
{
    private const int MutantsPerFile = 40;

    public static TheoryData<string> CorpusFiles() => Corpus.Files("x12");

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Validate_MutatedCorpusFile_NeverThrows(string file)
    {
        var original = Corpus.ReadBytes(file);
        AssertMutantsValidate(original, seed: StableSeed(file));
    }

    [Fact]
    public void Validate_MutatedFixture_NeverThrowsAndMostMutantsAreInvalid()
    {
        var original = X12TestData.Bytes(X12TestData.Interchange835(transactions: 2));
        var invalid = AssertMutantsValidate(original, seed: 12345, count: 400);

        // Nearly every structural mutation of a small, tight fixture must be caught.
        Assert.True(invalid >= 300, $"only {invalid} of 400 mutants were reported invalid");
    }

    [Fact]
    public void Validate_RandomBytes_NeverThrowsAndIsInvalid()
    {
        var random = new Random(2024);
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(0, 600)];
            random.NextBytes(bytes);
            var result = X12Validator.Validate(bytes);
            Assert.False(result.IsValid);
        }
    }

    private static int AssertMutantsValidate(byte[] original, int seed, int count = MutantsPerFile)
    {
        var random = new Random(seed);
        var invalid = 0;
        for (var i = 0; i < count; i++)
        {
            var mutant = Mutate(original, random);
            var result = X12Validator.Validate(mutant, new X12ValidatorOptions { MaxRetainedDiagnostics = 100 });
            Assert.True(result.BytesRead <= mutant.Length);
            if (!result.IsValid)
            {
                invalid++;
                Assert.NotEmpty(result.Diagnostics);
                Assert.All(result.Diagnostics, d => Assert.Matches("^X12-0[0-9]{3}$", d.Code));
            }
        }

        return invalid;
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(3))
            {
                case 0:
                    bytes[at] = (byte)(bytes[at] ^ (1 << random.Next(8)));
                    break;
                case 1:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 8), bytes.Count - at));
                    break;
                default:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
            }
        }

        return [.. bytes];
    }

    private static int StableSeed(string text)
    {
        var h = 17;
        foreach (var c in text)
        {
            h = unchecked((h * 31) + c);
        }

        return h;
    }
}
