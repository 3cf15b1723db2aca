using System.Buffers.Text;
using System.Globalization;

namespace HealthFinance.X12.Benchmarks;

/// <summary>
/// Deterministic generator of a realistic, balanced 5010 835 (005010X221A1) interchange: one ISA/GS with
/// many ST/SE transactions of a few hundred claims each. Delimiters are '*', ':', '^' and '~' followed by '\n'.
/// <list type="bullet">
/// <item>Every service line balances: SVC02 − SVC03 = Σ its CAS amounts.</item>
/// <item>Every claim balances: CLP03 − CLP04 = Σ claim-level CAS + Σ service-level CAS.</item>
/// <item>Every transaction balances: BPR02 = Σ CLP04 − Σ PLB amounts.</item>
/// <item>SE01 counts ST..SE, SE02 = ST02, GE01 = number of ST, IEA01 = number of GS, GE02 = GS06, IEA02 = ISA13.</item>
/// </list>
/// The same seed and target size always produce the same bytes. Output is streamed, so files of any size can be
/// written with a small, fixed amount of memory.
/// </summary>
internal static class Generated835
{
    public const int DefaultSeed = 835;

    /// <summary>Environment variable with the benchmark input size in MB (default <see cref="DefaultMegabytes"/>).</summary>
    public const string SizeVariable = "HF_BENCH_MB";

    public const int DefaultMegabytes = 64;

