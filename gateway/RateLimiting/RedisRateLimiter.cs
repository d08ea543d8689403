using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace NgheAn.Gateway.RateLimiting;

public readonly record struct RateLimitDecision(bool Allowed, long Count, TimeSpan RetryAfter)
{
    /// <summary>Redis could not be asked: let the request through (the database, not Redis, guards the data).</summary>
    public static readonly RateLimitDecision FailedOpen = new(true, 0, TimeSpan.Zero);
}

/// <summary>
/// A fixed-window counter per caller in Redis. One Lua script increments the counter and sets its
/// expiry on the first hit, atomically, so concurrent requests on any number of gateway replicas
/// never lose a count nor leave a counter without expiry.
/// </summary>
public sealed class RedisRateLimiter(IConnectionMultiplexer redis, IOptionsMonitor<RateLimitOptions> options, ILogger<RedisRateLimiter> logger)
{
    public const string KeyPrefix = "nghean:gateway:ratelimit:";

    private static readonly LuaScript Script = LuaScript.Prepare("""
        local count = redis.call('INCR', @key)
        local ttl = redis.call('PTTL', @key)
        if ttl < 0 then
          redis.call('PEXPIRE', @key, @windowMs)
          ttl = tonumber(@windowMs)
        end
        return {count, ttl}
        """);

    private long _lastWarning;

    public async Task<RateLimitDecision> AcquireAsync(string caller)
    {
        var limits = options.CurrentValue;
        if (!redis.IsConnected)
        {
            WarnFailOpen(null);
            return RateLimitDecision.FailedOpen;
        }

        try
        {
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Script, new
            {
                key = (RedisKey)(KeyPrefix + caller),
                windowMs = (long)limits.Window.TotalMilliseconds,
            }))!;
            var count = (long)result[0];
            var ttl = TimeSpan.FromMilliseconds((long)result[1]);
            return new RateLimitDecision(count <= limits.PermitLimit, count, ttl);
        }
        catch (Exception error) when (error is RedisException or TimeoutException)
        {
            WarnFailOpen(error);
            return RateLimitDecision.FailedOpen;
        }
    }

    // One warning every 30 s is enough to notice an outage without flooding the logs.
    private void WarnFailOpen(Exception? error)
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastWarning);
        if ((last == 0 || now - last > 30_000) && Interlocked.CompareExchange(ref _lastWarning, now, last) == last)
        {
            logger.LogWarning(error, "Redis is unreachable: rate limits are not enforced until it answers again");
        }
    }
}
