using Google.Protobuf;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace NgheAn.ServiceDefaults.Caching;

/// <summary>
/// Cache-aside for protobuf messages in Redis. The database stays the only source of truth: when
/// Redis fails the read goes to the database and the failure is logged, never surfaced.
/// </summary>
public sealed class ProtoCache(IConnectionMultiplexer redis, ILogger<ProtoCache> logger)
{
    public async Task<T?> GetOrLoadAsync<T>(string key, TimeSpan ttl, Func<CancellationToken, Task<T?>> load, CancellationToken cancellationToken)
        where T : class, IMessage<T>, new()
    {
        var cached = await TryAsync(() => redis.GetDatabase().StringGetAsync(key));
        if (cached.HasValue)
        {
            return new MessageParser<T>(() => new T()).ParseFrom((byte[])cached!);
        }

        var loaded = await load(cancellationToken);
        if (loaded is not null)
        {
            await TryAsync(() => redis.GetDatabase().StringSetAsync(key, loaded.ToByteArray(), ttl));
        }

        return loaded;
    }

    public Task RemoveAsync(string key) => TryAsync(() => redis.GetDatabase().KeyDeleteAsync(key));

    private async Task<TResult?> TryAsync<TResult>(Func<Task<TResult>> call)
    {
        try
        {
            return await call();
        }
        catch (RedisException ex)
        {
            logger.LogWarning(ex, "Redis is unavailable; serving from the database");
            return default;
        }
    }
}
