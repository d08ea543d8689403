using System.Security.Cryptography;
using System.Text;
using NgheAn.Gateway.Idempotency;

namespace NgheAn.Gateway.Tests;

public sealed class IdempotencyRecordProtectorTests
{
    private const string RedisKey = "nghean:gateway:idempotency:sub:can-bo-01;roles:unit-staff;unit:phuong-truong-vinh:key-1";

    private static readonly IdempotencyRecord Record = new()
    {
        State = IdempotencyRecord.Done,
        Fingerprint = "ab12",
        Status = 200,
        Headers = new() { ["Content-Type"] = ["application/json"] },
        Body = Encoding.UTF8.GetBytes("""{"submitter":"Nguyễn Văn A","phone":"0912345678"}"""),
    };

    [Fact]
    public void A_sealed_record_opens_to_the_same_record_and_holds_nothing_in_clear()
    {
        var protector = new IdempotencyRecordProtector(RandomNumberGenerator.GetBytes(32));

        var stored = protector.Seal(Record, RedisKey);
        var opened = protector.Open(stored, RedisKey);

        Assert.Equal(Record.Body, opened.Body);
        Assert.Equal(Record.Fingerprint, opened.Fingerprint);
        Assert.Equal("application/json", Assert.Single(opened.Headers["Content-Type"]));
        var text = Encoding.Latin1.GetString(stored);
        foreach (var clear in new[] { "0912345678", "submitter", "fingerprint", "application/json", Convert.ToBase64String(Record.Body) })
        {
            Assert.DoesNotContain(clear, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Sealing_twice_gives_different_bytes()
    {
        var protector = new IdempotencyRecordProtector(RandomNumberGenerator.GetBytes(32));

        Assert.NotEqual(protector.Seal(Record, RedisKey), protector.Seal(Record, RedisKey));
    }

    [Fact]
    public void A_record_does_not_open_under_another_callers_key_another_encryption_key_or_when_altered()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var stored = new IdempotencyRecordProtector(key).Seal(Record, RedisKey);

        Assert.ThrowsAny<CryptographicException>(() => new IdempotencyRecordProtector(key).Open(stored, RedisKey.Replace("unit-staff", "provincial-office", StringComparison.Ordinal)));
        Assert.ThrowsAny<CryptographicException>(() => new IdempotencyRecordProtector(RandomNumberGenerator.GetBytes(32)).Open(stored, RedisKey));
        stored[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => new IdempotencyRecordProtector(key).Open(stored, RedisKey));
        Assert.ThrowsAny<CryptographicException>(() => new IdempotencyRecordProtector(key).Open("""{"state":"done"}"""u8.ToArray(), RedisKey));
    }

    [Fact]
    public void Outside_development_a_missing_key_stops_the_start_with_the_setting_named()
    {
        var error = Assert.Throws<InvalidOperationException>(() => IdempotencyRecordProtector.FromConfiguration(null, development: false));

        Assert.Contains("Idempotency:EncryptionKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void In_development_without_a_key_the_public_development_key_is_used()
    {
        var stored = IdempotencyRecordProtector.FromConfiguration("", development: true).Seal(Record, RedisKey);

        Assert.Equal(Record.Body, new IdempotencyRecordProtector(IdempotencyRecordProtector.DevelopmentKey).Open(stored, RedisKey).Body);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("c2hvcnQ=")] // "short"
    public void A_key_that_is_not_base64_of_32_bytes_stops_the_start(string configured)
    {
        var error = Assert.Throws<InvalidOperationException>(() => IdempotencyRecordProtector.FromConfiguration(configured, development: true));

        Assert.Contains("32 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_key_is_used_in_every_environment()
    {
        var key = RandomNumberGenerator.GetBytes(32);

        var stored = IdempotencyRecordProtector.FromConfiguration(Convert.ToBase64String(key), development: true).Seal(Record, RedisKey);

        Assert.Equal(Record.Body, new IdempotencyRecordProtector(key).Open(stored, RedisKey).Body);
        Assert.ThrowsAny<CryptographicException>(() => new IdempotencyRecordProtector(IdempotencyRecordProtector.DevelopmentKey).Open(stored, RedisKey));
    }
}
