using System.Text;
using HealthFinance.Idempotency.Protection;

namespace HealthFinance.Idempotency.Tests.Protection;

public sealed class AesGcmPayloadProtectorTests
{
    private static readonly byte[] Row = "row-1"u8.ToArray();

    [Fact]
    public void Protect_ThenUnprotect_ReturnsThePayload_AndHidesIt()
    {
        var protector = new AesGcmPayloadProtector(new Dictionary<string, string> { ["k1"] = PayloadKeyRing.NewKey() }, "k1");
        var payload = Encoding.UTF8.GetBytes("ISA*00*SMITH^JOHN~");
        var blob = protector.Protect(payload, Row);
        Assert.Equal("k1", AesGcmPayloadProtector.ReadKeyId(blob));
        Assert.DoesNotContain("SMITH", Encoding.Latin1.GetString(blob), StringComparison.Ordinal);
        Assert.Equal(payload, protector.Unprotect(blob, Row));
    }

    [Fact]
    public void Unprotect_FailsForTamperedBytes_OrOtherAssociatedData()
    {
        var protector = new AesGcmPayloadProtector(new Dictionary<string, string> { ["k1"] = PayloadKeyRing.NewKey() }, "k1");
        var blob = protector.Protect("payload"u8, Row);
        Assert.Throws<PayloadProtectionException>(() => protector.Unprotect(blob, "row-2"u8));
        blob[^1] ^= 1;
        Assert.Throws<PayloadProtectionException>(() => protector.Unprotect(blob, Row));
        Assert.Throws<PayloadProtectionException>(() => protector.Unprotect([9, 9], Row));
    }

    [Fact]
    public void Rotation_ReadsOldPayloads_WithTheKeyTheyName()
    {
        var oldKey = PayloadKeyRing.NewKey();
        var before = new AesGcmPayloadProtector(new Dictionary<string, string> { ["2026-01"] = oldKey }, "2026-01");
        var blob = before.Protect("old"u8, Row);

        var after = new AesGcmPayloadProtector(new Dictionary<string, string> { ["2026-01"] = oldKey, ["2026-11"] = PayloadKeyRing.NewKey() }, "2026-11");
        Assert.Equal("old"u8.ToArray(), after.Unprotect(blob, Row));
        Assert.Equal("2026-11", AesGcmPayloadProtector.ReadKeyId(after.Protect("new"u8, Row)));

        var forgotten = new AesGcmPayloadProtector(new Dictionary<string, string> { ["2026-11"] = PayloadKeyRing.NewKey() }, "2026-11");
        var ex = Assert.Throws<PayloadProtectionException>(() => forgotten.Unprotect(blob, Row));
        Assert.Contains("2026-01", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyRing_Problems_AreListed_WithoutShowingKeys()
    {
        Assert.NotEmpty(PayloadKeyRing.Validate(new Dictionary<string, string>(), null));
        var errors = PayloadKeyRing.Validate(new Dictionary<string, string> { ["k"] = "c2hvcnQ=" }, "other");
        Assert.Equal(2, errors.Count);
        Assert.DoesNotContain(errors, e => e.Contains("c2hvcnQ=", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => new AesGcmPayloadProtector(new Dictionary<string, string> { ["k"] = "c2hvcnQ=" }, "k"));
    }
}