    /// <summary>Input size for benchmarks: <c>HF_BENCH_MB</c> MB (default 64 MB).</summary>
    public static long BenchmarkTargetBytes()
    {
        var text = Environment.GetEnvironmentVariable(SizeVariable);
        var megabytes = DefaultMegabytes;
        if (!string.IsNullOrWhiteSpace(text)
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out megabytes) || megabytes < 1))
        {
            throw new InvalidOperationException($"{SizeVariable} must be a positive whole number of megabytes, not '{text}'.");
        }

        return megabytes * 1024L * 1024L;
    }

    /// <summary>Generates an 835 of at least <paramref name="targetBytes"/> bytes in memory.</summary>
    public static byte[] Create(long targetBytes, int seed = DefaultSeed)
    {
        using var stream = new MemoryStream(checked((int)Math.Min(int.MaxValue, targetBytes + (1 << 20))));
        Write(stream, targetBytes, seed);
        return stream.ToArray();
    }

    /// <summary>Writes an 835 of at least <paramref name="targetBytes"/> bytes to <paramref name="output"/>.</summary>
    /// <returns>Counts of what was written.</returns>
    public static Generated835Summary Write(Stream output, long targetBytes, int seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetBytes);
        var generator = new Generator(output, seed);
        return generator.Run(targetBytes);
    }

    private sealed class Generator(Stream output, int seed)
    {
        private static readonly string[] s_lastNames =
        [
            "SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "GARCIA", "MILLER", "DAVIS", "RODRIGUEZ", "MARTINEZ",
            "HERNANDEZ", "LOPEZ", "GONZALEZ", "WILSON", "ANDERSON", "THOMAS", "TAYLOR", "MOORE", "JACKSON", "MARTIN",
        ];

        private static readonly string[] s_firstNames =
        [
            "JAMES", "MARY", "ROBERT", "PATRICIA", "JOHN", "JENNIFER", "MICHAEL", "LINDA", "DAVID", "ELIZABETH",
            "WILLIAM", "BARBARA", "RICHARD", "SUSAN", "JOSEPH", "JESSICA", "THOMAS", "SARAH", "CHARLES", "KAREN",
        ];

        private static readonly string[] s_procedures =
        [
            "99213", "99214", "99203", "99204", "36415", "80053", "85025", "71046", "93000", "97110",
            "97140", "90471", "90686", "81002", "87880", "99395", "99396", "20610", "11721", "G0439",
        ];

        private static readonly string[] s_remarks = ["N130", "M15", "N381", "MA130", "N362", "M80"];

        private static readonly DateOnly s_firstServiceDate = new(2024, 1, 2);

        private readonly SegmentWriter _w = new(output);
        private readonly Random _random = new(seed);

        private readonly SegmentWriter _body = new(null);

        public Generated835Summary Run(long targetBytes)
        {
            var w = _w;
            WriteIsa(w, interchangeControl: 1);
            w.Start("GS"u8).El("HP"u8).El("HFPAYER01"u8).El("HFPROVIDER01"u8).El("20250115"u8).El("1200"u8).El(1).El("X"u8).El("005010X221A1"u8).End();

            long transactions = 0, claims = 0, serviceLines = 0;
            while (w.BytesWritten < targetBytes)
            {
                transactions++;
                var (c, s) = WriteTransaction(transactions);
                claims += c;
                serviceLines += s;
            }

            w.Start("GE"u8).El(transactions).El(1).End();
            w.Start("IEA"u8).El(1).El("000000001"u8).End();
            var segments = w.SegmentCount;
            w.Flush();
            return new Generated835Summary(w.BytesWritten, segments, transactions, claims, serviceLines);
        }

        private static void WriteIsa(SegmentWriter w, int interchangeControl)
        {
            // Fixed-width ISA: 106 bytes including the terminator.
            w.Start("ISA"u8).El("00"u8).El("          "u8).El("00"u8).El("          "u8)
                .El("ZZ"u8).El("HFPAYER01      "u8).El("ZZ"u8).El("HFPROVIDER01   "u8)
                .El("250115"u8).El("1200"u8).El("^"u8).El("00501"u8)
                .El(interchangeControl.ToString("D9", CultureInfo.InvariantCulture))
                .El("0"u8).El("P"u8).El(":"u8).End();
        }

        private (int Claims, int ServiceLines) WriteTransaction(long number)
        {
            var w = _w;
            var r = _random;
            var control = number.ToString("D4", CultureInfo.InvariantCulture);
            var startSegments = w.SegmentCount;

            // Claims are generated first so that BPR02 (the first segment after ST) carries their total; the claim
            // segments are buffered in a second writer and appended after the header.
            var body = _body;
            body.Reset();
            var claimCount = r.Next(200, 401);
            long totalPaid = 0;
            var serviceLines = 0;
            var paymentDate = s_firstServiceDate.AddDays(30 + r.Next(0, 300));
            var providerNpi = Npi(r);
            for (var i = 1; i <= claimCount; i++)
            {
                if (i == 1 || r.Next(0, 60) == 0)
                {
                    body.Start("LX"u8).El(i).End();
                }

                var (paid, lines) = WriteClaim(body, r, paymentDate);
                totalPaid += paid;
                serviceLines += lines;
            }

            // Provider-level adjustments: an occasional interest payment (negative, increases the payment) and a
            // withholding (positive, reduces it). BPR02 = Σ CLP04 − Σ PLB amounts.
            long plbTotal = 0;
            var withhold = Math.Min(totalPaid / 50, r.Next(500, 250_000));
            if (withhold > 0 && r.Next(0, 3) != 0)
            {
                var interest = -r.Next(0, 5_000);
                body.Start("PLB"u8).El(providerNpi).El("20241231"u8)
                    .El("WO"u8).Comp(string.Concat("RECOUP", control)).Amount(withhold);
                if (interest != 0)
                {
                    body.El("L6"u8).Comp("INTEREST"u8).Amount(interest);
                }

                body.End();
                plbTotal = withhold + interest;
            }

            var payment = totalPaid - plbTotal;
            var check = string.Concat("EFT", number.ToString("D9", CultureInfo.InvariantCulture));

            w.Start("ST"u8).El("835"u8).El(control).El("005010X221A1"u8).End();
            w.Start("BPR"u8).El(payment == 0 ? "H"u8 : "I"u8).Amount(payment).El("C"u8).El(payment == 0 ? "NON"u8 : "ACH"u8).El("CCP"u8)
                .El("01"u8).El("999999992"u8).El("DA"u8).El("123456789"u8).El("1512345678"u8).El(""u8)
                .El("01"u8).El("999988880"u8).El("DA"u8).El("98765432"u8).El(Date(paymentDate)).End();
            w.Start("TRN"u8).El("1"u8).El(check).El("1512345678"u8).End();
            w.Start("REF"u8).El("EV"u8).El("HFRECEIVER01"u8).End();
            w.Start("DTM"u8).El("405"u8).El(Date(paymentDate.AddDays(-1))).End();
            w.Start("N1"u8).El("PR"u8).El("HEALTH FINANCE MUTUAL INSURANCE CO"u8).End();
            w.Start("N3"u8).El("PO BOX 12345"u8).End();
            w.Start("N4"u8).El("SPRINGFIELD"u8).El("IL"u8).El("627011234"u8).End();
            w.Start("REF"u8).El("2U"u8).El("HF835"u8).End();
            w.Start("PER"u8).El("CX"u8).El("PROVIDER SERVICES"u8).El("TE"u8).El("8005551212"u8).End();
            w.Start("PER"u8).El("BL"u8).El("EDI SUPPORT"u8).El("TE"u8).El("8005551313"u8).El("EM"u8).El("EDI@EXAMPLE.COM"u8).End();
            w.Start("N1"u8).El("PE"u8).El("RIVERSIDE MEDICAL GROUP"u8).El("XX"u8).El(providerNpi).End();
            w.Start("N3"u8).El("100 MAIN STREET"u8).El("SUITE 200"u8).End();
            w.Start("N4"u8).El("SPRINGFIELD"u8).El("IL"u8).El("627040001"u8).End();
            w.Start("REF"u8).El("TJ"u8).El("371234567"u8).End();
            w.Append(body);

            // SE01 counts ST through SE.
            var count = w.SegmentCount - startSegments + 1;
            w.Start("SE"u8).El(count).El(control).End();
            return (claimCount, serviceLines);
        }

        private (long Paid, int Lines) WriteClaim(SegmentWriter w, Random r, DateOnly paymentDate)
        {
            var lineCount = r.Next(1, 7);
            var serviceDate = paymentDate.AddDays(-r.Next(14, 120));
            var denied = r.Next(0, 25) == 0;

            // Service lines first (amounts in cents); the CLP is written before them from the totals.
            Span<long> charge = stackalloc long[6];
            Span<long> paid = stackalloc long[6];
            Span<long> contractual = stackalloc long[6];
            Span<long> deductible = stackalloc long[6];
            Span<long> coinsurance = stackalloc long[6];
            Span<int> procedure = stackalloc int[6];
            Span<int> units = stackalloc int[6];
            long totalCharge = 0, totalLinePaid = 0, patientResponsibility = 0;
            for (var i = 0; i < lineCount; i++)
            {
                procedure[i] = r.Next(0, s_procedures.Length);
                units[i] = r.Next(0, 8) == 0 ? r.Next(2, 5) : 1;
                charge[i] = r.Next(2_500, 250_000) / 5 * 5 * (long)units[i];
                if (denied)
                {
                    paid[i] = 0;
                    contractual[i] = charge[i];
                    deductible[i] = 0;
                    coinsurance[i] = 0;
                }
                else
                {
                    var allowed = charge[i] * r.Next(40, 96) / 100;
                    contractual[i] = charge[i] - allowed;
                    deductible[i] = r.Next(0, 10) == 0 ? Math.Min(allowed, r.Next(1_000, 50_000)) : 0;
                    coinsurance[i] = (allowed - deductible[i]) * (r.Next(0, 3) == 0 ? 20 : 0) / 100;
                    paid[i] = allowed - deductible[i] - coinsurance[i];
                }

                totalCharge += charge[i];
                totalLinePaid += paid[i];
                patientResponsibility += deductible[i] + coinsurance[i];
            }

            // An occasional claim-level adjustment (prior payer paid part): CLP04 = Σ SVC03 − claim-level CAS.
            var claimAdjustment = !denied && totalLinePaid > 0 && r.Next(0, 12) == 0 ? totalLinePaid * r.Next(5, 30) / 100 : 0;
            var claimPaid = totalLinePaid - claimAdjustment;

            var status = denied ? "4"u8 : r.Next(0, 20) == 0 ? "2"u8 : "1"u8;
            w.Start("CLP"u8).El(Digits(r, 'C', 12)).El(status).Amount(totalCharge).Amount(claimPaid)
                .Amount(patientResponsibility).El("12"u8).El(Digits(r, '7', 14)).El("11"u8).El("1"u8).End();
            if (claimAdjustment != 0)
            {
                w.Start("CAS"u8).El("OA"u8).El("23"u8).Amount(claimAdjustment).End();
            }

            var last = s_lastNames[r.Next(0, s_lastNames.Length)];
            var first = s_firstNames[r.Next(0, s_firstNames.Length)];
            w.Start("NM1"u8).El("QC"u8).El("1"u8).El(last).El(first).El(""u8).El(""u8).El(""u8).El("MI"u8).El(Digits(r, 'W', 10)).End();
            if (r.Next(0, 3) == 0)
            {
                w.Start("NM1"u8).El("82"u8).El("1"u8).El(s_lastNames[r.Next(0, s_lastNames.Length)])
                    .El(s_firstNames[r.Next(0, s_firstNames.Length)]).El(""u8).El(""u8).El(""u8).El("XX"u8).El(Npi(r)).End();
            }

            w.Start("DTM"u8).El("232"u8).El(Date(serviceDate)).End();
            w.Start("DTM"u8).El("233"u8).El(Date(serviceDate.AddDays(lineCount > 3 ? 1 : 0))).End();
            w.Start("DTM"u8).El("050"u8).El(Date(paymentDate.AddDays(-r.Next(3, 12)))).End();
            if (!denied)
            {
                w.Start("AMT"u8).El("AU"u8).Amount(totalCharge - SumOf(contractual, lineCount)).End();
            }

            for (var i = 0; i < lineCount; i++)
            {
                w.Start("SVC"u8).El("HC"u8).Comp(s_procedures[procedure[i]]);
                if (r.Next(0, 6) == 0)
                {
                    w.Comp("25"u8);
                }

                w.Amount(charge[i]).Amount(paid[i]).El(""u8).El(units[i]).End();
                w.Start("DTM"u8).El("472"u8).El(Date(serviceDate)).End();
                if (contractual[i] != 0)
                {
                    w.Start("CAS"u8).El("CO"u8).El(denied ? "50"u8 : "45"u8).Amount(contractual[i]).End();
                }

                if (deductible[i] != 0 || coinsurance[i] != 0)
                {
                    w.Start("CAS"u8).El("PR"u8);
                    if (deductible[i] != 0)
                    {
                        w.El("1"u8).Amount(deductible[i]).El(""u8);
                    }

                    if (coinsurance[i] != 0)
                    {
                        w.El("2"u8).Amount(coinsurance[i]).El(""u8);
                    }

                    w.TrimEmptyElements().End();
                }

                w.Start("REF"u8).El("6R"u8).El(Digits(r, 'L', 10)).End();
                if (!denied)
                {
                    w.Start("AMT"u8).El("B6"u8).Amount(charge[i] - contractual[i]).End();
                }

                if (denied || r.Next(0, 8) == 0)
                {
                    w.Start("LQ"u8).El("HE"u8).El(s_remarks[r.Next(0, s_remarks.Length)]).End();
                }
            }

            return (claimPaid, lineCount);
        }

        private static long SumOf(Span<long> values, int count)
        {
            long sum = 0;
            for (var i = 0; i < count; i++)
            {
                sum += values[i];
            }

            return sum;
        }

        private static string Date(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

        private static string Npi(Random r) => string.Concat("1", r.Next(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture));

        private static string Digits(Random r, char prefix, int length)
        {
            return string.Create(length, (prefix, r), static (span, state) =>
            {
                span[0] = state.prefix;
                for (var i = 1; i < span.Length; i++)
                {
                    span[i] = (char)('0' + state.r.Next(0, 10));
                }
            });
        }
    }

    /// <summary>
    /// Appends X12 segments ('*' elements, ':' components, '~' + '\n' terminator) into a buffer that is flushed
    /// to a stream (or kept in memory when the stream is null).
    /// </summary>
    private sealed class SegmentWriter(Stream? output)
    {
        private const int FlushThreshold = 1 << 20;
        private byte[] _buffer = new byte[FlushThreshold + (64 * 1024)];
        private int _length;
        private long _flushed;

        public long SegmentCount { get; private set; }

        public long BytesWritten => _flushed + _length;

        public void Reset()
        {
            _length = 0;
            _flushed = 0;
            SegmentCount = 0;
        }

        public SegmentWriter Start(ReadOnlySpan<byte> id)
        {
            if (_length > FlushThreshold)
            {
                FlushOrGrow();
            }

            Raw(id);
            return this;
        }

        public SegmentWriter El(ReadOnlySpan<byte> value)
        {
            Raw((byte)'*');
            Raw(value);
            return this;
        }

        public SegmentWriter El(string value)
        {
            Raw((byte)'*');
            Ascii(value);
            return this;
        }

        public SegmentWriter El(long value)
        {
            Raw((byte)'*');
            Utf8Formatter.TryFormat(value, _buffer.AsSpan(_length), out var written);
            _length += written;
            return this;
        }

        public SegmentWriter Comp(ReadOnlySpan<byte> value)
        {
            Raw((byte)':');
            Raw(value);
            return this;
        }

        public SegmentWriter Comp(string value)
        {
            Raw((byte)':');
            Ascii(value);
            return this;
        }

        /// <summary>An amount element from cents, as an X12 R value ("125", "125.5", "-0.07").</summary>
        public SegmentWriter Amount(long cents)
        {
            Raw((byte)'*');
            if (cents < 0)
            {
                Raw((byte)'-');
                cents = -cents;
            }

            Utf8Formatter.TryFormat(cents / 100, _buffer.AsSpan(_length), out var written);
            _length += written;
            var fraction = cents % 100;
            if (fraction != 0)
            {
                Raw((byte)'.');
                Raw((byte)('0' + (fraction / 10)));
                if (fraction % 10 != 0)
                {
                    Raw((byte)('0' + (fraction % 10)));
                }
            }

            return this;
        }

        /// <summary>Removes trailing empty elements of the current segment (X12 forbids trailing separators).</summary>
        public SegmentWriter TrimEmptyElements()
        {
            while (_length > 0 && _buffer[_length - 1] == (byte)'*')
            {
                _length--;
            }

            return this;
        }

        public void End()
        {
            Raw((byte)'~');
            Raw((byte)'\n');
            SegmentCount++;
        }

        public void Append(SegmentWriter other)
        {
            if (_length + other._length > _buffer.Length)
            {
                FlushOrGrow(other._length);
            }

            if (_length + other._length <= _buffer.Length)
            {
                other._buffer.AsSpan(0, other._length).CopyTo(_buffer.AsSpan(_length));
                _length += other._length;
            }
            else
            {
                // Only reachable with a stream: the flushed buffer is still too small, so write straight through.
                output!.Write(other._buffer, 0, other._length);
                _flushed += other._length;
            }

            SegmentCount += other.SegmentCount;
        }

        public void Flush()
        {
            if (output is not null && _length > 0)
            {
                output.Write(_buffer, 0, _length);
                _flushed += _length;
                _length = 0;
            }

            output?.Flush();
        }

        private void FlushOrGrow(int extra = 0)
        {
            if (output is not null)
            {
                Flush();
            }
            else
            {
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + extra + (64 * 1024)));
            }
        }

        private void Raw(byte value) => _buffer[_length++] = value;

        private void Raw(ReadOnlySpan<byte> value)
        {
            value.CopyTo(_buffer.AsSpan(_length));
            _length += value.Length;
        }

        private void Ascii(string value)
        {
            var span = _buffer.AsSpan(_length, value.Length);
            for (var i = 0; i < value.Length; i++)
            {
                span[i] = (byte)value[i];
            }

            _length += value.Length;
        }
    }
}

/// <summary>What <see cref="Generated835.Write"/> produced.</summary>
internal readonly record struct Generated835Summary(long Bytes, long Segments, long Transactions, long Claims, long ServiceLines);
