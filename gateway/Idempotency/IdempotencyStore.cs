using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace NgheAn.Gateway.Idempotency;

/// <summary>Idempotency records in Redis, shared by every gateway replica, sealed by <see cref="IdempotencyRecordProtector"/>.</summary>
public sealed class IdempotencyStore(IConnectionMultiplexer redis, IdempotencyRecordProtector protector, IOptionsMonitor<IdempotencyOptions> options)
{
    // Claim the key unless someone holds it, in one step: two replicas can never both claim it.
    private static readonly LuaScript Claim = LuaScript.Prepare("""
        local existing = redis.call('GET', @key)
        if existing then return existing end
        redis.call('SET', @key, @record, 'PX', @ttlMs)
        return false
        """);

    public bool IsConnected => redis.IsConnected;

    /// <summary>
    /// Claims the key for this request; returns null when claimed, else the record someone else wrote
    /// (a CryptographicException when it cannot be opened: another encryption key, or tampered with).
    /// </summary>
    public async Task<IdempotencyRecord?> ClaimAsync(string redisKey, string fingerprint)
    {
        var pending = new IdempotencyRecord { State = IdempotencyRecord.Pending, Fingerprint = fingerprint };
        var result = await redis.GetDatabase().ScriptEvaluateAsync(Claim, new
        {
            key = (RedisKey)redisKey,
            record = (RedisValue)protector.Seal(pending, redisKey),
            ttlMs = (long)options.CurrentValue.InFlightTimeout.TotalMilliseconds,
        });
        return result.IsNull ? null : protector.Open((byte[])result!, redisKey);
    }

    public Task CompleteAsync(string redisKey, IdempotencyRecord record) =>
        redis.GetDatabase().StringSetAsync(redisKey, protector.Seal(record, redisKey), options.CurrentValue.Retention);

    public Task ReleaseAsync(string redisKey) => redis.GetDatabase().KeyDeleteAsync(redisKey);
}
