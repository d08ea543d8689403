using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace NgheAn.Gateway.Idempotency;

/// <summary>
/// Idempotency records are kept in Redis only encrypted: a stored response may hold personal data
/// (a petition's submitter, a birth date), and whoever reads Redis must not read them. AES-256-GCM
/// under Idempotency:EncryptionKey (base64 of 32 random bytes, the same on every replica); the Redis
/// key is the associated data, so a record copied under another caller's key does not open.
/// Stored value: version (1 byte) | nonce (12) | tag (16) | ciphertext of the record's JSON.
/// </summary>
public sealed class IdempotencyRecordProtector
{
    public const string KeySetting = IdempotencyOptions.Section + ":EncryptionKey";
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>
    /// Public (it is in the repository), so used only when the environment is Development and no key
    /// is configured; anywhere else a missing key stops the gateway at start.
    /// </summary>
    public static readonly byte[] DevelopmentKey = Encoding.ASCII.GetBytes("nghean-idempotency-development!!");

    private readonly byte[] _key;

    public IdempotencyRecordProtector(byte[] key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException("The idempotency encryption key must be 32 bytes.", nameof(key));
        }

        _key = key;
    }

    /// <summary>The configured key, else the development key in Development; anything else is a clear start-up error.</summary>
    public static IdempotencyRecordProtector FromConfiguration(string? configured, bool development)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return development
                ? new IdempotencyRecordProtector(DevelopmentKey)
                : throw new InvalidOperationException(
                    $"{KeySetting} is not set. Idempotency records (stored responses) are encrypted in Redis under it: set it to the same "
                    + "base64 of 32 random bytes on every gateway replica (e.g. `openssl rand -base64 32`), from a secret.");
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(configured.Trim());
        }
        catch (FormatException)
        {
            key = [];
        }

        return key.Length == 32
            ? new IdempotencyRecordProtector(key)
            : throw new InvalidOperationException($"{KeySetting} must be base64 of exactly 32 bytes (e.g. `openssl rand -base64 32`).");
    }

    public byte[] Seal(IdempotencyRecord record, string redisKey)
    {
        var plain = JsonSerializer.SerializeToUtf8Bytes(record);
        var sealedRecord = new byte[1 + NonceSize + TagSize + plain.Length];
        sealedRecord[0] = Version;
        var nonce = sealedRecord.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, sealedRecord.AsSpan(1 + NonceSize + TagSize), sealedRecord.AsSpan(1 + NonceSize, TagSize), Encoding.UTF8.GetBytes(redisKey));
        return sealedRecord;
    }

    /// <summary>The record, or a CryptographicException when it was not sealed under this key for this Redis key.</summary>
    public IdempotencyRecord Open(byte[] sealedRecord, string redisKey)
    {
        if (sealedRecord.Length < 1 + NonceSize + TagSize || sealedRecord[0] != Version)
        {
            throw new CryptographicException("Not a sealed idempotency record.");
        }

        var plain = new byte[sealedRecord.Length - 1 - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(sealedRecord.AsSpan(1, NonceSize), sealedRecord.AsSpan(1 + NonceSize + TagSize), sealedRecord.AsSpan(1 + NonceSize, TagSize), plain, Encoding.UTF8.GetBytes(redisKey));
        return JsonSerializer.Deserialize<IdempotencyRecord>(plain) ?? throw new CryptographicException("An empty idempotency record.");
    }
}
